#include "engine/serve/image_codec.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <string>

namespace mr::serve {

namespace {

uint32_t bigEndian(const uint8_t* p, int bytes) {
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v = v << 8 | p[i];
    return v;
}

ImageHeader jpegHeader(const std::vector<uint8_t>& b) {
    size_t i = 2;  // after SOI
    while (i + 4 <= b.size()) {
        if (b[i] != 0xFF) throw ImageCodecError("the JPEG image is malformed (no marker where one is expected)");
        const uint8_t marker = b[i + 1];
        if (marker == 0xFF) {  // fill byte
            ++i;
            continue;
        }
        const uint32_t length = bigEndian(&b[i + 2], 2);
        const bool startOfFrame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (startOfFrame) {
            if (i + 9 > b.size()) break;
            return {int(bigEndian(&b[i + 7], 2)), int(bigEndian(&b[i + 5], 2)), "jpeg"};
        }
        if (length < 2)
            throw ImageCodecError("the JPEG image is malformed (segment length " + std::to_string(length) + ")");
        i += 2 + length;
    }
    throw ImageCodecError("the JPEG image is cut short before its frame header");
}

}  // namespace

std::vector<uint8_t> encodePng(const RgbImageView& image) {
    if (!image.pixels || image.width <= 0 || image.height <= 0) throw ImageCodecError("the image to encode is empty");
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<uint8_t> out;
    // Fast compression: the bytes go over a network once, they are not archived.
    if (!cv::imencode(".png", bgr, out, {cv::IMWRITE_PNG_COMPRESSION, 1}))
        throw ImageCodecError("the image could not be encoded as PNG");
    return out;
}

std::vector<uint8_t> encodeMaskPng(const uint8_t* mask, int width, int height) {
    if (!mask || width <= 0 || height <= 0) throw ImageCodecError("the mask to encode is empty");
    cv::Mat m(height, width, CV_8UC1, const_cast<uint8_t*>(mask));
    cv::Mat out = m != 0;  // 255 where set
    std::vector<uint8_t> bytes;
    if (!cv::imencode(".png", out, bytes)) throw ImageCodecError("the mask could not be encoded as PNG");
    return bytes;
}

ImageHeader readImageHeader(const std::vector<uint8_t>& b) {
    static const uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (b.size() >= 8 && std::memcmp(b.data(), kPng, 8) == 0) {
        if (b.size() < 24 || std::memcmp(&b[12], "IHDR", 4) != 0)
            throw ImageCodecError("the PNG image is cut short before its IHDR header");
        return {int(bigEndian(&b[16], 4) & 0x7FFFFFFF), int(bigEndian(&b[20], 4) & 0x7FFFFFFF), "png"};
    }
    if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return jpegHeader(b);
    throw ImageCodecError("the image is neither PNG nor JPEG");
}

RgbImage decodeImage(const std::vector<uint8_t>& bytes, int64_t maxPixels) {
    const ImageHeader h = readImageHeader(bytes);
    if (h.width <= 0 || h.height <= 0) throw ImageCodecError(std::string("the ") + h.format + " image has no pixels");
    if (int64_t(h.width) * h.height > maxPixels)
        throw ImageCodecError(std::string("the ") + h.format + " image is " + std::to_string(h.width) + "x" +
                              std::to_string(h.height) + ", more than " + std::to_string(maxPixels) + " pixels");
    cv::Mat m;
    try {
        // 8-bit BGR, gray replicated, alpha dropped; EXIF orientation ignored, as PIL's Image.open does.
        m = cv::imdecode(bytes, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    } catch (const cv::Exception& e) {
        throw ImageCodecError(std::string("the ") + h.format + " image does not decode: " + e.what());
    }
    if (m.empty() || m.cols != h.width || m.rows != h.height)
        throw ImageCodecError(std::string("the ") + h.format + " image does not decode");
    cv::cvtColor(m, m, cv::COLOR_BGR2RGB);
    RgbImage out;
    out.width = m.cols;
    out.height = m.rows;
    out.rgb.assign(m.data, m.data + size_t(m.cols) * size_t(m.rows) * 3);
    return out;
}

}  // namespace mr::serve
