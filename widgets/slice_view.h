#pragma once
// One slice view of an mr::imaging::Image in a chosen orientation, rendered by VTK: window/level
// (left-drag, presets), invert, slice scrolling (wheel, Page Up/Down, arrow keys), zoom (Ctrl+wheel,
// right-drag), pan (middle-drag), a label-map overlay, the reasoner's prompts as vector markers,
// a linked crosshair, orientation letters and a scale bar. Holds shared references to the voxels.
#include <QPointF>
#include <QPolygonF>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include "engine/imaging/image.h"
#include "engine/imaging/windowing.h"
#include "widgets/slice_geometry.h"
#include "widgets/vtk_gl_widget.h"

class QPainter;
class vtkImageData;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkLookupTable;

namespace mr::edit {
class MaskVolume;
}

namespace mr::widgets {

struct VoxelUnderCursor {
    int64_t x = 0, y = 0, z = 0;
    std::array<double, 3> patientMm{};  // DICOM patient coordinates (LPS)
    double value = 0;                   // first channel
    std::array<double, 3> rgb{};        // colour images
    int label = -1;                     // label map value, -1 without a label map
};

struct LabelStyle {
    QString name;
    uint8_t r = 255, g = 0, b = 0;
    bool visible = true;
};

// The reasoner's (or the user's) prompts, in voxel index coordinates of one axial slice.
struct PromptMarkers {
    int64_t slice = 0;
    std::optional<std::array<double, 4>> box;  // x1, y1, x2, y2
    struct Point {
        double x = 0, y = 0;
        bool positive = true;
        QString name;  // shown in the tooltip, e.g. "points_1"
    };
    std::vector<Point> points;
    bool empty() const { return !box && points.empty(); }
};

// The editable binary mask (the expert's answer and the user's corrections), drawn over the image
// in its own colour in every orientation. The view reads the volume; its owner edits it and calls
// SliceView::refreshMask().
struct MaskLayer {
    std::shared_ptr<const mr::edit::MaskVolume> volume;  // the image's width × height × depth
    uint8_t r = 0, g = 230, b = 255;
};

// What a left-button action does on an axial slice: navigate (window/level), place prompts for the
// expert, or edit the mask (brush, eraser, click-by-click polygon, freehand lasso; fill or cut).
enum class ViewTool { Navigate, Box, PositivePoint, NegativePoint, Brush, Eraser, PolygonFill, PolygonCut, LassoFill, LassoCut };
bool isMaskEditTool(ViewTool tool);

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

    // A uint8 label map with the image's dimensions (throws mr::Error otherwise), and one style
    // per label value (index = value; value 0 is never drawn). An empty image removes the overlay.
    void setLabelMap(const mr::imaging::Image& labels, const std::vector<LabelStyle>& styles);
    const mr::imaging::Image& labelMap() const { return labels_; }
    void setLabelVisible(int value, bool visible);
    void setOverlayOpacity(double opacity);  // 0..1
    void setOverlayOutline(bool outline);    // outline instead of filled
    double overlayOpacity() const { return overlayOpacity_; }
    bool overlayOutline() const { return overlayOutline_; }
    const std::vector<LabelStyle>& labelStyles() const { return styles_; }

    // Throws mr::Error when the mask volume's size differs from the image's.
    void setMaskLayer(const std::optional<MaskLayer>& mask);
    const std::optional<MaskLayer>& maskLayer() const { return mask_; }
    void refreshMask();  // the mask volume changed: recolour the shown slice

    // The brush and eraser: a circle of this radius in millimetres (an ellipse of pixels on
    // anisotropic slices). Shift+wheel changes it.
    void setBrushRadiusMm(double mm);
    double brushRadiusMm() const { return brushRadiusMm_; }

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

    // Widget position (logical pixels, as in mouse events) ↔ voxel. voxelAt gives nothing outside
    // the image; widgetPosOf gives the position of the centre of a voxel on the current slice.
    std::optional<VoxelUnderCursor> voxelAt(QPointF widgetPos) const;
    QPointF widgetPosOf(double x, double y) const;             // axial shorthand: (x, y) on this slice
    QPointF widgetPosOfVoxel(const std::array<double, 3>& voxel) const;
    double millimetresPerPixel() const;

public Q_SLOTS:
    void setSlice(int64_t index);
    void setWindowLevel(const mr::imaging::WindowLevel& w);
    void setInverted(bool inverted);
    void setZoom(double zoom);
    void resetView();  // fit, centre, default window, not inverted
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
    void updateCamera();
    void updateOverlaySlice();
    void updateLookupTable();
    void drawAnnotations();
    void drawEditFeedback(QPainter& p);
    void closePolygon();
    void reportCursor(QPointF pos);
    void showMarkerTooltip(QPointF pos, const QPoint& globalPos);
    std::array<double, 3> sliceCentreMm() const;

    mr::imaging::Image image_;
    mr::imaging::Image labels_;
    std::vector<LabelStyle> styles_;
    double overlayOpacity_ = 0.45;
    bool overlayOutline_ = false;
    PromptMarkers markers_;
    std::optional<MaskLayer> mask_;
    ViewTool tool_ = ViewTool::Navigate;
    std::optional<QRectF> rubberBand_;  // widget coordinates while a box is dragged
    double brushRadiusMm_ = 5;
    bool overlayStale_ = false;  // the mask changed while the view was hidden
    std::optional<QPointF> hover_;  // widget position of the cursor, for the brush outline
    QPolygonF editPath_;            // voxel (x, y) of the polygon or lasso being drawn
    QPointF lastStrokeVoxel_;
    std::optional<std::array<int64_t, 3>> crosshair_;
    bool crosshairVisible_ = true;

    vtkImageData* imageData_ = nullptr;
    vtkImageSliceMapper* mapper_ = nullptr;
    vtkImageSlice* baseSlice_ = nullptr;
    vtkLookupTable* grayLut_ = nullptr;
    vtkImageData* overlayData_ = nullptr;
    vtkImageSliceMapper* overlayMapper_ = nullptr;
    vtkImageSlice* overlaySlice_ = nullptr;

    SliceOrientation orientation_ = SliceOrientation::Axial;
    int64_t slice_ = 0;
    mr::imaging::WindowLevel window_;
    bool inverted_ = false;
    double zoom_ = 1.0;
    QPointF panMm_{0, 0};  // camera offset from the slice centre along (u, v), in mm

    enum class Drag { None, WindowLevel, Pan, Zoom, Box, Stroke, Lasso };
    // Continuous voxel coordinates (x, y) of a widget position on the current axial slice.
    QPointF voxelXYAt(QPointF widgetPos) const;
    Drag drag_ = Drag::None;
    QPointF dragStart_;
    mr::imaging::WindowLevel dragStartWindow_;
    double dragStartZoom_ = 1;
    QPointF dragStartPan_;
};

}  // namespace mr::widgets

Q_DECLARE_METATYPE(mr::widgets::VoxelUnderCursor)
