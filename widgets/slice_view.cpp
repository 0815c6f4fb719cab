#include "widgets/slice_view.h"

#include <QKeyEvent>
#include <QShowEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QWheelEvent>

#include "engine/edit/mask_volume.h"

#include <vtkCamera.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkOpenGLShaderCache.h>
#include <vtkPointData.h>
#include <vtkRenderer.h>
#include <vtkShortArray.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mr::widgets {

using mr::imaging::Image;
using mr::imaging::PixelType;

namespace {
// Wraps the image's voxels for VTK without copying; the Image keeps the buffer alive.
vtkSmartPointer<vtkDataArray> wrapVoxels(Image& image) {
    const vtkIdType n = image.geometry().voxelCount();
    vtkSmartPointer<vtkDataArray> a;
    switch (image.pixelType()) {
        case PixelType::UInt8:
        case PixelType::Rgb8: {
            auto u = vtkSmartPointer<vtkUnsignedCharArray>::New();
            u->SetNumberOfComponents(image.channels());
            u->SetArray(image.data<uint8_t>(), n * image.channels(), 1);
            a = u;
            break;
        }
        case PixelType::Int16: {
            auto s = vtkSmartPointer<vtkShortArray>::New();
            s->SetArray(image.data<int16_t>(), n, 1);
            a = s;
            break;
        }
        case PixelType::UInt16: {
            auto s = vtkSmartPointer<vtkUnsignedShortArray>::New();
            s->SetArray(image.data<uint16_t>(), n, 1);
            a = s;
            break;
        }
        case PixelType::Float32: {
            auto f = vtkSmartPointer<vtkFloatArray>::New();
            f->SetArray(image.data<float>(), n, 1);
            a = f;
            break;
        }
    }
    a->SetName("voxels");
    return a;
}

// The patient-space letter of a direction: the dominant LPS component.
QString letterFor(const std::array<double, 3>& d) {
    int best = 0;
    for (int i = 1; i < 3; ++i)
        if (std::abs(d[size_t(i)]) > std::abs(d[size_t(best)])) best = i;
    const char* pos[] = {"L", "P", "S"};
    const char* neg[] = {"R", "A", "I"};
    return d[size_t(best)] >= 0 ? pos[best] : neg[best];
}

// The camera's direction of projection for an orientation: up × right, so that the camera's
// right vector is the screen's left→right axis.
std::array<double, 3> viewDirection(const SliceAxes& ax) {
    double right[3] = {0, 0, 0}, up[3] = {0, 0, 0};
    right[ax.u] = ax.uSign;
    up[ax.v] = -ax.vSign;
    return {up[1] * right[2] - up[2] * right[1], up[2] * right[0] - up[0] * right[2], up[0] * right[1] - up[1] * right[0]};
}

double niceLength(double mm) {
    for (double n : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0})
        if (n >= mm) return n;
    return 1000.0;
}
}  // namespace

SliceView::SliceView(QWidget* parent) : VtkGlWidget(parent) {
    qRegisterMetaType<mr::widgets::VoxelUnderCursor>();
    imageData_ = vtkImageData::New();
    mapper_ = vtkImageSliceMapper::New();
    mapper_->SetInputData(imageData_);
    baseSlice_ = vtkImageSlice::New();
    baseSlice_->SetMapper(mapper_);
    baseSlice_->GetProperty()->SetInterpolationTypeToNearest();  // voxels stay voxels
    baseSlice_->GetProperty()->SetLayerNumber(0);

    overlayData_ = vtkImageData::New();
    overlayMapper_ = vtkImageSliceMapper::New();
    overlayMapper_->SetInputData(overlayData_);
    overlaySlice_ = vtkImageSlice::New();
    overlaySlice_->SetMapper(overlayMapper_);
    overlaySlice_->GetProperty()->SetInterpolationTypeToNearest();
    overlaySlice_->GetProperty()->SetColorWindow(255);  // RGBA passes through unchanged
    overlaySlice_->GetProperty()->SetColorLevel(127.5);
    overlaySlice_->GetProperty()->SetLayerNumber(1);

    // Two plain props, not a vtkImageStack: a stack adds a depth-only pass per layer, each a full
    // window of rasterisation under llvmpipe. The overlay lies just in front of the image
    // (updateOverlaySlice) and is added second, so it is drawn, blended, over the image.
    baseSlice_->PickableOff();
    baseSlice_->VisibilityOff();
    overlaySlice_->PickableOff();
    overlaySlice_->VisibilityOff();
    renderer()->AddViewProp(baseSlice_);
    renderer()->AddViewProp(overlaySlice_);
    // Slices are unlit (ambient 1, diffuse 0). Without VTK's automatic headlight its shaders
    // skip the per-pixel lighting (same colours, less work per pixel).
    renderer()->AutomaticLightCreationOff();
    renderer()->RemoveAllLights();
    renderer()->SetBackground(0, 0, 0);
    renderer()->GetActiveCamera()->ParallelProjectionOn();
    setMinimumSize(160, 160);
}

