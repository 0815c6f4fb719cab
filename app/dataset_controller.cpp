#include "app/dataset_controller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <optional>

#include "engine/dataset/dataset_export.h"
#include "engine/dataset/dicom_seg_export.h"
#include "engine/dataset/dataset_store.h"

namespace mr::app {

using mr::dataset::DatasetStore;

namespace {
// What a finished job hands to the GUI thread: its result and a copy of the store's state.
struct Outcome {
    QString result, error;
    bool lockedOut = false;
    std::optional<mr::dataset::DatasetChoiceError::Choice> choice;
    mr::dataset::FolderSurvey survey;
    QStringList details;
    bool hasStore = false;
    QString folder;
    bool readOnly = false;
    bool foreignView = false;
    std::string salt;
    std::vector<mr::dataset::Sample> samples;
    QStringList warnings;
};
}  // namespace

DatasetController::DatasetController(QObject* parent) : QObject(parent) {
    worker_.setMaxThreadCount(1);  // one writer, operations in the order asked
    worker_.setExpiryTimeout(-1);
}

DatasetController::~DatasetController() {
    worker_.waitForDone();
    // The store (and its lock) goes with the worker's last state.
    store_.reset();
}

void DatasetController::waitForPending() {
    worker_.waitForDone();
    QCoreApplication::sendPostedEvents();
}

const mr::dataset::Sample* DatasetController::find(const QString& id) const {
    const std::string key = id.toStdString();
    for (const auto& s : samples_)
        if (s.id == key) return &s;
    return nullptr;
}

QString DatasetController::absolutePath(const std::string& relative) const {
    return QDir(folder_).filePath(QString::fromStdString(relative));
}

void DatasetController::submit(const QString& what, Job job, std::function<void(const QString&)> done) {
    if (pending_++ == 0) Q_EMIT busyChanged(true);
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, what, done] {
        const Outcome o = watcher->result();
        watcher->deleteLater();
        if (o.hasStore) {
            folder_ = o.folder;
            readOnly_ = o.readOnly;
            foreignView_ = o.foreignView;
            salt_ = o.salt;
            samples_ = o.samples;
            warnings_ = o.warnings;
            Q_EMIT samplesChanged();
        } else if (!folder_.isEmpty()) {  // a failed open closed the previous dataset
            folder_.clear();
            samples_.clear();
            readOnly_ = foreignView_ = false;
            Q_EMIT samplesChanged();
        }
        if (o.lockedOut) Q_EMIT locked(requestedFolder_, o.error);
        else if (o.choice) Q_EMIT choiceNeeded(requestedFolder_, *o.choice, o.survey, o.details);
        else if (!o.error.isEmpty()) Q_EMIT failed(what, o.error);
        else if (done) done(o.result);
        if (--pending_ == 0) Q_EMIT busyChanged(false);
    });
    std::unique_ptr<DatasetStore>* store = &store_;
    watcher->setFuture(QtConcurrent::run(&worker_, [store, job = std::move(job)] {
        Outcome o;
        try {
            o.result = job(*store);
        } catch (const mr::dataset::DatasetLockedError& e) {
            o.lockedOut = true;
            o.error = QString::fromStdString(e.what());
        } catch (const mr::dataset::DatasetChoiceError& e) {
            o.choice = e.choice();
            o.survey = e.survey();
            for (const auto& d : e.details()) o.details << QString::fromStdString(d);
            o.error = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            o.error = QString::fromStdString(e.what());
        }
        if (const DatasetStore* s = store->get()) {
            o.hasStore = true;
            o.folder = QString::fromStdString(s->folder());
            o.readOnly = s->readOnly();
            o.foreignView = s->foreignView();
            o.salt = s->salt();
            o.samples = s->samples();
            for (const auto& w : s->warnings()) o.warnings << QString::fromStdString(w);
        }
        return o;
    }));
}

void DatasetController::openWith(const QString& folder, const mr::dataset::OpenOptions& options) {
    const std::string f = QDir::cleanPath(folder).toStdString();
    requestedFolder_ = folder;
    submit(
        tr("Opening dataset %1").arg(folder),
        [f, options](std::unique_ptr<DatasetStore>& store) {
            // Reopening the same folder for writing needs our own lock released first; otherwise
            // the open dataset stays open until the new one has opened (a refusal keeps it).
            if (store && !store->readOnly() && store->folder() == f) store.reset();
            store = DatasetStore::open(f, options);
            return QString();
        },
        [this](const QString&) { Q_EMIT opened(folder_, readOnly_, warnings_); });
}

