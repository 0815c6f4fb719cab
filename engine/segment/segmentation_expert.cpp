#include "engine/segment/segmentation_expert.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace mr::segment {

void checkImage(const RgbImage& image) {
    if (image.width < 2 || image.height < 2)
        throw SegmentationError("image is " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                                "; segmentation needs at least 2x2 pixels");
    if (image.rgb.size() != size_t(image.width) * size_t(image.height) * 3)
        throw SegmentationError("image buffer holds " + std::to_string(image.rgb.size()) + " bytes, expected " +
                                std::to_string(size_t(image.width) * size_t(image.height) * 3) + " (RGB)");
}

Prompts checkPrompts(const Prompts& in, int width, int height, std::vector<std::string>& warnings) {
    Prompts p = in;
    if (!p.box && p.points.empty() && p.previousLowResMask.empty())
        throw SegmentationError("empty prompt: give a box, at least one point or a previous mask");
    auto num = [](double v) {
        std::ostringstream os;
        os << v;
        return os.str();
    };
    if (p.box) {
        auto& b = *p.box;
        for (double v : b)
            if (!std::isfinite(v)) throw SegmentationError("box has a non-finite coordinate");
        if (b[0] > b[2]) std::swap(b[0], b[2]);
        if (b[1] > b[3]) std::swap(b[1], b[3]);
        if (b[2] < 0 || b[3] < 0 || b[0] > width || b[1] > height)
            throw SegmentationError("box [" + num(b[0]) + "," + num(b[1]) + "," + num(b[2]) + "," + num(b[3]) +
                                    "] lies entirely outside the " + std::to_string(width) + "x" +
                                    std::to_string(height) + " image");
        std::array<double, 4> c{std::clamp(b[0], 0.0, double(width)), std::clamp(b[1], 0.0, double(height)),
                                std::clamp(b[2], 0.0, double(width)), std::clamp(b[3], 0.0, double(height))};
        if (c != b) {
            warnings.push_back("box [" + num(b[0]) + "," + num(b[1]) + "," + num(b[2]) + "," + num(b[3]) +
                               "] clamped to the image: [" + num(c[0]) + "," + num(c[1]) + "," + num(c[2]) + "," +
                               num(c[3]) + "]");
            b = c;
        }
    }
    for (auto& pt : p.points) {
        if (!std::isfinite(pt.x) || !std::isfinite(pt.y)) throw SegmentationError("point has a non-finite coordinate");
        double x = std::clamp(pt.x, 0.0, double(width)), y = std::clamp(pt.y, 0.0, double(height));
        if (x != pt.x || y != pt.y) {
            warnings.push_back("point (" + num(pt.x) + "," + num(pt.y) + ") clamped to the image: (" + num(x) + "," +
                               num(y) + ")");
            pt.x = x;
            pt.y = y;
        }
    }
    for (float v : p.previousLowResMask)
        if (!std::isfinite(v)) throw SegmentationError("previous mask has non-finite values");
    return p;
}

}  // namespace mr::segment
