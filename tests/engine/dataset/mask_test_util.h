#pragma once
// Masks for the revision and second-reading tests: a rectangle drawn, and a saved PNG read back.
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

namespace mr::dataset::test {

// A width × height mask (16 × 12 by default, the test samples' size) with [x1, x2) × [y1, y2) set.
inline std::vector<uint8_t> rectangle(int x1, int y1, int x2, int y2, int width = 16, int height = 12) {
    std::vector<uint8_t> m(size_t(width * height), 0);
    for (int y = y1; y < y2; ++y)
        for (int x = x1; x < x2; ++x) m[size_t(y * width + x)] = 1;
    return m;
}

// A mask PNG as 0/1 per pixel.
inline std::vector<uint8_t> bitsOf(const std::string& png) {
    const cv::Mat m = cv::imread(png, cv::IMREAD_GRAYSCALE);
    std::vector<uint8_t> bits;
    for (int i = 0; i < m.rows * m.cols; ++i) bits.push_back(m.data[i] ? 1 : 0);
    return bits;
}

}  // namespace mr::dataset::test
