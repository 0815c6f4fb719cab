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
        for (double v : b.toArray())
            if (!std::isfinite(v)) throw SegmentationError("box has a non-finite coordinate");
        if (b.x1 > b.x2) std::swap(b.x1, b.x2);
        if (b.y1 > b.y2) std::swap(b.y1, b.y2);
        auto text = [&num](const mr::Box& r) {
            return "[" + num(r.x1) + "," + num(r.y1) + "," + num(r.x2) + "," + num(r.y2) + "]";
        };
        if (b.x2 < 0 || b.y2 < 0 || b.x1 > width || b.y1 > height)
            throw SegmentationError("box " + text(b) + " lies entirely outside the " + std::to_string(width) + "x" +
                                    std::to_string(height) + " image");
        const mr::Box c{std::clamp(b.x1, 0.0, double(width)), std::clamp(b.y1, 0.0, double(height)),
                        std::clamp(b.x2, 0.0, double(width)), std::clamp(b.y2, 0.0, double(height))};
        if (c != b) {
            warnings.push_back("box " + text(b) + " clamped to the image: " + text(c));
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
