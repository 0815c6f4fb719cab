#pragma once
// One slice view of an mr::imaging::Image in a chosen orientation: window/level (left-drag,
// presets), invert, slice scrolling (wheel, Page Up/Down, arrow keys), zoom (Ctrl+wheel,
// right-drag), pan (middle-drag), a label-map overlay, the editable mask, the reasoner's prompts
// as vector markers, a linked crosshair, orientation letters and a scale bar. Holds shared
// references to the voxels.
//
// It is split by responsibility, in the manner of ITK-SNAP's interaction mode → model → renderer:
// this widget keeps the view's state (the model) and routes Qt's events to the interaction of the
// active tool or to the navigation ones (widgets/interactions/), which emit intents that this
// class re-emits or applies; SliceRenderer draws the state (slice_renderer.h, slice_overlay.h,
// slice_annotations.h); SliceViewport is the arithmetic both share (slice_viewport.h).
#include <QPointF>
#include <QPolygonF>

#include <memory>
#include <optional>
#include <vector>

#include "engine/imaging/image.h"
#include "engine/imaging/label_map.h"
#include "engine/imaging/windowing.h"
#include "widgets/display_style.h"
#include "widgets/interactions/slice_interactions.h"
#include "widgets/slice_geometry.h"
#include "widgets/slice_layers.h"
#include "widgets/slice_viewport.h"
#include "widgets/vtk_gl_widget.h"

namespace mr::widgets {

class SliceRenderer;

struct VoxelUnderCursor {
    int64_t x = 0, y = 0, z = 0;
    std::array<double, 3> patientMm{};  // DICOM patient coordinates (LPS)
    double value = 0;                   // first channel
    std::array<double, 3> rgb{};        // colour images
    int label = -1;                     // label map value, -1 without a label map
};

class SliceView : public VtkGlWidget {
    Q_OBJECT
public:
    explicit SliceView(QWidget* parent = nullptr);
    ~SliceView() override;

    void setImage(const mr::imaging::Image& image);
    const mr::imaging::Image& image() const { return image_; }
    bool hasImage() const { return !image_.empty(); }

    void setOrientation(SliceOrientation o);
    SliceOrientation orientation() const { return orientation_; }

    // Shown centred while there is no image (what to open, and how), instead of a black area.
    void setEmptyHint(const QString& text);
    const QString& emptyHint() const { return emptyHint_; }

    // A uint8 label map with the image's dimensions (throws mr::Error otherwise), and its table
    // (index = value; value 0 is never drawn). An empty image removes the overlay.
    void setLabelMap(const mr::imaging::Image& labels, const mr::imaging::LabelTable& table);
    const mr::imaging::Image& labelMap() const { return labels_; }
    const mr::imaging::LabelTable& labelTable() const { return labelTable_; }
    void setLabelVisible(int value, bool visible);
    void setOverlayOpacity(double opacity);  // 0..1
    void setOverlayOutline(bool outline);    // outline instead of filled
    double overlayOpacity() const { return overlayStyle_.opacity; }
    bool overlayOutline() const { return overlayStyle_.outline; }

    // Throws mr::Error when the mask volume's size differs from the image's.
    void setMaskLayer(const std::optional<MaskLayer>& mask);
    const std::optional<MaskLayer>& maskLayer() const { return mask_; }
    void refreshMask();  // the mask volume changed: recolour the shown slice

    // The brush and eraser: a circle of this radius in millimetres (an ellipse of pixels on
    // anisotropic slices). Shift+wheel changes it.
    void setBrushRadiusMm(double mm);
    double brushRadiusMm() const;

    // How prompts, the mask and the pointer look (the everyday or the presentation style).
    void setDisplayStyle(const DisplayStyle& style);
    const DisplayStyle& displayStyle() const { return style_; }

    void setViewTool(ViewTool tool);
    ViewTool promptTool() const { return tool_; }

    void setPromptMarkers(const PromptMarkers& markers);
    void clearPromptMarkers();
    const PromptMarkers& promptMarkers() const { return markers_; }

    // The crosshair marks this voxel (the linked cursor of a multi-view layout).
    void setCrosshair(const std::optional<std::array<int64_t, 3>>& voxel);
    void setCrosshairVisible(bool visible);

