#include "engine/segment/sam2/connected_components.h"

#include <stdexcept>

#include "engine/core/error.h"

namespace mr::segment::sam2 {

namespace {

// Labels the 8-connected components of `fg` (H x W) into `labels` (1-based, 0 = background) and
// returns each component's area (index = label).
std::vector<int64_t> label8(const std::vector<uint8_t>& fg, int h, int w, std::vector<int32_t>& labels) {
    labels.assign(fg.size(), 0);
    std::vector<int64_t> areas{0};
    std::vector<int32_t> stack;
    for (int start = 0; start < h * w; ++start) {
        if (!fg[size_t(start)] || labels[size_t(start)]) continue;
        const int32_t id = int32_t(areas.size());
        int64_t area = 0;
        stack.assign(1, start);
        labels[size_t(start)] = id;
        while (!stack.empty()) {
            const int p = stack.back();
            stack.pop_back();
            ++area;
            const int y = p / w, x = p % w;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int yy = y + dy, xx = x + dx;
                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                    const int q = yy * w + xx;
                    if (fg[size_t(q)] && !labels[size_t(q)]) {
                        labels[size_t(q)] = id;
                        stack.push_back(q);
                    }
                }
        }
        areas.push_back(area);
    }
    return areas;
}

}  // namespace

torch::Tensor fillHolesInMaskScores(const torch::Tensor& scores, int64_t maxArea, int64_t* changedPixels) {
    if (scores.dim() != 4 || scores.size(1) != 1) throw mr::Error("fill holes: expected [B, 1, H, W] mask scores");
    torch::Tensor cpu = scores.to(torch::kCPU, torch::kFloat32).contiguous().clone();
    const int h = int(cpu.size(2)), w = int(cpu.size(3));
    int64_t changed = 0;
    std::vector<uint8_t> background(size_t(h) * size_t(w));
    std::vector<int32_t> labels;
    for (int64_t b = 0; b < cpu.size(0); ++b) {
        float* s = cpu[b][0].data_ptr<float>();
        for (size_t i = 0; i < background.size(); ++i) background[i] = s[i] <= 0.0f;
        const std::vector<int64_t> areas = label8(background, h, w, labels);
        for (size_t i = 0; i < background.size(); ++i)
            if (labels[i] > 0 && areas[size_t(labels[i])] <= maxArea) {
                s[i] = 0.1f;
                ++changed;
            }
    }
    if (changedPixels) *changedPixels = changed;
    return cpu.to(scores.device(), scores.scalar_type());
}

int64_t keepLargestComponent3d(std::vector<uint8_t>& mask, int width, int height, int depth) {
    const int64_t plane = int64_t(width) * height, n = plane * depth;
    if (int64_t(mask.size()) != n) throw mr::Error("largest component: mask size does not match the volume");
    // Pass 1: flood every component (marking it 2), remember the largest one's first voxel.
    std::vector<int64_t> stack;
    auto flood = [&](int64_t start, uint8_t from, uint8_t to) {
        int64_t count = 0;
        stack.assign(1, start);
        mask[size_t(start)] = to;
        while (!stack.empty()) {
            const int64_t p = stack.back();
            stack.pop_back();
            ++count;
            const int z = int(p / plane), y = int((p % plane) / width), x = int(p % width);
            for (int dz = -1; dz <= 1; ++dz)
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx) {
                        const int zz = z + dz, yy = y + dy, xx = x + dx;
                        if (zz < 0 || zz >= depth || yy < 0 || yy >= height || xx < 0 || xx >= width) continue;
                        const int64_t q = zz * plane + int64_t(yy) * width + xx;
                        if (mask[size_t(q)] == from) {
                            mask[size_t(q)] = to;
                            stack.push_back(q);
                        }
                    }
        }
        return count;
    };
    for (auto& v : mask) v = v ? 1 : 0;
    int64_t best = 0, bestStart = -1;
    for (int64_t i = 0; i < n; ++i) {
        if (mask[size_t(i)] != 1) continue;
        const int64_t c = flood(i, 1, 2);
        if (c > best) {
            best = c;
            bestStart = i;
        }
    }
    if (bestStart < 0) return 0;
    // Pass 2: the largest component becomes 1 again, the others 0.
    flood(bestStart, 2, 3);
    for (auto& v : mask) v = v == 3 ? 1 : 0;
    return best;
}

}  // namespace mr::segment::sam2
