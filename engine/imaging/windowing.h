#pragma once
// Window/level: how stored values (HU for CT) become display gray levels. The viewer and the
// models' inputs ("the slice as displayed") both use these functions, so what the reasoner and
// the expert see is exactly what the user sees.
#include <cstdint>
#include <vector>

#include "engine/imaging/image.h"

namespace mr::imaging {

struct WindowLevel {
    double center = 127.5;
    double width = 255;
    bool operator==(const WindowLevel& o) const { return center == o.center && width == o.width; }
};

// The window a reader expects first: the file's first preset, else for CT a brain window for a
// head and a soft-tissue (abdomen) window otherwise, else the full value range (identity for
// 8-bit images).
WindowLevel defaultWindow(const Image& image);

// The presets a reader picks from: the file's, then for CT the standard presets that repeat none
// of them (same name, or same centre and width).
std::vector<WindowPreset> windowPresets(const Image& image);

// Linear ramp from center - width/2 (black) to center + width/2 (white), as DICOM's "LINEAR"
// VOI LUT function (without the legacy half-unit offsets); result in [0, 255].
inline double displayGray(double value, const WindowLevel& w) {
    double width = w.width < 1e-6 ? 1e-6 : w.width;
    double g = (value - (w.center - width / 2)) / width * 255.0;
    return g < 0 ? 0 : (g > 255 ? 255 : g);
}

// One axial slice as interleaved RGB8: gray images through the window (replicated to three
// channels), colour images unchanged.
std::vector<uint8_t> renderSliceRgb(const Image& image, int64_t z, const WindowLevel& window);

}  // namespace mr::imaging
