#pragma once
// Runs the grounding pipeline for the GUI: question + the current axial slice as displayed (or the
// colour picture as it is) → streamed reasoning → box and points drawn as soon as they are parsed
// → the expert's mask. Work runs on the window's BackgroundTask; everything the panel and the
// viewer show arrives through queued calls on the GUI thread.
#include <QObject>
#include <QString>

#include <memory>

#include "engine/session/engine_settings.h"

namespace mr::ground {
class GroundingPipeline;
struct GroundingResult;
}  // namespace mr::ground

namespace mr::widgets {
class MultiPlanarView;
class ReasoningPanel;
}  // namespace mr::widgets

namespace mr::app {

class BackgroundTask;
class PromptController;

class GroundingController : public QObject {
    Q_OBJECT
public:
    GroundingController(mr::widgets::MultiPlanarView* viewer, mr::widgets::ReasoningPanel* panel, BackgroundTask* task,
                        PromptController* prompts, QObject* parent = nullptr);
    ~GroundingController() override;

    // New settings replace the pipeline; models load on first use, off the GUI thread.
    void applySettings(const mr::session::EngineSettings& settings);
    const mr::session::EngineSettings& settings() const { return settings_; }
    bool reasonerConfigured() const;
    QString reasonerProblem() const;  // why asking is not possible, or empty
    // The loaded reasoner's precision (and why), load time and memory, as of the last run; empty
    // before one.
    QString loadedModelSummary() const { return loadedModelSummary_; }
    bool busy() const { return busy_; }
    // The last finished run (any outcome), for saving it as a dataset sample; null before one.
    std::shared_ptr<const mr::ground::GroundingResult> lastResult() const { return lastResult_; }
    void forgetResult() { lastResult_.reset(); }
    // Another image is shown: a question about the old one stops, and its trace and result go.
    void startOver();
    // A finished run from elsewhere (a replayed session): shown as a live run's end is (the box and
    // points, the summary, the expert's mask as a new review) and kept as the last result.
    void showFinishedRun(std::shared_ptr<const mr::ground::GroundingResult> run);

public Q_SLOTS:
    void ask(const QString& question);
    void cancel();

Q_SIGNALS:
    void busyChanged(bool busy);
    void asked(const QString& question);                 // a run starts; its text follows
    void textStreamed(const QString& delta, double ms);  // a piece of it, ms after the question
    void finished(const QString& outcome);               // groundingOutcomeName(): "mask", "format_issue", ...
    void message(const QString& text);  // for the status bar (e.g. a mask that covers most of the image)

private:
    void showResult(const mr::ground::GroundingResult& result);
    void setBusy(bool busy);

    mr::widgets::MultiPlanarView* viewer_;
    mr::widgets::ReasoningPanel* panel_;
    BackgroundTask* task_;
    PromptController* prompts_;
    mr::session::EngineSettings settings_;
    std::shared_ptr<mr::ground::GroundingPipeline> pipeline_;
    std::shared_ptr<const mr::ground::GroundingResult> lastResult_;
    bool busy_ = false;
    QString loadedModelSummary_;
};

}  // namespace mr::app
