#include "app/mask_editor.h"

#include <QUndoStack>

#include <algorithm>

#include "app/mask_edit_command.h"
#include "app/mask_volume_edit_command.h"
#include "engine/edit/brush.h"
#include "engine/edit/mask_operations.h"
#include "engine/edit/mask_patch.h"
#include "engine/edit/mask_volume.h"
#include "engine/edit/polygon_fill.h"
#include "widgets/multi_planar_view.h"

namespace mr::app {

using mr::widgets::SliceOrientation;
using mr::widgets::SliceView;

namespace {
constexpr SliceOrientation kOrientations[] = {SliceOrientation::Axial, SliceOrientation::Coronal,
                                              SliceOrientation::Sagittal};
// Smoothing removes specks and notches about this wide.
constexpr double kSmoothRadiusMm = 1.5;
}  // namespace

MaskEditor::MaskEditor(mr::widgets::MultiPlanarView* viewer, QObject* parent)
    : QObject(parent), viewer_(viewer), stack_(new QUndoStack(this)) {
    SliceView* axial = viewer_->view(SliceOrientation::Axial);
    connect(axial, &SliceView::strokeStarted, this, &MaskEditor::onStrokeStarted);
    connect(axial, &SliceView::strokeMoved, this, &MaskEditor::onStrokeMoved);
    connect(axial, &SliceView::strokeFinished, this, &MaskEditor::onStrokeFinished);
    connect(axial, &SliceView::polygonClosed, this, &MaskEditor::onPolygonClosed);
    // One brush size for every view.
    for (auto o : kOrientations)
        connect(viewer_->view(o), &SliceView::brushRadiusChanged, this, &MaskEditor::setBrushRadiusMm);
}

void MaskEditor::setBrushRadiusMm(double mm) {
    if (mm == brushRadiusMm_) return;
    brushRadiusMm_ = mm;  // first, so the views' echo of the change ends here
    for (auto o : kOrientations) viewer_->view(o)->setBrushRadiusMm(mm);
    brushRadiusMm_ = viewer_->view(SliceOrientation::Axial)->brushRadiusMm();  // clamped by the view
    Q_EMIT brushRadiusChanged(brushRadiusMm_);
}

MaskEditor::~MaskEditor() = default;

int64_t MaskEditor::currentSlice() const { return viewer_->view(SliceOrientation::Axial)->slice(); }

double MaskEditor::secondsSinceReviewStarted() const {
    return reviewClock_.isValid() ? double(reviewClock_.elapsed()) / 1000.0 : 0.0;
}

std::vector<uint8_t> MaskEditor::sliceMask(int64_t slice) const {
    if (!volume_) return {};
    const size_t n = size_t(volume_->width()) * size_t(volume_->height());
    const uint8_t* s = volume_->sliceOrNull(slice);
    return s ? std::vector<uint8_t>(s, s + n) : std::vector<uint8_t>(n, 0);
}

void MaskEditor::resetForImage() {
    stroke_.reset();
    stack_->clear();
    reviewSlice_.reset();
    firstMask_.clear();
    reviewClock_.invalidate();
    allowedSlice_ = -1;
    const mr::imaging::Image& image = viewer_->image();
    volume_ = image.empty()
                  ? nullptr
                  : std::make_shared<mr::edit::MaskVolume>(int(image.width()), int(image.height()), image.depth());
    for (auto o : kOrientations) {
        if (volume_) viewer_->view(o)->setMaskLayer(mr::widgets::MaskLayer{volume_});
        else viewer_->view(o)->setMaskLayer(std::nullopt);
    }
}

void MaskEditor::setIntensityRange(const std::optional<mr::edit::IntensityRange>& range) {
    range_ = range;
    allowedSlice_ = -1;
}

const uint8_t* MaskEditor::allowedPixels(int64_t slice) {
    if (!range_) return nullptr;
    if (allowedSlice_ != slice) {
        allowedCache_ = mr::edit::allowedPixels(viewer_->image(), slice, *range_);
        allowedSlice_ = slice;
    }
    return allowedCache_.data();
}

void MaskEditor::refreshViews() {
    for (auto o : kOrientations) viewer_->view(o)->refreshMask();
}

void MaskEditor::applyPatch(int64_t slice, const mr::edit::MaskPatch& patch) {
    if (!volume_) return;
    patch.apply(volume_->slice(slice));
    refreshViews();
    Q_EMIT maskChanged(slice);
}

void MaskEditor::applyPatches(const std::vector<std::pair<int64_t, mr::edit::MaskPatch>>& patches) {
    if (!volume_) return;
    for (const auto& [slice, patch] : patches) patch.apply(volume_->slice(slice));
    refreshViews();
    for (const auto& sp : patches) Q_EMIT maskChanged(sp.first);
}

int MaskEditor::applySliceMasks(const std::vector<std::pair<int64_t, std::vector<uint8_t>>>& masks,
                                const QString& actionName) {
    const size_t n = volume_ ? size_t(volume_->width()) * size_t(volume_->height()) : 0;
    for (const auto& [slice, mask] : masks) {
        if (!volume_ || slice < 0 || slice >= volume_->depth() || mask.size() != n) {
            Q_EMIT message(tr("The masks do not fit the image; they were not applied."));
            return 0;
        }
    }
    MaskVolumeEditCommand::SlicePatches patches;
    for (const auto& [slice, mask] : masks) {
        const std::vector<uint8_t> before = sliceMask(slice);
        mr::edit::MaskPatch patch =
            mr::edit::MaskPatch::between(before.data(), mask.data(), volume_->width(), volume_->height());
        if (!patch.empty()) patches.emplace_back(slice, std::move(patch));
    }
    if (patches.empty()) {
        Q_EMIT message(tr("%1: nothing changed.").arg(actionName));
        return 0;
    }
    applyPatches(patches);
    const int changed = int(patches.size());
    stack_->push(new MaskVolumeEditCommand(this, std::move(patches), actionName));
    return changed;
}

void MaskEditor::commit(int64_t slice, const std::vector<uint8_t>& before, const QString& name, bool fromExpert) {
    const mr::edit::MaskView now = volume_->slice(slice);
    mr::edit::MaskPatch patch = mr::edit::MaskPatch::between(before.data(), now.data, now.width, now.height);
    refreshViews();
    if (patch.empty()) return;
    stack_->push(new MaskEditCommand(this, slice, std::move(patch), name, fromExpert));
    Q_EMIT maskChanged(slice);
}

void MaskEditor::applyExpertMask(int64_t slice, const std::vector<uint8_t>& mask, const QString& actionName,
                                 bool startsReview) {
    if (!volume_ || slice < 0 || slice >= volume_->depth() ||
        mask.size() != size_t(volume_->width()) * size_t(volume_->height())) {
        Q_EMIT message(tr("The expert's mask does not fit the image; it was not applied."));
        return;
    }
    std::vector<uint8_t> merged(mask.size());
    for (size_t i = 0; i < mask.size(); ++i) merged[i] = mask[i] ? 1 : 0;
    const int64_t kept = startsReview ? 0 : keepUserEdits(slice, merged);
    if (startsReview) {
        stack_->clear();
        reviewSlice_ = slice;
        firstMask_ = mask;
        for (uint8_t& v : firstMask_) v = v ? 1 : 0;
        reviewClock_.start();
    } else if (!reviewSlice_) {
        reviewSlice_ = slice;
        firstMask_ = sliceMask(slice);
        reviewClock_.start();
    }
    std::vector<uint8_t> before = sliceMask(slice);
    mr::edit::MaskView view = volume_->slice(slice);
    std::copy(merged.begin(), merged.end(), view.data);
    commit(slice, before, actionName, true);
    if (kept > 0)
        Q_EMIT message(
            tr("Your edits (%n pixel(s)) were kept on the expert's new mask; Undo (Ctrl+Z) removes the new mask.",
               nullptr, int(kept)));
}

std::optional<std::vector<uint8_t>> MaskEditor::lastExpertMask(int64_t slice) const {
    // Commands hold the flips they made: undoing the user's later ones on a copy of the slice, newest
    // first, gives the slice as the expert's mask left it. Undone commands (above the index) are
    // not part of the slice now and are skipped.
    std::vector<uint8_t> state = sliceMask(slice);
    const mr::edit::MaskView view{state.data(), volume_ ? volume_->width() : 0, volume_ ? volume_->height() : 0};
    for (int i = stack_->index() - 1; i >= 0; --i) {
        const auto* c = dynamic_cast<const MaskEditCommand*>(stack_->command(i));
        if (!c) return std::nullopt;  // a many-slice command (propagation): no per-slice baseline
        if (c->slice() != slice) continue;
        if (c->fromExpert()) return state;
        c->patch().apply(view);
    }
    return std::nullopt;
}

int64_t MaskEditor::keepUserEdits(int64_t slice, std::vector<uint8_t>& expertMask) const {
    const std::optional<std::vector<uint8_t>> base = lastExpertMask(slice);
    if (!base) return 0;
    const std::vector<uint8_t> now = sliceMask(slice);
    int64_t kept = 0;
    for (size_t i = 0; i < now.size() && i < expertMask.size(); ++i) {
        if (now[i] == (*base)[i]) continue;  // not touched by the user since the expert's mask
        kept += expertMask[i] != now[i];
        expertMask[i] = now[i];  // painted stays painted, erased stays erased
    }
    return kept;
}

void MaskEditor::onStrokeStarted(qint64 slice, bool erase) {
    if (!volume_) return;
    stroke_ = Stroke{slice, erase, sliceMask(slice)};
}

void MaskEditor::onStrokeMoved(qint64 slice, QPointF from, QPointF to) {
    if (!volume_ || !stroke_ || stroke_->slice != slice) return;
    const auto& spacing = viewer_->image().geometry().spacing;
    const double mm = viewer_->view(SliceOrientation::Axial)->brushRadiusMm();
    // Each move paints its segment at once, so the stroke shows while it is drawn; the command
    // is recorded when the button is released.
    mr::edit::paintStroke(volume_->slice(slice), {{from.x(), from.y()}, {to.x(), to.y()}}, mm / spacing[0],
                          mm / spacing[1], stroke_->erase ? 0 : 1, stroke_->erase ? nullptr : allowedPixels(slice));
    refreshViews();
}

void MaskEditor::onStrokeFinished(qint64 slice) {
    if (!volume_ || !stroke_ || stroke_->slice != slice) return;
    const Stroke s = std::move(*stroke_);
    stroke_.reset();
    commit(slice, s.before, s.erase ? tr("Erase") : tr("Brush"));
}

void MaskEditor::onPolygonClosed(qint64 slice, const QPolygonF& polygon, bool fill) {
    if (!volume_) return;
    std::vector<mr::Point> points;
    points.reserve(size_t(polygon.size()));
    for (const QPointF& p : polygon) points.push_back({p.x(), p.y()});
    const std::vector<uint8_t> before = sliceMask(slice);
    mr::edit::fillPolygon(volume_->slice(slice), points, fill ? 1 : 0, fill ? allowedPixels(slice) : nullptr);
    commit(slice, before, fill ? tr("Fill polygon") : tr("Cut polygon"));
}

template <class Op>
void MaskEditor::editCurrentSlice(const QString& name, Op op) {
    if (!volume_) return;
    const int64_t slice = currentSlice();
    const std::vector<uint8_t> before = sliceMask(slice);
    if (op(volume_->slice(slice)) == 0) Q_EMIT message(tr("%1: nothing to change on this slice.").arg(name));
    commit(slice, before, name);
}

void MaskEditor::fillHoles() {
    editCurrentSlice(tr("Fill holes"), [](mr::edit::MaskView m) { return mr::edit::fillHoles(m); });
}

void MaskEditor::keepLargestComponent() {
    editCurrentSlice(tr("Keep largest component"),
                     [](mr::edit::MaskView m) { return mr::edit::keepLargestComponent(m); });
}

void MaskEditor::smooth() {
    const auto& spacing = viewer_->image().geometry().spacing;
    const double radius = std::max(1.0, kSmoothRadiusMm / std::min(spacing[0], spacing[1]));
    editCurrentSlice(tr("Smooth"), [radius](mr::edit::MaskView m) { return mr::edit::smoothMask(m, radius); });
}

void MaskEditor::clearSlice() {
    editCurrentSlice(tr("Clear mask"), [](mr::edit::MaskView m) {
        int64_t changed = 0;
        for (size_t i = 0; i < m.size(); ++i) {
            changed += m.data[i] != 0;
            m.data[i] = 0;
        }
        return changed;
    });
}

}  // namespace mr::app
