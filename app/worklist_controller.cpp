#include "app/worklist_controller.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>
#include <filesystem>

#include "app/background_task.h"
#include "app/dataset_controller.h"
#include "app/main_window.h"
#include "app/pacs_controller.h"
#include "app/sample_review_controller.h"
#include "app/second_reading_controller.h"
#include "engine/dataset/dataset_store.h"
#include "widgets/dataset_browser.h"
#include "widgets/query_bar.h"
#include "widgets/worklist_panel.h"

namespace mr::app {

using mr::session::CaseStatus;
using mr::session::WorklistKind;

struct LoadedWorklist {
    mr::session::Worklist list;
    mr::session::WorklistProgress progress;
    QString warning;  // a damaged progress file, set aside
};

namespace {
constexpr const char* kLastOriginKey = "worklist/origin";
constexpr const char* kLastKindKey = "worklist/kind";
constexpr const char* kLastMetricKey = "worklist/metric";

bool sameFolder(const QString& a, const QString& b) {
    return QDir::cleanPath(QFileInfo(a).absoluteFilePath()) == QDir::cleanPath(QFileInfo(b).absoluteFilePath());
}

// The reader's progress in `l.list`, read off the GUI thread. A damaged progress file does not
// keep the reader from the cases: it is renamed (kept for inspection) and the progress starts anew.
void readProgress(LoadedWorklist& l, const std::string& progressDir) {
    const std::string key = mr::session::worklistProgressKey(l.list);
    const std::string file = progressDir + "/" + mr::session::worklistProgressFileName(key);
    try {
        l.progress = mr::session::readWorklistProgress(file, key);
    } catch (const mr::session::WorklistError& e) {
        std::error_code ec;
        std::filesystem::rename(file, file + ".damaged", ec);
        l.progress = {};
        l.progress.origin = key;
        l.warning = QString::fromStdString(e.what());
    }
}

// The list made from `folder` and the reader's progress in it, off the GUI thread.
LoadedWorklist loadWorklist(WorklistKind kind, const std::string& folder, const std::string& metric,
                            const std::string& progressDir) {
    LoadedWorklist l;
    switch (kind) {
        case WorklistKind::Studies: l.list = mr::session::worklistOfStudies(folder); break;
        case WorklistKind::Dataset: l.list = mr::session::worklistOfDataset(folder); break;
        case WorklistKind::Results: l.list = mr::session::worklistOfResults(folder, metric); break;
        case WorklistKind::BlindReading: l.list = mr::session::worklistOfBlindReading(folder); break;
        case WorklistKind::Adjudication: l.list = mr::session::worklistOfAdjudication(folder); break;
        case WorklistKind::Pacs: throw mr::session::WorklistError("a PACS worklist is made from a query");
    }
    readProgress(l, progressDir);
    return l;
}

}  // namespace

WorklistController::WorklistController(MainWindow* window) : QObject(window), window_(window) {
    writer_.setMaxThreadCount(1);
    panel_ = new mr::widgets::WorklistPanel(window);
    dock_ = new QDockWidget(tr("Worklist"), window);
    dock_->setObjectName("worklistDock");
    dock_->setWidget(panel_);
    window->addDockWidget(Qt::LeftDockWidgetArea, dock_);
    dock_->hide();
    next_ = new QAction(tr("&Next Case"), this);
    next_->setObjectName("nextCaseAction");
    next_->setShortcut(QKeySequence(tr("N")));
    previous_ = new QAction(tr("&Previous Case"), this);
    previous_->setObjectName("previousCaseAction");
    previous_->setShortcut(QKeySequence(tr("Shift+N")));
    for (QAction* a : {next_, previous_}) {
        a->setEnabled(false);
        window->addAction(a);  // the keys work wherever the focus is in the window
    }
    panel_->setKeyNames(previous_->shortcut().toString(QKeySequence::NativeText),
                        next_->shortcut().toString(QKeySequence::NativeText));
    connect(next_, &QAction::triggered, this, &WorklistController::next);
    connect(previous_, &QAction::triggered, this, &WorklistController::previous);
    connect(panel_, &mr::widgets::WorklistPanel::nextRequested, this, &WorklistController::next);
    connect(panel_, &mr::widgets::WorklistPanel::previousRequested, this, &WorklistController::previous);
    connect(panel_, &mr::widgets::WorklistPanel::caseRequested, this, &WorklistController::goTo);
    connect(window, &MainWindow::imageShown, this, &WorklistController::onImageShown);
    connect(window->dataset(), &DatasetController::saved, this, &WorklistController::onSampleSaved);
    connect(window->dataset(), &DatasetController::readingSaved, this,
            [this](const QString& id) { onSampleDecided(id, WorklistKind::BlindReading); });
    connect(window->dataset(), &DatasetController::adjudicated, this,
            [this](const QString& id) { onSampleDecided(id, WorklistKind::Adjudication); });
    connect(window->dataset(), &DatasetController::opened, this, [this](const QString& folder) {
        if (pendingSample_.isEmpty() || !list_ || !sameFolder(folder, QString::fromStdString(list_->origin))) return;
        const QString id = pendingSample_;
        pendingSample_.clear();
        showSample(id);
    });
}

WorklistController::~WorklistController() { writer_.waitForDone(); }

void WorklistController::addTo(QMenu* file) {
    QMenu* menu = file->addMenu(tr("Open &Worklist"));
    // Each entry asks for a folder, then opens it as that kind of worklist.
    const auto entry = [this, menu](const QString& text, const QString& title, WorklistKind kind) {
        menu->addAction(text, this, [this, title, kind] {
            QSettings s;
            const QString dir =
                QFileDialog::getExistingDirectory(window_, title, s.value("lastFolder", QDir::homePath()).toString());
            if (!dir.isEmpty()) open(kind, dir);
        });
    };
    entry(tr("Folder of &Studies…"), tr("Open Worklist: Folder of Studies"), WorklistKind::Studies);
    entry(tr("&Dataset…"), tr("Open Worklist: Dataset"), WorklistKind::Dataset);
    entry(tr("Dataset, Second &Reading (Blind)…"), tr("Open Worklist: Dataset to Read Blind"),
          WorklistKind::BlindReading);
    entry(tr("Dataset, &Adjudication…"), tr("Open Worklist: Dataset to Adjudicate"), WorklistKind::Adjudication);
    entry(tr("&Evaluation Results (Worst First)…"), tr("Open Worklist: Evaluation Results"), WorklistKind::Results);
    menu->addSeparator();
    menu->addActions({next_, previous_});
}

QString WorklistController::progressFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/worklists";
}

