#pragma once
// The dataset folder behind "Correct and keep": every reviewed sample is saved as PNGs plus one
// line of samples.jsonl, and annotations.json (the U-MRG raw layout) is kept in step. See
// docs/dataset.md for the layout and the durability guarantees.
#include <memory>
#include <string>
#include <vector>

#include "engine/dataset/sample.h"

namespace mr::dataset {

// Another DatasetStore (this process or another) holds the folder for writing.
class DatasetLockedError : public DatasetError {
public:
    using DatasetError::DatasetError;
};

enum class StoreAccess { ReadWrite, ReadOnly };

// Not thread-safe: use a store from one thread at a time.
class DatasetStore {
public:
    // Opens a dataset folder, creating images/, masks/ and the private .medreasoner/ (salt, lock)
    // when missing. ReadWrite takes an exclusive non-blocking flock on .medreasoner/lock: a second
    // writer (another process, or a second DatasetStore in this process) gets DatasetLockedError.
    // ReadOnly takes no lock and creates nothing (the folder must exist).
    // Throws DatasetError naming the file and line of a damaged samples.jsonl.
    static std::unique_ptr<DatasetStore> open(const std::string& folder,
                                              StoreAccess access = StoreAccess::ReadWrite);
    ~DatasetStore();
    DatasetStore(const DatasetStore&) = delete;
    DatasetStore& operator=(const DatasetStore&) = delete;

    const std::string& folder() const { return folder_; }
    bool readOnly() const { return readOnly_; }
    const std::vector<Sample>& samples() const { return samples_; }  // current state, in id order
    const Sample* find(const std::string& id) const;
    const std::vector<std::string>& warnings() const { return warnings_; }  // e.g. a torn last line
    const std::string& salt() const { return salt_; }  // for describeSource

    // Writes images/<id>.png (RGB), masks/<id>.png (final, 0/255) and masks/<id>_expert.png
    // (first, 0/255) each atomically, then appends one line to samples.jsonl and fsyncs it, then
    // rewrites annotations.json atomically. When append() returns, the sample survives kill -9 and
    // power loss. Always assigns a new id and the file names; sets createdAt/modifiedAt when empty.
    // Throws DatasetError (read-only, bad sizes, disk) when the sample was not saved; a failure to
    // rewrite annotations.json after the sample is saved is only a warning (see warnings()).
    Sample append(Sample sample, const SamplePixels& pixels);
    // Status/category/note/... edits: a new full line for that id (latest wins). Keeps the id, the
    // file names and createdAt of the stored sample; sets modifiedAt. Throws for an unknown id.
    void update(const Sample& sample);
    // A tombstone line {"id": ..., "deleted": true}, then its PNGs are deleted. The id is never
    // given out again.
    void remove(const std::string& id);

    std::string absolutePath(const std::string& relative) const;
    void reload();  // re-read from disk (the browser's refresh)

private:
    DatasetStore() = default;
    void load();
    void appendLine(const std::string& line);
    std::string annotationsText() const;
    void writeAnnotations();
    void requireWritable(const char* what) const;
    void insert(Sample sample);

    std::string folder_;
    bool readOnly_ = false;
    int lockFd_ = -1;
    std::string salt_;
    std::vector<Sample> samples_;
    std::vector<std::string> warnings_;
    int64_t maxId_ = 0;          // largest numeric id ever written (tombstones included)
    uint64_t validBytes_ = 0;    // samples.jsonl up to the last complete line
    bool tornTail_ = false;      // bytes after validBytes_ to cut before the next append
};

// The current time as ISO 8601 UTC, e.g. "2026-11-29T14:03:05Z".
std::string utcTimestamp();

}  // namespace mr::dataset
