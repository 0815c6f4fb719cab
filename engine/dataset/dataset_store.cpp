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
#include <regex>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/files.h"
#include "engine/core/limits.h"
#include "engine/dataset/deidentify.h"
#include "engine/dataset/mask_png.h"
#include "engine/dataset/records_diff.h"
#include "engine/dataset/umrg_import.h"
#include "engine/dataset/volume_mask.h"
#include "engine/edit/edit_statistics.h"

namespace fs = std::filesystem;
using mr::json::Value;

namespace mr::dataset {

namespace {

// Ids are zero-padded numbers, but compare by length first so "1000000" sorts after "999999".
bool idLess(const std::string& a, const std::string& b) { return a.size() != b.size() ? a.size() < b.size() : a < b; }

bool allDigits(const std::string& s) {
    return !s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string padId(int64_t n) {
    std::string s = std::to_string(n);
    return s.size() < 6 ? std::string(6 - s.size(), '0') + s : s;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// "annotations.backup-20261206T010203Z.json", never the name of an existing file.
std::string backupName(const std::string& folder) {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    std::error_code ec;
    for (int n = 1;; ++n) {
        const std::string name =
            std::string("annotations.backup-") + stamp + (n > 1 ? "-" + std::to_string(n) : "") + ".json";
        if (!fs::exists(fs::path(folder) / name, ec)) return name;
    }
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
    OpenOptions options;
    options.access = access;
    return open(folder, options);
}

std::unique_ptr<DatasetStore> DatasetStore::open(const std::string& folder, const OpenOptions& options) {
    std::unique_ptr<DatasetStore> s(new DatasetStore);
    s->folder_ = folder;
    s->readOnly_ = options.access == StoreAccess::ReadOnly;
    const FolderSurvey survey = surveyDatasetFolder(folder);
    if (s->readOnly_) s->openForReading(survey);
    else s->openForWriting(survey, options);
    return s;
}

void DatasetStore::openForReading(const FolderSurvey& survey) {
    if (survey.kind == FolderKind::ForeignRecords) {
        // Another tool's records, shown as they are; nothing of the app's is in the folder.
        for (Sample& s : importedSamples(folder_, survey.recordsFile)) insert(std::move(s));
        foreignView_ = true;
        return;
    }
    if (survey.kind != FolderKind::AppDataset)
        throw DatasetError("'" + folder_ + "' is not a dataset folder: it is " + describe(survey));
    ledger_ = WrittenFiles::load(folder_);
    const fs::path salt = fs::path(folder_) / kPrivateDirName / "salt";
    std::error_code ec;
    if (fs::exists(salt, ec)) readOrCreateSalt();
    load();
    // A records file that is no longer what the app wrote stays as it is; say so (saving asks).
    std::error_code ec2;
    const fs::path records = fs::path(folder_) / kRecordsFileName;
    if (!ledger_.keeps(kRecordsFileName) && fs::exists(records, ec2)) {
        std::string content;
        try {
            content = mr::readFile(records.string(), mr::limits::kMaxTextFileBytes);
        } catch (const mr::Error&) {}
        if (!ledger_.wroteExactly(kRecordsFileName, content) && content != annotationsText())
            warnings_.push_back(std::string(kRecordsFileName) +
                                " was changed since the app wrote it (or is out of date); it is left as it is, and "
                                "opening the folder for saving asks what to do with it");
    }
    if (!ledger_.importingFrom().empty() && samples_.empty()) {
        for (Sample& s : importedSamples(folder_, ledger_.importingFrom())) insert(std::move(s));
        warnings_.push_back("an import of " + ledger_.importingFrom() +
                            " was interrupted; it is finished when the folder is next opened for saving");
    }
}

void DatasetStore::openForWriting(const FolderSurvey& survey, const OpenOptions& options) {
    if (survey.kind == FolderKind::ForeignRecords && !options.importForeignRecords)
        throw DatasetChoiceError(DatasetChoiceError::Choice::ImportOrReadOnly, survey, {},
                                 "'" + folder_ + "' holds " + describe(survey) +
                                     ": import them (the files stay as they are) or open the folder read-only");
    if (survey.kind == FolderKind::NotADataset && !options.createInNonEmptyFolder)
        throw DatasetChoiceError(
            DatasetChoiceError::Choice::CreateInNonEmpty, survey, {},
            "'" + folder_ + "' is " + describe(survey) + "; a dataset is only made there when you ask");
    createLayout();
    ledger_ = WrittenFiles::load(folder_);
    std::error_code ec;
    if (survey.kind == FolderKind::NotADataset) {
        // Records files that were there before belong to someone else, whatever they hold.
        for (const char* name : {kRecordsFileName, kAppRecordsFileName})
            if (fs::exists(fs::path(folder_) / name, ec)) ledger_.keep(name);
    }
    if (survey.kind == FolderKind::ForeignRecords) {
        ledger_.keep(survey.recordsFile);
        ledger_.setImportingFrom(survey.recordsFile);
    }
    // The ledger is the folder's first mark as the app's dataset: written before anything else,
    // a crash from here on reopens as the app's dataset and finishes a pending import.
    if (!ledger_.exists() || survey.kind != FolderKind::AppDataset) ledger_.save();
    readOrCreateSalt();
    if (!ledger_.importingFrom().empty() && !fs::exists(fs::path(folder_) / kSamplesLogName, ec))
        importRecords(ledger_.importingFrom());
    load();
    chooseRecordsFile(options.editedRecordsFile);
    std::string current;
    try {
        current = mr::readFile((fs::path(folder_) / recordsFile_).string(), mr::limits::kMaxTextFileBytes);
    } catch (const mr::Error&) {}
    if (!recordsFile_.empty() && current != annotationsText()) writeAnnotations();
}

void DatasetStore::createLayout() {
    const fs::path root(folder_);
    const fs::path priv = root / kPrivateDirName;
    std::error_code ec;
    for (const fs::path& d : {root, root / "images", root / "masks", priv}) {
        fs::create_directories(d, ec);
        if (!fs::is_directory(d))
            throw DatasetError("cannot create dataset folder '" + d.string() + "'" +
                               (ec ? ": " + ec.message() : std::string()));
    }
    const std::string lockPath = (priv / "lock").string();
    lockFd_ = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lockFd_ < 0) throw DatasetError("cannot open " + lockPath + ": " + std::strerror(errno));
    if (::flock(lockFd_, LOCK_EX | LOCK_NB) != 0) {
        const bool busy = errno == EWOULDBLOCK;
        const std::string why = std::strerror(errno);
        if (busy)
            throw DatasetLockedError("dataset folder '" + folder_ +
                                     "' is already open for saving in another window or process "
                                     "(.medreasoner/lock is held); close it there or open this one read-only");
        throw DatasetError("cannot lock " + lockPath + ": " + why);
    }
    removeStaleTemporaries();
}

// Temporaries of the app's own atomic writes interrupted by a crash ("<name>.tmp-<pid>" of a file
// the app writes); nobody else writes them while we hold the lock. Anything else stays.
void DatasetStore::removeStaleTemporaries() const {
    static const std::regex ours(
        R"((\d{6,}(_expert|_reader\d+)?\.png|\d{6,}_volume\.nii\.gz|samples\.jsonl|annotations\.json|)"
        R"(medreasoner_annotations\.json|annotations\.backup-[0-9TZ-]+\.json|)"
        R"(salt|written\.json)\.tmp-\d+)");
    const fs::path root(folder_);
    std::error_code ec;
    for (const fs::path& d : {root, root / "images", root / "masks", root / kPrivateDirName})
        for (const auto& e : fs::directory_iterator(d, ec))
            if (e.is_regular_file(ec) && std::regex_match(e.path().filename().string(), ours)) fs::remove(e.path(), ec);
}

void DatasetStore::readOrCreateSalt() {
    const fs::path saltPath = fs::path(folder_) / kPrivateDirName / "salt";
    std::error_code ec;
    try {
        if (fs::exists(saltPath, ec)) salt_ = mr::readFile(saltPath.string(), mr::limits::kMaxTextFileBytes);
        while (!salt_.empty() && std::isspace(static_cast<unsigned char>(salt_.back()))) salt_.pop_back();
        if (salt_.empty() && !readOnly_) {
            salt_ = newSalt();
            mr::writeFileAtomic(saltPath.string(), salt_ + "\n");
        }
    } catch (const mr::Error& e) {
        throw DatasetError(e.what());
    }
}

// The other tool's records become the first lines of the app's log, in one atomic write: after a
// crash the log is either absent (the import runs again) or whole.
void DatasetStore::importRecords(const std::string& recordsFile) {
    std::string log;
    for (const Sample& s : importedSamples(folder_, recordsFile, utcTimestamp()))
        log += mr::json::dump(sampleToJson(s)) + "\n";
    try {
        mr::writeFileAtomic((fs::path(folder_) / kSamplesLogName).string(), log);
    } catch (const mr::Error& e) {
        throw DatasetError("cannot import the records of " + recordsFile + ": " + e.what());
    }
    ledger_.setImportingFrom("");
    ledger_.save();
}

void DatasetStore::chooseRecordsFile(EditedRecordsFile edited) {
    recordsFile_.clear();
    const std::string generated = annotationsText();
    for (const char* name : {kRecordsFileName, kAppRecordsFileName}) {
        if (ledger_.keeps(name)) continue;
        const std::string path = (fs::path(folder_) / name).string();
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            recordsFile_ = name;
            return;
        }
        std::string content;
        try {
            content = mr::readFile(path, mr::limits::kMaxTextFileBytes);
        } catch (const mr::Error& e) {
            throw DatasetError(e.what());
        }
        if (ledger_.wroteExactly(name, content) || content == generated) {
            recordsFile_ = name;
            return;
        }
        if (std::string(name) != kRecordsFileName) break;  // our own name taken by someone else: write none
        // The app's records file, changed by someone since the app wrote it (or an older app's).
        if (edited == EditedRecordsFile::Ask) {
            std::vector<std::string> diff;
            try {
                std::vector<Value> fromSamples;
                for (const Sample& s : groundTruth()) fromSamples.push_back(umrgRecordJsonOf(s));
                diff = diffRecords(loadRecordObjects(path), fromSamples);
            } catch (const mr::Error& e) {
                diff.push_back(std::string(name) + " is no longer a list of records: " + e.what());
            }
            throw DatasetChoiceError(DatasetChoiceError::Choice::EditedRecordsFile, surveyDatasetFolder(folder_), diff,
                                     std::string(name) + " in '" + folder_ +
                                         "' was changed since the app wrote it; keep it as it is (the app then "
                                         "writes " +
                                         kAppRecordsFileName + " beside it) or back it up and rewrite it");
        }
        if (edited == EditedRecordsFile::KeepTheirs) {
            ledger_.keep(name);
            ledger_.save();
            continue;
        }
        const std::string backup = backupName(folder_);
        try {
            mr::writeFileAtomic((fs::path(folder_) / backup).string(), content);
        } catch (const mr::Error& e) {
            throw DatasetError(std::string("cannot back up ") + name + " before rewriting it: " + e.what());
        }
        warnings_.push_back(std::string(name) + " was changed since the app wrote it; the changed file was saved as " +
                            backup + " and " + name + " rewritten from the samples");
        recordsFile_ = name;
        return;
    }
    warnings_.push_back(std::string("neither ") + kRecordsFileName + " nor " + kAppRecordsFileName +
                        " can be written without replacing another tool's file; the samples are in " + kSamplesLogName +
                        " only");
}

DatasetStore::~DatasetStore() {
    if (lockFd_ >= 0) ::close(lockFd_);  // releases the flock
}

const Sample* DatasetStore::find(const std::string& id) const {
    auto it = std::lower_bound(samples_.begin(), samples_.end(), id,
                               [](const Sample& s, const std::string& k) { return idLess(s.id, k); });
    return it != samples_.end() && it->id == id ? &*it : nullptr;
}

std::vector<Sample> DatasetStore::groundTruth() const {
    std::vector<Sample> truth;
    for (const Sample& s : samples_)
        if (auto accepted = acceptedRevisionOf(s)) truth.push_back(std::move(*accepted));
    return truth;
}

void DatasetStore::insert(Sample sample) {
    auto it = std::lower_bound(samples_.begin(), samples_.end(), sample.id,
                               [](const Sample& s, const std::string& k) { return idLess(s.id, k); });
    if (it != samples_.end() && it->id == sample.id) *it = std::move(sample);
    else samples_.insert(it, std::move(sample));
}

void DatasetStore::load() {
    samples_.clear();
    warnings_.clear();
    maxId_ = 0;
    validBytes_ = 0;
    tornTail_ = false;
    const std::string path = (fs::path(folder_) / kSamplesLogName).string();
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
        const std::string where = std::string(kSamplesLogName) + ", line " + std::to_string(lineNo);
        if (!complete) {
            // Only a write that append() never acknowledged ends without a newline.
            warnings_.push_back(where +
                                ": an incomplete last line (an interrupted save) was ignored; it is "
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
                warnings_.push_back(where +
                                    ": a damaged last line (an interrupted save) was ignored; it is "
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
    if (readOnly_)
        throw DatasetError("cannot " + std::string(what) + ": dataset folder '" + folder_ + "' is open read-only");
}

void DatasetStore::appendLine(const std::string& line) {
    const std::string path = (fs::path(folder_) / kSamplesLogName).string();
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
    for (const Sample& s : groundTruth()) list.push_back(umrgRecordJsonOf(s));
    return mr::json::dump(list, 2) + "\n";
}

void DatasetStore::writeAnnotations() {
    // The change is already committed to the log, so a failure here must not look like a failed
    // save (the user would save the sample twice): warn; the next open regenerates the file.
    if (recordsFile_.empty()) return;
    const std::string text = annotationsText();
    try {
        mr::writeFileAtomic((fs::path(folder_) / recordsFile_).string(), text);
        ledger_.recordWrite(recordsFile_, text);
        ledger_.save();
    } catch (const mr::Error& e) {
        warnings_.push_back(recordsFile_ + " could not be updated (" + e.what() +
                            "); it is regenerated when the folder is next opened for saving");
    }
}

Sample DatasetStore::append(Sample s, const SamplePixels& px) {
    requireWritable("save a sample");
    const size_t n = size_t(std::max(px.width, 0)) * size_t(std::max(px.height, 0));
    if (px.width <= 0 || px.height <= 0 || px.rgb.size() != n * 3 || px.firstMask.size() != n ||
        px.finalMask.size() != n)
        throw DatasetError(
            "cannot save a sample: the image must be width*height*3 RGB bytes and both masks "
            "width*height bytes (got " +
            std::to_string(px.width) + "x" + std::to_string(px.height) + ", " + std::to_string(px.rgb.size()) +
            " image bytes, " + std::to_string(px.firstMask.size()) + " and " + std::to_string(px.finalMask.size()) +
            " mask bytes)");
    s.id = newSampleId();
    s.imageFile = "images/" + s.id + ".png";
    s.maskFile = "masks/" + s.id + ".png";
    s.firstMaskFile = "masks/" + s.id + "_expert.png";
    s.importedRecord = Value();
    s.volumeMask.reset();
    if (s.createdAt.empty()) s.createdAt = utcTimestamp();
    if (s.modifiedAt.empty()) s.modifiedAt = s.createdAt;

    cv::Mat rgb(px.height, px.width, CV_8UC3, const_cast<uint8_t*>(px.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);  // OpenCV writes BGR
    const std::string image = encodePng(bgr, s.imageFile);
    const std::string mask = encodeMaskPng(px.finalMask, px.width, px.height, s.maskFile);
    const std::string first = encodeMaskPng(px.firstMask, px.width, px.height, s.firstMaskFile);
    const auto volumeRange = maskedSliceRange(px.volumeMask);  // none, or empty: the 2-D sample is all there is
    const std::string volume = volumeRange ? encodeVolumeMask(px.volumeMask, s.source) : std::string();
    try {
        // Files first, then the log line that makes them part of the dataset.
        mr::writeFileAtomic(absolutePath(s.imageFile), image);
        mr::writeFileAtomic(absolutePath(s.firstMaskFile), first);
        mr::writeFileAtomic(absolutePath(s.maskFile), mask);
    } catch (const mr::Error& e) {
        throw DatasetError(std::string("cannot save sample ") + s.id + ": " + e.what());
    }
    if (volumeRange) saveVolumeMask(s, volume, *volumeRange);
    appendLine(mr::json::dump(sampleToJson(s)) + "\n");
    insert(s);
    writeAnnotations();
    return s;
}

// Written atomically, then recorded in the ledger: a file the app may later replace or delete.
void DatasetStore::writeOwnFile(const std::string& relative, const std::string& bytes) {
    mr::writeFileAtomic(absolutePath(relative), bytes);
    ledger_.recordWrite(relative, bytes);
    ledger_.save();
}

// Before the log line, like the PNGs; the ledger records it so that only the app's own file is
// ever deleted with the sample.
void DatasetStore::saveVolumeMask(Sample& s, const std::string& bytes, std::pair<int64_t, int64_t> range) {
    const std::string file = volumeMaskFileName(s.id);
    try {
        writeOwnFile(file, bytes);
    } catch (const mr::Error& e) {
        throw DatasetError(std::string("cannot save the volume mask of sample ") + s.id + ": " + e.what());
    }
    s.volumeMask = VolumeMaskReference{file, range.first, range.second};
}

void DatasetStore::update(const Sample& sample) {
    requireWritable("change a sample");
    const Sample* old = find(sample.id);
    if (!old) throw DatasetError("cannot change sample '" + sample.id + "': it is not in " + folder_);
    Sample s = sample;
    s.imageFile = old->imageFile;
    s.maskFile = old->maskFile;
    s.firstMaskFile = old->firstMaskFile;
    s.volumeMask = old->volumeMask;
    s.readings = old->readings;  // added only by addReading
    s.importedRecord = old->importedRecord;
    s.createdAt = old->createdAt;
    s.modifiedAt = utcTimestamp();
    appendLine(mr::json::dump(sampleToJson(s)) + "\n");
    insert(std::move(s));
    writeAnnotations();
}

namespace {
// The state a sample was first saved in, as revision 1.
Revision firstRevisionOf(const Sample& s) {
    Revision r;
    r.status = s.status;
    r.maskFile = s.maskFile;
    r.annotator = s.annotator;
    r.savedAt = s.modifiedAt.empty() ? s.createdAt : s.modifiedAt;
    r.note = s.note;
    r.truthBox = s.truthBox;
    r.truthPoints = s.truthPoints;
    return r;
}
}  // namespace

Sample DatasetStore::revise(const Sample& edited, const std::vector<uint8_t>& finalMask) {
    return saveRevision(edited, finalMask, "");
}

// A revision of either kind: a correction (`decision` "") or an adjudication of the readings.
Sample DatasetStore::saveRevision(const Sample& edited, const std::vector<uint8_t>& finalMask,
                                  const std::string& decision) {
    requireWritable("correct a sample again");
    const Sample* old = find(edited.id);
    const std::string what = "cannot save a new revision of sample '" + edited.id + "'";
    if (!old) throw DatasetError(what + ": it is not in " + folder_);
    const cv::Mat image = cv::imread(absolutePath(old->imageFile), cv::IMREAD_UNCHANGED);
    if (image.empty()) throw DatasetError(what + ": its image " + old->imageFile + " cannot be read");
    const int w = image.cols, h = image.rows;
    if (finalMask.size() != size_t(w) * size_t(h))
        throw DatasetError(what + ": the mask has " + std::to_string(finalMask.size()) + " pixels, the image " +
                           std::to_string(w) + " x " + std::to_string(h));
    Sample s = *old;
    if (s.revisions.empty()) s.revisions.push_back(firstRevisionOf(*old));
    Revision r;
    r.number = int(s.revisions.size()) + 1;
    r.maskFile = "masks/" + s.id + "_r" + std::to_string(r.number) + ".png";
    std::error_code ec;
    if (fs::exists(absolutePath(r.maskFile), ec))
        throw DatasetError(what + ": " + r.maskFile + " exists already and is not the app's to replace");
    r.status = edited.status;
    r.annotator = edited.annotator;
    r.note = edited.note;
    r.savedAt = utcTimestamp();
    r.truthBox = edited.truthBox;
    r.truthPoints = edited.truthPoints;
    r.decision = decision;
    const std::vector<uint8_t> previous = maskBitsOf(old->maskFile.empty() ? "" : absolutePath(old->maskFile), w, h);
    const auto change = mr::edit::compareMasks(previous.data(), finalMask.data(), finalMask.size());
    r.diceToPrevious = change.dice;
    r.pixelsChanged = change.pixelsChanged;
    const std::string png = encodeMaskPng(finalMask, w, h, r.maskFile);
    try {
        writeOwnFile(r.maskFile, png);
    } catch (const mr::Error& e) {
        throw DatasetError(what + ": " + e.what());
    }
    // The sample now: the new revision's state, and the expert's first mask against its mask.
    showRevision(s, r);
    s.category = edited.category;
    s.supercategory = edited.supercategory;
    s.modality = edited.modality;
    s.question = edited.question;
    s.modifiedAt = r.savedAt;
    if (!s.firstMaskFile.empty()) {
        const std::vector<uint8_t> first = maskBitsOf(absolutePath(s.firstMaskFile), w, h);
        const auto fromExpert = mr::edit::compareMasks(first.data(), finalMask.data(), finalMask.size());
        s.dice = fromExpert.dice;
        s.pixelsChanged = fromExpert.pixelsChanged;
    }
    s.revisions.push_back(r);
    appendLine(mr::json::dump(sampleToJson(s)) + "\n");
    insert(s);
    writeAnnotations();
    return s;
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
    writeAnnotations();  // before the files go, so the records file never names a missing file
    // Readings are the app's files even on an imported sample.
    for (const Reading& r : gone.readings) removeFileTheAppWrote(r.maskFile);
    if (gone.importedRecord.isObject()) return;  // the other tool's files stay
    std::error_code ec;
    for (const std::string& f : {"images/" + id + ".png", "masks/" + id + ".png", "masks/" + id + "_expert.png"})
        fs::remove(absolutePath(f), ec);
    for (const Revision& r : gone.revisions)
        if (r.number > 1) removeFileTheAppWrote(r.maskFile);
    if (gone.volumeMask) removeFileTheAppWrote(gone.volumeMask->file);
    mr::syncFolder((fs::path(folder_) / "images").string());
    mr::syncFolder((fs::path(folder_) / "masks").string());
}

// Deletes a file outside the fixed names (a volume mask, a revision's or a reading's mask) only while it is exactly
// what the app wrote (someone may have put their own file there since); the ledger forgets it.
void DatasetStore::removeFileTheAppWrote(const std::string& file) {
    if (!ledger_.hasWritten(file)) return;
    std::string content;
    try {
        content = mr::readFile(absolutePath(file), mr::limits::kMaxTextFileBytes);
    } catch (const mr::Error&) {}
    std::error_code ec;
    if (ledger_.wroteExactly(file, content)) fs::remove(absolutePath(file), ec);
    else warnings_.push_back(file + " was changed since the app wrote it, so it was left in place");
    ledger_.forget(file);
    try {
        ledger_.save();
    } catch (const mr::Error& e) {
        warnings_.push_back(e.what());
    }
}

// Taken before writing, so even a failed save never hands its id out twice; an id whose files
// exist (another tool's, or the app's own from a save cut short before its log line) is skipped.
std::string DatasetStore::newSampleId() {
    std::error_code ec;
    for (;;) {
        const std::string id = padId(++maxId_);
        if (!fs::exists(absolutePath("images/" + id + ".png"), ec) &&
            !fs::exists(absolutePath("masks/" + id + ".png"), ec) &&
            !fs::exists(absolutePath("masks/" + id + "_expert.png"), ec) &&
            !fs::exists(absolutePath(volumeMaskFileName(id)), ec))
            return id;
    }
}

std::string DatasetStore::absolutePath(const std::string& relative) const {
    return (fs::path(folder_) / relative).string();
}

}  // namespace mr::dataset
