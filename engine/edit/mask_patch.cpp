#include "engine/edit/mask_patch.h"

#include <algorithm>
#include <string>

#include "engine/core/error.h"

namespace mr::edit {

namespace {

void putVarint(std::vector<uint8_t>& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(uint8_t(v | 0x80));
        v >>= 7;
    }
    out.push_back(uint8_t(v));
}

uint64_t getVarint(const uint8_t*& p) {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
        const uint8_t b = *p++;
        v |= uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
}

}  // namespace

MaskPatch MaskPatch::between(const uint8_t* before, const uint8_t* after, int width, int height) {
    if (width < 0 || height < 0)
        throw Error("mask patch: negative size " + std::to_string(width) + "x" + std::to_string(height));
    MaskPatch p;
    p.width_ = width;
    p.height_ = height;
    const size_t w = size_t(width);
    auto flipped = [&](size_t i) { return (before[i] != 0) != (after[i] != 0); };

    // Bounding rectangle of the flips.
    int minX = width, maxX = -1, minY = height, maxY = -1;
    for (int y = 0; y < height; ++y) {
        const size_t row = size_t(y) * w;
        int first = -1, last = -1;
        for (int x = 0; x < width; ++x)
            if (flipped(row + size_t(x))) {
                if (first < 0) first = x;
                last = x;
            }
        if (first < 0) continue;
        minX = std::min(minX, first), maxX = std::max(maxX, last);
        minY = std::min(minY, y), maxY = y;
    }
    if (maxY < 0) return p;  // nothing changed
    p.x0_ = minX, p.y0_ = minY, p.boxWidth_ = maxX - minX + 1, p.boxHeight_ = maxY - minY + 1;

    // Runs over the rectangle in raster order, starting with an (possibly empty) unchanged run;
    // the last run is dropped when unchanged, since the rectangle's size implies it.
    bool state = false;
    uint64_t run = 0;
    for (int y = minY; y <= maxY; ++y) {
        const size_t row = size_t(y) * w;
        for (int x = minX; x <= maxX; ++x) {
            const bool f = flipped(row + size_t(x));
            if (f != state) {
                putVarint(p.runs_, run);
                state = f;
                run = 0;
            }
            ++run;
            p.changed_ += f ? 1 : 0;
        }
    }
    if (state) putVarint(p.runs_, run);
    p.runs_.shrink_to_fit();
    return p;
}

void MaskPatch::apply(MaskView mask) const {
    if (mask.width != width_ || mask.height != height_)
        throw Error("mask patch: made for a " + std::to_string(width_) + "x" + std::to_string(height_) +
                    " slice, applied to " + std::to_string(mask.width) + "x" + std::to_string(mask.height));
    if (runs_.empty()) return;
    const uint8_t* p = runs_.data();
    const uint8_t* end = p + runs_.size();
    // Position inside the rectangle, advanced run by run; changed runs may span rows.
    uint64_t pos = 0;
    const uint64_t bw = uint64_t(boxWidth_);
    bool changedRun = false;
    while (p < end) {
        uint64_t run = getVarint(p);
        if (changedRun) {
            while (run > 0) {
                const uint64_t ry = pos / bw, rx = pos % bw;
                const uint64_t take = std::min(run, bw - rx);
                uint8_t* q = &mask.at(x0_ + int(rx), y0_ + int(ry));
                for (uint64_t i = 0; i < take; ++i) q[i] = q[i] ? 0 : 1;
                pos += take;
                run -= take;
            }
        } else {
            pos += run;
        }
        changedRun = !changedRun;
    }
}

}  // namespace mr::edit
