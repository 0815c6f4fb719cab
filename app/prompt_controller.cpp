#include "app/prompt_controller.h"

#include <QElapsedTimer>

#include <algorithm>

#include "app/background_task.h"
#include "app/mask_editor.h"
#include "engine/imaging/windowing.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/segment/segmentation_expert.h"
#include "widgets/multi_planar_view.h"

namespace mr::app {

using mr::widgets::PromptMarkers;
using mr::widgets::SliceView;

PromptController::PromptController(mr::widgets::MultiPlanarView* viewer, BackgroundTask* task, MaskEditor* editor,
                                   QObject* parent)
    : QObject(parent), viewer_(viewer), task_(task), editor_(editor) {
    for (auto o : {mr::widgets::SliceOrientation::Axial, mr::widgets::SliceOrientation::Coronal,
                   mr::widgets::SliceOrientation::Sagittal}) {
        SliceView* v = viewer_->view(o);
        connect(v, &SliceView::boxDrawn, this, &PromptController::onBox);
        connect(v, &SliceView::pointPlaced, this, &PromptController::onPoint);
    }
}

PromptController::~PromptController() = default;

void PromptController::setPipeline(std::shared_ptr<mr::ground::GroundingPipeline> pipeline) {
    pipeline_ = std::move(pipeline);
    previousLowRes_.clear();
}

void PromptController::showMask(const mr::segment::MaskPrediction& pred, int64_t slice, const QString& actionName,
                                bool startsReview) {
    if (pred.masks.empty()) return;
    previousLowRes_ = pred.lowResLogits;
    editor_->applyExpertMask(slice, pred.masks[size_t(pred.best)], actionName, startsReview);
    for (const auto& w : pred.warnings) Q_EMIT message(QString::fromStdString(w));
}

QString PromptController::scoreText(const mr::segment::MaskPrediction& pred, const std::string& expertName) {
    if (expertName == "classical") return tr("no score: the classical expert does not estimate one");
    if (pred.scores.empty()) return tr("no score");
    return tr("predicted IoU %1").arg(double(pred.scores[size_t(pred.best)]), 0, 'f', 2);
}

QString PromptController::coverageWarning(const mr::segment::MaskPrediction& pred) {
    if (pred.masks.empty() || pred.masks[size_t(pred.best)].empty()) return {};
    const auto& mask = pred.masks[size_t(pred.best)];
    const double covered =
        double(std::count_if(mask.begin(), mask.end(), [](uint8_t v) { return v != 0; })) / double(mask.size());
    if (covered <= 0.6) return {};
    return tr("The mask covers %1 % of the image — check the prompts").arg(qRound(covered * 100));
}

void PromptController::setTool(mr::widgets::ViewTool tool) {
    // Prompts live on axial slices: a prompt tool brings the axial view forward.
    if (tool != mr::widgets::ViewTool::Navigate &&
        viewer_->primaryView()->orientation() != mr::widgets::SliceOrientation::Axial)
        viewer_->setLayoutMode(mr::widgets::MultiPlanarView::Layout::Single, mr::widgets::SliceOrientation::Axial);
    for (auto o : {mr::widgets::SliceOrientation::Axial, mr::widgets::SliceOrientation::Coronal,
                   mr::widgets::SliceOrientation::Sagittal})
        viewer_->view(o)->setViewTool(tool);
}

void PromptController::setPrompts(const PromptMarkers& prompts) {
    if (prompts.slice != prompts_.slice) previousLowRes_.clear();
    prompts_ = prompts;
    viewer_->setPromptMarkers(prompts_);
    Q_EMIT promptsChanged();
}

void PromptController::clearPrompts() {
    prompts_ = {};
    previousLowRes_.clear();
    viewer_->clearPromptMarkers();
    Q_EMIT promptsChanged();
}

void PromptController::onBox(qint64 slice, double x1, double y1, double x2, double y2) {
    PromptMarkers p = slice == prompts_.slice ? prompts_ : PromptMarkers{};
    p.slice = slice;
    p.box = mr::Box{x1, y1, x2, y2};
    setPrompts(p);
    lastPromptName_ = tr("Segment from box");
    runExpert();
}

void PromptController::onPoint(qint64 slice, double x, double y, bool positive) {
    PromptMarkers p = slice == prompts_.slice ? prompts_ : PromptMarkers{};
    p.slice = slice;
    p.points.push_back({{x, y, positive}, {}});
    setPrompts(p);
    lastPromptName_ = positive ? tr("Refine with positive point") : tr("Refine with negative point");
    runExpert();
}

void PromptController::runExpert() {
    if (prompts_.empty()) {
        Q_EMIT message(tr("Drag a box or click a point on an axial slice first."));
        return;
    }
    startOnSlice(prompts_.slice);
}

void PromptController::startOnSlice(qint64 slice) {
    const mr::imaging::Image image = viewer_->image();
    if (image.empty() || !pipeline_) return;
    const mr::imaging::WindowLevel window = viewer_->primaryView()->windowLevel();
    // The expert sees the slice as displayed; this key says when its embedding is still valid.
    const std::string key = QStringLiteral("%1/%2/%3/%4")
                                .arg(quintptr(image.bytes()))
                                .arg(slice)
                                .arg(image.isColor() ? 0.0 : window.center)
                                .arg(image.isColor() ? 0.0 : window.width)
                                .toStdString();
    mr::segment::Prompts prompts;
    if (prompts_.box) prompts.box = *prompts_.box;
    for (const auto& p : prompts_.points) prompts.points.push_back(p);
    const bool sameImage = pipeline_->cachedImageKey() == key;
    if (sameImage) prompts.previousLowResMask = previousLowRes_;
    auto pipeline = pipeline_;
    task_->run<mr::ground::ManualPromptResult>(
        tr("Segmenting"),
        [image, slice, window, key, prompts, pipeline](const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
            if (progress) progress(0.1, "Segmenting the slice");
            mr::segment::RgbImage rgb;
            rgb.width = int(image.width());
            rgb.height = int(image.height());
            rgb.rgb = mr::imaging::renderSliceRgb(image, slice, window);
            return pipeline->segment(rgb, key, prompts, cancel);
        },
        [this, slice, pipeline](mr::ground::ManualPromptResult r) {
            const bool newReview = !editor_->hasReview() || editor_->reviewSlice() != slice;
            const auto& pred = r.mask;
            const double ms = r.setImageMs + r.predictMs;
            const auto expert = pipeline->expert();
            QString status =
                r.embeddingReused ? tr("Mask in %1 ms (%2; slice embedding reused)") : tr("Mask in %1 ms (%2)");
            status = status.arg(ms, 0, 'f', 0).arg(scoreText(pred, expert ? expert->name() : std::string()));
            // The status first: what applying the mask says (edits kept) and a coverage warning follow
            // it, and the status bar shows the latest.
            Q_EMIT message(status);
            showMask(pred, slice, lastPromptName_.isEmpty() ? tr("Segment") : lastPromptName_, newReview);
            const QString warning = coverageWarning(pred);
            if (!warning.isEmpty()) Q_EMIT message(warning + QStringLiteral("  ·  ") + status);
            Q_EMIT maskReady(pred.scores.empty() ? 0.0 : double(pred.scores[size_t(pred.best)]), ms, r.embeddingReused);
        });
}

}  // namespace mr::app
