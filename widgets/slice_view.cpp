#include "widgets/slice_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QShowEvent>
#include <QToolTip>
#include <QWheelEvent>

#include <vtkOpenGLShaderCache.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "engine/edit/mask_volume.h"
#include "widgets/large_cursor.h"
#include "widgets/slice_annotations.h"
#include "widgets/slice_renderer.h"

namespace mr::widgets {

using mr::imaging::Image;
using mr::imaging::PixelType;

SliceView::SliceView(QWidget* parent)
    : VtkGlWidget(parent), renderer_(std::make_unique<SliceRenderer>(renderer())), interactions_(this) {
    qRegisterMetaType<mr::widgets::VoxelUnderCursor>();
    connectInteractions();
    setMinimumSize(160, 160);
}

SliceView::~SliceView() = default;

// Intents of the interactions: the tools' are the view's signals, the navigation ones change the view.
void SliceView::connectInteractions() {
    SliceInteractions& i = interactions_;
    connect(i.windowLevel, &WindowLevelInteraction::windowLevelRequested, this, [this](double center, double width) {
        setWindowLevel({center, width});
    });
    connect(i.windowLevel, &WindowLevelInteraction::voxelPicked, this, &SliceView::voxelPicked);
    connect(i.panZoom, &PanZoomInteraction::panRequested, this, &SliceView::setPan);
    connect(i.panZoom, &PanZoomInteraction::zoomRequested, this, &SliceView::setZoom);
    connect(i.scroll, &SliceScrollInteraction::sliceRequested, this, [this](qint64 s) { setSlice(s); });
    connect(i.box, &BoxInteraction::boxDrawn, this, &SliceView::boxDrawn);
    connect(i.point, &PointInteraction::pointPlaced, this, &SliceView::pointPlaced);
    connect(i.brush, &BrushInteraction::strokeStarted, this, &SliceView::strokeStarted);
    connect(i.brush, &BrushInteraction::strokeMoved, this, &SliceView::strokeMoved);
    connect(i.brush, &BrushInteraction::strokeFinished, this, &SliceView::strokeFinished);
    connect(i.brush, &BrushInteraction::radiusChanged, this, &SliceView::brushRadiusChanged);
    connect(i.polygon, &PathInteraction::polygonClosed, this, &SliceView::polygonClosed);
    connect(i.lasso, &PathInteraction::polygonClosed, this, &SliceView::polygonClosed);
    for (SliceInteraction* interaction : i.all())
        connect(interaction, &SliceInteraction::feedbackChanged, this, [this] { update(); });
}

int64_t SliceView::sliceCount() const {
    return image_.empty() ? 0 : image_.geometry().size[size_t(axesOf(orientation_).slice)];
}

SliceViewport SliceView::viewport() const {
    SliceViewport vp;
    if (!image_.empty()) {
        vp.size = image_.geometry().size;
        vp.spacing = image_.geometry().spacing;
    }
    vp.orientation = orientation_;
    vp.slice = slice_;
    vp.zoom = zoom_;
    vp.panMm = panMm_;
    vp.width = width();
    vp.height = height();
    return vp;
}

SliceInput SliceView::input() const { return {viewport(), window_, image_.isColor()}; }

void SliceView::setImage(const Image& image) {
    image_ = image;
    labels_ = Image();
    mask_.reset();
    markers_ = {};
    crosshair_.reset();
    renderer_->setImage(image_);
    inverted_ = false;
    setOrientation(orientation_);
    resetView();
}

void SliceView::setOrientation(SliceOrientation o) {
    orientation_ = o;
    renderer_->setOrientation(o);
    if (image_.empty()) return;
    slice_ = -1;
    const int64_t mid = crosshair_ ? (*crosshair_)[size_t(axesOf(o).slice)] : sliceCount() / 2;
    panMm_ = {0, 0};
    setSlice(mid);
}

void SliceView::setSlice(int64_t index) {
    if (image_.empty()) return;
    index = std::clamp<int64_t>(index, 0, sliceCount() - 1);
    if (index == slice_) return;
    slice_ = index;
    renderer_->setSlice(index);
    updateCamera();
    updateOverlaySlice();
    update();
    Q_EMIT sliceChanged(index);
    if (mousePos_) reportCursor(*mousePos_);  // the voxel under a still cursor changed too
}

void SliceView::setWindowLevel(const mr::imaging::WindowLevel& w) {
    window_ = {w.center, std::max(w.width, 1e-3)};
    renderer_->setWindow(window_, inverted_);
    update();
    Q_EMIT windowLevelChanged(window_.center, window_.width);
}

void SliceView::setInverted(bool inverted) {
    inverted_ = inverted;
    renderer_->setWindow(window_, inverted_);
    update();
}

void SliceView::setZoom(double zoom) {
    zoom_ = std::clamp(zoom, 0.05, 64.0);
    updateCamera();
    update();
}

void SliceView::setPan(QPointF panMm) {
    panMm_ = panMm;
    updateCamera();
    update();
}

void SliceView::resetView() {
    zoom_ = 1.0;
    panMm_ = {0, 0};
    inverted_ = false;
    setWindowLevel(image_.empty() ? mr::imaging::WindowLevel{} : mr::imaging::defaultWindow(image_));
    updateCamera();
    update();
}

void SliceView::centreOn(const std::array<double, 3>& voxel) {
    if (image_.empty()) return;
    setSlice(int64_t(std::lround(voxel[size_t(axesOf(orientation_).slice)])));
    setPan(viewport().panCentring(voxel));
}

void SliceView::resizeGL(int w, int h) {
    VtkGlWidget::resizeGL(w, h);
    updateCamera();
}

void SliceView::updateCamera() { renderer_->setCamera(viewport()); }

double SliceView::millimetresPerPixel() const { return viewport().millimetresPerPixel(); }

QPointF SliceView::widgetPosOfVoxel(const std::array<double, 3>& voxel) const {
    return viewport().widgetPosOfVoxel(voxel);
}

QPointF SliceView::widgetPosOf(double x, double y) const { return viewport().widgetPosOf(x, y); }

std::optional<VoxelUnderCursor> SliceView::voxelAt(QPointF pos) const {
    if (image_.empty()) return std::nullopt;
    const auto idx = viewport().voxelIndexAt(pos);
    if (!image_.contains(idx[0], idx[1], idx[2])) return std::nullopt;
    VoxelUnderCursor v;
    v.x = idx[0];
    v.y = idx[1];
    v.z = idx[2];
    v.patientMm = image_.geometry().indexToPhysical({double(v.x), double(v.y), double(v.z)});
    v.value = image_.value(v.x, v.y, v.z);
    if (image_.isColor())
        for (int c = 0; c < 3; ++c) v.rgb[size_t(c)] = image_.value(v.x, v.y, v.z, c);
    if (!labels_.empty()) v.label = int(labels_.value(v.x, v.y, v.z));
    return v;
}

// ------------------------------------------------------------------ overlays
void SliceView::setLabelMap(const Image& labels, const mr::imaging::LabelTable& table) {
    if (!labels.empty()) {
        if (labels.pixelType() != PixelType::UInt8) throw mr::Error("a label map must hold uint8 labels");
        if (labels.geometry().size != image_.geometry().size)
            throw mr::Error("the label map's dimensions differ from the image's");
    }
    labels_ = labels;
    labelTable_ = table;
    updateOverlaySlice();
    update();
}

void SliceView::setLabelVisible(int value, bool visible) {
    if (value < 0 || size_t(value) >= labelTable_.size()) return;
    labelTable_[size_t(value)].visible = visible;
    updateOverlaySlice();
    update();
}

void SliceView::setOverlayOpacity(double opacity) {
    overlayStyle_.opacity = std::clamp(opacity, 0.0, 1.0);
    updateOverlaySlice();
    update();
}

void SliceView::setOverlayOutline(bool outline) {
    overlayStyle_.outline = outline;
    updateOverlaySlice();
    update();
}

void SliceView::updateOverlaySlice() {
    overlayStale_ = false;
    const SliceViewport vp = viewport();
    if (image_.empty()) return renderer_->setOverlay({}, vp);
    renderer_->setOverlay(
        colourOverlaySlice(vp.size, orientation_, slice_, labels_, labelTable_, overlayStyle_, mask_, style_), vp);
}

void SliceView::setMaskLayer(const std::optional<MaskLayer>& mask) {
    if (mask && mask->volume &&
        (mask->volume->width() != image_.width() || mask->volume->height() != image_.height() ||
         mask->volume->depth() != image_.depth()))
        throw mr::Error("the mask does not match the image's size");
    mask_ = mask;
    refreshMask();
}

void SliceView::refreshMask() {
    // A hidden view (the other planes of the single layout) recolours when it is shown again, not
    // at every brush move.
    if (!isVisible()) {
        overlayStale_ = true;
        return;
    }
    updateOverlaySlice();
    update();
}

void SliceView::showEvent(QShowEvent* e) {
    if (overlayStale_) updateOverlaySlice();
    VtkGlWidget::showEvent(e);
}

void SliceView::setPromptMarkers(const PromptMarkers& markers) {
    markers_ = markers;
    update();
}

void SliceView::clearPromptMarkers() {
    markers_ = {};
    update();
}

void SliceView::setCrosshair(const std::optional<std::array<int64_t, 3>>& voxel) {
    crosshair_ = voxel;
    update();
}

void SliceView::setCrosshairVisible(bool visible) {
    crosshairVisible_ = visible;
    update();
}

void SliceView::paintGL() {
    if (auto* cache = renderWindow()->GetShaderCache()) cache->ReleaseCurrentShader();  // QPainter binds its own
    VtkGlWidget::paintGL();
    if (image_.empty()) {
        paintEmptyHint();
        return;
    }
    const SliceViewport vp = viewport();
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    SliceAnnotations annotations(p, vp, style_);
    // The crosshair through the linked cursor, then the prompts, the active tool's feedback and
    // the texts on top.
    if (crosshair_ && crosshairVisible_) annotations.drawCrosshair(*crosshair_);
    if (!markers_.empty()) annotations.drawPromptMarkers(markers_);
    if (SliceInteraction* tool = toolHere()) tool->paint(p, vp);
    const auto& m = image_.metadata();
    annotations.drawCaption({m.modality, m.seriesDescription, image_.isColor(), inverted_, window_,
                             image_.geometry().direction, m.orientationKnown},
                            font());
}

void SliceView::setEmptyHint(const QString& text) {
    emptyHint_ = text;
    update();
}

void SliceView::paintEmptyHint() {
    if (emptyHint_.isEmpty()) return;
    QPainter p(this);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    p.setFont(f);
    p.setPen(QColor(200, 210, 225));
    const QRect area = rect().adjusted(24, 24, -24, -24);
    p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, emptyHint_);
}

