#pragma once
// The open dataset, for the window: opening (read-write, or read-only when another instance holds
// it), saving reviewed samples, changing a sample's status and deleting one. Every disk operation
// runs on one worker thread, in the order asked, so the GUI never waits for the disk and two
// saves never interleave; the store is touched only there. Results come back as queued signals
// with a fresh copy of the samples.
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <vector>

#include "engine/dataset/dataset_store.h"

namespace mr::app {

class DatasetController : public QObject {
    Q_OBJECT
public:
    explicit DatasetController(QObject* parent = nullptr);
    ~DatasetController() override;  // waits for pending writes: an acknowledged save is never lost

    bool isOpen() const { return !folder_.isEmpty(); }
    QString folder() const { return folder_; }
    bool readOnly() const { return readOnly_; }
    bool foreignView() const { return foreignView_; }  // read-only records of another tool
    const std::string& salt() const { return salt_; }
    const std::vector<mr::dataset::Sample>& samples() const { return samples_; }
    const mr::dataset::Sample* find(const QString& id) const;
    QString absolutePath(const std::string& relative) const;
    int pendingOperations() const { return pending_; }

public Q_SLOTS:
    // Read-write. Creates the layout in an empty or new folder. When another instance holds it
    // for writing, `locked` is emitted (the window may then offer openReadOnly); when the folder
    // needs the user's decision (another tool's records, a non-empty folder, an edited records
    // file), `choiceNeeded` is emitted and nothing is written: call open again with the decision.
    void open(const QString& folder);
    void openWith(const QString& folder, const mr::dataset::OpenOptions& options);
    void openReadOnly(const QString& folder);
    void save(const mr::dataset::Sample& sample, const mr::dataset::SamplePixels& pixels);
    // A saved sample corrected again (DatasetStore::revise); `revised` follows.
    void revise(const mr::dataset::Sample& edited, const std::vector<uint8_t>& finalMask);
    // A second reader's blind mask of a saved sample (DatasetStore::addReading); `readingSaved` follows.
    void addReading(const QString& id, const QString& annotator, const std::vector<uint8_t>& mask,
                    double secondsSpent);
    // The adjudicator's decision on a sample's readings (DatasetStore::adjudicate); `adjudicated` follows.
    void adjudicate(const QString& id, const QString& adjudicator, const std::vector<uint8_t>& finalMask,
                    const QString& decision);
    void setStatus(const QString& id, mr::dataset::ReviewStatus status);
    void remove(const QString& id);
    void reload();
    // format: "png" (masks, into a folder), "nifti" (label maps per series, into a folder), "coco"
    // (one JSON file) or "dicom-seg" (one SEG per series, into a folder). `exported` carries the
    // path when done.
    void exportTo(const QString& format, const QString& path);
    void waitForPending();  // for shutdown and tests

Q_SIGNALS:
    void opened(const QString& folder, bool readOnly, const QStringList& warnings);
    void locked(const QString& folder, const QString& reason);
    // Emitted on the GUI thread, directly (the arguments are not queued).
    void choiceNeeded(const QString& folder, mr::dataset::DatasetChoiceError::Choice choice,
                      const mr::dataset::FolderSurvey& survey, const QStringList& details);
    void samplesChanged();
    void saved(const QString& id);
    void revised(const QString& id);
    void readingSaved(const QString& id);
    void adjudicated(const QString& id);
    void exported(const QString& path);
    void failed(const QString& what, const QString& reason);
    void busyChanged(bool busy);

private:
    // A job gets the store (null before one is open; it may replace it) and returns an id or "".
    using Job = std::function<QString(std::unique_ptr<mr::dataset::DatasetStore>& store)>;
    // Runs `job` on the worker; then, on the GUI thread, takes the store's new state and calls
    // `done` with the job's result (an id, or empty) or emits failed(what, reason).
    void submit(const QString& what, Job job, std::function<void(const QString&)> done = {});

    QThreadPool worker_;
    std::unique_ptr<mr::dataset::DatasetStore> store_;  // worker thread only
    QString folder_;
    QString requestedFolder_;  // of the last open, for the `locked` signal
    bool readOnly_ = false;
    bool foreignView_ = false;
    std::string salt_;
    std::vector<mr::dataset::Sample> samples_;
    QStringList warnings_;
    int pending_ = 0;
};

}  // namespace mr::app
