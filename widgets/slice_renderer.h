#pragma once
// Draws one slice view from plain data: the image through VTK (nearest neighbour, window/level
// in VTK: the same linear ramp as mr::imaging::displayGray, a negative window inverts), one RGBA
// overlay slice with the label map and the mask (slice_overlay.h), the camera from the view's
// SliceViewport, and the vector annotations over it (slice_annotations.h). It knows nothing of
// mouse input or of the tools.
#include <vtkSmartPointer.h>

#include "engine/imaging/image.h"
#include "engine/imaging/windowing.h"
#include "widgets/slice_overlay.h"
#include "widgets/slice_viewport.h"

class vtkImageData;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkRenderer;

namespace mr::widgets {

class SliceRenderer {
public:
    // Adds the image and overlay props to `renderer` (which must outlive this).
    explicit SliceRenderer(vtkRenderer* renderer);
    ~SliceRenderer();
    SliceRenderer(const SliceRenderer&) = delete;
    SliceRenderer& operator=(const SliceRenderer&) = delete;

    // Shows `image`'s voxels without copying them: the image must stay alive while shown.
    void setImage(mr::imaging::Image& image);
    void setOrientation(SliceOrientation o);
    void setSlice(int64_t slice);
    void setWindow(const mr::imaging::WindowLevel& window, bool inverted);
    // The camera that shows the viewport: parallel projection, radiological orientation.
    void setCamera(const SliceViewport& viewport);
    // The overlay of the viewport's slice (an empty overlay hides it).
    void setOverlay(OverlaySlice overlay, const SliceViewport& viewport);

private:
    vtkRenderer* renderer_;
    vtkSmartPointer<vtkImageData> imageData_;
    vtkSmartPointer<vtkImageSliceMapper> mapper_;
    vtkSmartPointer<vtkImageSlice> baseSlice_;
    vtkSmartPointer<vtkImageData> overlayData_;
    vtkSmartPointer<vtkImageSliceMapper> overlayMapper_;
    vtkSmartPointer<vtkImageSlice> overlaySlice_;
    OverlaySlice overlay_;  // VTK reads its pixels in place
};

// The camera's direction of projection for an orientation: up × right, so that the camera's
// right vector is the screen's left→right axis.
std::array<double, 3> viewDirection(const SliceAxes& ax);

}  // namespace mr::widgets