// ------------------------------------------------------------------ tools and interaction
void SliceView::setBrushRadiusMm(double mm) { interactions_.brush->setRadiusMm(mm); }

double SliceView::brushRadiusMm() const { return interactions_.brush->radiusMm(); }

void SliceView::setViewTool(ViewTool tool) {
    grabbed_ = nullptr;
    for (SliceInteraction* i : interactions_.all()) i->cancel();
    tool_ = tool;
    toolInteraction_ = interactions_.forTool(tool);
    applyCursor();
    update();
}

void SliceView::setDisplayStyle(const DisplayStyle& style) {
    style_ = style;
    applyCursor();
    updateOverlaySlice();
    update();
}

void SliceView::applyCursor() {
    const Qt::CursorShape shape = toolInteraction_ ? toolInteraction_->cursor() : Qt::ArrowCursor;
    if (style_.cursorSize > 0) setCursor(largeCursor(shape, style_.cursorSize));
    else setCursor(shape);
}

SliceInteraction* SliceView::toolHere() const {
    return orientation_ == SliceOrientation::Axial && !image_.empty() ? toolInteraction_ : nullptr;
}

void SliceView::mousePressEvent(QMouseEvent* e) {
    e->accept();
    grabbed_ = nullptr;
    if (image_.empty()) return;
    // Middle and right buttons navigate in every tool; the left button belongs to the active tool
    // on axial slices and otherwise changes window/level.
    SliceInteraction* target = nullptr;
    if (e->button() == Qt::MiddleButton || e->button() == Qt::RightButton) target = interactions_.panZoom;
    else if (e->button() == Qt::LeftButton) target = toolHere() ? toolHere() : interactions_.windowLevel;
    if (target && target->press(input(), {e->position(), e->button(), e->modifiers()})) grabbed_ = target;
}

