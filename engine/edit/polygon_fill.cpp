#include "engine/edit/polygon_fill.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"

namespace mr::edit {

int64_t fillPolygon(MaskView mask, const std::vector<mr::Point>& polygon, uint8_t value,
                    const uint8_t* allowed) {
    const size_t n = polygon.size();
    if (n < 3 || mask.width <= 0 || mask.height <= 0) return 0;
    double minY = polygon[0].y, maxY = minY;
    for (const auto& p : polygon) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw Error("polygon fill: vertex is not finite");
        minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
    }
    // Rows whose centres can be inside, clipped in double first (no int overflow far outside).
    const int y0 = int(std::clamp(std::ceil(minY), 0.0, double(mask.height)));
    const int y1 = int(std::clamp(std::floor(maxY), -1.0, double(mask.height - 1)));

    const uint8_t v = value ? 1 : 0;
    int64_t changed = 0;
    std::vector<double> xs;
    for (int y = y0; y <= y1; ++y) {
        // Scanline crossings; an edge counts for y in [its lower end, its upper end): vertices
        // and horizontal edges are then crossed exactly once or not at all.
        xs.clear();
        for (size_t i = 0, j = n - 1; i < n; j = i++) {
            const auto& a = polygon[j];
            const auto& b = polygon[i];
            if ((a.y <= y) == (b.y <= y)) continue;
            xs.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
        }
        std::sort(xs.begin(), xs.end());
        uint8_t* row = &mask.at(0, y);
        const uint8_t* ok = allowed ? allowed + size_t(y) * size_t(mask.width) : nullptr;
        // Even-odd: the inside is between crossings 0-1, 2-3, ... A centre x is in [xa, xb).
        for (size_t k = 0; k + 1 < xs.size(); k += 2) {
            const int xa = int(std::clamp(std::ceil(xs[k]), 0.0, double(mask.width)));
            const int xb = int(std::clamp(std::ceil(xs[k + 1]), 0.0, double(mask.width)));
            for (int x = xa; x < xb; ++x) {
                if ((ok && !ok[x]) || (row[x] != 0) == (v != 0)) continue;
                row[x] = v;
                ++changed;
            }
        }
    }
    return changed;
}

}  // namespace mr::edit
