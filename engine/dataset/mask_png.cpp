#include "engine/dataset/mask_png.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/error.h"
#include "engine/dataset/umrg_records.h"

namespace mr::dataset {

std::string encodePng(const cv::Mat& m, const std::string& what) {
    std::vector<uint8_t> buf;
    try {
        if (!cv::imencode(".png", m, buf)) throw DatasetError("cannot encode " + what + " as PNG");
    } catch (const cv::Exception& e) {
        throw DatasetError("cannot encode " + what + " as PNG: " + e.what());
    }
    return std::string(buf.begin(), buf.end());
}

std::string encodeMaskPng(const std::vector<uint8_t>& mask, int w, int h, const std::string& what) {
    if (w <= 0 || h <= 0 || mask.size() != size_t(w) * size_t(h))
        throw DatasetError("cannot encode " + what + ": the mask has " + std::to_string(mask.size()) + " pixels, not " +
                           std::to_string(w) + " x " + std::to_string(h));
    cv::Mat m(h, w, CV_8UC1);
    for (size_t i = 0; i < mask.size(); ++i) m.data[i] = mask[i] ? 255 : 0;
    return encodePng(m, what);
}

std::optional<std::vector<uint8_t>> readMaskPng(const std::string& path, int w, int h) {
    const cv::Mat m = path.empty() ? cv::Mat() : cv::imread(path, cv::IMREAD_GRAYSCALE);
    if (m.cols != w || m.rows != h || !m.isContinuous()) return std::nullopt;
    std::vector<uint8_t> bits(size_t(w) * size_t(h), 0);
    for (size_t i = 0; i < bits.size(); ++i) bits[i] = m.data[i] ? 1 : 0;
    return bits;
}

std::vector<uint8_t> maskBitsOf(const std::string& path, int w, int h) {
    auto bits = readMaskPng(path, w, h);
    return bits ? std::move(*bits) : std::vector<uint8_t>(size_t(w) * size_t(h), 0);
}

}  // namespace mr::dataset
