#pragma once
// Manual prompting, as in MedSAM's GUI: the user drags a box and clicks positive/negative points
// on an axial slice, then runs the segmentation expert on that slice as displayed (after
// window/level; colour images as they are). The grounding pipeline keeps the expert's image
// embedding while the slice and window stay the same, so refining with more points is quick.
#include <QObject>

#include <memory>

#include "widgets/slice_view.h"

namespace mr::ground {
class GroundingPipeline;
}
namespace mr::segment {
struct MaskPrediction;
}

namespace mr::widgets {
class MultiPlanarView;
}

namespace mr::app {

class BackgroundTask;
class MaskEditor;

class PromptController : public QObject {
    Q_OBJECT
public:
    PromptController(mr::widgets::MultiPlanarView* viewer, BackgroundTask* task, MaskEditor* editor,
                     QObject* parent = nullptr);
    ~PromptController() override;

    const mr::widgets::PromptMarkers& prompts() const { return prompts_; }
    // The pipeline whose expert segments (shared with the reasoner's runs).
    void setPipeline(std::shared_ptr<mr::ground::GroundingPipeline> pipeline);
    // Puts an expert's best mask on an axial slice into the mask editor as one undoable action
    // (`actionName`); `startsReview` for the reasoner's answer, which begins a new review.
    void showMask(const mr::segment::MaskPrediction& prediction, int64_t slice, const QString& actionName,
                  bool startsReview);

    // The expert's own estimate of its best mask, as the model gave it (SAM-family experts predict
    // the mask's IoU, unclamped); the classical expert has none and says so.
    static QString scoreText(const mr::segment::MaskPrediction& prediction, const std::string& expertName);
    // "The mask covers 87 % of the image — check the prompts" when the best mask covers more than
    // 60 % of the slice (a click outside the body segments the background); empty otherwise.
    static QString coverageWarning(const mr::segment::MaskPrediction& prediction);

public Q_SLOTS:
    void setTool(mr::widgets::ViewTool tool);
    void setPrompts(const mr::widgets::PromptMarkers& prompts);
    void clearPrompts();
    void runExpert();  // no-op with a message when there is no box and no point

Q_SIGNALS:
    void promptsChanged();
    // After a manual prompt's mask is shown (the status line has already been sent as message()).
    void maskReady(double score, double millis, bool embeddingReused);
    void message(const QString& text);

private:
    void onBox(qint64 slice, double x1, double y1, double x2, double y2);
    void onPoint(qint64 slice, double x, double y, bool positive);
    void startOnSlice(qint64 slice);

    mr::widgets::MultiPlanarView* viewer_;
    BackgroundTask* task_;
    MaskEditor* editor_;
    QString lastPromptName_;  // names the expert's next mask in the undo history
    std::shared_ptr<mr::ground::GroundingPipeline> pipeline_;
    mr::widgets::PromptMarkers prompts_;
    std::vector<float> previousLowRes_;  // the last mask's logits, fed back when refining
};

}  // namespace mr::app
