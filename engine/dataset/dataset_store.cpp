#include "engine/dataset/dataset_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/files.h"
#include "engine/core/limits.h"
#include "engine/dataset/deidentify.h"

namespace fs = std::filesystem;
using mr::json::Value;

namespace mr::dataset {

namespace {

constexpr const char* kLogName = "samples.jsonl";
constexpr const char* kPrivateDir = ".medreasoner";

// Ids are zero-padded numbers, but compare by length first so "1000000" sorts after "999999".
bool idLess(const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

bool allDigits(const std::string& s) {
    return !s.empty() && s.size() < 18 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string padId(int64_t n) {
    std::string s = std::to_string(n);
    return s.size() < 6 ? std::string(6 - s.size(), '0') + s : s;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

std::string encodePng(const cv::Mat& m, const std::string& what) {
    std::vector<uint8_t> buf;
    try {
        if (!cv::imencode(".png", m, buf)) throw DatasetError("cannot encode " + what + " as PNG");
    } catch (const cv::Exception& e) {
        throw DatasetError("cannot encode " + what + " as PNG: " + e.what());
    }
    return std::string(buf.begin(), buf.end());
}

cv::Mat maskMat(const std::vector<uint8_t>& mask, int w, int h) {
    cv::Mat m(h, w, CV_8UC1);
    for (size_t i = 0; i < mask.size(); ++i) m.data[i] = mask[i] ? 255 : 0;
    return m;
}

}  // namespace

std::string utcTimestamp() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::unique_ptr<DatasetStore> DatasetStore::open(const std::string& folder, StoreAccess access) {
    std::unique_ptr<DatasetStore> s(new DatasetStore);
    s->folder_ = folder;
    s->readOnly_ = access == StoreAccess::ReadOnly;
    const fs::path root(folder);
    const fs::path priv = root / kPrivateDir;
    std::error_code ec;
    if (s->readOnly_) {
        if (!fs::is_directory(root, ec))
            throw DatasetError("dataset folder '" + folder + "' does not exist or is not a folder");
    } else {
        for (const fs::path& d : {root, root / "images", root / "masks", priv}) {
            fs::create_directories(d, ec);
            if (!fs::is_directory(d))
                throw DatasetError("cannot create dataset folder '" + d.string() + "'" +
                                   (ec ? ": " + ec.message() : std::string()));
        }
        const std::string lockPath = (priv / "lock").string();
        s->lockFd_ = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (s->lockFd_ < 0)
            throw DatasetError("cannot open " + lockPath + ": " + std::strerror(errno));
        if (::flock(s->lockFd_, LOCK_EX | LOCK_NB) != 0) {
            const bool busy = errno == EWOULDBLOCK;
            const std::string why = std::strerror(errno);
            if (busy)
                throw DatasetLockedError("dataset folder '" + folder +
                                         "' is already open for saving in another window or process "
                                         "(.medreasoner/lock is held); close it there or open this "
                                         "one read-only");
            throw DatasetError("cannot lock " + lockPath + ": " + why);
        }
        // Temporaries of atomic writes interrupted by a crash; nobody else writes here while we
        // hold the lock.
        for (const fs::path& d : {root, root / "images", root / "masks", priv})
            for (const auto& e : fs::directory_iterator(d, ec))
                if (e.path().filename().string().find(".tmp-") != std::string::npos)
                    fs::remove(e.path(), ec);
    }
    const fs::path saltPath = priv / "salt";
    if (fs::exists(saltPath, ec)) {
        try {
            s->salt_ = mr::readFile(saltPath.string(), mr::limits::kMaxTextFileBytes);
        } catch (const mr::Error& e) {
            throw DatasetError(e.what());
        }
        while (!s->salt_.empty() && std::isspace(static_cast<unsigned char>(s->salt_.back()))) s->salt_.pop_back();
    }
    if (s->salt_.empty() && !s->readOnly_) {
        s->salt_ = newSalt();
        try {
            mr::writeFileAtomic(saltPath.string(), s->salt_ + "\n");
        } catch (const mr::Error& e) {
            throw DatasetError(e.what());
        }
    }
    s->load();
    // annotations.json is derived data: regenerate it when missing or stale (a crash between the
    // log append and its rewrite, or an older version of the app).
    const std::string annotations = (root / kRecordsFileName).string();
    std::string current;
    try {
        current = mr::readFile(annotations, mr::limits::kMaxTextFileBytes);
    } catch (const mr::Error&) {
    }
    if (current != s->annotationsText()) {
        if (s->readOnly_)
            s->warnings_.push_back(std::string(kRecordsFileName) +
                                   " is missing or out of date; it is rewritten when the folder is opened for saving");
        else
            s->writeAnnotations();
    }
    return s;
}

DatasetStore::~DatasetStore() {
    if (lockFd_ >= 0) ::close(lockFd_);  // releases the flock
}

const Sample* DatasetStore::find(const std::string& id) const {
    auto it = std::lower_bound(samples_.begin(), samples_.end(), id,
                               [](const Sample& s, const std::string& k) { return idLess(s.id, k); });
    return it != samples_.end() && it->id == id ? &*it : nullptr;
}

void DatasetStore::insert(Sample sample) {
    auto it = std::lower_bound(samples_.begin(), samples_.end(), sample.id,
                               [](const Sample& s, const std::string& k) { return idLess(s.id, k); });
    if (it != samples_.end() && it->id == sample.id)
        *it = std::move(sample);
    else
        samples_.insert(it, std::move(sample));
}

void DatasetStore::load() {
    samples_.clear();
    warnings_.clear();
    maxId_ = 0;
    validBytes_ = 0;
    tornTail_ = false;
    const std::string path = (fs::path(folder_) / kLogName).string();
    std::error_code ec;
    if (!fs::exists(path, ec)) return;
    std::string content;
    try {
        content = mr::readFile(path, mr::limits::kMaxTextFileBytes);
    } catch (const mr::Error& e) {
        throw DatasetError(e.what());
    }
    std::map<std::string, Sample, bool (*)(const std::string&, const std::string&)> byId(idLess);
    size_t pos = 0;
    int lineNo = 0;
    while (pos < content.size()) {
        ++lineNo;
        const size_t nl = content.find('\n', pos);
        const bool complete = nl != std::string::npos;
        const size_t end = complete ? nl : content.size();
        const std::string line = content.substr(pos, end - pos);
        const bool last = !complete || end + 1 >= content.size();
        const std::string where = std::string(kLogName) + ", line " + std::to_string(lineNo);
        if (!complete) {
            // Only a write that append() never acknowledged ends without a newline.
            warnings_.push_back(where + ": an incomplete last line (an interrupted save) was ignored; it is "
                                        "removed on the next save");
            tornTail_ = true;
            break;
        }
        pos = nl + 1;
        if (blank(line)) {
            validBytes_ = pos;
            continue;
        }
        Value v;
        try {
            v = mr::json::parse(line);
        } catch (const mr::Error& e) {
            if (last) {
                warnings_.push_back(where + ": a damaged last line (an interrupted save) was ignored; it is "
                                            "removed on the next save");
                tornTail_ = true;
                break;
            }
            throw DatasetError(path + ", line " + std::to_string(lineNo) + ": not valid JSON (" + e.what() +
                               "); the log is damaged, repair or remove that line");
        }
        const Value* idv = v.isObject() ? v.find("id") : nullptr;
        if (!idv || !idv->isString() || idv->asString().empty())
            throw DatasetError(path + ", line " + std::to_string(lineNo) + ": a record needs a string 'id'");
        const std::string id = idv->asString();
        if (allDigits(id)) maxId_ = std::max<int64_t>(maxId_, std::stoll(id));
        const Value* deleted = v.find("deleted");
        if (deleted && deleted->isBool() && deleted->asBool()) {
            byId.erase(id);
        } else {
            byId[id] = sampleFromJson(v, path + ", line " + std::to_string(lineNo));
        }
        validBytes_ = pos;
    }
    samples_.reserve(byId.size());
    for (auto& [id, s] : byId) samples_.push_back(std::move(s));
}

void DatasetStore::reload() { load(); }

void DatasetStore::requireWritable(const char* what) const {
    if (readOnly_) throw DatasetError("cannot " + std::string(what) + ": dataset folder '" + folder_ + "' is open read-only");
}

void DatasetStore::appendLine(const std::string& line) {
    const std::string path = (fs::path(folder_) / kLogName).string();
    try {
        if (tornTail_) {
            // Cut the unacknowledged tail so the new line starts on a line of its own.
            int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd < 0 || ::ftruncate(fd, off_t(validBytes_)) != 0 || ::fsync(fd) != 0) {
                const std::string why = std::strerror(errno);
                if (fd >= 0) ::close(fd);
                throw DatasetError("cannot repair " + path + ": " + why);
            }
            ::close(fd);
            tornTail_ = false;
        }
        mr::appendFileDurable(path, line);
    } catch (const DatasetError&) {
        throw;
    } catch (const mr::Error& e) {
        // A failed append (disk full) may have left part of the line: cut it before the next one.
        tornTail_ = true;
        throw DatasetError(e.what());
    }
    validBytes_ += line.size();
}

std::string DatasetStore::annotationsText() const {
    Value list = Value::array();
    for (const Sample& s : samples_)
        if (s.status != ReviewStatus::Rejected) list.push_back(recordToJson(umrgRecordOf(s)));
    return mr::json::dump(list, 2) + "\n";
}

void DatasetStore::writeAnnotations() {
    // The change is already committed to the log, so a failure here must not look like a failed
    // save (the user would save the sample twice): warn; the next open regenerates the file.
    try {
        mr::writeFileAtomic((fs::path(folder_) / kRecordsFileName).string(), annotationsText());
    } catch (const mr::Error& e) {
        warnings_.push_back(std::string(kRecordsFileName) + " could not be updated (" + e.what() +
                            "); it is regenerated when the folder is next opened for saving");
    }
}

Sample DatasetStore::append(Sample s, const SamplePixels& px) {
    requireWritable("save a sample");
    const size_t n = size_t(std::max(px.width, 0)) * size_t(std::max(px.height, 0));
    if (px.width <= 0 || px.height <= 0 || px.rgb.size() != n * 3 || px.firstMask.size() != n ||
        px.finalMask.size() != n)
        throw DatasetError("cannot save a sample: the image must be width*height*3 RGB bytes and both masks "
                           "width*height bytes (got " + std::to_string(px.width) + "x" +
                           std::to_string(px.height) + ", " + std::to_string(px.rgb.size()) + " image bytes, " +
                           std::to_string(px.firstMask.size()) + " and " + std::to_string(px.finalMask.size()) +
                           " mask bytes)");
    // Taken before writing, so even a failed save never hands its id out twice.
    s.id = padId(++maxId_);
    s.imageFile = "images/" + s.id + ".png";
    s.maskFile = "masks/" + s.id + ".png";
    s.firstMaskFile = "masks/" + s.id + "_expert.png";
    if (s.createdAt.empty()) s.createdAt = utcTimestamp();
    if (s.modifiedAt.empty()) s.modifiedAt = s.createdAt;

    cv::Mat rgb(px.height, px.width, CV_8UC3, const_cast<uint8_t*>(px.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);  // OpenCV writes BGR
    const std::string image = encodePng(bgr, s.imageFile);
    const std::string mask = encodePng(maskMat(px.finalMask, px.width, px.height), s.maskFile);
    const std::string first = encodePng(maskMat(px.firstMask, px.width, px.height), s.firstMaskFile);
    try {
        // Files first, then the log line that makes them part of the dataset.
        mr::writeFileAtomic(absolutePath(s.imageFile), image);
        mr::writeFileAtomic(absolutePath(s.firstMaskFile), first);
        mr::writeFileAtomic(absolutePath(s.maskFile), mask);
    } catch (const mr::Error& e) {
        throw DatasetError(std::string("cannot save sample ") + s.id + ": " + e.what());
    }
    appendLine(mr::json::dump(sampleToJson(s)) + "\n");
    insert(s);
    writeAnnotations();
    return s;
}

void DatasetStore::update(const Sample& sample) {
    requireWritable("change a sample");
    const Sample* old = find(sample.id);
    if (!old) throw DatasetError("cannot change sample '" + sample.id + "': it is not in " + folder_);
    Sample s = sample;
    s.imageFile = old->imageFile;
    s.maskFile = old->maskFile;
    s.firstMaskFile = old->firstMaskFile;
    s.createdAt = old->createdAt;
    s.modifiedAt = utcTimestamp();
    appendLine(mr::json::dump(sampleToJson(s)) + "\n");
    insert(std::move(s));
    writeAnnotations();
}

void DatasetStore::remove(const std::string& id) {
    requireWritable("delete a sample");
    const Sample* old = find(id);
    if (!old) throw DatasetError("cannot delete sample '" + id + "': it is not in " + folder_);
    const Sample gone = *old;
    Value tomb = Value::object();
    tomb.set("id", id);
    tomb.set("deleted", true);
    appendLine(mr::json::dump(tomb) + "\n");
    samples_.erase(samples_.begin() + (old - samples_.data()));
    writeAnnotations();  // before the files go, so annotations.json never names a missing file
    std::error_code ec;
    for (const std::string* f : {&gone.imageFile, &gone.maskFile, &gone.firstMaskFile})
        if (!f->empty()) fs::remove(absolutePath(*f), ec);
    mr::syncFolder((fs::path(folder_) / "images").string());
    mr::syncFolder((fs::path(folder_) / "masks").string());
}

std::string DatasetStore::absolutePath(const std::string& relative) const {
    return (fs::path(folder_) / relative).string();
}

}  // namespace mr::dataset
