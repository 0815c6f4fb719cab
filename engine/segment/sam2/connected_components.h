#pragma once
// Connected components for SAM 2's post-processing:
//  - fill_holes_in_mask_scores: background components (score <= 0) of at most `maxArea` pixels,
//    8-connected, become 0.1 (the GPU semantics of sam2._C.get_connected_componnets; the CPU
//    build of the original skips this step with a warning);
//  - the CT script's getLargestCC: the largest 26-connected component of a 3-D mask
//    (skimage.measure.label with full connectivity; ties go to the component met first in scan
//    order, as np.argmax over the label counts does).
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace mr::segment::sam2 {

// scores [B, 1, H, W] (any device). Returns the filled scores and, optionally, how many pixels changed.
torch::Tensor fillHolesInMaskScores(const torch::Tensor& scores, int64_t maxArea, int64_t* changedPixels = nullptr);

// mask: depth x height x width bytes (non-zero = foreground), modified in place to keep only the
// largest component. Returns its voxel count (0 for an empty mask, which is left as it is).
int64_t keepLargestComponent3d(std::vector<uint8_t>& mask, int width, int height, int depth);

}  // namespace mr::segment::sam2
