#pragma once
// How a slice view lays an index-space volume onto the screen for each orientation, in the
// radiological convention: axial seen from the feet (patient right on screen left, anterior up),
// coronal seen from the front (patient right on screen left, head up), sagittal seen from the
// patient's left (anterior on screen left, head up). Pure arithmetic, so it is exact and testable.
#include <array>
#include <cstdint>

namespace mr::widgets {

enum class SliceOrientation { Axial = 0, Coronal = 1, Sagittal = 2 };

struct SliceAxes {
    int u;      // index axis drawn left to right
    int v;      // index axis drawn top to bottom
    int slice;  // index axis across slices
    int uSign;  // +1: index grows to the right
    int vSign;  // +1: index grows downwards
};

inline SliceAxes axesOf(SliceOrientation o) {
    switch (o) {
        case SliceOrientation::Axial: return {0, 1, 2, +1, +1};
        case SliceOrientation::Coronal: return {0, 2, 1, +1, -1};
        case SliceOrientation::Sagittal: return {1, 2, 0, +1, -1};
    }
    return {0, 1, 2, +1, +1};
}

// Screen letters at the left, right, top and bottom edges for an identity-direction (LPS) volume.
inline std::array<const char*, 4> orientationLetters(SliceOrientation o) {
    switch (o) {
        case SliceOrientation::Axial: return {"R", "L", "A", "P"};
        case SliceOrientation::Coronal: return {"R", "L", "S", "I"};
        case SliceOrientation::Sagittal: return {"A", "P", "S", "I"};
    }
    return {"", "", "", ""};
}

}  // namespace mr::widgets
