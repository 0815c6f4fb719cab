// The drawing tools (brush, eraser, polygon, lasso) and the intensity limit, pixel by pixel
// against brute-force references.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/core/error.h"
#include "engine/edit/brush.h"
#include "engine/edit/intensity_range.h"
#include "engine/edit/mask_operations.h"
#include "engine/edit/polygon_fill.h"
#include "tests/engine/edit/edit_test_util.h"

namespace mr::edit::test {
namespace {

// Every pixel of a stroke painted on an empty mask, computed the slow way.
Mask strokeReference(int w, int h, const Points& pts, double rx, double ry) {
    Mask m(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            bool in = pts.size() == 1 && insideCapsule(pts[0], pts[0], rx, ry, x, y);
            for (size_t i = 1; i < pts.size() && !in; ++i) in = insideCapsule(pts[i - 1], pts[i], rx, ry, x, y);
            m.set(x, y, in ? 1 : 0);
        }
    return m;
}

TEST(Brush, DiscIsExactlyThePixelsWhoseCentreIsInside) {
    for (auto [cx, cy, r] : {std::array<double, 3>{20.3, 17.6, 5.2}, {32, 32, 8}, {10.5, 10.5, 3}, {4.9, 5.2, 0.7}}) {
        Mask m(64, 64);
        const int64_t changed = paintStroke(m.view(), {{cx, cy}}, r, r, 1);
        const Mask ref = strokeReference(64, 64, {{cx, cy}}, r, r);
        EXPECT_EQ(m.px, ref.px) << cx << "," << cy << " r=" << r;
        EXPECT_EQ(changed, ref.count());
    }
    // Known digital discs on a pixel centre: Gauss circle numbers.
    for (auto [r, n] : {std::pair<double, int64_t>{1, 5}, {1.5, 9}, {2, 13}, {3, 29}, {5, 81}}) {
        Mask m(32, 32);
        EXPECT_EQ(paintStroke(m.view(), {{16, 16}}, r, r, 1), n) << "r=" << r;
        EXPECT_EQ(m.count(), n);
    }
}

TEST(Brush, StrokesMatchTheSweptCapsules) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> pos(-10, 74), rad(0.6, 9);
    for (int trial = 0; trial < 30; ++trial) {
        Points pts;
        const int n = 1 + int(rng() % 6);
        for (int i = 0; i < n; ++i) pts.push_back({pos(rng), pos(rng)});
        const double rx = rad(rng), ry = trial % 2 ? rad(rng) : rx;
        Mask m(64, 48);
        const int64_t changed = paintStroke(m.view(), pts, rx, ry, 1);
        const Mask ref = strokeReference(64, 48, pts, rx, ry);
        ASSERT_EQ(m.px, ref.px) << "trial " << trial;
        EXPECT_EQ(changed, ref.count());
    }
}

TEST(Brush, FastStrokeLeavesNoGaps) {
    // Two mouse events 90 pixels apart: the whole band between them is painted.
    Mask m(100, 60);
    paintStroke(m.view(), {{5, 5}, {95, 55}}, 3, 3, 1);
    for (double t = 0; t <= 1; t += 0.001) {
        const int x = int(std::lround(5 + 90 * t)), y = int(std::lround(5 + 50 * t));
        ASSERT_EQ(m.at(x, y), 1) << x << "," << y;
    }
    EXPECT_EQ(m.px, strokeReference(100, 60, {{5, 5}, {95, 55}}, 3, 3).px);
    EXPECT_EQ(keepLargestComponent(m.view()), 0);  // one piece
}

TEST(Brush, AnisotropicRadii) {
    // 6 x 2 pixels: a 3 mm circle on 0.5 x 1.5 mm pixels.
    Mask m(64, 64);
    paintStroke(m.view(), {{30, 30}}, 6, 2, 1);
    int row = 0, col = 0;
    for (int x = 0; x < 64; ++x) row += m.at(x, 30);
    for (int y = 0; y < 64; ++y) col += m.at(30, y);
    EXPECT_EQ(row, 13);  // 24..36
    EXPECT_EQ(col, 5);   // 28..32
    EXPECT_EQ(m.at(36, 30), 1);
    EXPECT_EQ(m.at(37, 30), 0);
    EXPECT_EQ(m.at(30, 33), 0);
    EXPECT_EQ(m.px, strokeReference(64, 64, {{30, 30}}, 6, 2).px);
}

TEST(Brush, EraserClearsTheSameDisc) {
    Mask m(32, 32, 1);
    EXPECT_EQ(paintStroke(m.view(), {{10, 10}}, 3, 3, 0), 29);
    EXPECT_EQ(m.count(), 32 * 32 - 29);
    EXPECT_EQ(m.at(10, 10), 0);
    EXPECT_EQ(m.at(13, 10), 0);
    EXPECT_EQ(m.at(14, 10), 1);
    EXPECT_EQ(paintStroke(m.view(), {{10, 10}}, 3, 3, 0), 0);  // nothing left to erase
    EXPECT_EQ(paintStroke(m.view(), {{10, 10}}, 3, 3, 1), 29);
    EXPECT_EQ(m.count(), 32 * 32);
}

TEST(Brush, TinyRadiusPaintsThePixelUnderThePointAndThinStrokesConnect) {
    Mask m(16, 16);
    EXPECT_EQ(paintStroke(m.view(), {{5.3, 7.8}}, 0.2, 0.2, 1), 1);
    EXPECT_EQ(m.at(5, 8), 1);
    Mask line(32, 32);
    paintStroke(line.view(), {{1.2, 1.2}, {20.7, 9.4}, {3.1, 28.8}}, 0.1, 0.1, 1);
    EXPECT_EQ(line.at(1, 1), 1);
    EXPECT_EQ(line.at(21, 9), 1);
    EXPECT_EQ(line.at(3, 29), 1);
    EXPECT_EQ(keepLargestComponent(line.view()), 0);  // 8-connected, no gaps
}

TEST(Brush, PointsOutsideTheImageAreClipped) {
    Mask m(64, 64);
    const Points pts{{-50, -50}, {-10, 300}, {80, 20}};
    const int64_t changed = paintStroke(m.view(), pts, 15, 15, 1);
    const Mask ref = strokeReference(64, 64, pts, 15, 15);
    EXPECT_EQ(m.px, ref.px);
    EXPECT_EQ(changed, ref.count());
    Mask far(8, 8);
    EXPECT_EQ(paintStroke(far.view(), {{1e300, -1e300}, {-1e300, 1e300}}, 2, 2, 1, nullptr) >= 0, true);
    EXPECT_EQ(paintStroke(far.view(), {{-100, -100}}, 5, 5, 1), 0);
    EXPECT_EQ(paintStroke(far.view(), {}, 5, 5, 1), 0);
    EXPECT_THROW(paintStroke(far.view(), {{NAN, 1}}, 5, 5, 1), mr::Error);
}

TEST(Brush, AllowedPixelsLimitThePaint) {
    Mask allowed(40, 40);
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 20; ++x) allowed.set(x, y);
    Mask m(40, 40);
    const int64_t changed = paintStroke(m.view(), {{20, 20}}, 6, 6, 1, allowed.px.data());
    Mask ref = strokeReference(40, 40, {{20, 20}}, 6, 6);
    for (size_t i = 0; i < ref.px.size(); ++i) ref.px[i] &= allowed.px[i];
    EXPECT_EQ(m.px, ref.px);
    EXPECT_EQ(changed, ref.count());
    EXPECT_EQ(m.at(20, 20), 0);
    EXPECT_EQ(m.at(19, 20), 1);
}

