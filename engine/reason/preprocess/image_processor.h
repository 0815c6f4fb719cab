#pragma once
// Qwen2-VL image processor (transformers' Qwen2VLImageProcessor, slow/PIL path): smart resize,
// PIL-exact bicubic resize, rescale (float64 x 1/255 -> float32), normalise with the config's
// mean/std in float32, and patchify into rows of 3 x temporal(2) x 14 x 14 values ordered so that
// each 2x2 block of patches the merger fuses is contiguous. A still image is repeated along time.
#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/reason/preprocess/smart_resize.h"

namespace mr::json {
class Value;
}

namespace mr::reason {

struct ImageProcessorConfig {
    // transformers' defaults; released Qwen2.5-VL folders set max_pixels = 12845056.
    int64_t minPixels = 56 * 56;
    int64_t maxPixels = 28 * 28 * 1280;
    int patchSize = 14;
    int temporalPatchSize = 2;
    int mergeSize = 2;
    std::array<double, 3> imageMean{0.48145466, 0.4578275, 0.40821073};
    std::array<double, 3> imageStd{0.26862954, 0.26130258, 0.27577711};
    bool doResize = true;
    bool doRescale = true;
    double rescaleFactor = 1.0 / 255.0;
    bool doNormalize = true;

    int factor() const { return patchSize * mergeSize; }

    // preprocessor_config.json; min/max pixels from "min_pixels"/"max_pixels" or from "size"
    // ({"min_pixels","max_pixels"} or {"shortest_edge","longest_edge"}). Throws mr::Error naming
    // the file on malformed values.
    static ImageProcessorConfig fromFile(const std::string& path);
    static ImageProcessorConfig fromJson(const mr::json::Value& config,
                                         const std::string& what = "image processor config");
};

struct ProcessedImage {
    torch::Tensor pixelValues;                // float32 [gridT*gridH*gridW, 3*temporal*patch*patch], CPU
    int64_t gridT = 0, gridH = 0, gridW = 0;  // image_grid_thw, in patches
    int resizedWidth = 0, resizedHeight = 0;  // the image the model sees, in pixels
    // Image-pad tokens this image takes in the prompt: t*h*w / merge^2.
    int64_t numImageTokens(int mergeSize) const { return gridT * gridH * gridW / (int64_t(mergeSize) * mergeSize); }
};

// `rgb`: interleaved 8-bit RGB, width*height*3 bytes, rows without padding. Throws ImageSizeError
// (see smartResize) for images that are too small, too large or too elongated.
ProcessedImage processImage(const uint8_t* rgb, int width, int height, const ImageProcessorConfig& config);

// Just the resize step (uint8 RGB of resizedWidth x resizedHeight), for display and tests.
std::vector<uint8_t> resizeForModel(const uint8_t* rgb, int width, int height, const ImageProcessorConfig& config,
                                    ResizedSize* size = nullptr);

}  // namespace mr::reason