void WorklistController::openStudies(const QString& folder) { open(WorklistKind::Studies, folder); }

void WorklistController::openDataset(const QString& folder) { open(WorklistKind::Dataset, folder); }

void WorklistController::openBlindReading(const QString& folder) { open(WorklistKind::BlindReading, folder); }

void WorklistController::openAdjudication(const QString& folder) { open(WorklistKind::Adjudication, folder); }

void WorklistController::openResults(const QString& folder, const QString& metric, const QString& id) {
    metric_ = metric;
    open(WorklistKind::Results, folder, id);
}

void WorklistController::openPacsStudies(const QString& serverUrl, const std::vector<mr::pacs::StudyResult>& studies,
                                         const QString& query) {
    mr::session::Worklist list;
    try {
        list = mr::session::worklistOfPacsStudies(
            mr::session::pacsWorklistOrigin(serverUrl.toStdString(), query.toStdString()), studies);
    } catch (const mr::Error& e) {
        Q_EMIT message(QString::fromStdString(e.what()));
        return;
    }
    pacsServer_ = serverUrl;
    const std::string dir = progressFolder().toStdString();
    window_->task()->run<LoadedWorklist>(
        tr("Opening the PACS worklist"),
        [list, dir](const mr::CancelToken&, const mr::ProgressFn&) {
            LoadedWorklist l;
            l.list = list;
            readProgress(l, dir);
            return l;
        },
        [this](LoadedWorklist l) { showLoaded(l, {}); });
}

void WorklistController::sortResults(const QString& metric) {
    if (!list_ || list_->kind != WorklistKind::Results) return;
    const QString at = current_ >= 0 ? QString::fromStdString(list_->cases[size_t(current_)].key) : QString();
    openResults(QString::fromStdString(list_->origin), metric, at);
}