    int64_t slice() const { return slice_; }
    int64_t sliceCount() const;
    mr::imaging::WindowLevel windowLevel() const { return window_; }
    bool inverted() const { return inverted_; }
    double zoom() const { return zoom_; }

    // Where the voxels are on screen now (the arithmetic the renderer and the tools share).
    SliceViewport viewport() const;
    // Widget position (logical pixels, as in mouse events) ↔ voxel. voxelAt gives nothing outside
    // the image; widgetPosOf gives the position of the centre of a voxel on the current slice.
    std::optional<VoxelUnderCursor> voxelAt(QPointF widgetPos) const;
    QPointF widgetPosOf(double x, double y) const;  // axial shorthand: (x, y) on this slice
    QPointF widgetPosOfVoxel(const std::array<double, 3>& voxel) const;
    double millimetresPerPixel() const;

public Q_SLOTS:
    void setSlice(int64_t index);
    void setWindowLevel(const mr::imaging::WindowLevel& w);
    void setInverted(bool inverted);
    void setZoom(double zoom);
    void resetView();                                   // fit, centre, default window, not inverted
    void centreOn(const std::array<double, 3>& voxel);  // slice through it, pan to it

Q_SIGNALS:
    void sliceChanged(qint64 index);
    void windowLevelChanged(double center, double width);
    void cursorOverVoxel(const mr::widgets::VoxelUnderCursor& voxel);
    void cursorLeftImage();
    // Shift+click (or a click with the crosshair tool) picks a voxel for linked views.
    void voxelPicked(qint64 x, qint64 y, qint64 z);
    // Prompt tools (axial views): a box dragged or a point clicked, in voxel index coordinates.
    void boxDrawn(qint64 slice, double x1, double y1, double x2, double y2);
    void pointPlaced(qint64 slice, double x, double y, bool positive);
    // Mask tools (axial views), in continuous voxel coordinates (x, y) of the slice: a brush or
    // eraser stroke as it is drawn (the first move has from == to), and a closed polygon or lasso.
    void strokeStarted(qint64 slice, bool erase);
    void strokeMoved(qint64 slice, QPointF from, QPointF to);
    void strokeFinished(qint64 slice);
    void polygonClosed(qint64 slice, const QPolygonF& polygon, bool fill);
    void brushRadiusChanged(double mm);

protected:
    bool event(QEvent* e) override;
    void paintGL() override;
    void resizeGL(int w, int h) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void leaveEvent(QEvent* e) override;
    void showEvent(QShowEvent* e) override;

private:
    void paintEmptyHint();
    void applyCursor();  // the active tool's pointer, in the style's size
    void connectInteractions();
    void setPan(QPointF panMm);
    void updateCamera();
    void updateOverlaySlice();
    void reportCursor(QPointF pos);
    void showMarkerTooltip(QPointF pos, const QPoint& globalPos);
    SliceInput input() const;
    // The active tool's interaction when it applies here (an axial view with an image), else null.
    SliceInteraction* toolHere() const;

    mr::imaging::Image image_;
    mr::imaging::Image labels_;
    mr::imaging::LabelTable labelTable_;
    LabelOverlayStyle overlayStyle_;
    DisplayStyle style_;
    PromptMarkers markers_;
    std::optional<MaskLayer> mask_;
    bool overlayStale_ = false;  // the mask changed while the view was hidden
    std::optional<std::array<int64_t, 3>> crosshair_;
    bool crosshairVisible_ = true;

    SliceOrientation orientation_ = SliceOrientation::Axial;
    QString emptyHint_;
    int64_t slice_ = 0;
    mr::imaging::WindowLevel window_;
    bool inverted_ = false;
    double zoom_ = 1.0;
    QPointF panMm_{0, 0};  // camera offset from the slice centre along (u, v), in mm

    std::unique_ptr<SliceRenderer> renderer_;
    SliceInteractions interactions_;
    ViewTool tool_ = ViewTool::Navigate;
    SliceInteraction* toolInteraction_ = nullptr;  // the active tool's; null for Navigate
    SliceInteraction* grabbed_ = nullptr;          // follows the drag in progress
    std::optional<QPointF> mousePos_;              // the cursor while it is over the view
};

}  // namespace mr::widgets

Q_DECLARE_METATYPE(mr::widgets::VoxelUnderCursor)
