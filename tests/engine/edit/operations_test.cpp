// Clean-ups (fill holes, largest component, smoothing), edit statistics and the lazy MaskVolume.
#include <gtest/gtest.h>

#include "engine/core/error.h"
#include "engine/edit/edit_statistics.h"
#include "engine/edit/mask_operations.h"
#include "engine/edit/mask_volume.h"
#include "tests/engine/edit/edit_test_util.h"

namespace mr::edit::test {
namespace {

void rect(Mask& m, int x0, int y0, int x1, int y1, uint8_t v = 1) {  // inclusive
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) m.set(x, y, v);
}

TEST(FillHoles, FillsEnclosedHoleButNotANotchOpenToTheBorder) {
    Mask ring(20, 20);
    rect(ring, 4, 4, 15, 15);
    rect(ring, 7, 7, 10, 11, 0);  // a 4 x 5 hole
    Mask expected(20, 20);
    rect(expected, 4, 4, 15, 15);
    EXPECT_EQ(fillHoles(ring.view()), 20);
    EXPECT_EQ(ring.px, expected.px);
    EXPECT_EQ(fillHoles(ring.view()), 0);

    Mask notch(20, 20);
    rect(notch, 0, 4, 15, 15);
    rect(notch, 0, 8, 10, 10, 0);  // a slot reaching the left border
    const auto before = notch.px;
    EXPECT_EQ(fillHoles(notch.view()), 0);
    EXPECT_EQ(notch.px, before);
}

TEST(FillHoles, DiagonalLeakDoesNotCountAsOpen) {
    // The hole touches the outside only through a corner: not 4-connected, so it is a hole.
    Mask m(10, 10);
    rect(m, 2, 2, 7, 7);
    rect(m, 4, 4, 5, 5, 0);
    m.set(3, 3, 0), m.set(2, 2, 0);  // chain of diagonal steps to the outside: (2,2)-(3,3)-(4,4)
    m.set(3, 4, 1), m.set(4, 3, 1);
    const int64_t changed = fillHoles(m.view());
    EXPECT_EQ(m.at(4, 4), 1);
    EXPECT_EQ(m.at(3, 3), 1);
    EXPECT_EQ(m.at(2, 2), 0);  // (2,2) is background 4-connected to the border through (1,2)
    EXPECT_EQ(changed, 5);
}

TEST(KeepLargestComponent, EightConnectedDiagonalChainWins) {
    Mask m(10, 10);
    m.set(0, 0), m.set(1, 1), m.set(2, 2);  // one component of 3 under 8-connectivity
    m.set(6, 6), m.set(7, 6);               // a component of 2
    EXPECT_EQ(keepLargestComponent(m.view()), 2);
    EXPECT_EQ(m.count(), 3);
    EXPECT_EQ(m.at(1, 1), 1);
    EXPECT_EQ(m.at(6, 6), 0);
}

TEST(KeepLargestComponent, TiesKeepTheFirstInRasterOrderAndEmptyIsFine) {
    Mask m(10, 10);
    m.set(8, 1), m.set(8, 2);  // first in raster order (row 1)
    m.set(1, 5), m.set(2, 5);
    EXPECT_EQ(keepLargestComponent(m.view()), 2);
    EXPECT_EQ(m.at(8, 1), 1);
    EXPECT_EQ(m.at(1, 5), 0);
    Mask empty(5, 5);
    EXPECT_EQ(keepLargestComponent(empty.view()), 0);
    EXPECT_EQ(empty.count(), 0);
}

TEST(SmoothMask, RemovesSpeckKeepsSquareAndFillsNotch) {
    Mask m(40, 40);
    rect(m, 5, 5, 30, 30);
    m.set(36, 36);  // a one-pixel speck
    Mask expected(40, 40);
    rect(expected, 5, 5, 30, 30);
    EXPECT_EQ(smoothMask(m.view(), 1.5), 1);  // 3x3 disc
    EXPECT_EQ(m.px, expected.px);

    rect(m, 15, 5, 15, 10, 0);  // a one-pixel-wide notch from the top edge
    EXPECT_EQ(smoothMask(m.view(), 1.5), 6);
    EXPECT_EQ(m.px, expected.px);

    Mask big(64, 64);
    rect(big, 10, 10, 50, 50);
    rect(big, 55, 55, 56, 56);  // a 2x2 speck, gone with a radius-3 disc
    smoothMask(big.view(), 3);
    EXPECT_EQ(big.at(55, 55), 0);
    EXPECT_EQ(big.at(30, 30), 1);
    EXPECT_EQ(big.at(10, 30), 1);  // edges of the square survive (only corners round)
}

TEST(SmoothMask, NonPositiveRadiusChangesNothing) {
    Mask m = randomMask(30, 20, 0.5, 3);
    const auto before = m.px;
    EXPECT_EQ(smoothMask(m.view(), 0), 0);
    EXPECT_EQ(smoothMask(m.view(), -2), 0);
    EXPECT_EQ(smoothMask(m.view(), 0.9), 0);
    EXPECT_EQ(m.px, before);
}

TEST(EditStatistics, DiceAndCounts) {
    Mask first(10, 10), final(10, 10);
    rect(first, 0, 0, 9, 0);  // 10 pixels
    rect(final, 0, 0, 9, 1);  // 20, containing the first 10
    const auto s = compareMasks(first.px.data(), final.px.data(), 100);
    EXPECT_DOUBLE_EQ(s.dice, 2.0 * 10 / 30);
    EXPECT_EQ(s.pixelsChanged, 10);
    EXPECT_EQ(s.firstPixels, 10);
    EXPECT_EQ(s.finalPixels, 20);
    Mask empty(10, 10);
    EXPECT_DOUBLE_EQ(compareMasks(empty.px.data(), empty.px.data(), 100).dice, 1.0);
    const auto gone = compareMasks(first.px.data(), empty.px.data(), 100);
    EXPECT_DOUBLE_EQ(gone.dice, 0.0);
    EXPECT_EQ(gone.pixelsChanged, 10);
    EXPECT_DOUBLE_EQ(compareMasks(first.px.data(), first.px.data(), 100).dice, 1.0);
}

TEST(MaskVolume, AllocatesSlicesLazily) {
    MaskVolume v(64, 32, 10);
    EXPECT_EQ(v.width(), 64);
    EXPECT_EQ(v.height(), 32);
    EXPECT_EQ(v.depth(), 10);
    EXPECT_EQ(v.memoryBytes(), 0u);
    EXPECT_EQ(v.sliceOrNull(3), nullptr);
    EXPECT_TRUE(v.sliceEmpty(3));
    EXPECT_EQ(v.countVoxels(3), 0);

    MaskView s = v.slice(3);
    EXPECT_EQ(s.width, 64);
    EXPECT_EQ(s.height, 32);
    EXPECT_EQ(s.size(), 64u * 32u);
    EXPECT_EQ(v.memoryBytes(), 64u * 32u);
    EXPECT_TRUE(v.sliceEmpty(3));  // allocated but zero
    s.at(5, 7) = 1;
    s.at(63, 31) = 1;
    EXPECT_FALSE(v.sliceEmpty(3));
    EXPECT_EQ(v.countVoxels(3), 2);
    EXPECT_EQ(v.sliceOrNull(3)[7 * 64 + 5], 1);
    EXPECT_EQ(v.slice(3).data, s.data);  // same slice, no second allocation
    EXPECT_EQ(v.memoryBytes(), 64u * 32u);
    v.slice(9);
    EXPECT_EQ(v.memoryBytes(), 2u * 64u * 32u);
    EXPECT_EQ(v.sliceOrNull(4), nullptr);

    EXPECT_THROW(v.slice(10), mr::Error);
    EXPECT_THROW(v.slice(-1), mr::Error);
    EXPECT_THROW(v.sliceOrNull(10), mr::Error);
    EXPECT_THROW(v.countVoxels(-1), mr::Error);
    v.clear();
    EXPECT_EQ(v.memoryBytes(), 0u);
    EXPECT_EQ(v.sliceOrNull(3), nullptr);
    EXPECT_THROW(MaskVolume(-1, 4, 4), mr::Error);
}

}  // namespace
}  // namespace mr::edit::test
