#include "engine/eval/mask_file.h"

#include <cstdio>
#include <filesystem>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/error.h"
#include "engine/core/files.h"

namespace fs = std::filesystem;

namespace mr::eval {

std::optional<MaskImage> readMaskFile(const std::string& path, std::string& error) {
    std::error_code ec;
    if (path.empty() || !fs::is_regular_file(path, ec)) {
        error = "mask file '" + path + "' not found";
        return std::nullopt;
    }
    cv::Mat m;
    try {
        m = cv::imread(path, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        error = "cannot read mask '" + path + "': " + e.what();
        return std::nullopt;
    }
    if (m.empty()) {
        error = "cannot decode mask '" + path + "'";
        return std::nullopt;
    }
    if (m.channels() > 1) {
        std::vector<cv::Mat> ch;
        cv::split(m, ch);
        m = ch[0].clone();
        for (size_t i = 1; i < ch.size() && i < 3; ++i) m = cv::max(m, ch[i]);
    }
    MaskImage out;
    out.width = m.cols;
    out.height = m.rows;
    out.pixels.resize(size_t(m.cols) * size_t(m.rows));
    cv::Mat nz = m != 0;  // 255 where non-zero, 8-bit
    for (int y = 0; y < m.rows; ++y) {
        const uint8_t* row = nz.ptr<uint8_t>(y);
        for (int x = 0; x < m.cols; ++x) out.pixels[size_t(y) * size_t(m.cols) + size_t(x)] = row[x] ? 1 : 0;
    }
    return out;
}

void writeMaskFile(const std::string& path, const MaskImage& mask) {
    if (mask.width <= 0 || mask.height <= 0 || mask.pixels.size() != size_t(mask.width) * size_t(mask.height))
        throw mr::FileError(path + ": the mask's size does not match its pixels");
    cv::Mat m(mask.height, mask.width, CV_8UC1);
    for (int y = 0; y < mask.height; ++y) {
        uint8_t* row = m.ptr<uint8_t>(y);
        for (int x = 0; x < mask.width; ++x) row[x] = mask.pixels[size_t(y) * size_t(mask.width) + size_t(x)] ? 255 : 0;
    }
    std::vector<uchar> png;
    if (!cv::imencode(".png", m, png)) throw mr::FileError(path + ": cannot encode the mask as PNG");
    mr::writeFileAtomic(path, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
}

std::string fileNameOfId(const std::string& id) {
    std::string name;
    bool plain = !id.empty() && id != "." && id != "..";
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_';
        name += ok ? c : '_';
        plain = plain && ok;
    }
    if (plain) return name;
    uint64_t h = 1469598103934665603ull;  // FNV-1a: stable across runs and machines
    for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return name + "-" + std::string(hex, 8);
}

}  // namespace mr::eval