SliceView::~SliceView() {
    overlaySlice_->Delete();
    overlayMapper_->Delete();
    overlayData_->Delete();
    baseSlice_->Delete();
    mapper_->Delete();
    imageData_->Delete();
}

int64_t SliceView::sliceCount() const {
    return image_.empty() ? 0 : image_.geometry().size[size_t(axesOf(orientation_).slice)];
}

void SliceView::setImage(const Image& image) {
    image_ = image;
    labels_ = Image();
    mask_.reset();
    markers_ = {};
    crosshair_.reset();
    const auto& g = image_.geometry();
    imageData_->Initialize();
    imageData_->SetDimensions(int(g.size[0]), int(g.size[1]), int(g.size[2]));
    imageData_->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    imageData_->SetOrigin(0, 0, 0);  // the view works in index space scaled by spacing
    imageData_->GetPointData()->SetScalars(wrapVoxels(image_));
    imageData_->Modified();
    baseSlice_->VisibilityOn();
    inverted_ = false;
    setOrientation(orientation_);
    resetView();
}

void SliceView::setOrientation(SliceOrientation o) {
    orientation_ = o;
    const SliceAxes ax = axesOf(o);
    mapper_->SetOrientation(ax.slice);
    overlayMapper_->SetOrientation(ax.slice);
    if (image_.empty()) return;
    slice_ = -1;
    const int64_t mid = crosshair_ ? (*crosshair_)[size_t(ax.slice)] : sliceCount() / 2;
    panMm_ = {0, 0};
    setSlice(mid);
}

void SliceView::setSlice(int64_t index) {
    if (image_.empty()) return;
    index = std::clamp<int64_t>(index, 0, sliceCount() - 1);
    if (index == slice_) return;
    slice_ = index;
    mapper_->SetSliceNumber(int(index));
    updateCamera();
    updateOverlaySlice();
    update();
    Q_EMIT sliceChanged(index);
}

void SliceView::setWindowLevel(const mr::imaging::WindowLevel& w) {
    window_ = {w.center, std::max(w.width, 1e-3)};
    updateLookupTable();
    update();
    Q_EMIT windowLevelChanged(window_.center, window_.width);
}

void SliceView::setInverted(bool inverted) {
    inverted_ = inverted;
    updateLookupTable();
    update();
}

void SliceView::updateLookupTable() {
    // VTK maps level - window/2 .. level + window/2 to black..white, the same ramp as
    // mr::imaging::displayGray(); a negative window inverts it.
    vtkImageProperty* p = baseSlice_->GetProperty();
    p->SetColorLevel(window_.center);
    p->SetColorWindow(inverted_ ? -window_.width : window_.width);
}

void SliceView::setZoom(double zoom) {
    zoom_ = std::clamp(zoom, 0.05, 64.0);
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
    const SliceAxes ax = axesOf(orientation_);
    const auto& g = image_.geometry();
    setSlice(int64_t(std::lround(voxel[size_t(ax.slice)])));
    const double cu = (g.size[size_t(ax.u)] - 1) * g.spacing[size_t(ax.u)] / 2;
    const double cv = (g.size[size_t(ax.v)] - 1) * g.spacing[size_t(ax.v)] / 2;
    panMm_ = {(voxel[size_t(ax.u)] * g.spacing[size_t(ax.u)] - cu) * ax.uSign,
              (voxel[size_t(ax.v)] * g.spacing[size_t(ax.v)] - cv) * ax.vSign};
    updateCamera();
    update();
}

void SliceView::resizeGL(int w, int h) {
    VtkGlWidget::resizeGL(w, h);
    updateCamera();
}

std::array<double, 3> SliceView::sliceCentreMm() const {
    const SliceAxes ax = axesOf(orientation_);
    const auto& g = image_.geometry();
    std::array<double, 3> c{};
    c[size_t(ax.u)] = (g.size[size_t(ax.u)] - 1) * g.spacing[size_t(ax.u)] / 2 + panMm_.x() * ax.uSign;
    c[size_t(ax.v)] = (g.size[size_t(ax.v)] - 1) * g.spacing[size_t(ax.v)] / 2 + panMm_.y() * ax.vSign;
    c[size_t(ax.slice)] = double(slice_) * g.spacing[size_t(ax.slice)];
    return c;
}

double SliceView::millimetresPerPixel() const {
    if (image_.empty() || height() <= 0) return 1;
    const SliceAxes ax = axesOf(orientation_);
    const auto& g = image_.geometry();
    const double uMm = g.size[size_t(ax.u)] * g.spacing[size_t(ax.u)];
    const double vMm = g.size[size_t(ax.v)] * g.spacing[size_t(ax.v)];
    const double aspect = double(width()) / double(height());
    const double parallelScale = std::max(vMm / 2, uMm / 2 / aspect) / zoom_;
    return 2 * parallelScale / height();
}

