#pragma once
// File → Open Worklist: a queue of cases (a folder of studies, a dataset's samples with their
// questions, or an evaluation run's samples worst first) in the Worklist dock, stepped through with one key each way (N / Shift+N). A case
// opens with its saved state when it has one: a dataset sample with its trace, prompts and masks;
// a study from which a sample was saved, with that sample's mask over it. Where the reader
// stands (the case open last, each case's status) is written to the app's own data folder after
// every step, off the GUI thread, and the last worklist reopens at the next start, at that case.
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <optional>

#include "engine/session/worklist.h"
#include "engine/session/worklist_progress.h"

class QAction;
class QDockWidget;
class QMenu;

namespace mr::widgets {
class WorklistPanel;
}

namespace mr::app {

class MainWindow;
struct LoadedWorklist;  // a list and the reader's progress in it, read off the GUI thread

class WorklistController : public QObject {
    Q_OBJECT
public:
    explicit WorklistController(MainWindow* window);
    ~WorklistController() override;  // waits for the last progress write

    // File → Open Worklist (studies, dataset) and the step actions.
    void addTo(QMenu* file);
    QDockWidget* dock() const { return dock_; }
    mr::widgets::WorklistPanel* panel() const { return panel_; }
    QAction* nextAction() const { return next_; }
    QAction* previousAction() const { return previous_; }

    bool isOpen() const { return list_.has_value(); }
    const mr::session::Worklist& worklist() const { return *list_; }
    const mr::session::WorklistProgress& progress() const { return progress_; }
    int current() const { return current_; }
    const QString& resultsMetric() const { return metric_; }  // what a results worklist is sorted by
    // Where progress files go: <app data>/worklists.
    static QString progressFolder();

public Q_SLOTS:
    // Builds the list off the GUI thread, then opens the case the reader stopped at.
    void openStudies(const QString& folder);
    void openDataset(const QString& folder);
    void openBlindReading(const QString& folder);  // a second reader's queue: the first masks hidden
    void openAdjudication(const QString& folder);  // the samples whose readings await a decision
    // Worst first by `metric` ("iou", "pdice", "dice_joint", ...); at sample `id` when given, else
    // where the reader stopped.
    void openResults(const QString& folder, const QString& metric = QStringLiteral("iou"), const QString& id = {});
    void sortResults(const QString& metric);
    // The studies a PACS query found (File → Open from PACS → Open Studies as Worklist); each case
    // retrieves its study's largest image series. The same query on the same server resumes.
    void openPacsStudies(const QString& serverUrl, const std::vector<mr::pacs::StudyResult>& studies,
                         const QString& query);  // the open results again, by `metric`, at the same case
    void goTo(int index);
    void next();
    void previous();
    void restoreLast();  // the worklist open at the last exit, if any
    void waitForWrites();

Q_SIGNALS:
    void caseOpened(int index);
    void message(const QString& text);

private:
    void open(mr::session::WorklistKind kind, const QString& folder, const QString& atKey = {});
    void showLoaded(const LoadedWorklist& loaded, const QString& atKey);  // its warning, then show()
    void show(const mr::session::Worklist& list, const mr::session::WorklistProgress& progress, const QString& atKey);
    void openCase();
    void openDatasetSample(const QString& id);
    void showSample(const QString& id);
    void onSampleDecided(const QString& id, mr::session::WorklistKind kind);
    void onImageShown(const QString& source);
    void onSampleSaved(const QString& id);
    void setStatus(const std::string& key, mr::session::CaseStatus status);
    void saveProgress();
    QString progressFile() const;

    MainWindow* window_;
    QDockWidget* dock_ = nullptr;
    mr::widgets::WorklistPanel* panel_ = nullptr;
    QAction* next_ = nullptr;
    QAction* previous_ = nullptr;
    std::optional<mr::session::Worklist> list_;
    mr::session::WorklistProgress progress_;
    int current_ = -1;
    QString metric_ = QStringLiteral("iou");
    QString pacsServer_;              // a PACS worklist's server URL
    bool awaitingPacsImage_ = false;  // the current case's study is being retrieved
    bool caseOnScreen_ = false;       // the current case's image is the one shown
    QString pendingSample_;           // a sample to open once its dataset is open
    QThreadPool writer_;              // one thread: progress writes in order
};

}  // namespace mr::app
