// The classical (GrabCut) expert on synthetic images with a known disc.
#include "engine/segment/classical_expert.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace mr::segment;

namespace {

struct Scene {
    RgbImage image;
    std::vector<uint8_t> truth;
};

// A disc (centre cx, cy, radius r) on a textured background; gray = CT-like window.
Scene disc(int w, int h, double cx, double cy, double r, bool gray, unsigned seed = 1) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, gray ? 12 : 8);
    Scene s{{w, h, std::vector<uint8_t>(size_t(w) * size_t(h) * 3)}, std::vector<uint8_t>(size_t(w) * size_t(h))};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            bool in = std::hypot(x - cx, y - cy) <= r;
            s.truth[size_t(y) * size_t(w) + size_t(x)] = in;
            double base[3];
            if (gray) {
                double v = in ? 170 : 70 + 20 * std::sin(x * 0.05);
                base[0] = base[1] = base[2] = v + noise(rng);
            } else {
                base[0] = in ? 200 : 40 + x * 0.2;
                base[1] = in ? 60 : 120 + y * 0.1;
                base[2] = in ? 50 : 160;
                for (double& b : base) b += noise(rng);
            }
            for (int c = 0; c < 3; ++c)
                s.image.rgb[(size_t(y) * size_t(w) + size_t(x)) * 3 + size_t(c)] =
                    uint8_t(std::clamp(base[gray ? 0 : c], 0.0, 255.0));
        }
    return s;
}

double dice(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    double inter = 0, sa = 0, sb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        inter += (a[i] && b[i]);
        sa += a[i] != 0;
        sb += b[i] != 0;
    }
    return 2 * inter / std::max(1.0, sa + sb);
}

}  // namespace

TEST(ClassicalExpert, BoxOnColourPhoto) {
    Scene s = disc(320, 240, 150, 110, 50, false);
    auto ex = makeClassicalExpert();
    ex->setImage(s.image, mr::CancelToken());
    Prompts p;
    p.box = mr::Box{90, 50, 210, 170};
    MaskPrediction r = ex->predict(p, mr::CancelToken());
    ASSERT_EQ(r.masks.size(), 1u);
    double d = dice(r.masks[0], s.truth);
    std::printf("  dice (colour, box) %.4f\n", d);
    EXPECT_GT(d, 0.9);
    EXPECT_EQ(r.lowResLogits.size(), 256u * 256u);
}

TEST(ClassicalExpert, BoxAndPointsOnGrayCtWindow) {
    Scene s = disc(400, 300, 220, 140, 60, true);
    auto ex = makeClassicalExpert();
    ex->setImage(s.image, mr::CancelToken());
    Prompts p;
    p.box = mr::Box{150, 70, 290, 210};
    p.points = {{220, 140, true}, {155, 75, false}};
    MaskPrediction r = ex->predict(p, mr::CancelToken());
    double d = dice(r.masks[0], s.truth);
    std::printf("  dice (gray, box + points) %.4f\n", d);
    EXPECT_GT(d, 0.9);
}

TEST(ClassicalExpert, PositivePointOnlyAndLargeImage) {
    Scene s = disc(1200, 900, 600, 420, 150, true, 7);
    auto ex = makeClassicalExpert();
    ex->setImage(s.image, mr::CancelToken());
    Prompts p;
    p.points = {{600, 420, true}, {100, 100, false}};
    MaskPrediction r = ex->predict(p, mr::CancelToken());
    EXPECT_EQ(r.width, 1200);
    double d = dice(r.masks[0], s.truth);
    std::printf("  dice (gray, points only, 1200x900) %.4f\n", d);
    EXPECT_GT(d, 0.85);
}

TEST(ClassicalExpert, BadPrompts) {
    Scene s = disc(64, 64, 32, 32, 10, false);
    auto ex = makeClassicalExpert();
    EXPECT_THROW(ex->predict(Prompts{}, mr::CancelToken()), SegmentationError);
    ex->setImage(s.image, mr::CancelToken());
    EXPECT_THROW(ex->predict(Prompts{}, mr::CancelToken()), SegmentationError);
    Prompts neg;
    neg.points = {{5, 5, false}};
    EXPECT_THROW(ex->predict(neg, mr::CancelToken()), SegmentationError);
    Prompts outside;
    outside.box = mr::Box{-10, -10, 50, 50};
    MaskPrediction r = ex->predict(outside, mr::CancelToken());
    EXPECT_FALSE(r.warnings.empty());
    RgbImage one{1, 1, {1, 2, 3}};
    EXPECT_THROW(ex->setImage(one, mr::CancelToken()), SegmentationError);
}