void SliceView::updateCamera() {
    if (image_.empty() || width() <= 0 || height() <= 0) return;
    const SliceAxes ax = axesOf(orientation_);
    const auto focal = sliceCentreMm();
    double up[3] = {0, 0, 0};
    up[ax.v] = -ax.vSign;
    const std::array<double, 3> dop = viewDirection(ax);
    vtkCamera* cam = renderer()->GetActiveCamera();
    cam->SetFocalPoint(focal[0], focal[1], focal[2]);
    cam->SetPosition(focal[0] - dop[0] * 1000, focal[1] - dop[1] * 1000, focal[2] - dop[2] * 1000);
    cam->SetViewUp(up[0], up[1], up[2]);
    cam->SetParallelScale(millimetresPerPixel() * height() / 2);
    cam->SetClippingRange(1, 2000);
}

QPointF SliceView::widgetPosOfVoxel(const std::array<double, 3>& voxel) const {
    if (image_.empty()) return {};
    const SliceAxes ax = axesOf(orientation_);
    const auto& g = image_.geometry();
    const auto focal = sliceCentreMm();
    const double mmpp = millimetresPerPixel();
    const double du = voxel[size_t(ax.u)] * g.spacing[size_t(ax.u)] - focal[size_t(ax.u)];
    const double dv = voxel[size_t(ax.v)] * g.spacing[size_t(ax.v)] - focal[size_t(ax.v)];
    return {width() / 2.0 + du * ax.uSign / mmpp, height() / 2.0 + dv * ax.vSign / mmpp};
}

QPointF SliceView::widgetPosOf(double x, double y) const {
    return widgetPosOfVoxel({x, y, double(slice_)});
}

std::optional<VoxelUnderCursor> SliceView::voxelAt(QPointF pos) const {
    if (image_.empty()) return std::nullopt;
    const SliceAxes ax = axesOf(orientation_);
    const auto& g = image_.geometry();
    const auto focal = sliceCentreMm();
    const double mmpp = millimetresPerPixel();
    const double uMm = focal[size_t(ax.u)] + (pos.x() - width() / 2.0) * mmpp * ax.uSign;
    const double vMm = focal[size_t(ax.v)] + (pos.y() - height() / 2.0) * mmpp * ax.vSign;
    std::array<int64_t, 3> idx{};
    idx[size_t(ax.u)] = int64_t(std::floor(uMm / g.spacing[size_t(ax.u)] + 0.5));
    idx[size_t(ax.v)] = int64_t(std::floor(vMm / g.spacing[size_t(ax.v)] + 0.5));
    idx[size_t(ax.slice)] = slice_;
    if (!image_.contains(idx[0], idx[1], idx[2])) return std::nullopt;
    VoxelUnderCursor v;
    v.x = idx[0];
    v.y = idx[1];
    v.z = idx[2];
    v.patientMm = g.indexToPhysical({double(v.x), double(v.y), double(v.z)});
    v.value = image_.value(v.x, v.y, v.z);
    if (image_.isColor())
        for (int c = 0; c < 3; ++c) v.rgb[size_t(c)] = image_.value(v.x, v.y, v.z, c);
    if (!labels_.empty()) v.label = int(labels_.value(v.x, v.y, v.z));
    return v;
}

// ------------------------------------------------------------------ label overlay
void SliceView::setLabelMap(const Image& labels, const std::vector<LabelStyle>& styles) {
    if (!labels.empty()) {
        if (labels.pixelType() != PixelType::UInt8) throw mr::Error("a label map must hold uint8 labels");
        if (labels.geometry().size != image_.geometry().size)
            throw mr::Error("the label map's dimensions differ from the image's");
    }
    labels_ = labels;
    styles_ = styles;
    updateOverlaySlice();
    update();
}

void SliceView::setLabelVisible(int value, bool visible) {
    if (value < 0 || size_t(value) >= styles_.size()) return;
    styles_[size_t(value)].visible = visible;
    updateOverlaySlice();
    update();
}

void SliceView::setOverlayOpacity(double opacity) {
    overlayOpacity_ = std::clamp(opacity, 0.0, 1.0);
    updateOverlaySlice();
    update();
}

void SliceView::setOverlayOutline(bool outline) {
    overlayOutline_ = outline;
    updateOverlaySlice();
    update();
}

