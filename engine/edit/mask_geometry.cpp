#include "engine/edit/mask_geometry.h"

#include <opencv2/imgproc.hpp>

namespace mr::edit {

std::optional<mr::Box> maskBoundingBox(const uint8_t* mask, int width, int height) {
    int x1 = width, y1 = height, x2 = -1, y2 = -1;
    for (int y = 0; y < height; ++y) {
        const uint8_t* row = mask + size_t(y) * size_t(width);
        for (int x = 0; x < width; ++x)
            if (row[x]) {
                x1 = std::min(x1, x);
                x2 = std::max(x2, x);
                y1 = std::min(y1, y);
                y2 = std::max(y2, y);
            }
    }
    if (x2 < 0) return std::nullopt;
    return mr::Box{double(x1), double(y1), double(x2), double(y2)};
}

std::vector<mr::Point> maskKeyPoints(const uint8_t* mask, int width, int height) {
    const auto box = maskBoundingBox(mask, width, height);
    if (!box) return {};
    // Distance to the nearest background pixel; the image border counts as background, so a mask
    // touching the edge still has its deepest point inside.
    cv::Mat binary(height + 2, width + 2, CV_8U, cv::Scalar(0));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            binary.at<uint8_t>(y + 1, x + 1) = mask[size_t(y) * size_t(width) + size_t(x)] ? 255 : 0;
    cv::Mat distance;
    cv::distanceTransform(binary, distance, cv::DIST_L2, cv::DIST_MASK_PRECISE);

    const auto& b = *box;
    const bool splitColumns = b.width() >= b.height();
    const double middle = splitColumns ? b.centre().x : b.centre().y;
    mr::Point best[2] = {};
    float depth[2] = {-1, -1};
    for (int y = int(b.y1); y <= int(b.y2); ++y)
        for (int x = int(b.x1); x <= int(b.x2); ++x) {
            const float d = distance.at<float>(y + 1, x + 1);
            if (d <= 0) continue;
            const int half = (splitColumns ? x : y) <= middle ? 0 : 1;
            if (d > depth[half]) {
                depth[half] = d;
                best[half] = {double(x), double(y)};
            }
        }
    if (depth[1] < 0) best[1] = best[0];
    if (depth[0] < 0) best[0] = best[1];
    return {best[0], best[1]};
}

}  // namespace mr::edit
