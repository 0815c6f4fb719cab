#include "widgets/slice_renderer.h"

#include <vtkCamera.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkPointData.h>
#include <vtkRenderer.h>
#include <vtkShortArray.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>

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

}  // namespace

std::array<double, 3> viewDirection(const SliceAxes& ax) {
    double right[3] = {0, 0, 0}, up[3] = {0, 0, 0};
    right[ax.u] = ax.uSign;
    up[ax.v] = -ax.vSign;
    return {up[1] * right[2] - up[2] * right[1], up[2] * right[0] - up[0] * right[2],
            up[0] * right[1] - up[1] * right[0]};
}

SliceRenderer::SliceRenderer(vtkRenderer* renderer)
    : renderer_(renderer),
      imageData_(vtkSmartPointer<vtkImageData>::New()),
      mapper_(vtkSmartPointer<vtkImageSliceMapper>::New()),
      baseSlice_(vtkSmartPointer<vtkImageSlice>::New()),
      overlayData_(vtkSmartPointer<vtkImageData>::New()),
      overlayMapper_(vtkSmartPointer<vtkImageSliceMapper>::New()),
      overlaySlice_(vtkSmartPointer<vtkImageSlice>::New()) {
    mapper_->SetInputData(imageData_);
    // Draw the half voxel beyond the first and last voxel centres too: without the border VTK
    // stops at the centres, and the edge voxels show at half their size.
    mapper_->BorderOn();
    baseSlice_->SetMapper(mapper_);
    baseSlice_->GetProperty()->SetInterpolationTypeToNearest();  // voxels stay voxels
    baseSlice_->GetProperty()->SetLayerNumber(0);

    overlayMapper_->SetInputData(overlayData_);
    overlayMapper_->BorderOn();
    overlaySlice_->SetMapper(overlayMapper_);
    overlaySlice_->GetProperty()->SetInterpolationTypeToNearest();
    overlaySlice_->GetProperty()->SetColorWindow(255);  // RGBA passes through unchanged
    overlaySlice_->GetProperty()->SetColorLevel(127.5);
    overlaySlice_->GetProperty()->SetLayerNumber(1);

    // Two plain props, not a vtkImageStack: a stack adds a depth-only pass per layer, each a full
    // window of rasterisation under llvmpipe. The overlay lies just in front of the image
    // (setOverlay) and is added second, so it is drawn, blended, over the image.
    baseSlice_->PickableOff();
    baseSlice_->VisibilityOff();
    overlaySlice_->PickableOff();
    overlaySlice_->VisibilityOff();
    renderer_->AddViewProp(baseSlice_);
    renderer_->AddViewProp(overlaySlice_);
    // Slices are unlit (ambient 1, diffuse 0). Without VTK's automatic headlight its shaders
    // skip the per-pixel lighting (same colours, less work per pixel).
    renderer_->AutomaticLightCreationOff();
    renderer_->RemoveAllLights();
    renderer_->SetBackground(0, 0, 0);
    renderer_->GetActiveCamera()->ParallelProjectionOn();
}

// The props stay with the VTK renderer, which releases their OpenGL resources with its context.
SliceRenderer::~SliceRenderer() = default;

void SliceRenderer::setImage(Image& image) {
    const auto& g = image.geometry();
    imageData_->Initialize();
    imageData_->SetDimensions(int(g.size[0]), int(g.size[1]), int(g.size[2]));
    imageData_->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    imageData_->SetOrigin(0, 0, 0);  // the view works in index space scaled by spacing
    imageData_->GetPointData()->SetScalars(wrapVoxels(image));
    imageData_->Modified();
    baseSlice_->VisibilityOn();
}

void SliceRenderer::setOrientation(SliceOrientation o) {
    const SliceAxes ax = axesOf(o);
    mapper_->SetOrientation(ax.slice);
    overlayMapper_->SetOrientation(ax.slice);
}

void SliceRenderer::setSlice(int64_t slice) { mapper_->SetSliceNumber(int(slice)); }

void SliceRenderer::setWindow(const mr::imaging::WindowLevel& window, bool inverted) {
    // VTK maps level - window/2 .. level + window/2 to black..white, the same ramp as
    // mr::imaging::displayGray(); a negative window inverts it.
    vtkImageProperty* p = baseSlice_->GetProperty();
    p->SetColorLevel(window.center);
    p->SetColorWindow(inverted ? -window.width : window.width);
}

void SliceRenderer::setCamera(const SliceViewport& vp) {
    if (vp.empty() || vp.width <= 0 || vp.height <= 0) return;
    const SliceAxes ax = vp.axes();
    const auto focal = vp.focalMm();
    double up[3] = {0, 0, 0};
    up[ax.v] = -ax.vSign;
    const std::array<double, 3> dop = viewDirection(ax);
    vtkCamera* cam = renderer_->GetActiveCamera();
    cam->SetFocalPoint(focal[0], focal[1], focal[2]);
    cam->SetPosition(focal[0] - dop[0] * 1000, focal[1] - dop[1] * 1000, focal[2] - dop[2] * 1000);
    cam->SetViewUp(up[0], up[1], up[2]);
    cam->SetParallelScale(vp.millimetresPerPixel() * vp.height / 2);
    cam->SetClippingRange(1, 2000);
}

void SliceRenderer::setOverlay(OverlaySlice overlay, const SliceViewport& vp) {
    if (overlay.empty() || vp.empty()) {
        overlaySlice_->VisibilityOff();  // the pixels VTK holds stay alive until they are replaced
        return;
    }
    overlay_ = std::move(overlay);
    const SliceAxes ax = vp.axes();
    double origin[3] = {0, 0, 0};
    // A hair in front of the image (towards the camera), so the depth test lets it through;
    // with a parallel projection this moves nothing on screen.
    origin[ax.slice] = double(vp.slice) * vp.spacing[size_t(ax.slice)] - viewDirection(ax)[size_t(ax.slice)] * 0.01;
    overlayData_->SetSpacing(vp.spacing[0], vp.spacing[1], vp.spacing[2]);
    overlayData_->SetOrigin(origin);
    auto rgba = vtkSmartPointer<vtkUnsignedCharArray>::New();
    rgba->SetNumberOfComponents(4);
    rgba->SetArray(reinterpret_cast<unsigned char*>(overlay_.rgba.data()), vtkIdType(overlay_.rgba.size()) * 4, 1);
    overlayData_->SetExtent(overlay_.extent.data());
    overlayData_->GetPointData()->SetScalars(rgba);
    overlayData_->Modified();
    overlayMapper_->SetSliceNumber(0);
    overlaySlice_->VisibilityOn();
}

}  // namespace mr::widgets
