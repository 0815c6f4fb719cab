#pragma once
// Shared helpers of the mask editing tests: small masks and brute-force references.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/edit/mask_view.h"

namespace mr::edit::test {

using Points = std::vector<mr::Point>;

struct Mask {
    int w = 0, h = 0;
    std::vector<uint8_t> px;
    Mask(int width, int height, uint8_t fill = 0) : w(width), h(height), px(size_t(width) * size_t(height), fill) {}
    MaskView view() { return MaskView{px.data(), w, h}; }
    uint8_t at(int x, int y) const { return px[size_t(y) * size_t(w) + size_t(x)]; }
    void set(int x, int y, uint8_t v = 1) { px[size_t(y) * size_t(w) + size_t(x)] = v; }
    int64_t count() const {
        return std::count_if(px.begin(), px.end(), [](uint8_t v) { return v != 0; });
    }
};

inline Mask randomMask(int w, int h, double density, uint32_t seed) {
    Mask m(w, h);
    std::mt19937 rng(seed);
    std::bernoulli_distribution on(density);
    for (auto& v : m.px) v = on(rng) ? 1 : 0;
    return m;
}

// Even-odd point-in-polygon by crossing number (PNPOLY), written independently of the scanline fill.
inline bool insidePolygon(const Points& poly, double x, double y) {
    bool in = false;
    for (size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
        const auto& a = poly[i];
        const auto& b = poly[j];
        if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

// Pixel centre inside the ellipse of radii (rx, ry) swept from a to b: inside either end ellipse,
// or (in coordinates scaled by 1/rx, 1/ry) projecting onto the segment within unit distance of it.
inline bool insideCapsule(mr::Point a, mr::Point b, double rx, double ry, double x, double y) {
    auto inEllipse = [&](mr::Point c) {
        const double u = (x - c.x) / rx, v = (y - c.y) / ry;
        return u * u + v * v <= 1.0;
    };
    if (inEllipse(a) || inEllipse(b)) return true;
    const double dx = (b.x - a.x) / rx, dy = (b.y - a.y) / ry, len = std::sqrt(dx * dx + dy * dy);
    if (len == 0) return false;
    const double px = (x - a.x) / rx, py = (y - a.y) / ry;
    const double along = (px * dx + py * dy) / len, across = std::abs(px * dy - py * dx) / len;
    return along >= 0 && along <= len && across <= 1.0;
}

}  // namespace mr::edit::test
