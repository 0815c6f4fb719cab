#pragma once
// Promptable segmentation experts: set an image once (the expensive part, cached), then predict
// masks from prompts as often as needed. Standard library only, so every part of the app can
// code against it; the SAM/MedSAM implementation lives in sam_expert.h, the classical OpenCV
// one in classical_expert.h.
//
// Coordinates are original-image pixels (x right, y down). Prompts outside the image are
// CLAMPED to it and a warning is returned in MaskPrediction::warnings; a box that lies entirely
// outside, non-finite numbers, an empty prompt or a wrongly sized previous mask are rejected
// with a SegmentationError.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/core/cancel.h"
#include "engine/core/error.h"
#include "engine/core/raster.h"
#include "engine/nn/device_choice.h"

namespace mr::segment {

class SegmentationError : public mr::Error {
public:
    using mr::Error::Error;
};

using RgbImage = mr::RgbImage;  // CT/MR slices as displayed, i.e. after window/level

struct PointPrompt {
    double x = 0, y = 0;
    bool positive = true;
};

struct Prompts {
    std::optional<mr::Box> box;  // x1, y1, x2, y2
    std::vector<PointPrompt> points;
    std::vector<float> previousLowResMask;  // lowResLogits of an earlier prediction (256x256) or empty
    bool multimask = false;                 // SAM: three candidate masks instead of one
};

struct MaskPrediction {
    int width = 0, height = 0;                      // original image size
    std::vector<std::vector<float>> probabilities;  // per mask, width*height, in [0,1]
    std::vector<std::vector<uint8_t>> masks;        // per mask, width*height, 0/1
    std::vector<float> scores;                      // per mask: predicted quality (SAM: IoU head)
    std::vector<float> lowResLogits;                // best mask, low-res logits (256x256), to feed back
    int lowResSize = 0;                             // side of lowResLogits (256 for SAM)
    int best = 0;                                   // index of the highest score
    std::vector<std::string> warnings;              // e.g. "box clamped to the image"
};

class SegmentationExpert {
public:
    virtual ~SegmentationExpert() = default;
    virtual std::string name() const = 0;
    // Computes and caches what predict() needs (SAM: the image embedding). Throws
    // SegmentationError for an unusable image (smaller than 2x2, wrong buffer size), mr::Cancelled.
    virtual void setImage(const RgbImage& image, const mr::CancelToken& cancel) = 0;
    virtual bool hasImage() const = 0;
    virtual MaskPrediction predict(const Prompts& prompts, const mr::CancelToken& cancel) = 0;
};

enum class SamVariant { Sam, MedSam };

// Loads SAM or MedSAM weights (.safetensors or a torch.save .pth) with sizes read from the
// tensor shapes and, when present, a config.json beside the file (ViT-B/L/H or smaller).
// Throws nn::WeightsError / mr::Error with the reason (missing or mismatched keys listed).
std::unique_ptr<SegmentationExpert> loadSamExpert(const std::string& checkpointPath, SamVariant variant,
                                                  nn::DeviceChoice device = {});

// Shared prompt validation: clamps to [0,width]x[0,height], adds warnings, throws
// SegmentationError for empty / non-finite / entirely-outside prompts.
Prompts checkPrompts(const Prompts& prompts, int width, int height, std::vector<std::string>& warnings);

// Shared image validation (size >= 2x2, buffer size).
void checkImage(const RgbImage& image);

}  // namespace mr::segment
