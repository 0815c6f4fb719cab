#pragma once
// Image preprocessing exactly as the original SAM and MedSAM pipelines do it, so the model sees
// the same input bytes (standard library only; no libtorch, no OpenCV):
//  - SAM (segment_anything.utils.transforms.ResizeLongestSide): longest side to 1024 with
//    Pillow's BILINEAR resize on uint8 (support-scaled, i.e. antialiased, when shrinking; 22-bit
//    fixed-point coefficients; horizontal pass then vertical, each rounded to uint8), then
//    (x - pixel_mean) / pixel_std in float32 and zero padding to 1024x1024.
//  - MedSAM (MedSAM_Inference.py): skimage.transform.resize(img, (1024,1024), order=3,
//    preserve_range=True, anti_aliasing=True) (scikit-image 0.19 / SciPy 1.10: Gaussian
//    anti-alias with sigma = max(0,(in/out-1)/2), truncate 4, mode 'reflect'; cubic B-spline
//    prefilter along every axis, the channel axis included; grid-mode zoom with 4^3 taps
//    accumulated in SciPy's order; clip to the input range), astype(uint8) (truncation), then
//    min-max to [0,1] in float64, stored as float32.
// All float arithmetic follows the originals' operation order, so results are bit-identical.
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace mr::segment {

// Interleaved row-major 8-bit image with 1..4 channels.
struct Image8 {
    int width = 0, height = 0, channels = 0;
    std::vector<uint8_t> data;
};

// ResizeLongestSide.get_preprocess_shape: (new height, new width).
std::pair<int, int> resizeLongestSideShape(int height, int width, int longSide);

// Pillow Image.resize((outW, outH), BILINEAR) on an 8-bit image (per channel).
Image8 pillowResizeBilinear(const Image8& in, int outW, int outH);

// skimage.transform.resize(image, (outH, outW), order=3, preserve_range=True, anti_aliasing=True,
// mode='reflect', clip=True) for an 8-bit image; float64 HxWxC interleaved.
std::vector<double> skimageResizeCubic(const Image8& in, int outH, int outW);

// numpy .astype(np.uint8) of non-negative values <= 255: truncation.
Image8 truncateToUint8(const std::vector<double>& values, int width, int height, int channels);

// Sam.preprocess: CHW float32 of size padSize x padSize, (x - mean) / std, zero-padded.
std::vector<float> samNormalizeAndPad(const Image8& rgb, const std::array<float, 3>& mean,
                                      const std::array<float, 3>& stdev, int padSize);

// MedSAM: (img - min) / max(max - min, 1e-8) in float64, as CHW float32.
std::vector<float> medsamNormalize(const Image8& rgb);

}  // namespace mr::segment