void WorklistController::open(WorklistKind kind, const QString& folder, const QString& atKey) {
    const std::string f = folder.toStdString(), dir = progressFolder().toStdString(), metric = metric_.toStdString();
    window_->task()->run<LoadedWorklist>(
        tr("Opening worklist %1").arg(QDir(folder).dirName()),
        [kind, f, metric, dir](const mr::CancelToken&, const mr::ProgressFn&) {
            return loadWorklist(kind, f, metric, dir);
        },
        [this, atKey](LoadedWorklist l) { showLoaded(l, atKey); });
}

void WorklistController::showLoaded(const LoadedWorklist& l, const QString& atKey) {
    if (!l.warning.isEmpty())
        Q_EMIT message(tr("The worklist's progress could not be read and starts anew: %1").arg(l.warning));
    show(l.list, l.progress, atKey);
}

void WorklistController::show(const mr::session::Worklist& list, const mr::session::WorklistProgress& progress,
                              const QString& atKey) {
    list_ = list;
    progress_ = progress;
    current_ = -1;
    std::vector<mr::widgets::WorklistRow> rows;
    for (const auto& c : list.cases)
        rows.push_back(
            {QString::fromStdString(c.title), QString::fromStdString(c.question), progress_.statusOf(c.key)});
    // Where the cases come from, as the reader knows it: the folder, or the PACS searched.
    const QString origin = list.kind == WorklistKind::Pacs
                               ? tr("PACS search on %1").arg(pacsServer_)
                               : QDir::toNativeSeparators(QString::fromStdString(list.origin));
    panel_->setWorklist(origin, rows);
    window_->datasetBrowser()->setBlind(list.kind == WorklistKind::BlindReading);
    dock_->show();
    dock_->raise();
    QSettings s;
    s.setValue(kLastOriginKey, QString::fromStdString(list.origin));
    s.setValue(kLastKindKey, QString::fromLatin1(mr::session::worklistKindName(list.kind)));
    s.setValue(kLastMetricKey, metric_);
    if (!list.skipped.empty())
        Q_EMIT message(tr("%n entry(ies) of the folder are not images and are not in the worklist.", nullptr,
                          int(list.skipped.size())));
    const auto at =
        std::find_if(list.cases.begin(), list.cases.end(), [&](const auto& c) { return c.key == atKey.toStdString(); });
    goTo(at != list.cases.end() ? int(at - list.cases.begin()) : int(mr::session::resumeIndex(list, progress_)));
}

void WorklistController::goTo(int index) {
    if (!list_ || index < 0 || index >= int(list_->cases.size())) return;
    current_ = index;
    const std::string& key = list_->cases[size_t(index)].key;
    progress_.current = key;
    if (progress_.statusOf(key) == CaseStatus::New) setStatus(key, CaseStatus::Opened);
    panel_->setCurrent(index);
    next_->setEnabled(index + 1 < int(list_->cases.size()));
    previous_->setEnabled(index > 0);
    saveProgress();
    openCase();
    Q_EMIT caseOpened(index);
}

void WorklistController::next() { goTo(current_ + 1); }

void WorklistController::previous() { goTo(current_ - 1); }

void WorklistController::openCase() {
    const mr::session::WorklistCase& c = list_->cases[size_t(current_)];
    caseOnScreen_ = false;
    pendingSample_.clear();
    if (!c.question.empty()) window_->queryBar()->setText(QString::fromStdString(c.question));
    awaitingPacsImage_ = list_->kind == WorklistKind::Pacs;
    if (awaitingPacsImage_) window_->pacs()->openStudy(pacsServer_, QString::fromStdString(c.studyUid));
    else if (c.sampleId.empty()) window_->openPath(QString::fromStdString(c.path));
    else openDatasetSample(QString::fromStdString(c.sampleId));
}

// A dataset case is that dataset's sample; the dataset opens first when another one is open.
void WorklistController::openDatasetSample(const QString& id) {
    DatasetController* dataset = window_->dataset();
    // Readings and adjudications are written: their queues need the dataset open for saving.
    const bool writes = list_->kind == WorklistKind::BlindReading || list_->kind == WorklistKind::Adjudication;
    if (dataset->isOpen() && !(writes && dataset->readOnly()) &&
        sameFolder(dataset->folder(), QString::fromStdString(list_->origin))) {
        showSample(id);
        return;
    }
    pendingSample_ = id;
    dataset->open(QString::fromStdString(list_->origin));
}

