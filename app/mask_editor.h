#pragma once
// The mask under review and its corrections. It owns a MaskVolume (slices allocated on first
// write) shown in every view, turns the views' tool gestures (brush, eraser, polygon, lasso) and
// the mask operations into edits, and records each user action as one named command on a
// QUndoStack. It also remembers the review: the slice and the expert's first mask, and when the
// review began, so a saved sample can say how much the user changed.
#include <QElapsedTimer>
#include <QObject>
#include <QPolygonF>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "engine/edit/intensity_range.h"

class QUndoStack;

namespace mr::edit {
class MaskPatch;
class MaskVolume;
}  // namespace mr::edit

namespace mr::widgets {
class MultiPlanarView;
}

namespace mr::app {

class MaskEditor : public QObject {
    Q_OBJECT
public:
    explicit MaskEditor(mr::widgets::MultiPlanarView* viewer, QObject* parent = nullptr);
    ~MaskEditor() override;

    QUndoStack* undoStack() const { return stack_; }
    const mr::edit::MaskVolume* volume() const { return volume_.get(); }
    // A copy of one slice's mask (0/1, width*height); zeros without an image.
    std::vector<uint8_t> sliceMask(int64_t slice) const;

    // The review in progress: the slice the expert answered on and its first mask.
    bool hasReview() const { return reviewSlice_.has_value(); }
    int64_t reviewSlice() const { return reviewSlice_.value_or(0); }
    const std::vector<uint8_t>& firstMask() const { return firstMask_; }
    double secondsSinceReviewStarted() const;

    // Painting (brush, polygon and lasso fills) is limited to these values; nullopt: anywhere.
    void setIntensityRange(const std::optional<mr::edit::IntensityRange>& range);
    const std::optional<mr::edit::IntensityRange>& intensityRange() const { return range_; }

    // The expert's answer on a slice becomes that slice's mask as one undoable command.
    // `startsReview`: it is the first mask of a new review (a reasoner's answer, or a first manual
    // prompt): it replaces the slice, the history is cleared and the review clock starts.
    // Otherwise (a refinement) the user's edits since the last expert mask on that slice stay:
    // painted pixels stay painted, erased ones stay erased; a message says how many were kept.
    void applyExpertMask(int64_t slice, const std::vector<uint8_t>& mask, const QString& actionName, bool startsReview);
    // The slice as the last expert mask left it, before the user's later edits (walking the undo
    // history back); nullopt when no expert mask on that slice is in the history.
    std::optional<std::vector<uint8_t>> lastExpertMask(int64_t slice) const;

    // Several slices' new masks (0/1, width*height each) as ONE undoable command, e.g. a mask
    // carried through the volume; unchanged slices are left out. Returns the slices changed; 0
    // (and a message) when a mask does not fit the image or nothing changes.
    int applySliceMasks(const std::vector<std::pair<int64_t, std::vector<uint8_t>>>& masks, const QString& actionName);

    // Used by MaskEditCommand: flips the patch's pixels on a slice and refreshes the views.
    void applyPatch(int64_t slice, const mr::edit::MaskPatch& patch);
    // Used by MaskVolumeEditCommand: the same for many slices, refreshing the views once.
    void applyPatches(const std::vector<std::pair<int64_t, mr::edit::MaskPatch>>& patches);

public Q_SLOTS:
    // A new image: an empty mask volume and an empty history.
    void resetForImage();
    // Mask operations on the slice shown in the axial view; each is one undoable command.
    void fillHoles();
    void keepLargestComponent();
    void smooth();
    void clearSlice();
    void setBrushRadiusMm(double mm);  // every view's brush

Q_SIGNALS:
    void maskChanged(qint64 slice);
    void message(const QString& text);
    void brushRadiusChanged(double mm);

private:
    void onStrokeStarted(qint64 slice, bool erase);
    void onStrokeMoved(qint64 slice, QPointF from, QPointF to);
    void onStrokeFinished(qint64 slice);
    void onPolygonClosed(qint64 slice, const QPolygonF& polygon, bool fill);
    // Records the difference between `before` and the slice now as a command (nothing when equal).
    void commit(int64_t slice, const std::vector<uint8_t>& before, const QString& name, bool fromExpert = false);
    // The expert's new mask with the user's edits since its last one laid over it; the count kept.
    int64_t keepUserEdits(int64_t slice, std::vector<uint8_t>& expertMask) const;
    // Runs `op` on the current axial slice and commits it under `name`.
    template <class Op>
    void editCurrentSlice(const QString& name, Op op);
    const uint8_t* allowedPixels(int64_t slice);
    void refreshViews();
    int64_t currentSlice() const;

    mr::widgets::MultiPlanarView* viewer_;
    QUndoStack* stack_;
    std::shared_ptr<mr::edit::MaskVolume> volume_;
    std::optional<mr::edit::IntensityRange> range_;
    double brushRadiusMm_ = 5;
    std::vector<uint8_t> allowedCache_;  // the intensity limit of allowedSlice_
    int64_t allowedSlice_ = -1;

    struct Stroke {
        int64_t slice = 0;
        bool erase = false;
        std::vector<uint8_t> before;
    };
    std::optional<Stroke> stroke_;

    std::optional<int64_t> reviewSlice_;
    std::vector<uint8_t> firstMask_;
    QElapsedTimer reviewClock_;
};

}  // namespace mr::app
