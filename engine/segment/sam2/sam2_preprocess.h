#pragma once
// Model inputs exactly as the original pipelines build them:
//  - SAM2ImagePredictor (SAM2Transforms): ToTensor (uint8 / 255 in float32), Resize((S, S)) with
//    bilinear interpolation and antialias=True (torchvision >= 0.17's default, which MedSAM2
//    requires), Normalize(ImageNet mean, std); the aspect ratio is not kept and nothing is padded;
//  - medsam2_infer_3D_CT.py: every slice through Pillow's Image.resize((S, S)) of the gray slice
//    converted to RGB (BICUBIC, Pillow's default; the Qwen image processor's bit-exact Pillow
//    resize), / 255.0 in float64, minus the float32 mean, divided by the float32 std (in float64),
//    then .float();
//  - prompts: float32 x / W * S (and y / H * S), as both predictors compute them.
#include <torch/torch.h>

#include <cstdint>
#include <utility>

#include "engine/core/raster.h"
#include "engine/segment/sam2/sam2_config.h"
#include "engine/segment/sam_preprocess.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::segment::sam2 {

// [1, 3, S, S] float32 (CPU) for the image predictor.
torch::Tensor imagePredictorInput(const mr::RgbImage& image, const Sam2Config& config);

// The CT script's resized slice: Pillow BICUBIC of a gray 8-bit slice to S x S (one channel;
// the RGB conversion repeats it).
Image8 resizeVolumeSlice(const uint8_t* gray, int width, int height, int imageSize);
// [1, 3, S, S] float32 (CPU) for one 8-bit gray slice, as the CT script prepares it.
torch::Tensor volumeSliceInput(const uint8_t* gray, int width, int height, const Sam2Config& config);

// One prompt coordinate from original pixels to the model frame: float32 v / size * S.
float toModelFrame(double v, int size, int imageSize);

// Both predictors' point input: the box as its two corners (labels 2 and 3) first, then the clicks
// (1 positive, 0 negative), in the model frame of an image of width x height. Returns
// (coords [N, 2] float32, labels [N] int32); N = 0 without box and points.
std::pair<torch::Tensor, torch::Tensor> promptPointTensors(const Prompts& prompts, int width, int height,
                                                           int imageSize);

}  // namespace mr::segment::sam2