// As the queue's role asks: to review, to read blind, or to adjudicate.
void WorklistController::showSample(const QString& id) {
    switch (list_->kind) {
        case WorklistKind::BlindReading: window_->secondReading()->readBlind(id); break;
        case WorklistKind::Adjudication: window_->secondReading()->compare(id); break;
        default: window_->review()->reviewSample(id); break;
    }
}

// A reading or an adjudication of the current case marks it saved.
void WorklistController::onSampleDecided(const QString& id, WorklistKind kind) {
    if (!list_ || current_ < 0 || list_->kind != kind) return;
    const mr::session::WorklistCase& c = list_->cases[size_t(current_)];
    if (c.sampleId != id.toStdString()) return;
    setStatus(c.key, CaseStatus::Saved);
    saveProgress();
}

void WorklistController::onImageShown(const QString& source) {
    if (!list_ || current_ < 0) return;
    if (list_->kind == WorklistKind::Pacs) {  // the study retrieved for the current case
        caseOnScreen_ = awaitingPacsImage_;
        awaitingPacsImage_ = false;
        return;
    }
    if (list_->kind != WorklistKind::Studies) return;
    const mr::session::WorklistCase& c = list_->cases[size_t(current_)];
    caseOnScreen_ = source == QString::fromStdString(c.path);
    if (!caseOnScreen_) return;
    // A study a sample was saved from opens with it, when its dataset is the one open.
    const auto it = progress_.cases.find(c.key);
    if (it == progress_.cases.end() || it->second.sampleId.empty()) return;
    DatasetController* dataset = window_->dataset();
    if (!dataset->isOpen() || !sameFolder(dataset->folder(), QString::fromStdString(it->second.datasetFolder))) return;
    const QString id = QString::fromStdString(it->second.sampleId);
    if (const mr::dataset::Sample* s = dataset->find(id)) {
        window_->queryBar()->setText(QString::fromStdString(s->question));
        window_->review()->reviewSampleOverItsSource(id);
    }
}

void WorklistController::onSampleSaved(const QString& id) {
    if (!list_ || current_ < 0 || !caseOnScreen_) return;
    if (list_->kind != WorklistKind::Studies && list_->kind != WorklistKind::Pacs) return;
    const std::string& key = list_->cases[size_t(current_)].key;
    mr::session::CaseProgress& p = progress_.cases[key];
    p.sampleId = id.toStdString();
    p.datasetFolder = window_->dataset()->folder().toStdString();
    setStatus(key, CaseStatus::Saved);
    saveProgress();
}

void WorklistController::setStatus(const std::string& key, CaseStatus status) {
    progress_.cases[key].status = status;
    for (size_t i = 0; i < list_->cases.size(); ++i)
        if (list_->cases[i].key == key) panel_->setStatus(int(i), status);
}

QString WorklistController::progressFile() const {
    return progressFolder() + "/" +
           QString::fromStdString(mr::session::worklistProgressFileName(mr::session::worklistProgressKey(*list_)));
}

void WorklistController::saveProgress() {
    const std::string file = progressFile().toStdString(), dir = progressFolder().toStdString();
    const mr::session::WorklistProgress copy = progress_;
    writer_.start([this, file, dir, copy] {
        try {
            std::filesystem::create_directories(dir);
            mr::session::writeWorklistProgress(file, copy);
        } catch (const std::exception& e) {
            const QString why = QString::fromStdString(e.what());
            QMetaObject::invokeMethod(
                this, [this, why] { Q_EMIT message(tr("The worklist's progress was not saved: %1").arg(why)); });
        }
    });
}

void WorklistController::restoreLast() {
    QSettings s;
    const QString origin = s.value(kLastOriginKey).toString();
    if (origin.isEmpty() || !QFileInfo(origin).isDir()) return;
    const auto kind = mr::session::worklistKindFromName(s.value(kLastKindKey).toString().toStdString());
    metric_ = s.value(kLastMetricKey, QStringLiteral("iou")).toString();
    open(kind.value_or(WorklistKind::Studies), origin);
}

void WorklistController::waitForWrites() { writer_.waitForDone(); }

}  // namespace mr::app
