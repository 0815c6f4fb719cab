// The ground truth a mask implies: its box and two key points inside it.
#include <gtest/gtest.h>

#include "engine/edit/mask_geometry.h"

namespace {

std::vector<uint8_t> rectangle(int w, int h, int x1, int y1, int x2, int y2) {
    std::vector<uint8_t> m(size_t(w * h), 0);
    for (int y = y1; y <= y2; ++y)
        for (int x = x1; x <= x2; ++x) m[size_t(y * w + x)] = 1;
    return m;
}

TEST(MaskGeometry, BoxIsTheInclusiveExtent) {
    auto m = rectangle(20, 10, 3, 2, 12, 7);
    m[size_t(9 * 20 + 19)] = 1;  // a stray pixel in the corner widens the box
    const auto box = mr::edit::maskBoundingBox(m.data(), 20, 10);
    ASSERT_TRUE(box);
    EXPECT_EQ(*box, (mr::Box{3, 2, 19, 9}));
    std::vector<uint8_t> empty(200, 0);
    EXPECT_FALSE(mr::edit::maskBoundingBox(empty.data(), 20, 10));
    EXPECT_TRUE(mr::edit::maskKeyPoints(empty.data(), 20, 10).empty());
}

TEST(MaskGeometry, KeyPointsAreDeepInsideEachHalf) {
    // A 41×11 bar: split across its length; each point is on the middle row, one per half.
    const auto m = rectangle(60, 20, 5, 4, 45, 14);
    const auto pts = mr::edit::maskKeyPoints(m.data(), 60, 20);
    ASSERT_EQ(pts.size(), 2u);
    EXPECT_EQ(pts[0].y, 9);
    EXPECT_EQ(pts[1].y, 9);
    EXPECT_LE(pts[0].x, 25);
    EXPECT_GT(pts[1].x, 25);
    for (const auto& p : pts) {
        EXPECT_GE(p.x, 10);  // at least the half-height away from the bar's ends
        EXPECT_LE(p.x, 40);
        EXPECT_EQ(m[size_t(p.y * 60 + p.x)], 1);
    }
}

TEST(MaskGeometry, TallMasksSplitByRowsAndBorderPixelsAreInside) {
    const auto m = rectangle(8, 30, 0, 0, 3, 29);  // touches the image's left and top edges
    const auto pts = mr::edit::maskKeyPoints(m.data(), 8, 30);
    ASSERT_EQ(pts.size(), 2u);
    EXPECT_LT(pts[0].y, 15);
    EXPECT_GT(pts[1].y, 14);
    for (const auto& p : pts) EXPECT_EQ(m[size_t(p.y * 8 + p.x)], 1);
    // One pixel: the same point twice.
    const auto dot = rectangle(5, 5, 2, 3, 2, 3);
    EXPECT_EQ(mr::edit::maskKeyPoints(dot.data(), 5, 5), (std::vector<mr::Point>{{2, 3}, {2, 3}}));
}

}  // namespace
