#include "engine/imaging/dicom_scanner.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcfcache.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "engine/imaging/dicom_header.h"
#include "engine/imaging/image_read_error.h"

namespace fs = std::filesystem;

namespace mr::imaging {

std::string transferSyntaxName(const std::string& uid) {
    if (uid == "1.2.840.10008.1.2.4.201") return "High-Throughput JPEG 2000 (lossless only)";
    if (uid == "1.2.840.10008.1.2.4.202") return "High-Throughput JPEG 2000 with RPCL (lossless only)";
    if (uid == "1.2.840.10008.1.2.4.203") return "High-Throughput JPEG 2000";
    DcmXfer x(uid.c_str());
    if (x.getXfer() == EXS_Unknown) return uid;
    return x.getXferName();
}

namespace {
struct Scanned {
    bool ok = false;
    std::string reason;
    detail::DicomFileInfo info;
};

Scanned scanOne(const std::string& path) {
    Scanned s;
    try {
        if (!detail::looksLikeDicom(path, &s.reason)) return s;
        auto file = detail::openDicom(path, true);
        s.info = detail::readDicomInfo(*file, path);
        std::string why;
        if (!detail::canDecode(s.info.transferSyntax, &why)) {
            s.reason = why;
            return s;
        }
        detail::checkPixelData(*file, s.info);
        s.ok = true;
    } catch (const ImageReadError& e) {
        s.reason = e.reason();
    } catch (const std::exception& e) {
        s.reason = e.what();
    }
    return s;
}

bool ignoredName(const fs::path& p) {
    std::string name = p.filename().string();
    if (name.empty() || name[0] == '.') return true;
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return upper == "DICOMDIR";
}
// The files to examine, sorted: a single file, or every file under a folder (hidden names and
// DICOMDIR skipped).
std::vector<std::string> listCandidateFiles(const std::string& path, const mr::CancelToken& cancel) {
    std::vector<std::string> files;
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) throw ImageReadError(path, "no such file or folder");
    if (!fs::is_directory(st)) return {path};
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw ImageReadError(path, "cannot list folder: " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) break;
        cancel.check();
        if (ignoredName(it->path())) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(ec)) files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Reads every file's header, on up to four threads (header parsing is mostly I/O and DCMTK work).
std::vector<Scanned> scanAll(const std::vector<std::string>& files, const mr::CancelToken& cancel,
                             const mr::ProgressFn& progress) {
    std::vector<Scanned> results(files.size());
    std::atomic<size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::mutex progressMutex;
    auto worker = [&] {
        for (;;) {
            if (stop || cancel.cancelled()) return;
            size_t i = next++;
            if (i >= files.size()) return;
            results[i] = scanOne(files[i]);
            size_t d = ++done;
            if (progress) {
                std::lock_guard<std::mutex> lock(progressMutex);
                progress(double(d) / double(files.size()), "Reading DICOM headers");
            }
        }
    };
    unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    if (files.size() < 8) threads = 1;
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    try {
        worker();
    } catch (...) {
        stop = true;
        for (auto& t : pool) t.join();
        throw;
    }
    for (auto& t : pool) t.join();
    cancel.check();
    return results;
}

DicomSeriesSummary summaryOf(const detail::DicomFileInfo& info) {
    DicomSeriesSummary sum;
    sum.seriesInstanceUid = info.seriesInstanceUid;
    sum.studyInstanceUid = info.studyInstanceUid;
    sum.seriesDescription = info.seriesDescription;
    sum.studyDescription = info.studyDescription;
    sum.modality = info.modality;
    sum.patientName = info.patientName;
    sum.photometric = info.photometric;
    sum.transferSyntax = info.transferSyntax;
    sum.seriesNumber = info.seriesNumber;
    sum.columns = info.columns;
    sum.rows = info.rows;
    return sum;
}

}  // namespace

DicomScanResult scanDicomFolder(const std::string& path, const mr::CancelToken& cancel,
                                const mr::ProgressFn& progress) {
    const std::vector<std::string> files = listCandidateFiles(path, cancel);
    const std::vector<Scanned> results = scanAll(files, cancel, progress);
    DicomScanResult result;
    result.filesExamined = int64_t(files.size());
    std::map<std::string, size_t> byUid;
    for (size_t i = 0; i < results.size(); ++i) {
        const Scanned& s = results[i];
        if (!s.ok) {
            result.skipped.push_back({files[i], s.reason});
            continue;
        }
        const auto& info = s.info;
        std::string key =
            info.seriesInstanceUid.empty() ? "(no Series Instance UID) " + info.path : info.seriesInstanceUid;
        auto found = byUid.find(key);
        if (found == byUid.end()) {
            found = byUid.emplace(key, result.series.size()).first;
            result.series.push_back(summaryOf(info));
        }
        auto& sum = result.series[found->second];
        sum.files.push_back(info.path);
        sum.sliceCount += info.frames;
    }
    std::stable_sort(result.series.begin(), result.series.end(), [](const auto& a, const auto& b) {
        if (a.studyInstanceUid != b.studyInstanceUid) return a.studyInstanceUid < b.studyInstanceUid;
        if (a.seriesNumber != b.seriesNumber) return a.seriesNumber < b.seriesNumber;
        return a.seriesDescription < b.seriesDescription;
    });
    return result;
}

}  // namespace mr::imaging
