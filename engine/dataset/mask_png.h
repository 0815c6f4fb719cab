#pragma once
// The dataset's mask files as the store writes and reads them: 0/255 single-channel PNGs through
// OpenCV (which writes no text chunks), read back as 0/1. Shared by the store's files that hold
// masks (a sample's, a revision's, a reading's).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cv {
class Mat;
}

namespace mr::dataset {

// PNG bytes of an image; `what` names it in the DatasetError when OpenCV cannot encode it.
std::string encodePng(const cv::Mat& image, const std::string& what);
// PNG bytes of a 0/1 mask (any non-zero is foreground) of `width` × `height`, written 0/255.
std::string encodeMaskPng(const std::vector<uint8_t>& mask, int width, int height, const std::string& what);
// A stored mask as 0/1 of `width` × `height`; none when it cannot be read or has another size.
std::optional<std::vector<uint8_t>> readMaskPng(const std::string& path, int width, int height);
// The same, but all zero when `path` is empty, unreadable or of another size (a sample without a mask).
std::vector<uint8_t> maskBitsOf(const std::string& path, int width, int height);

}  // namespace mr::dataset
