// MaskPatch: for every tool, the patch between before and after redoes the edit exactly, and
// applying it again undoes it exactly; patches stay small.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "engine/core/error.h"
#include "engine/edit/brush.h"
#include "engine/edit/mask_operations.h"
#include "engine/edit/mask_patch.h"
#include "engine/edit/polygon_fill.h"
#include "tests/engine/edit/edit_test_util.h"

namespace mr::edit::test {
namespace {

// before -> patch -> apply (== after) -> apply again (== before).
void expectRoundTrip(const Mask& before, const Mask& after, const std::string& what) {
    const MaskPatch p = MaskPatch::between(before.px.data(), after.px.data(), before.w, before.h);
    int64_t differ = 0;
    for (size_t i = 0; i < before.px.size(); ++i) differ += before.px[i] != after.px[i];
    EXPECT_EQ(p.changedPixels(), differ) << what;
    EXPECT_EQ(p.empty(), differ == 0) << what;
    Mask m = before;
    p.apply(m.view());
    ASSERT_EQ(m.px, after.px) << what << ": redo";
    p.apply(m.view());
    ASSERT_EQ(m.px, before.px) << what << ": undo";
}

TEST(MaskPatch, EveryToolRoundTrips) {
    using Tool = std::function<int64_t(MaskView)>;
    const std::vector<std::pair<std::string, Tool>> tools{
        {"brush",
         [](MaskView m) {
             return paintStroke(m, {{10, 10}, {200, 90}, {60, 230}}, 12, 12, 1);
         }},
        {"anisotropic brush",
         [](MaskView m) {
             return paintStroke(m, {{128, 128}}, 20, 7, 1);
         }},
        {"eraser",
         [](MaskView m) {
             return paintStroke(m, {{-5, 40}, {250, 60}}, 9, 9, 0);
         }},
        {"polygon",
         [](MaskView m) {
             return fillPolygon(m, {{20, 20}, {220, 40}, {120, 240}}, 1);
         }},
        {"cut",
         [](MaskView m) {
             return fillPolygon(m, {{-20, 100}, {300, 100}, {300, 160}, {-20, 160}}, 0);
         }},
        {"lasso",
         [](MaskView m) {
             return fillPolygon(m, {{30, 30}, {220, 220}, {220, 30}, {30, 220}, {128, 5}}, 1);
         }},
        {"fill holes", [](MaskView m) { return fillHoles(m); }},
        {"largest component", [](MaskView m) { return keepLargestComponent(m); }},
        {"smooth", [](MaskView m) { return smoothMask(m, 2.5); }},
    };
    // Starting masks: empty, full, noisy, and blobs with holes.
    std::vector<Mask> starts{Mask(256, 256), Mask(256, 256, 1), randomMask(256, 256, 0.3, 1)};
    Mask blobs(256, 256);
    paintStroke(blobs.view(), {{60, 60}, {180, 120}}, 30, 30, 1);
    paintStroke(blobs.view(), {{200, 200}}, 20, 20, 1);
    paintStroke(blobs.view(), {{100, 90}}, 8, 8, 0);  // a hole
    starts.push_back(blobs);
    for (size_t s = 0; s < starts.size(); ++s)
        for (const auto& [name, tool] : tools) {
            Mask after = starts[s];
            const int64_t changed = tool(after.view());
            const MaskPatch p = MaskPatch::between(starts[s].px.data(), after.px.data(), 256, 256);
            EXPECT_EQ(p.changedPixels(), changed) << name << " on start " << s;
            expectRoundTrip(starts[s], after, name + " on start " + std::to_string(s));
        }
}

TEST(MaskPatch, RandomMasksOfEverySize) {
    uint32_t seed = 100;
    for (auto [w, h] : {std::pair<int, int>{1, 1}, {7, 3}, {1, 40}, {40, 1}, {63, 65}, {512, 512}})
        for (double d0 : {0.0, 1.0, 0.5, 0.02})
            for (double d1 : {0.0, 1.0, 0.5, 0.98}) {
                const Mask before = randomMask(w, h, d0, ++seed), after = randomMask(w, h, d1, ++seed);
                expectRoundTrip(
                    before, after,
                    std::to_string(w) + "x" + std::to_string(h) + " " + std::to_string(d0) + "->" + std::to_string(d1));
            }
}

TEST(MaskPatch, LongRunsAcrossRowsAndSparseChanges) {
    Mask before(300, 200), after(300, 200);
    for (int y = 10; y < 190; ++y)
        for (int x = 0; x < 300; ++x) after.set(x, y);  // full-width rows: one run over many rows
    expectRoundTrip(before, after, "band");
    Mask corners(300, 200);
    corners.set(0, 0), corners.set(299, 199);  // bounding box is the whole slice, two changes
    expectRoundTrip(before, corners, "corners");
    const MaskPatch p = MaskPatch::between(before.px.data(), corners.px.data(), 300, 200);
    EXPECT_EQ(p.changedPixels(), 2);
    EXPECT_LT(p.memoryBytes(), 100u);
}

TEST(MaskPatch, ValuesOtherThanOneCountAsOne) {
    Mask before(4, 1), after(4, 1);
    before.px = {0, 2, 255, 0};
    after.px = {1, 1, 0, 0};
    const MaskPatch p = MaskPatch::between(before.px.data(), after.px.data(), 4, 1);
    EXPECT_EQ(p.changedPixels(), 2);  // 0->1 and 255->0; 2->1 is no change
    Mask m = before;
    p.apply(m.view());
    EXPECT_EQ(m.px, (std::vector<uint8_t>{1, 2, 0, 0}));
}

TEST(MaskPatch, BrushDabOnALargeSliceIsTiny) {
    Mask before = randomMask(512, 512, 0.0, 1);
    Mask after = before;
    paintStroke(after.view(), {{300.4, 211.7}}, 10, 10, 1);
    const MaskPatch p = MaskPatch::between(before.px.data(), after.px.data(), 512, 512);
    EXPECT_GT(p.changedPixels(), 300);
    EXPECT_LT(p.memoryBytes(), 512u);  // vs 262,144 bytes for a copy of the slice
    // A 20-point stroke on a slice that already holds a mask.
    Mask painted(512, 512);
    paintStroke(painted.view(), {{100, 100}, {400, 400}}, 40, 40, 1);
    Mask edited = painted;
    Points stroke;
    for (int i = 0; i < 20; ++i) stroke.push_back({150.0 + 10 * i, 300.0 - 5 * i});
    paintStroke(edited.view(), stroke, 15, 15, 1);
    const MaskPatch q = MaskPatch::between(painted.px.data(), edited.px.data(), 512, 512);
    EXPECT_LT(q.memoryBytes(), 512u * 512u / 50);
    expectRoundTrip(painted, edited, "stroke over a mask");
}

TEST(MaskPatch, SizeMismatchThrowsAndEmptyPatchIsHarmless) {
    Mask a(512, 512), b(512, 512);
    b.set(3, 4);
    const MaskPatch p = MaskPatch::between(a.px.data(), b.px.data(), 512, 512);
    Mask narrow(511, 512);
    EXPECT_THROW(p.apply(narrow.view()), mr::Error);
    Mask wide(1024, 256);  // same byte count, different shape
    EXPECT_THROW(p.apply(wide.view()), mr::Error);
    const MaskPatch none = MaskPatch::between(b.px.data(), b.px.data(), 512, 512);
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(none.changedPixels(), 0);
    Mask c = b;
    none.apply(c.view());
    EXPECT_EQ(c.px, b.px);
    EXPECT_THROW(none.apply(narrow.view()), mr::Error);
    EXPECT_TRUE(MaskPatch().empty());
    EXPECT_THROW(MaskPatch::between(a.px.data(), b.px.data(), -1, 5), mr::Error);
}

}  // namespace
}  // namespace mr::edit::test