mr::imaging::Image smallCt() {
    mr::imaging::Geometry g;
    g.size = {4, 3, 2};
    mr::imaging::Image img(mr::imaging::PixelType::Int16, g);
    const int16_t v[24] = {-1000, -101, -100, 0,   50,  199, 200, 201, 1000, 40,  -50, -3000,  // z = 0
                           300,   300,  300,  300, 300, 0,   300, 300, 300,  300, 300, 300};   // z = 1
    std::copy(v, v + 24, img.data<int16_t>());
    return img;
}

TEST(IntensityRange, SelectsExactlyTheValuesInRange) {
    const auto img = smallCt();
    const IntensityRange soft{-100, 200};
    EXPECT_TRUE(soft.contains(-100));
    EXPECT_TRUE(soft.contains(200));
    EXPECT_FALSE(soft.contains(200.5));
    EXPECT_FALSE(soft.contains(NAN));
    EXPECT_EQ(allowedPixels(img, 0, soft), (std::vector<uint8_t>{0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0}));
    EXPECT_EQ(allowedPixels(img, 1, soft), (std::vector<uint8_t>{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}));
    EXPECT_THROW(allowedPixels(img, 2, soft), mr::Error);
    EXPECT_THROW(allowedPixels(img, -1, soft), mr::Error);
    EXPECT_THROW(allowedPixels(mr::imaging::Image(), 0, soft), mr::Error);
}