void SliceView::updateOverlaySlice() {
    overlayStale_ = false;
    if ((labels_.empty() && !mask_) || image_.empty()) {
        overlaySlice_->VisibilityOff();
        return;
    }
    // Only the shown slice is coloured (a few hundred thousand voxels), so style changes and
    // scrolling cost a single pass over one slice.
    const SliceAxes ax = axesOf(orientation_);
    const auto& g = image_.geometry();
    int dims[3] = {int(g.size[0]), int(g.size[1]), int(g.size[2])};
    dims[ax.slice] = 1;
    double origin[3] = {0, 0, 0};
    // A hair in front of the image (towards the camera), so the depth test lets it through;
    // with a parallel projection this moves nothing on screen.
    origin[ax.slice] = double(slice_) * g.spacing[size_t(ax.slice)] - viewDirection(ax)[size_t(ax.slice)] * 0.01;
    overlayData_->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    overlayData_->SetOrigin(origin);
    auto rgba = vtkSmartPointer<vtkUnsignedCharArray>::New();
    rgba->SetNumberOfComponents(4);
    rgba->SetNumberOfTuples(vtkIdType(dims[0]) * dims[1] * dims[2]);
    uint32_t* out = reinterpret_cast<uint32_t*>(rgba->GetPointer(0));

    // One RGBA word per label value, so the loop below is a table lookup per voxel.
    uint32_t lut[256] = {};
    const uint8_t alpha = uint8_t(std::lround((overlayOutline_ ? 1.0 : overlayOpacity_) * 255));
    for (size_t l = 1; l < styles_.size() && l < 256; ++l) {
        const LabelStyle& st = styles_[l];
        if (!st.visible) continue;
        const uint8_t px[4] = {st.r, st.g, st.b, alpha};
        std::memcpy(&lut[l], px, 4);
    }
    // Walk the slice along its screen axes with index strides; the output slice has the same
    // x-fastest order restricted to the two in-plane axes.
    const int64_t stride[3] = {1, g.size[0], g.size[0] * g.size[1]};
    const int64_t nu = g.size[size_t(ax.u)], nv = g.size[size_t(ax.v)];
    const int64_t su = stride[ax.u], sv = stride[ax.v];
    // Output strides: in the 2D overlay the in-plane axes keep their relative order.
    const int64_t ou = ax.u < ax.v ? 1 : nv, ov = ax.u < ax.v ? nu : 1;
    if (labels_.empty()) std::fill(out, out + nu * nv, 0u);
    const uint8_t* lab = labels_.empty() ? nullptr : labels_.data<uint8_t>() + slice_ * stride[ax.slice];
    // `onTop`: only the coloured pixels are written (outlines drawn again over the mask).
    auto paintLabels = [&](bool onTop) {
        for (int64_t b = 0; lab && b < nv; ++b) {
            const uint8_t* row = lab + b * sv;
            uint32_t* orow = out + b * ov;
            for (int64_t a = 0; a < nu; ++a) {
                const uint8_t l = row[a * su];
                uint32_t c = lut[l];
                if (c && overlayOutline_) {
                    const bool inside = a > 0 && a + 1 < nu && b > 0 && b + 1 < nv && row[(a - 1) * su] == l &&
                                        row[(a + 1) * su] == l && row[a * su - sv] == l && row[a * su + sv] == l;
                    if (inside) c = 0;
                }
                if (c || !onTop) orow[a * ou] = c;
            }
        }
    };
    paintLabels(false);
    // The editable mask on top: translucent inside, opaque at its border (in this plane).
    if (mask_ && mask_->volume) {
        const MaskLayer& m = *mask_;
        const mr::edit::MaskVolume& vol = *m.volume;
        const uint8_t inside[4] = {m.r, m.g, m.b, 110}, border[4] = {m.r, m.g, m.b, 255};
        uint32_t insideWord, borderWord;
        std::memcpy(&insideWord, inside, 4);
        std::memcpy(&borderWord, border, 4);
        const int64_t w = vol.width();
        auto maskAt = [&](int64_t a, int64_t b) {
            if (a < 0 || b < 0 || a >= nu || b >= nv) return false;
            int64_t idx[3];
            idx[ax.u] = a;
            idx[ax.v] = b;
            idx[ax.slice] = slice_;
            const uint8_t* s = vol.sliceOrNull(idx[2]);
            return s && s[idx[1] * w + idx[0]] != 0;
        };
        // An axial slice nobody painted costs nothing; other planes cross every slice.
        if (orientation_ != SliceOrientation::Axial || vol.sliceOrNull(slice_)) {
            for (int64_t b = 0; b < nv; ++b)
                for (int64_t a = 0; a < nu; ++a) {
                    if (!maskAt(a, b)) continue;
                    const bool edge = !maskAt(a - 1, b) || !maskAt(a + 1, b) || !maskAt(a, b - 1) || !maskAt(a, b + 1);
                    out[a * ou + b * ov] = edge ? borderWord : insideWord;
                }
        }
    }
    // Outlines stay visible over the mask: a reviewer compares the two.
    if (overlayOutline_ && mask_) paintLabels(true);
    // Hand VTK only the bounding box of the coloured pixels (plus a transparent margin of one
    // voxel, so the box's border texels blend like before): every overlay pixel costs a textured,
    // blended fragment under llvmpipe, and a slice without any is not drawn at all.
    const int i = std::min(ax.u, ax.v), j = std::max(ax.u, ax.v);  // in-plane axes, memory order
    const int64_t ni = g.size[size_t(i)], nj = g.size[size_t(j)];
    int64_t i0 = ni, i1 = -1, j0 = nj, j1 = -1;
    for (int64_t y = 0; y < nj; ++y) {
        const uint32_t* row = out + y * ni;
        int64_t a = 0, b = ni - 1;
        while (a < ni && !row[a]) ++a;
        if (a == ni) continue;
        while (!row[b]) --b;
        i0 = std::min(i0, a), i1 = std::max(i1, b), j0 = std::min(j0, y), j1 = y;
    }
    if (i1 < 0) {
        overlaySlice_->VisibilityOff();
        return;
    }
    i0 = std::max<int64_t>(i0 - 1, 0), j0 = std::max<int64_t>(j0 - 1, 0);
    i1 = std::min(i1 + 1, ni - 1), j1 = std::min(j1 + 1, nj - 1);
    auto box = vtkSmartPointer<vtkUnsignedCharArray>::New();
    box->SetNumberOfComponents(4);
    box->SetNumberOfTuples((i1 - i0 + 1) * (j1 - j0 + 1));
    uint32_t* to = reinterpret_cast<uint32_t*>(box->GetPointer(0));
    for (int64_t y = j0; y <= j1; ++y, to += i1 - i0 + 1) std::memcpy(to, out + y * ni + i0, size_t(i1 - i0 + 1) * 4);
    int extent[6] = {0, 0, 0, 0, 0, 0};  // an extent, not a new origin: voxel positions stay exact
    extent[2 * i] = int(i0), extent[2 * i + 1] = int(i1), extent[2 * j] = int(j0), extent[2 * j + 1] = int(j1);
    overlayData_->SetExtent(extent);
    overlayData_->GetPointData()->SetScalars(box);
    overlayData_->Modified();
    overlayMapper_->SetSliceNumber(0);
    overlaySlice_->VisibilityOn();
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

void SliceView::setBrushRadiusMm(double mm) {
    mm = std::clamp(mm, 0.1, 200.0);
    if (mm == brushRadiusMm_) return;
    brushRadiusMm_ = mm;
    update();
    Q_EMIT brushRadiusChanged(mm);
}

bool isMaskEditTool(ViewTool tool) {
    switch (tool) {
        case ViewTool::Brush:
        case ViewTool::Eraser:
        case ViewTool::PolygonFill:
        case ViewTool::PolygonCut:
        case ViewTool::LassoFill:
        case ViewTool::LassoCut: return true;
        default: return false;
    }
}

void SliceView::setViewTool(ViewTool tool) {
    tool_ = tool;
    editPath_.clear();
    drag_ = Drag::None;
    setCursor(tool == ViewTool::Navigate ? Qt::ArrowCursor
              : (tool == ViewTool::Brush || tool == ViewTool::Eraser) ? Qt::BlankCursor
                                                                       : Qt::CrossCursor);
    update();
}

QPointF SliceView::voxelXYAt(QPointF pos) const {
    const auto& g = image_.geometry();
    const auto focal = sliceCentreMm();
    const double mmpp = millimetresPerPixel();
    return {(focal[0] + (pos.x() - width() / 2.0) * mmpp) / g.spacing[0],
            (focal[1] + (pos.y() - height() / 2.0) * mmpp) / g.spacing[1]};
}

// ------------------------------------------------------------------ markers and crosshair
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
    if (!image_.empty()) drawAnnotations();
}

