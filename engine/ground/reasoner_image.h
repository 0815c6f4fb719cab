#pragma once
// The exact picture the reasoner (and the expert) are shown: for CT/MR and other gray images the
// current slice rendered through the current window/level (what the user sees), for colour
// photographs the original pixels. The grounding result keeps it, so a trace can always be
// replayed or checked against the image it was made from.
#include <cstdint>
#include <optional>
#include <string>

#include "engine/imaging/image.h"
#include "engine/imaging/windowing.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::ground {

enum class ImageKind {
    SliceAsDisplayed,  // a gray slice through a window (CT, MR, X-ray, gray pictures)
    OriginalColour,    // an RGB picture, unchanged
};
const char* imageKindName(ImageKind kind);  // "slice_as_displayed", "original_colour"

struct ReasonerImage {
    ImageKind kind = ImageKind::OriginalColour;
    segment::RgbImage rgb;                       // interleaved RGB8, exactly what the models saw
    int64_t slice = 0;                           // index of the slice in its volume (0 for a 2D picture)
    std::optional<imaging::WindowLevel> window;  // SliceAsDisplayed only
    std::string source;                          // file or folder it came from, when known

    // "slice 12 as displayed, window C/W 40/400" or "original colour".
    std::string describe() const;
};

// Renders slice `z` of `image` (checked: throws mr::Error when outside the volume or the image is
// empty). Colour images are taken as they are; gray ones go through `window` (default:
// imaging::defaultWindow(image)).
ReasonerImage reasonerImageFromSlice(const imaging::Image& image, int64_t z,
                                     std::optional<imaging::WindowLevel> window = std::nullopt);

// Reads a file (2D picture, DICOM, NIfTI; see imaging::readImage) and renders slice `z` (default: the
// middle slice) as reasonerImageFromSlice does. Throws imaging::ImageReadError / mr::Error.
ReasonerImage readReasonerImage(const std::string& path, std::optional<int64_t> z = std::nullopt,
                                std::optional<imaging::WindowLevel> window = std::nullopt,
                                const mr::CancelToken& cancel = {});

// A 64-bit FNV-1a hash of the size and pixels, as a hex string: the default key for the expert's
// embedding cache when the caller gives none.
std::string imageContentKey(const segment::RgbImage& image);

}  // namespace mr::ground