TEST(IntensityRange, RestrictsPaintingExactly) {
    const auto img = smallCt();
    const auto ok = allowedPixels(img, 0, {-100, 200});
    Mask m(4, 3);
    const int64_t changed = paintStroke(m.view(), {{1.5, 1}}, 10, 10, 1, ok.data());  // covers the slice
    EXPECT_EQ(m.px, ok);
    EXPECT_EQ(changed, 7);
    Mask p(4, 3);
    EXPECT_EQ(fillPolygon(p.view(), {{-1, -1}, {9, -1}, {9, 9}, {-1, 9}}, 1, ok.data()), 7);
    EXPECT_EQ(p.px, ok);
}

TEST(IntensityRange, ColourFloatAndUnsignedImages) {
    mr::imaging::Geometry g;
    g.size = {3, 1, 1};
    mr::imaging::Image rgb(mr::imaging::PixelType::Rgb8, g);
    const uint8_t c[9] = {0, 0, 30, 10, 20, 30, 255, 255, 255};  // means 10, 20, 255
    std::copy(c, c + 9, rgb.data<uint8_t>());
    EXPECT_EQ(allowedPixels(rgb, 0, {15, 100}), (std::vector<uint8_t>{0, 1, 0}));
    mr::imaging::Image f(mr::imaging::PixelType::Float32, g);
    f.data<float>()[0] = 0.5f, f.data<float>()[1] = NAN, f.data<float>()[2] = 1.5f;
    EXPECT_EQ(allowedPixels(f, 0, {0, 1}), (std::vector<uint8_t>{1, 0, 0}));
    mr::imaging::Image u(mr::imaging::PixelType::UInt16, g);
    u.data<uint16_t>()[0] = 65535, u.data<uint16_t>()[1] = 7;
    EXPECT_EQ(allowedPixels(u, 0, {0, 10}), (std::vector<uint8_t>{0, 1, 1}));
}

TEST(Polygon, RectangleOnPixelCentresAndOnPixelEdges) {
    Mask a(32, 32);
    EXPECT_EQ(fillPolygon(a.view(), {{10, 10}, {20, 10}, {20, 20}, {10, 20}}, 1), 100);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) ASSERT_EQ(a.at(x, y), x >= 10 && x < 20 && y >= 10 && y < 20) << x << "," << y;
    Mask b(32, 32);
    EXPECT_EQ(fillPolygon(b.view(), {{9.5, 9.5}, {19.5, 9.5}, {19.5, 19.5}, {9.5, 19.5}}, 1), 100);
    EXPECT_EQ(a.px, b.px);
    // Clockwise or counter-clockwise: the same.
    Mask c(32, 32);
    EXPECT_EQ(fillPolygon(c.view(), {{9.5, 19.5}, {19.5, 19.5}, {19.5, 9.5}, {9.5, 9.5}}, 1), 100);
    EXPECT_EQ(a.px, c.px);
}