void SliceView::mouseMoveEvent(QMouseEvent* e) {
    const QPointF pos = e->position();
    mousePos_ = pos;
    if (grabbed_) grabbed_->drag(input(), pos);
    else showMarkerTooltip(pos, e->globalPosition().toPoint());
    if (toolInteraction_) toolInteraction_->hover(pos);
    reportCursor(pos);
}

void SliceView::mouseReleaseEvent(QMouseEvent* e) {
    if (SliceInteraction* g = std::exchange(grabbed_, nullptr)) g->release(input(), e->position());
    e->accept();
}

void SliceView::mouseDoubleClickEvent(QMouseEvent* e) {
    if (toolInteraction_ && toolInteraction_->doubleClick(input())) {
        e->accept();
        return;
    }
    mousePressEvent(e);
}

void SliceView::wheelEvent(QWheelEvent* e) {
    // Qt turns a vertical wheel into a horizontal one while Alt is held, and some platforms do so
    // for Shift too: take whichever axis moved.
    const int delta = e->angleDelta().y() != 0 ? e->angleDelta().y() : e->angleDelta().x();
    const int steps = delta / 120 != 0 ? delta / 120 : (delta > 0) - (delta < 0);
    SliceInteraction* target = (e->modifiers() & Qt::ControlModifier) ? interactions_.panZoom
                               : (e->modifiers() & Qt::ShiftModifier)
                                   ? static_cast<SliceInteraction*>(interactions_.brush)
                                   : interactions_.scroll;
    target->wheel(input(), steps);
    reportCursor(e->position());
    e->accept();
}