void DatasetController::open(const QString& folder) { openWith(folder, {}); }

void DatasetController::openReadOnly(const QString& folder) {
    mr::dataset::OpenOptions options;
    options.access = mr::dataset::StoreAccess::ReadOnly;
    openWith(folder, options);
}

void DatasetController::save(const mr::dataset::Sample& sample, const mr::dataset::SamplePixels& pixels) {
    submit(
        tr("Saving the sample"),
        [sample, pixels](std::unique_ptr<DatasetStore>& store) {
            if (!store) throw mr::Error("no dataset is open");
            return QString::fromStdString(store->append(sample, pixels).id);
        },
        [this](const QString& id) { Q_EMIT saved(id); });
}

void DatasetController::revise(const mr::dataset::Sample& edited, const std::vector<uint8_t>& finalMask) {
    submit(
        tr("Saving a new revision of %1").arg(QString::fromStdString(edited.id)),
        [edited, finalMask](std::unique_ptr<DatasetStore>& store) {
            if (!store) throw mr::Error("no dataset is open");
            return QString::fromStdString(store->revise(edited, finalMask).id);
        },
        [this](const QString& id) { Q_EMIT revised(id); });
}

void DatasetController::addReading(const QString& id, const QString& annotator, const std::vector<uint8_t>& mask,
                                   double secondsSpent) {
    const std::string key = id.toStdString(), name = annotator.toStdString();
    submit(
        tr("Saving the reading of %1").arg(id),
        [key, name, mask, secondsSpent](std::unique_ptr<DatasetStore>& store) {
            if (!store) throw mr::Error("no dataset is open");
            return QString::fromStdString(store->addReading(key, name, mask, secondsSpent).id);
        },
        [this](const QString& saved) { Q_EMIT readingSaved(saved); });
}

void DatasetController::adjudicate(const QString& id, const QString& adjudicator,
                                   const std::vector<uint8_t>& finalMask, const QString& decision) {
    const std::string key = id.toStdString(), name = adjudicator.toStdString(), choice = decision.toStdString();
    submit(
        tr("Saving the adjudication of %1").arg(id),
        [key, name, finalMask, choice](std::unique_ptr<DatasetStore>& store) {
            if (!store) throw mr::Error("no dataset is open");
            return QString::fromStdString(store->adjudicate(key, name, finalMask, choice, "").id);
        },
        [this](const QString& saved) { Q_EMIT adjudicated(saved); });
}

void DatasetController::setStatus(const QString& id, mr::dataset::ReviewStatus status) {
    const std::string key = id.toStdString();
    submit(tr("Changing the status of %1").arg(id), [key, status](std::unique_ptr<DatasetStore>& store) {
        if (!store) throw mr::Error("no dataset is open");
        const mr::dataset::Sample* s = store->find(key);
        if (!s) throw mr::Error("sample " + key + " is no longer in the dataset");
        mr::dataset::Sample changed = *s;
        changed.status = status;
        store->update(changed);
        return QString();
    });
}

void DatasetController::remove(const QString& id) {
    const std::string key = id.toStdString();
    submit(tr("Deleting %1").arg(id), [key](std::unique_ptr<DatasetStore>& store) {
        if (!store) throw mr::Error("no dataset is open");
        store->remove(key);
        return QString();
    });
}

void DatasetController::reload() {
    submit(tr("Reloading the dataset"), [](std::unique_ptr<DatasetStore>& store) {
        if (store) store->reload();
        return QString();
    });
}

}  // namespace mr::app

namespace mr::app {

void DatasetController::exportTo(const QString& format, const QString& path) {
    const std::string f = format.toStdString(), p = path.toStdString();
    submit(
        tr("Exporting the dataset"),
        [f, p](std::unique_ptr<DatasetStore>& store) {
            if (!store) throw mr::Error("no dataset is open");
            if (f == "png") mr::dataset::exportPngMasks(*store, p);
            else if (f == "nifti") mr::dataset::exportNiftiLabelMaps(*store, p);
            else if (f == "coco") mr::dataset::exportCoco(*store, p);
            else if (f == "dicom-seg") mr::dataset::exportDicomSegs(*store, p);
            else throw mr::Error("unknown export format '" + f + "'");
            return QString::fromStdString(p);
        },
        [this](const QString& out) { Q_EMIT exported(out); });
}

}  // namespace mr::app