void SliceView::drawAnnotations() {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const SliceAxes ax = axesOf(orientation_);
    const auto& g = image_.geometry();

    // Crosshair through the linked cursor (drawn in the other views, not at its own slice centre).
    if (crosshair_ && crosshairVisible_) {
        const auto& c = *crosshair_;
        QPointF at = widgetPosOfVoxel({double(c[0]), double(c[1]), double(c[2])});
        QPen pen(QColor(255, 210, 60, 170), 1, Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(0, at.y()), QPointF(width(), at.y()));
        p.drawLine(QPointF(at.x(), 0), QPointF(at.x(), height()));
    }

    // Prompt markers: on their axial slice, or where the current plane cuts them.
    if (!markers_.empty()) {
        const double z = double(markers_.slice);
        const QColor boxColour(76, 224, 179);
        if (markers_.box) {
            const auto& b = *markers_.box;
            p.setPen(QPen(boxColour, 2));
            p.setBrush(Qt::NoBrush);
            if (orientation_ == SliceOrientation::Axial) {
                if (slice_ == markers_.slice)
                    p.drawRect(QRectF(widgetPosOfVoxel({b[0], b[1], z}), widgetPosOfVoxel({b[2], b[3], z})).normalized());
            } else {
                // The box is a segment in a plane that crosses it.
                const int crossAxis = ax.slice;  // 1 (coronal: fixed y) or 0 (sagittal: fixed x)
                const double lo = crossAxis == 1 ? b[1] : b[0], hi = crossAxis == 1 ? b[3] : b[2];
                if (double(slice_) >= lo && double(slice_) <= hi) {
                    std::array<double, 3> a{}, e{};
                    a[size_t(crossAxis)] = e[size_t(crossAxis)] = double(slice_);
                    const int along = crossAxis == 1 ? 0 : 1;
                    a[size_t(along)] = crossAxis == 1 ? b[0] : b[1];
                    e[size_t(along)] = crossAxis == 1 ? b[2] : b[3];
                    a[2] = e[2] = z;
                    p.drawLine(widgetPosOfVoxel(a), widgetPosOfVoxel(e));
                }
            }
        }
        int n = 0;
        for (const auto& pt : markers_.points) {
            ++n;
            const std::array<double, 3> v{pt.x, pt.y, z};
            if (std::abs(v[size_t(ax.slice)] - double(slice_)) > 0.5) continue;
            const QPointF at = widgetPosOfVoxel(v);
            const QColor c = pt.positive ? QColor(255, 95, 109) : QColor(80, 150, 255);
            p.setPen(QPen(Qt::white, 1.5));
            p.setBrush(c);
            p.drawEllipse(at, 6, 6);
            p.setPen(Qt::white);
            p.drawText(at + QPointF(8, -8), QString::number(n));
        }
    }

    if (rubberBand_) {
        p.setPen(QPen(QColor(76, 224, 179), 1.5, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(rubberBand_->normalized());
    }
    drawEditFeedback(p);

    // Corner texts, orientation letters and a scale bar.
    QFont f = font();
    f.setPointSizeF(std::max(8.0, f.pointSizeF()));
    p.setFont(f);
    const QColor text(215, 230, 255);
    auto shadowText = [&](const QRectF& r, int flags, const QString& s) {
        p.setPen(QColor(0, 0, 0, 200));
        p.drawText(r.translated(1, 1), flags, s);
        p.setPen(text);
        p.drawText(r, flags, s);
    };
    const QRectF area = QRectF(rect()).adjusted(8, 6, -8, -6);
    const auto& m = image_.metadata();
    const QString names[] = {tr("Axial"), tr("Coronal"), tr("Sagittal")};
    shadowText(area, Qt::AlignLeft | Qt::AlignTop,
               QString::fromStdString(m.modality + "  " + m.seriesDescription).trimmed());
    shadowText(area, Qt::AlignRight | Qt::AlignTop, names[int(orientation_)]);
    shadowText(area, Qt::AlignLeft | Qt::AlignBottom,
               tr("Slice %1 / %2").arg(slice_ + 1).arg(sliceCount()) + "\n" + tr("Zoom %1%").arg(zoom_ * 100, 0, 'f', 0));
    if (!image_.isColor())
        shadowText(area, Qt::AlignRight | Qt::AlignBottom,
                   (inverted_ ? tr("Inverted") + "\n" : QString()) +
                       tr("W %1  L %2").arg(window_.width, 0, 'f', 0).arg(window_.center, 0, 'f', 0));
    if (g.size[2] > 1 || orientation_ == SliceOrientation::Axial) {
        auto dirOf = [&](int axis, int sign) {
            return std::array<double, 3>{g.direction[size_t(axis)] * sign, g.direction[size_t(3 + axis)] * sign,
                                         g.direction[size_t(6 + axis)] * sign};
        };
        const QString right = letterFor(dirOf(ax.u, ax.uSign)), left = letterFor(dirOf(ax.u, -ax.uSign));
        const QString down = letterFor(dirOf(ax.v, ax.vSign)), up = letterFor(dirOf(ax.v, -ax.vSign));
        shadowText(area, Qt::AlignLeft | Qt::AlignVCenter, left);
        shadowText(area, Qt::AlignRight | Qt::AlignVCenter, right);
        shadowText(area.adjusted(0, p.fontMetrics().height() + 2, 0, 0), Qt::AlignHCenter | Qt::AlignTop, up);
        shadowText(area.adjusted(0, 0, 0, -p.fontMetrics().height() - 2), Qt::AlignHCenter | Qt::AlignBottom, down);
    }
    // Scale bar: a round length near a fifth of the view width.
    const double mmpp = millimetresPerPixel();
    const double mm = niceLength(width() / 5.0 * mmpp);
    const double px = mm / mmpp;
    const double barY = height() - 12.0 - 2 * p.fontMetrics().height();
    const QPointF a(width() / 2.0 - px / 2, barY), b(width() / 2.0 + px / 2, barY);
    p.setPen(QPen(text, 2));
    p.drawLine(a, b);
    p.drawLine(a, a - QPointF(0, 5));
    p.drawLine(b, b - QPointF(0, 5));
    shadowText(QRectF(a.x() - 40, a.y() - 22, px + 80, 18), Qt::AlignHCenter | Qt::AlignBottom,
               tr("%1 mm").arg(mm, 0, 'g', 4));
}

// The brush outline under the cursor and the polygon or lasso being drawn.
void SliceView::drawEditFeedback(QPainter& p) {
    if (orientation_ != SliceOrientation::Axial || !isMaskEditTool(tool_)) return;
    const bool cut = tool_ == ViewTool::Eraser || tool_ == ViewTool::PolygonCut || tool_ == ViewTool::LassoCut;
    const QColor colour = cut ? QColor(255, 150, 80) : QColor(0, 230, 255);
    if ((tool_ == ViewTool::Brush || tool_ == ViewTool::Eraser) && hover_) {
        const double r = brushRadiusMm_ / millimetresPerPixel();
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor(0, 0, 0, 160), 3));
        p.drawEllipse(*hover_, r, r);
        p.setPen(QPen(colour, 1.5));
        p.drawEllipse(*hover_, r, r);
    }
    if (!editPath_.isEmpty()) {
        QPolygonF onScreen;
        for (const QPointF& v : editPath_) onScreen << widgetPosOf(v.x(), v.y());
        if (tool_ == ViewTool::PolygonFill || tool_ == ViewTool::PolygonCut) {
            if (hover_) onScreen << *hover_;  // the edge that the next click will add
            for (const QPointF& q : onScreen.mid(0, editPath_.size())) {
                p.setPen(QPen(colour, 1));
                p.setBrush(colour);
                p.drawEllipse(q, 2.5, 2.5);
            }
        }
        QColor fill = colour;
        fill.setAlpha(50);
        p.setBrush(fill);
        p.setPen(QPen(colour, 1.5, Qt::DashLine));
        p.drawPolygon(onScreen);
    }
}

