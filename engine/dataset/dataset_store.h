#pragma once
// The dataset folder behind "Correct and keep": every reviewed sample is saved as PNGs plus one
// line of samples.jsonl, and annotations.json (the U-MRG raw layout) is kept in step. See
// docs/dataset.md for the layout and the durability guarantees.
#include <memory>
#include <string>
#include <vector>

#include "engine/dataset/dataset_folder.h"
#include "engine/dataset/sample.h"
#include "engine/dataset/written_files.h"

namespace mr::dataset {

// Another DatasetStore (this process or another) holds the folder for writing.
class DatasetLockedError : public DatasetError {
public:
    using DatasetError::DatasetError;
};

// The folder needs the user's decision before the app writes anything in it; nothing was written.
// The GUI asks (see docs/dataset.md, "Folders the app did not make") and opens again with the
// matching OpenOptions; the CLI prints the message.
class DatasetChoiceError : public DatasetError {
public:
    enum class Choice {
        ImportOrReadOnly,   // U-MRG records another tool wrote: import them, or open read-only
        CreateInNonEmpty,   // a non-empty folder that is not a dataset: make one inside it?
        EditedRecordsFile,  // the records file the app wrote was changed by someone else
    };
    DatasetChoiceError(Choice choice, FolderSurvey survey, std::vector<std::string> details, const std::string& message)
        : DatasetError(message), choice_(choice), survey_(std::move(survey)), details_(std::move(details)) {}
    Choice choice() const { return choice_; }
    const FolderSurvey& survey() const { return survey_; }
    // EditedRecordsFile: the exact differences, one per line (records_diff.h).
    const std::vector<std::string>& details() const { return details_; }

private:
    Choice choice_;
    FolderSurvey survey_;
    std::vector<std::string> details_;
};

enum class StoreAccess { ReadWrite, ReadOnly };

// What to do with a records file (annotations.json) that the app wrote and someone changed since.
enum class EditedRecordsFile {
    Ask,               // throw DatasetChoiceError(EditedRecordsFile)
    KeepTheirs,        // leave it as it is from now on; the app writes medreasoner_annotations.json beside it
    BackUpAndRewrite,  // copy it to annotations.backup-<time>.json, then rewrite it from the samples
};

struct OpenOptions {
    StoreAccess access = StoreAccess::ReadWrite;
    // Decisions the user made after a DatasetChoiceError:
    bool importForeignRecords = false;    // ImportOrReadOnly: import (a read-only open needs no decision)
    bool createInNonEmptyFolder = false;  // CreateInNonEmpty: yes
    EditedRecordsFile editedRecordsFile = EditedRecordsFile::Ask;
};

// Not thread-safe: use a store from one thread at a time. The store never rewrites or deletes a
// file it did not write: see docs/dataset.md for the rules and the ledger that enforces them.
class DatasetStore {
public:
    // Opens a dataset folder. Read-write: a missing or empty folder becomes a dataset (images/,
    // masks/ and the private .medreasoner/ with salt, lock and ledger); another tool's U-MRG
    // records, a non-empty folder that is not a dataset and an edited records file throw
    // DatasetChoiceError unless `options` carries the user's decision. Read-write takes an
    // exclusive non-blocking flock on .medreasoner/lock: a second writer gets DatasetLockedError.
    // ReadOnly takes no lock and creates nothing: the app's samples, or another tool's records as
    // "imported" samples. Throws DatasetError naming the file and line of a damaged samples.jsonl.
    static std::unique_ptr<DatasetStore> open(const std::string& folder, const OpenOptions& options);
    static std::unique_ptr<DatasetStore> open(const std::string& folder, StoreAccess access = StoreAccess::ReadWrite);
    ~DatasetStore();
    DatasetStore(const DatasetStore&) = delete;
    DatasetStore& operator=(const DatasetStore&) = delete;

    const std::string& folder() const { return folder_; }
    bool readOnly() const { return readOnly_; }
    // A read-only view of another tool's records (nothing of the app's in the folder).
    bool foreignView() const { return foreignView_; }
    // The U-MRG records file the app keeps in step ("annotations.json", "medreasoner_annotations.json"),
    // or empty when it writes none (read-only, or both names belong to someone else).
    const std::string& recordsFile() const { return recordsFile_; }
    const std::vector<Sample>& samples() const { return samples_; }  // current state, in id order
    const Sample* find(const std::string& id) const;
    // The samples as exports and the records file see them: each at its latest revision that is not
    // rejected (acceptedRevisionOf); samples with none are left out. In id order.
    std::vector<Sample> groundTruth() const;
    const std::vector<std::string>& warnings() const { return warnings_; }  // e.g. a torn last line
    const std::string& salt() const { return salt_; }                       // for describeSource