TEST(Polygon, TriangleAndCut) {
    Mask m(32, 32);
    EXPECT_EQ(fillPolygon(m.view(), {{0, 0}, {10, 0}, {0, 10}}, 1), 55);  // rows of 10, 9, ..., 1
    Mask full(32, 32, 1);
    EXPECT_EQ(fillPolygon(full.view(), {{10, 10}, {20, 10}, {20, 20}, {10, 20}}, 0), 100);
    EXPECT_EQ(full.count(), 32 * 32 - 100);
    EXPECT_EQ(full.at(15, 15), 0);
    EXPECT_EQ(fillPolygon(full.view(), {{10, 10}, {20, 10}, {20, 20}, {10, 20}}, 0), 0);
}

TEST(Polygon, MatchesEvenOddReferenceIncludingSelfIntersectingLassos) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> pos(-8, 56);
    for (int trial = 0; trial < 40; ++trial) {
        Points poly;
        const int n = 3 + int(rng() % 12);  // random vertex order: mostly self-intersecting
        for (int i = 0; i < n; ++i) poly.push_back({pos(rng), pos(rng)});
        Mask m(48, 40);
        const int64_t changed = fillPolygon(m.view(), poly, 1);
        Mask ref(48, 40);
        for (int y = 0; y < 40; ++y)
            for (int x = 0; x < 48; ++x) ref.set(x, y, insidePolygon(poly, x, y) ? 1 : 0);
        ASSERT_EQ(m.px, ref.px) << "trial " << trial;
        EXPECT_EQ(changed, ref.count());
    }
}

TEST(Polygon, BowtieAndPentagram) {
    // A lasso that crosses itself once: two triangles, mirror images.
    Mask bow(41, 41);
    fillPolygon(bow.view(), {{5.2, 5.2}, {35.2, 35.2}, {35.2, 5.2}, {5.2, 35.2}}, 1);
    int left = 0, right = 0;
    for (int y = 0; y < 41; ++y)
        for (int x = 0; x < 41; ++x) (x < 20 ? left : right) += bow.at(x, y);
    EXPECT_GT(left, 150);
    EXPECT_NEAR(left, right, 40);
    EXPECT_EQ(bow.at(20, 10), 0);  // above the crossing: outside both lobes
    EXPECT_EQ(bow.at(10, 20), 1);
    EXPECT_EQ(bow.at(30, 20), 1);
    // A star drawn in one stroke: even-odd leaves the doubly wound centre empty.
    Points star;
    for (int k = 0; k < 5; ++k) {
        const double pi = std::acos(-1.0), a = -pi / 2 + k * 4 * pi / 5;
        star.push_back({32.3 + 28 * std::cos(a), 32.3 + 28 * std::sin(a)});
    }
    Mask s(64, 64);
    fillPolygon(s.view(), star, 1);
    EXPECT_EQ(s.at(32, 32), 0);
    EXPECT_EQ(s.at(32, 9), 1);  // the top point
}

TEST(Polygon, DegenerateAndOutsideInput) {
    Mask m(16, 16);
    EXPECT_EQ(fillPolygon(m.view(), {}, 1), 0);
    EXPECT_EQ(fillPolygon(m.view(), {{1, 1}, {10, 10}}, 1), 0);
    EXPECT_EQ(fillPolygon(m.view(), {{1, 1}, {10, 10}, {5, 5}}, 1), 0);  // collinear: no area
    EXPECT_EQ(m.count(), 0);
    EXPECT_EQ(fillPolygon(m.view(), {{-1e9, -1e9}, {1e9, -1e9}, {0, 1e9}}, 1), 256);  // covers all
    EXPECT_EQ(fillPolygon(m.view(), {{-100, -100}, {-50, -100}, {-50, -50}}, 0), 0);
    EXPECT_THROW(fillPolygon(m.view(), {{0, 0}, {INFINITY, 0}, {0, 5}}, 1), mr::Error);
}

}  // namespace
}  // namespace mr::edit::test