void SliceView::closePolygon() {
    const QPolygonF path = editPath_;
    editPath_.clear();
    update();
    if (path.size() < 3) return;
    const bool fill = tool_ == ViewTool::PolygonFill || tool_ == ViewTool::LassoFill;
    Q_EMIT polygonClosed(slice_, path, fill);
}

// ------------------------------------------------------------------ interaction
void SliceView::mousePressEvent(QMouseEvent* e) {
    dragStart_ = e->position();
    dragStartWindow_ = window_;
    dragStartZoom_ = zoom_;
    dragStartPan_ = panMm_;
    const bool axial = orientation_ == SliceOrientation::Axial && !image_.empty();
    const QPointF voxel = axial ? voxelXYAt(e->position()) : QPointF();
    if (e->button() == Qt::LeftButton && axial && (tool_ == ViewTool::Brush || tool_ == ViewTool::Eraser)) {
        drag_ = Drag::Stroke;
        lastStrokeVoxel_ = voxel;
        Q_EMIT strokeStarted(slice_, tool_ == ViewTool::Eraser);
        Q_EMIT strokeMoved(slice_, voxel, voxel);
    } else if (e->button() == Qt::LeftButton && axial && (tool_ == ViewTool::LassoFill || tool_ == ViewTool::LassoCut)) {
        drag_ = Drag::Lasso;
        editPath_ = QPolygonF() << voxel;
    } else if (e->button() == Qt::LeftButton && axial &&
               (tool_ == ViewTool::PolygonFill || tool_ == ViewTool::PolygonCut)) {
        editPath_ << voxel;  // a double-click or Enter closes it
        drag_ = Drag::None;
        update();
    } else if (e->button() == Qt::LeftButton && axial && tool_ == ViewTool::Box) {
        drag_ = Drag::Box;
        rubberBand_ = QRectF(e->position(), e->position());
    } else if (e->button() == Qt::LeftButton && axial &&
               (tool_ == ViewTool::PositivePoint || tool_ == ViewTool::NegativePoint)) {
        const QPointF v = voxelXYAt(e->position());
        if (image_.contains(int64_t(std::lround(v.x())), int64_t(std::lround(v.y())), slice_))
            Q_EMIT pointPlaced(slice_, v.x(), v.y(), tool_ == ViewTool::PositivePoint);
        drag_ = Drag::None;
    } else if (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier)) {
        if (auto v = voxelAt(e->position())) Q_EMIT voxelPicked(v->x, v->y, v->z);
        drag_ = Drag::None;
    } else if (e->button() == Qt::LeftButton) {
        drag_ = image_.isColor() ? Drag::None : Drag::WindowLevel;
    } else if (e->button() == Qt::MiddleButton) {
        drag_ = Drag::Pan;
    } else if (e->button() == Qt::RightButton) {
        drag_ = Drag::Zoom;
    }
    e->accept();
}

