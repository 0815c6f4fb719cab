#include "app/evaluation_case_controller.h"

#include <QAction>
#include <QDockWidget>

#include "app/background_task.h"
#include "app/grounding_controller.h"
#include "app/main_window.h"
#include "app/worklist_controller.h"
#include "widgets/evaluation_case_panel.h"
#include "widgets/multi_planar_view.h"
#include "widgets/reasoning_panel.h"
#include "widgets/slice_view.h"

namespace mr::app {

using mr::session::WorklistKind;

EvaluationCaseController::EvaluationCaseController(MainWindow* window, WorklistController* worklist)
    : QObject(window), window_(window), worklist_(worklist) {
    panel_ = new mr::widgets::EvaluationCasePanel(window);
    dock_ = new QDockWidget(tr("Evaluation Case"), window);
    dock_->setObjectName("evaluationCaseDock");
    dock_->setWidget(panel_);
    window->addDockWidget(Qt::LeftDockWidgetArea, dock_);
    dock_->hide();
    correct_ = new QAction(tr("&Correct This Case for the Dataset"), this);
    correct_->setObjectName("correctCaseAction");
    correct_->setShortcut(QKeySequence(tr("D")));
    correct_->setEnabled(false);
    window->addAction(correct_);  // the key works wherever the focus is in the window
    panel_->setCorrectKeyName(correct_->shortcut().toString(QKeySequence::NativeText));
    connect(correct_, &QAction::triggered, this, &EvaluationCaseController::correct);
    connect(panel_, &mr::widgets::EvaluationCasePanel::correctRequested, this, &EvaluationCaseController::correct);
    connect(panel_, &mr::widgets::EvaluationCasePanel::layersChanged, this, &EvaluationCaseController::redraw);
    connect(panel_, &mr::widgets::EvaluationCasePanel::sortRequested, worklist_,
            [this](const QString& metric) { worklist_->sortResults(metric); });
    connect(window, &MainWindow::imageShown, this, &EvaluationCaseController::onImageShown);
}

namespace {
// A case, or why it cannot be shown: stepping through a run whose dataset moved tells the reader in
// the dock, without a dialog at every case.
struct LoadedCase {
    std::shared_ptr<const mr::session::EvaluationRun> run;
    std::optional<mr::session::EvaluationCase> evaluationCase;
    QString error;
};
}  // namespace

// A results case's image is on screen: its truth and prediction are read off the GUI thread.
void EvaluationCaseController::onImageShown(const QString& source) {
    case_.reset();
    correct_->setEnabled(false);
    if (!worklist_->isOpen() || worklist_->worklist().kind != WorklistKind::Results || worklist_->current() < 0) {
        dock_->hide();
        return;
    }
    const mr::session::WorklistCase& c = worklist_->worklist().cases[size_t(worklist_->current())];
    if (source != QString::fromStdString(c.path)) return;
    const std::string folder = worklist_->worklist().origin, id = c.key;
    window_->task()->run<LoadedCase>(
        tr("Opening case %1").arg(QString::fromStdString(id)),
        [folder, id, cached = run_](const mr::CancelToken&, const mr::ProgressFn&) {
            // The run is read once and kept while its files stay as they are.
            LoadedCase loaded;
            loaded.run = cached;
            try {
                if (!loaded.run || loaded.run->origin != folder || !mr::session::evaluationRunIsCurrent(*loaded.run))
                    loaded.run =
                        std::make_shared<const mr::session::EvaluationRun>(mr::session::readEvaluationRun(folder));
                loaded.evaluationCase = mr::session::evaluationCaseOf(*loaded.run, id);
            } catch (const mr::Error& e) {
                loaded.error = QString::fromStdString(e.what());
            }
            return loaded;
        },
        [this, source, id](LoadedCase loaded) {
            run_ = loaded.run;
            if (window_->viewer()->image().metadata().source != source.toStdString()) return;  // another image since
            if (loaded.evaluationCase) {
                show(*loaded.evaluationCase);
                return;
            }
            mr::session::EvaluationCase unreadable;
            unreadable.id = id;
            unreadable.problems.push_back(loaded.error.toStdString());
            panel_->setCase(unreadable);
            dock_->show();
            Q_EMIT message(tr("Case %1 cannot be shown: %2").arg(QString::fromStdString(id), loaded.error));
        });
}

void EvaluationCaseController::show(const mr::session::EvaluationCase& c) {
    case_ = c;
    panel_->setCase(c);
    panel_->setSortMetric(worklist_->resultsMetric());
    panel_->setLayers({});
    dock_->show();
    correct_->setEnabled(true);
    auto* reasoning = window_->reasoningPanel();
    reasoning->clear();
    reasoning->setQuestion(QString::fromStdString(c.question));
    if (!c.output.empty()) reasoning->appendText(QString::fromStdString(c.output));
    reasoning->finishText();
    redraw();
    for (const std::string& p : c.problems) Q_EMIT message(QString::fromStdString(p));
    Q_EMIT caseShown(QString::fromStdString(c.id));
}

void EvaluationCaseController::redraw() {
    if (!case_) return;
    const mr::imaging::Image& image = window_->viewer()->image();
    if (image.empty() || image.geometry().size[2] != 1) return;
    window_->showLabelMap(mr::session::caseLabelMap(*case_, panel_->layers(), image.geometry()));
    window_->viewer()->setOverlayOutline(false);  // filled: thin boxes and points stay whole
}

void EvaluationCaseController::correct() {
    if (!case_) return;
    const mr::imaging::Image& image = window_->viewer()->image();
    std::optional<mr::imaging::WindowLevel> window;
    if (!image.isColor()) window = window_->viewer()->view(mr::widgets::SliceOrientation::Axial)->windowLevel();
    mr::ground::ReasonerImage seen = mr::ground::reasonerImageFromSlice(image, 0, window);
    seen.source = image.metadata().source;
    window_->grounding()->showFinishedRun(
        std::make_shared<const mr::ground::GroundingResult>(mr::session::runOfEvaluationCase(*case_, std::move(seen))));
    // The prediction is now the editable mask and the prompts; the truth stays in view to correct against.
    mr::session::CaseLayers layers = panel_->layers();
    layers.predictedMask = layers.predictedBox = layers.predictedPoints = false;
    panel_->setLayers(layers);
    redraw();
    Q_EMIT message(tr("Case %1 is in the editor: correct the mask against the ground truth, then save it "
                      "to the dataset (Ctrl+S).")
                       .arg(QString::fromStdString(case_->id)));
}

}  // namespace mr::app
