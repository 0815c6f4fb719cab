#include "engine/imaging/image_2d_reader.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

#include "engine/imaging/image_read_error.h"

namespace mr::imaging {

namespace {
// One page as the image model wants it: 1 channel of u8/u16/s16/f32, or 3 channels of u8 RGB.
cv::Mat normalise(const cv::Mat& in, std::vector<std::string>& notes) {
    cv::Mat m = in;
    if (m.channels() == 4) {
        cv::cvtColor(m, m, cv::COLOR_BGRA2BGR);
        notes.push_back("alpha channel dropped");
    } else if (m.channels() == 2) {
        std::vector<cv::Mat> planes;
        cv::split(m, planes);
        m = planes[0];
        notes.push_back("alpha channel dropped");
    }
    if (m.channels() == 3) {
        if (m.depth() != CV_8U) {
            double scale = m.depth() == CV_16U ? 1.0 / 257.0 : 1.0;
            if (m.depth() == CV_32F || m.depth() == CV_64F) {
                double lo, hi;
                cv::minMaxLoc(m.reshape(1), &lo, &hi);
                scale = hi > lo ? 255.0 / (hi - lo) : 1.0;
                m.convertTo(m, CV_8U, scale, -lo * scale);
            } else {
                m.convertTo(m, CV_8U, scale);
            }
            notes.push_back("colour reduced to 8 bits per channel");
        }
        cv::cvtColor(m, m, cv::COLOR_BGR2RGB);
        return m;
    }
    switch (m.depth()) {
        case CV_8U:
        case CV_16U:
        case CV_16S:
        case CV_32F: return m;
        case CV_8S: m.convertTo(m, CV_16S); return m;
        default:
            m.convertTo(m, CV_32F);
            notes.push_back("pixels stored as float32");
            return m;
    }
}

PixelType typeOf(const cv::Mat& m) {
    if (m.channels() == 3) return PixelType::Rgb8;
    switch (m.depth()) {
        case CV_8U: return PixelType::UInt8;
        case CV_16U: return PixelType::UInt16;
        case CV_16S: return PixelType::Int16;
        default: return PixelType::Float32;
    }
}
}  // namespace

Image readImage2D(const std::string& path, const mr::CancelToken& cancel) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw ImageReadError(path, "no such file");
    cancel.check();
    const int flags = cv::IMREAD_ANYDEPTH | cv::IMREAD_ANYCOLOR;  // keeps 16 bits; applies EXIF rotation
    std::vector<cv::Mat> pages;
    try {
        std::string ext = std::filesystem::path(path).extension().string();
        for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
        if (ext == ".tif" || ext == ".tiff") cv::imreadmulti(path, pages, flags);
        if (pages.empty()) {
            cv::Mat m = cv::imread(path, flags);
            if (!m.empty()) pages.push_back(m);
        }
    } catch (const cv::Exception& e) {
        throw ImageReadError(path, std::string("cannot decode the image: ") + e.what());
    }
    if (pages.empty() || pages[0].empty())
        throw ImageReadError(path,
                             "not a readable image (PNG, JPEG, BMP or TIFF expected; file damaged or unsupported)");

    std::vector<std::string> notes;
    cv::Mat first = normalise(pages[0], notes);
    std::vector<cv::Mat> slices{first};
    for (size_t i = 1; i < pages.size(); ++i) {
        cv::Mat p = normalise(pages[i], notes);
        if (p.size() != first.size() || p.type() != first.type()) {
            notes.push_back("TIFF pages of other sizes/types ignored");
            break;
        }
        slices.push_back(p);
    }
    Geometry g;
    g.size = {first.cols, first.rows, int64_t(slices.size())};
    Image image(typeOf(first), g);
    const size_t rowBytes = size_t(first.cols) * first.elemSize();
    for (size_t z = 0; z < slices.size(); ++z) {
        cancel.check();
        for (int y = 0; y < first.rows; ++y)
            std::memcpy(image.bytes() + z * image.sliceBytes() + size_t(y) * rowBytes, slices[z].ptr(y), rowBytes);
    }
    Metadata& m = image.metadata();
    m.modality = "OT";
    m.photometric = image.isColor() ? "RGB" : "MONOCHROME2";
    m.seriesDescription = std::filesystem::path(path).filename().string();
    m.source = path;
    std::sort(notes.begin(), notes.end());
    notes.erase(std::unique(notes.begin(), notes.end()), notes.end());
    m.notes = notes;
    return image;
}

}  // namespace mr::imaging