void SliceView::mouseMoveEvent(QMouseEvent* e) {
    const QPointF pos = e->position();
    const QPointF d = pos - dragStart_;
    switch (drag_) {
        case Drag::WindowLevel: {
            // Right widens the window, down raises the level, scaled to the window so fine and
            // coarse changes are both easy, as in most PACS viewers.
            const double scale = std::max(dragStartWindow_.width, 10.0) / 200.0;
            setWindowLevel({dragStartWindow_.center + d.y() * scale,
                            std::max(1.0, dragStartWindow_.width + d.x() * scale * 2)});
            break;
        }
        case Drag::Pan:
            panMm_ = dragStartPan_ - d * millimetresPerPixel();
            updateCamera();
            update();
            break;
        case Drag::Zoom: setZoom(dragStartZoom_ * std::pow(1.01, -d.y())); break;
        case Drag::Box:
            rubberBand_ = QRectF(dragStart_, pos);
            update();
            break;
        case Drag::Stroke: {
            const QPointF v = voxelXYAt(pos);
            Q_EMIT strokeMoved(slice_, lastStrokeVoxel_, v);
            lastStrokeVoxel_ = v;
            break;
        }
        case Drag::Lasso: {
            const QPointF v = voxelXYAt(pos);
            // Skip sub-pixel jitter: the lasso stays a few hundred points even for slow hands.
            if (QLineF(v, editPath_.last()).length() >= 0.5) editPath_ << v;
            break;
        }
        case Drag::None: showMarkerTooltip(pos, e->globalPosition().toPoint()); break;
    }
    if (isMaskEditTool(tool_)) {
        hover_ = pos;
        update();
    }
    reportCursor(pos);
}

