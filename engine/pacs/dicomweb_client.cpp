#include "engine/pacs/dicomweb_client.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "engine/core/files.h"
#include "engine/core/sha256.h"
#include "engine/pacs/multipart.h"

namespace fs = std::filesystem;

namespace mr::pacs {

namespace {

const char* kDicomParts = "multipart/related; type=\"application/dicom\"";

// A short, printable excerpt of a reply body for an error message.
std::string excerpt(const std::string& body) {
    std::string out;
    for (char c : body.substr(0, 200)) out += (c >= 32 && c < 127) ? c : ' ';
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string statusText(long status) {
    const std::string reason = httpReason(status);
    return "HTTP " + std::to_string(status) + (reason.empty() ? "" : " " + reason);
}

// The reason a refused request gives the user: what to check for the statuses people can fix.
std::string refusal(long status, const std::string& body) {
    if (status == 401)
        return "the server refused the credentials (" + statusText(status) +
               "); check the user name and password or token";
    if (status == 403) return "access denied (" + statusText(status) + "); the account may not have this right";
    if (status == 404) return "not found on the server (" + statusText(status) + ")";
    std::string text = "the server failed (" + statusText(status) + ")";
    const std::string detail = excerpt(body);
    if (!detail.empty()) text += ": " + detail;
    return text;
}

// A file name for an instance: its UID when it is a plain UID, else a hash (no path tricks).
std::string instanceFileName(const std::string& sopUid) {
    const bool plain = !sopUid.empty() && sopUid.size() <= 64 && std::all_of(sopUid.begin(), sopUid.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '.';
    }) && sopUid.front() != '.';
    return (plain ? sopUid : mr::sha256Hex(sopUid).substr(0, 40)) + ".dcm";
}

bool looksLikeDicom(std::string_view bytes) { return bytes.size() >= 132 && bytes.substr(128, 4) == "DICM"; }

std::string trimmedRoot(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// "a=1&b=2"; the fields a parser reads come first, as includefield parameters.
std::string queryString(const std::vector<std::string>& fields, const std::vector<std::string>& params) {
    std::string out;
    for (const std::string& f : fields) out += (out.empty() ? "" : "&") + ("includefield=" + f);
    for (const std::string& p : params) out += (out.empty() ? "" : "&") + p;
    return out;
}

}  // namespace

std::string queryParameter(const std::string& name, const std::string& value) {
    // Only what would break the query is escaped: some servers (Orthanc 1.10) do not decode
    // percent escapes in values, so DICOM wildcards and '^' go as they are, and a space becomes
    // the one-character wildcard '?', which matches it.
    static const char* kHex = "0123456789ABCDEF";
    std::string out = name + "=";
    for (char c : value) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (c == ' ') {
            out += '?';
        } else if (u < 0x21 || u > 0x7E || c == '&' || c == '#' || c == '%' || c == '+' || c == '=') {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        } else {
            out += c;
        }
    }
    return out;
}

DicomWebClient::DicomWebClient(ServerConfig config)
    : config_(std::move(config)), http_(config_.auth, config_.tls, config_.timeouts) {
    config_.url = trimmedRoot(config_.url);
    if (config_.url.rfind("http://", 0) != 0 && config_.url.rfind("https://", 0) != 0)
        throw PacsError("the PACS address must start with http:// or https:// (got '" + config_.url + "')");
}

HttpResponse DicomWebClient::send(const std::string& what, const HttpRequest& req, const mr::CancelToken& cancel,
                                  const mr::ProgressFn& progress) const {
    try {
        return withRetries(
            config_.retry, cancel, [&] { return http_.send(req, cancel, progress); },
            [&](int attempt, const std::string& why) {
                if (progress)
                    progress(0, "Retrying (" + std::to_string(attempt + 1) + " of " +
                                    std::to_string(config_.retry.attempts) + ") after: " + why);
            });
    } catch (const HttpError& e) {
        throw PacsError("PACS " + config_.url + ": " + what + " failed: " + e.what());
    }
}

HttpResponse DicomWebClient::request(const std::string& what, const HttpRequest& req, const mr::CancelToken& cancel,
                                     const mr::ProgressFn& progress) const {
    HttpResponse r = send(what, req, cancel, progress);
    if (r.status >= 400 || r.status < 200)
        throw PacsError("PACS " + config_.url + ": " + what + " failed: " + refusal(r.status, r.body), r.status);
    return r;
}

mr::json::Value DicomWebClient::query(const std::string& what, const std::string& path,
                                      const mr::CancelToken& cancel) const {
    HttpRequest req;
    req.url = config_.url + path;
    req.headers = {"Accept: application/dicom+json, application/json"};
    req.maxResponseBytes = uint64_t(256) << 20;
    HttpResponse r = request(what, req, cancel);
    if (r.status == 204 || r.body.empty()) return mr::json::Value::array();  // no match
    try {
        return mr::json::parse(r.body);
    } catch (const mr::json::ParseError& e) {
        throw PacsError("PACS " + config_.url + ": " + what + ": the reply is not DICOM JSON (" + e.what() + ")");
    }
}

std::vector<StudyResult> DicomWebClient::findStudies(const StudyQuery& q, const mr::CancelToken& cancel) const {
    std::vector<std::string> params;
    auto add = [&](const char* name, const std::string& value) {
        if (!value.empty()) params.push_back(queryParameter(name, value));
    };
    add("PatientName", q.patientName);
    add("PatientID", q.patientId);
    add("StudyDate", q.studyDate);
    add("ModalitiesInStudy", q.modality);
    add("AccessionNumber", q.accessionNumber);
    add("StudyInstanceUID", q.studyInstanceUid);
    if (q.limit > 0) params.push_back("limit=" + std::to_string(q.limit));
    params.push_back("fuzzymatching=false");
    const std::string path = "/studies?" + queryString(studyFields(), params);
    try {
        return parseStudies(query("searching studies", path, cancel));
    } catch (const mr::json::ParseError& e) {
        throw PacsError("PACS " + config_.url + ": searching studies: " + e.what());
    }
}

std::vector<SeriesResult> DicomWebClient::findSeries(const std::string& studyUid, const std::string& modality,
                                                     const mr::CancelToken& cancel) const {
    std::vector<std::string> params;
    if (!modality.empty()) params.push_back(queryParameter("Modality", modality));
    const std::string path = "/studies/" + studyUid + "/series?" + queryString(seriesFields(), params);
    try {
        return parseSeries(query("searching the series of study " + studyUid, path, cancel));
    } catch (const mr::json::ParseError& e) {
        throw PacsError("PACS " + config_.url + ": searching series: " + e.what());
    }
}

std::vector<InstanceResult> DicomWebClient::findInstances(const std::string& studyUid, const std::string& seriesUid,
                                                          const mr::CancelToken& cancel) const {
    const std::string path = "/studies/" + studyUid + "/series/" + seriesUid + "/instances";
    try {
        return parseInstances(query("listing the instances of series " + seriesUid, path, cancel));
    } catch (const mr::json::ParseError& e) {
        throw PacsError("PACS " + config_.url + ": listing instances: " + e.what());
    }
}

std::string DicomWebClient::retrieveInstance(const std::string& studyUid, const std::string& seriesUid,
                                             const std::string& sopUid, const mr::CancelToken& cancel) const {
    HttpRequest req;
    req.url = config_.url + "/studies/" + studyUid + "/series/" + seriesUid + "/instances/" + sopUid;
    req.headers = {std::string("Accept: ") + kDicomParts + "; transfer-syntax=*"};
    req.maxResponseBytes = uint64_t(2) << 30;
    const std::string what = "retrieving instance " + sopUid;
    HttpResponse r = request(what, req, cancel);
    try {
        const std::vector<Part> parts = parseMultipart(r.body, boundaryOf(r.contentType));
        for (const Part& p : parts)
            if (looksLikeDicom(p.body)) return std::string(p.body);
    } catch (const MultipartError& e) {
        throw PacsError("PACS " + config_.url + ": " + what + ": " + e.what());
    }
    throw PacsError("PACS " + config_.url + ": " + what + ": the reply holds no DICOM file");
}

std::string DicomWebClient::retrieveSeries(const std::string& studyUid, const std::string& seriesUid,
                                           SeriesCache& cache, const mr::CancelToken& cancel,
                                           const mr::ProgressFn& progress) const {
    if (std::string cached = cache.find(studyUid, seriesUid); !cached.empty()) {
        if (progress) progress(1.0, "Series found in the cache");
        return cached;
    }
    const std::vector<InstanceResult> instances = findInstances(studyUid, seriesUid, cancel);
    if (instances.empty()) throw PacsError("PACS " + config_.url + ": series " + seriesUid + " has no instances");
    const fs::path staging = cache.staging(studyUid, seriesUid);
    size_t done = 0;
    for (const InstanceResult& inst : instances) {
        cancel.check();
        const fs::path file = staging / instanceFileName(inst.sopInstanceUid);
        std::error_code ec;
        if (!fs::exists(file, ec)) {  // what an earlier, interrupted try left is kept
            try {
                mr::writeFileAtomic(file.string(), retrieveInstance(studyUid, seriesUid, inst.sopInstanceUid, cancel));
            } catch (const PacsError& e) {
                throw PacsError(std::string(e.what()) + " (" + std::to_string(done) + " of " +
                                    std::to_string(instances.size()) +
                                    " instances received; they are kept in the "
                                    "cache and the next try continues from there)",
                                e.status());
            }
        }
        ++done;
        if (progress) progress(double(done) / double(instances.size()), "Retrieving the series");
    }
    return cache.commit(studyUid, seriesUid);
}

StoreResult DicomWebClient::storeBatch(const std::vector<std::string>& contents, const mr::CancelToken& cancel,
                                       const mr::ProgressFn& progress) const {
    const std::vector<std::string_view> views(contents.begin(), contents.end());
    const std::string boundary = chooseBoundary(views);
    const std::string body = buildMultipart(views, "application/dicom", boundary);
    HttpRequest req;
    req.method = "POST";
    req.url = config_.url + "/studies";
    req.headers = {std::string("Content-Type: ") + kDicomParts + "; boundary=" + boundary,
                   "Accept: application/dicom+json, application/json"};
    req.body = body;
    req.maxResponseBytes = uint64_t(64) << 20;
    const std::string what = "storing " + std::to_string(contents.size()) + " file(s)";
    // 409 (every instance refused) and 202 (some refused) carry the reasons in the reply, read below.
    const HttpResponse r = send(what, req, cancel, progress);
    if ((r.status >= 400 && r.status != 409) || r.status < 200)
        throw PacsError("PACS " + config_.url + ": " + what + " failed: " + refusal(r.status, r.body), r.status);
    StoreResult result;
    std::vector<std::string> failures;
    try {
        const mr::json::Value reply = r.body.empty() ? mr::json::Value::object() : mr::json::parse(r.body);
        const mr::json::Value& top = reply.isArray() && reply.size() > 0 ? reply[0] : reply;
        auto items = [&](const char* tag) {
            std::vector<const mr::json::Value*> out;
            const auto* attribute = top.find(tag);
            const auto* values = attribute ? attribute->find("Value") : nullptr;
            if (values && values->isArray())
                for (const auto& v : values->asArray()) out.push_back(&v);
            return out;
        };
        for (const auto* item : items("00081199")) result.storedInstances.push_back(dicomJsonString(*item, "00081155"));
        for (const auto* item : items("00081198"))
            failures.push_back(dicomJsonString(*item, "00081155") + " (failure reason " +
                               dicomJsonString(*item, "00081197") + ")");
    } catch (const mr::json::ParseError&) {
        // Some servers answer 200 with an empty or non-JSON body: then the status alone decides.
    }
    const bool allByStatus = result.storedInstances.empty() && failures.empty() && r.status == 200;
    result.stored = allByStatus ? int(contents.size()) : int(result.storedInstances.size());
    if (!failures.empty() || r.status == 409 || r.status == 202) {
        std::string list;
        for (const auto& f : failures) list += (list.empty() ? "" : ", ") + f;
        throw PacsError("PACS " + config_.url + ": " + what + ": the server stored " + std::to_string(result.stored) +
                            " and refused " + std::to_string(contents.size() - size_t(result.stored)) +
                            (list.empty() ? "" : ": " + list),
                        r.status);
    }
    return result;
}

StoreResult DicomWebClient::store(const std::vector<std::string>& files, const mr::CancelToken& cancel,
                                  const mr::ProgressFn& progress) const {
    if (files.empty()) throw PacsError("nothing to store");
    for (const std::string& f : files) {  // every file checked before anything is sent
        std::ifstream in(f, std::ios::binary);
        std::string head(132, '\0');
        if (!in || !in.read(head.data(), 132) || !looksLikeDicom(head))
            throw PacsError(f + ": not a readable DICOM file (no DICM marker); nothing was sent");
    }
    // Requests of at most 64 MiB (one file at least), so a whole series never sits in memory twice.
    const uint64_t batchBytes = uint64_t(64) << 20;
    StoreResult total;
    std::vector<std::string> batch;
    uint64_t size = 0;
    auto flush = [&] {
        if (batch.empty()) return;
        StoreResult r;
        try {
            r = storeBatch(batch, cancel, progress);
        } catch (const PacsError& e) {
            if (total.stored == 0) throw;
            throw PacsError(std::string(e.what()) + " (" + std::to_string(total.stored) +
                                " file(s) of earlier requests were stored)",
                            e.status());
        }
        total.stored += r.stored;
        total.storedInstances.insert(total.storedInstances.end(), r.storedInstances.begin(), r.storedInstances.end());
        batch.clear();
        size = 0;
    };
    for (const std::string& f : files) {
        std::string bytes = mr::readFile(f);
        if (!batch.empty() && size + bytes.size() > batchBytes) flush();
        size += bytes.size();
        batch.push_back(std::move(bytes));
    }
    flush();
    return total;
}

}  // namespace mr::pacs
