#include "engine/edit/brush.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"

namespace mr::edit {

namespace {

// Pixel index range [lo, hi] whose centres can lie in [a, b], clipped to [0, n-1]; the clamp in
// double comes first so far-away points cannot overflow the int conversion.
std::pair<int, int> span(double a, double b, int n) {
    double lo = std::clamp(std::ceil(a), 0.0, double(n)), hi = std::clamp(std::floor(b), -1.0, double(n - 1));
    return {int(lo), int(hi)};
}

// Scratch coverage over the stroke's clipped bounding box: segments overlap, and a pixel covered
// twice must count once as changed.
struct Coverage {
    int x0, y0, w, h;
    std::vector<uint8_t> bits;
    void mark(int x, int y) { bits[size_t(y - y0) * size_t(w) + size_t(x - x0)] = 1; }
};

}  // namespace

int64_t paintStroke(MaskView mask, const std::vector<mr::Point>& points, double radiusX, double radiusY,
                    uint8_t value, const uint8_t* allowed) {
    if (points.empty() || mask.width <= 0 || mask.height <= 0) return 0;
    for (const auto& p : points)
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw Error("brush: stroke point is not finite");
    const double rx = std::max(0.0, radiusX), ry = std::max(0.0, radiusY);
    const bool thin = rx < 0.5 || ry < 0.5;
    // Thin strokes also paint the pixels containing the stroke: reach half a pixel further.
    const double reachX = std::max(rx, 0.5), reachY = std::max(ry, 0.5);

    double minX = points[0].x, maxX = minX, minY = points[0].y, maxY = minY;
    for (const auto& p : points) {
        minX = std::min(minX, p.x), maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
    }
    auto [bx0, bx1] = span(minX - reachX, maxX + reachX, mask.width);
    auto [by0, by1] = span(minY - reachY, maxY + reachY, mask.height);
    if (bx0 > bx1 || by0 > by1) return 0;
    Coverage cov{bx0, by0, bx1 - bx0 + 1, by1 - by0 + 1, {}};
    cov.bits.assign(size_t(cov.w) * size_t(cov.h), 0);

    // The ellipse swept along a segment is, after scaling x by 1/rx and y by 1/ry, the unit disc
    // swept along the scaled segment: a pixel is inside when its scaled distance to it is <= 1.
    auto sweep = [&](mr::Point a, mr::Point b) {
        if (rx <= 0 || ry <= 0) return;
        auto [x0, x1] = span(std::min(a.x, b.x) - rx, std::max(a.x, b.x) + rx, mask.width);
        auto [y0, y1] = span(std::min(a.y, b.y) - ry, std::max(a.y, b.y) + ry, mask.height);
        const double dx = (b.x - a.x) / rx, dy = (b.y - a.y) / ry, dd = dx * dx + dy * dy;
        for (int y = y0; y <= y1; ++y) {
            const double py = (y - a.y) / ry;
            for (int x = x0; x <= x1; ++x) {
                const double px = (x - a.x) / rx;
                double t = dd > 0 ? (px * dx + py * dy) / dd : 0.0;
                t = std::clamp(t, 0.0, 1.0);
                const double ex = px - t * dx, ey = py - t * dy;
                if (ex * ex + ey * ey <= 1.0) cov.mark(x, y);
            }
        }
    };
    // The pixel containing a point (ties at pixel edges go to the higher index, like floor(x+0.5)).
    // Structured bindings are copied into the capture: C++17 (and clang) cannot capture them by reference.
    auto markContaining = [&, bx0 = bx0, bx1 = bx1, by0 = by0, by1 = by1](double x, double y) {
        const double fx = std::floor(x + 0.5), fy = std::floor(y + 0.5);
        if (fx >= bx0 && fx <= bx1 && fy >= by0 && fy <= by1) cov.mark(int(fx), int(fy));
    };

    if (points.size() == 1) sweep(points[0], points[0]);
    for (size_t i = 1; i < points.size(); ++i) sweep(points[i - 1], points[i]);
    if (thin) {
        markContaining(points[0].x, points[0].y);
        for (size_t i = 1; i < points.size(); ++i) {
            // Quarter-pixel samples: consecutive marked pixels are always 8-neighbours.
            const auto& a = points[i - 1];
            const auto& b = points[i];
            const double len = std::hypot(b.x - a.x, b.y - a.y);
            const int steps = int(std::min(1e6, std::ceil(len * 4)));
            for (int s = 1; s <= steps; ++s) {
                const double t = double(s) / steps;
                markContaining(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
            }
        }
    }

    const uint8_t v = value ? 1 : 0;
    int64_t changed = 0;
    for (int y = by0; y <= by1; ++y) {
        const uint8_t* c = &cov.bits[size_t(y - by0) * size_t(cov.w)];
        uint8_t* m = &mask.at(bx0, y);
        const uint8_t* ok = allowed ? allowed + size_t(y) * size_t(mask.width) + size_t(bx0) : nullptr;
        for (int i = 0; i < cov.w; ++i) {
            if (!c[i] || (ok && !ok[i]) || (m[i] != 0) == (v != 0)) continue;
            m[i] = v;
            ++changed;
        }
    }
    return changed;
}

}  // namespace mr::edit