bool SliceView::event(QEvent* e) {
    // A key the active tool is using now (Esc on a polygon in progress) reaches keyPressEvent
    // instead of triggering a window shortcut bound to the same key.
    if (e->type() == QEvent::ShortcutOverride && toolInteraction_ &&
        toolInteraction_->wantsKey(static_cast<QKeyEvent*>(e)->key())) {
        e->accept();
        return true;
    }
    return VtkGlWidget::event(e);
}

void SliceView::keyPressEvent(QKeyEvent* e) {
    const SliceInput in = input();
    const bool handled =
        (toolInteraction_ && toolInteraction_->key(in, e->key())) || interactions_.scroll->key(in, e->key());
    if (!handled) return VtkGlWidget::keyPressEvent(e);
    e->accept();
}

void SliceView::leaveEvent(QEvent* e) {
    if (toolInteraction_) toolInteraction_->hover(std::nullopt);
    mousePos_.reset();
    Q_EMIT cursorLeftImage();
    VtkGlWidget::leaveEvent(e);
}

void SliceView::reportCursor(QPointF pos) {
    if (auto v = voxelAt(pos)) Q_EMIT cursorOverVoxel(*v);
    else Q_EMIT cursorLeftImage();
}

void SliceView::showMarkerTooltip(QPointF pos, const QPoint& globalPos) {
    if (markers_.empty()) return;
    const QString tip = SliceAnnotations::markerTooltip(viewport(), markers_, pos);
    if (tip.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(globalPos, tip, this);
}

}  // namespace mr::widgets