    // Writes images/<id>.png (RGB), masks/<id>.png (final, 0/255) and masks/<id>_expert.png
    // (first, 0/255) each atomically, then appends one line to samples.jsonl and fsyncs it, then
    // rewrites the records file atomically. A volume mask with any voxel set is written before the
    // log line as masks/<id>_volume.nii.gz (atomically, recorded in the ledger) and named by
    // Sample::volumeMask. When append() returns, the sample survives kill -9 and power loss.
    // Always assigns a new id whose files do not exist yet (so no file of another
    // tool is ever overwritten); sets createdAt/modifiedAt when empty. Throws DatasetError
    // (read-only, bad sizes, disk) when the sample was not saved; a failure to rewrite the records
    // file after the sample is saved is only a warning (see warnings()).
    Sample append(Sample sample, const SamplePixels& pixels);
    // Status/category/note/... edits: a new full line for that id (latest wins). Keeps the id, the
    // file names and createdAt of the stored sample; sets modifiedAt. Throws for an unknown id.
    void update(const Sample& sample);
    // A saved sample corrected again. `finalMask` (0/1, the sample image's width × height) becomes
    // revision N, written atomically as masks/<id>_r<N>.png (a name the app never wrote before; an
    // existing file is never replaced), with `edited`'s status, labels, annotator, note and truth box
    // and points, the Dice and changed pixels against the revision before, and the time. Earlier
    // revisions and their files stay; exports and the records file use the latest revision that is
    // not rejected (acceptedRevisionOf). Returns the sample as stored.
    Sample revise(const Sample& edited, const std::vector<uint8_t>& finalMask);
    // A second reader's blind reading of a saved sample (second_reading.cpp). `mask` (0/1, the
    // sample image's width × height) is written atomically as masks/<id>_reader<K>.png (K = 2, 3,
    // ...: the first name that no file and no earlier reading has; an existing file is never
    // replaced) and recorded in the ledger; the reading's Dice and pixels in disagreement are
    // against the sample's accepted mask (acceptedRevisionOf), whose annotator is the first reader.
    // Throws DatasetError for an unknown id, a read-only store, a wrong size, a sample without an
    // accepted mask, the first reader reading again, or a reader who has read the sample already.
    // The sample's own mask and revisions are unchanged. Returns the sample as stored.
    Sample addReading(const std::string& id, const std::string& annotator, const std::vector<uint8_t>& mask,
                      double secondsSpent);
    // The adjudicator's final mask for a sample with at least one reading: a new revision (revise())
    // with `decision` "first" (the mask must be the first reader's accepted mask), "second" (it must
    // be one reading's mask) or "edited" (any mask), `adjudicator` as its annotator and `note`. Its
    // status is that of the accepted revision when the mask is unchanged, else corrected; the truth
    // box and points come from the mask. Exports use it like any revision. Returns the sample as stored.
    Sample adjudicate(const std::string& id, const std::string& adjudicator, const std::vector<uint8_t>& finalMask,
                      const std::string& decision, const std::string& note);
    // A tombstone line {"id": ..., "deleted": true}, then the PNGs and the volume mask the app
    // wrote for it are deleted (revision, reading and volume masks only while they are as the app
    // wrote them; an imported sample's own files belong to the other tool and stay). The id is
    // never given out again.
    void remove(const std::string& id);

    std::string absolutePath(const std::string& relative) const;
    void reload();  // re-read from disk (the browser's refresh)

private:
    DatasetStore() = default;
    void openForWriting(const FolderSurvey& survey, const OpenOptions& options);
    void openForReading(const FolderSurvey& survey);
    void createLayout();
    void removeStaleTemporaries() const;
    void readOrCreateSalt();
    void importRecords(const std::string& recordsFile);
    void chooseRecordsFile(EditedRecordsFile edited);
    void load();
    void appendLine(const std::string& line);
    std::string annotationsText() const;
    void writeAnnotations();
    void requireWritable(const char* what) const;
    void insert(Sample sample);
    Sample saveRevision(const Sample& edited, const std::vector<uint8_t>& finalMask, const std::string& decision);
    void writeOwnFile(const std::string& relative, const std::string& bytes);  // throws mr::Error
    void saveVolumeMask(Sample& sample, const std::string& bytes, std::pair<int64_t, int64_t> slices);
    void removeFileTheAppWrote(const std::string& file);
    std::string newSampleId();

    std::string folder_;
    bool readOnly_ = false;
    bool foreignView_ = false;
    int lockFd_ = -1;
    std::string salt_;
    WrittenFiles ledger_;
    std::string recordsFile_;
    std::vector<Sample> samples_;
    std::vector<std::string> warnings_;
    int64_t maxId_ = 0;        // largest numeric id ever written (tombstones included)
    uint64_t validBytes_ = 0;  // samples.jsonl up to the last complete line
    bool tornTail_ = false;    // bytes after validBytes_ to cut before the next append
};

// The current time as ISO 8601 UTC, e.g. "2026-11-29T14:03:05Z".
std::string utcTimestamp();

}  // namespace mr::dataset
