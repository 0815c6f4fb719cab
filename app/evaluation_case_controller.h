#pragma once
// The evaluation case viewer: while the worklist holds an evaluation run's results, each case opens
// with the dataset's ground truth and the run's prediction drawn over the image (box, points and
// mask of each, every part on or off in the Evaluation Case dock), the question and the
// reasoner's text in the reasoning panel, and the run's scores. One key (D) hands the case to the
// editor as a finished run, with the ground truth left in view, so the reader corrects the
// prediction and saves it to the dataset as any sample (Ctrl+S).
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

#include "engine/session/evaluation_case.h"

class QAction;
class QDockWidget;

namespace mr::widgets {
class EvaluationCasePanel;
}

namespace mr::app {

class MainWindow;
class WorklistController;

class EvaluationCaseController : public QObject {
    Q_OBJECT
public:
    EvaluationCaseController(MainWindow* window, WorklistController* worklist);

    QDockWidget* dock() const { return dock_; }
    mr::widgets::EvaluationCasePanel* panel() const { return panel_; }
    QAction* correctAction() const { return correct_; }
    // The case on screen, when one is.
    const std::optional<mr::session::EvaluationCase>& currentCase() const { return case_; }

public Q_SLOTS:
    void correct();  // the case's prediction into the editor, the truth left in view

Q_SIGNALS:
    void caseShown(const QString& id);
    void message(const QString& text);

private:
    void onImageShown(const QString& source);
    void show(const mr::session::EvaluationCase& c);
    void redraw();

    MainWindow* window_;
    WorklistController* worklist_;
    QDockWidget* dock_ = nullptr;
    mr::widgets::EvaluationCasePanel* panel_ = nullptr;
    QAction* correct_ = nullptr;
    std::optional<mr::session::EvaluationCase> case_;
    std::shared_ptr<const mr::session::EvaluationRun> run_;  // the open results, read once
};

}  // namespace mr::app