void SliceView::mouseReleaseEvent(QMouseEvent* e) {
    if (drag_ == Drag::Stroke) Q_EMIT strokeFinished(slice_);
    if (drag_ == Drag::Lasso) closePolygon();
    if (drag_ == Drag::Box && rubberBand_) {
        const QRectF r = rubberBand_->normalized();
        rubberBand_.reset();
        update();
        if (r.width() >= 3 && r.height() >= 3) {
            // Clamp to the image: the box may be dragged past its edge.
            QPointF a = voxelXYAt(r.topLeft()), b = voxelXYAt(r.bottomRight());
            const double w = double(image_.width() - 1), h = double(image_.height() - 1);
            a = {std::clamp(a.x(), 0.0, w), std::clamp(a.y(), 0.0, h)};
            b = {std::clamp(b.x(), 0.0, w), std::clamp(b.y(), 0.0, h)};
            if (b.x() > a.x() && b.y() > a.y()) Q_EMIT boxDrawn(slice_, a.x(), a.y(), b.x(), b.y());
        }
    }
    drag_ = Drag::None;
    e->accept();
}

void SliceView::mouseDoubleClickEvent(QMouseEvent* e) {
    if (tool_ == ViewTool::PolygonFill || tool_ == ViewTool::PolygonCut) {
        closePolygon();
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
    if (e->modifiers() & Qt::ControlModifier) setZoom(zoom_ * std::pow(1.15, steps));
    else if (e->modifiers() & Qt::ShiftModifier) setBrushRadiusMm(brushRadiusMm_ * std::pow(1.15, steps));
    else setSlice(slice_ + steps);
    reportCursor(e->position());
    e->accept();
}

void SliceView::keyPressEvent(QKeyEvent* e) {
    const int64_t page = std::max<int64_t>(1, sliceCount() / 10);
    switch (e->key()) {
        case Qt::Key_Up:
        case Qt::Key_Right: setSlice(slice_ + 1); break;
        case Qt::Key_Down:
        case Qt::Key_Left: setSlice(slice_ - 1); break;
        case Qt::Key_PageUp: setSlice(slice_ + page); break;
        case Qt::Key_PageDown: setSlice(slice_ - page); break;
        case Qt::Key_Home: setSlice(0); break;
        case Qt::Key_End: setSlice(sliceCount() - 1); break;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (editPath_.isEmpty()) return VtkGlWidget::keyPressEvent(e);
            closePolygon();
            break;
        case Qt::Key_Escape:
            if (editPath_.isEmpty()) return VtkGlWidget::keyPressEvent(e);
            editPath_.clear();
            update();
            break;
        case Qt::Key_Backspace:
            if (editPath_.isEmpty()) return VtkGlWidget::keyPressEvent(e);
            editPath_.removeLast();
            update();
            break;
        default: VtkGlWidget::keyPressEvent(e); return;
    }
    e->accept();
}

void SliceView::leaveEvent(QEvent* e) {
    if (hover_) {
        hover_.reset();
        update();
    }
    Q_EMIT cursorLeftImage();
    VtkGlWidget::leaveEvent(e);
}

void SliceView::reportCursor(QPointF pos) {
    if (auto v = voxelAt(pos)) Q_EMIT cursorOverVoxel(*v);
    else Q_EMIT cursorLeftImage();
}

void SliceView::showMarkerTooltip(QPointF pos, const QPoint& globalPos) {
    if (markers_.empty()) return;
    const double z = double(markers_.slice);
    const SliceAxes ax = axesOf(orientation_);
    int n = 0;
    for (const auto& pt : markers_.points) {
        ++n;
        const std::array<double, 3> v{pt.x, pt.y, z};
        if (std::abs(v[size_t(ax.slice)] - double(slice_)) > 0.5) continue;
        if (QLineF(widgetPosOfVoxel(v), pos).length() <= 8) {
            const QString kind = pt.positive ? tr("positive point") : tr("negative point");
            QToolTip::showText(globalPos, tr("%1 %2: (%3, %4)").arg(pt.name.isEmpty() ? QString::number(n) : pt.name, kind)
                                              .arg(pt.x, 0, 'f', 1).arg(pt.y, 0, 'f', 1), this);
            return;
        }
    }
    if (markers_.box && orientation_ == SliceOrientation::Axial && slice_ == markers_.slice) {
        const auto& b = *markers_.box;
        QRectF r(widgetPosOfVoxel({b[0], b[1], z}), widgetPosOfVoxel({b[2], b[3], z}));
        r = r.normalized();
        const bool nearEdge = r.adjusted(-5, -5, 5, 5).contains(pos) && !r.adjusted(5, 5, -5, -5).contains(pos);
        if (nearEdge) {
            QToolTip::showText(globalPos, tr("Box: (%1, %2) – (%3, %4)").arg(b[0], 0, 'f', 1).arg(b[1], 0, 'f', 1)
                                              .arg(b[2], 0, 'f', 1).arg(b[3], 0, 'f', 1), this);
            return;
        }
    }
    QToolTip::hideText();
}

}  // namespace mr::widgets
