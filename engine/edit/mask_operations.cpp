#include "engine/edit/mask_operations.h"

#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace mr::edit {

namespace {

// Writes `next` (0/1) into the mask and counts the bytes that change.
int64_t commit(MaskView mask, const uint8_t* next) {
    int64_t changed = 0;
    for (size_t i = 0, n = mask.size(); i < n; ++i) {
        if (mask.data[i] != next[i]) {
            if ((mask.data[i] != 0) != (next[i] != 0)) ++changed;
            mask.data[i] = next[i];
        }
    }
    return changed;
}

}  // namespace

int64_t fillHoles(MaskView mask) {
    const int w = mask.width, h = mask.height;
    if (w <= 0 || h <= 0) return 0;
    // Flood the background from the border; whatever background stays unreached is a hole.
    std::vector<uint8_t> reached(mask.size(), 0);
    std::vector<int64_t> stack;
    auto push = [&](int x, int y) {
        const size_t i = size_t(y) * size_t(w) + size_t(x);
        if (mask.data[i] == 0 && !reached[i]) {
            reached[i] = 1;
            stack.push_back(int64_t(i));
        }
    };
    for (int x = 0; x < w; ++x) push(x, 0), push(x, h - 1);
    for (int y = 0; y < h; ++y) push(0, y), push(w - 1, y);
    while (!stack.empty()) {
        const int64_t i = stack.back();
        stack.pop_back();
        const int x = int(i % w), y = int(i / w);
        if (x > 0) push(x - 1, y);
        if (x + 1 < w) push(x + 1, y);
        if (y > 0) push(x, y - 1);
        if (y + 1 < h) push(x, y + 1);
    }
    std::vector<uint8_t> next(mask.size());
    for (size_t i = 0; i < next.size(); ++i) next[i] = reached[i] ? 0 : 1;
    return commit(mask, next.data());
}

int64_t keepLargestComponent(MaskView mask) {
    const int w = mask.width, h = mask.height;
    if (w <= 0 || h <= 0) return 0;
    // Our own raster-order labelling: it makes "first in raster order" a guarantee rather than a
    // property of whichever algorithm OpenCV picks.
    std::vector<int32_t> label(mask.size(), 0);
    std::vector<int64_t> sizes{0};
    std::vector<int64_t> stack;
    for (size_t start = 0; start < mask.size(); ++start) {
        if (!mask.data[start] || label[start]) continue;
        const int32_t id = int32_t(sizes.size());
        int64_t count = 0;
        label[start] = id;
        stack.push_back(int64_t(start));
        while (!stack.empty()) {
            const int64_t i = stack.back();
            stack.pop_back();
            ++count;
            const int x = int(i % w), y = int(i / w);
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                    const size_t j = size_t(ny) * size_t(w) + size_t(nx);
                    if (mask.data[j] && !label[j]) {
                        label[j] = id;
                        stack.push_back(int64_t(j));
                    }
                }
        }
        sizes.push_back(count);
    }
    int32_t best = 0;
    for (size_t id = 1; id < sizes.size(); ++id)
        if (sizes[id] > sizes[size_t(best)]) best = int32_t(id);  // strict: ties keep the first
    std::vector<uint8_t> next(mask.size());
    for (size_t i = 0; i < next.size(); ++i) next[i] = best && label[i] == best ? 1 : 0;
    return commit(mask, next.data());
}

int64_t smoothMask(MaskView mask, double radiusPixels) {
    if (!(radiusPixels > 0) || mask.width <= 0 || mask.height <= 0) return 0;
    const int k = int(std::min(std::floor(radiusPixels), 4096.0));
    if (k < 1) return 0;  // a disc of radius < 1 is a single pixel: opening and closing are identity
    cv::Mat disc(2 * k + 1, 2 * k + 1, CV_8U);
    for (int y = -k; y <= k; ++y)
        for (int x = -k; x <= k; ++x)
            disc.at<uint8_t>(y + k, x + k) = double(x) * x + double(y) * y <= radiusPixels * radiusPixels ? 1 : 0;
    cv::Mat src(mask.height, mask.width, CV_8U, mask.data), bin, out;
    cv::compare(src, 0, bin, cv::CMP_NE);  // 0/255, whatever the input bytes were
    // OpenCV's default border (max for erode, min for dilate) means the image edge neither eats
    // into nor grows a region that touches it.
    cv::morphologyEx(bin, out, cv::MORPH_OPEN, disc);
    cv::morphologyEx(out, out, cv::MORPH_CLOSE, disc);
    cv::bitwise_and(out, cv::Scalar(1), out);
    return commit(mask, out.ptr<uint8_t>());
}

}  // namespace mr::edit
