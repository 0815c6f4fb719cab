// The overlay of one slice, computed without a window: label colours through the table (hidden
// labels and the background transparent), outlines, the mask's translucent inside and opaque
// border, label outlines over the mask, and the box VTK receives (coloured pixels plus a
// one-voxel margin) in every orientation.
#include <QtTest>

#include <cstring>

#include "engine/edit/mask_volume.h"
#include "widgets/slice_overlay.h"

using mr::imaging::Image;
using mr::imaging::LabelTable;
using mr::imaging::PixelType;
using mr::widgets::LabelOverlayStyle;
using mr::widgets::MaskLayer;
using mr::widgets::OverlaySlice;
using mr::widgets::SliceOrientation;

namespace {
constexpr std::array<int64_t, 3> kSize{10, 8, 6};

Image labelVolume() {
    mr::imaging::Geometry g;
    g.size = kSize;
    Image labels(PixelType::UInt8, g);
    std::memset(labels.bytes(), 0, labels.byteSize());
    return labels;
}

void fillBlock(Image& labels, int x0, int x1, int y0, int y1, int z0, int z1, uint8_t value) {
    for (int z = z0; z <= z1; ++z)
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) labels.data<uint8_t>()[(z * kSize[1] + y) * kSize[0] + x] = value;
}

LabelTable table() {
    LabelTable t(4);
    t[1] = {"liver", 200, 100, 50, true};
    t[2] = {"hidden", 10, 20, 30, false};
    t[3] = {"lesion", 255, 255, 0, true};
    return t;
}

// The RGBA bytes the overlay holds for in-plane voxel (i, j) (memory order of the in-plane axes);
// transparent outside the box.
std::array<int, 4> pixel(const OverlaySlice& s, int i, int j, int axisI, int axisJ) {
    const int i0 = s.extent[size_t(2 * axisI)], i1 = s.extent[size_t(2 * axisI + 1)];
    const int j0 = s.extent[size_t(2 * axisJ)], j1 = s.extent[size_t(2 * axisJ + 1)];
    if (i < i0 || i > i1 || j < j0 || j > j1) return {0, 0, 0, 0};
    uint8_t px[4];
    std::memcpy(px, &s.rgba[size_t((j - j0) * (i1 - i0 + 1) + (i - i0))], 4);
    return {px[0], px[1], px[2], px[3]};
}
}  // namespace

class SliceOverlayTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void labelsAreColouredThroughTheTable() {
        Image labels = labelVolume();
        fillBlock(labels, 2, 5, 1, 3, 2, 2, 1);
        fillBlock(labels, 7, 8, 5, 6, 2, 2, 2);  // hidden
        const OverlaySlice s =
            colourOverlaySlice(kSize, SliceOrientation::Axial, 2, labels, table(), {0.5, false}, std::nullopt);
        QVERIFY(!s.empty());
        QCOMPARE(pixel(s, 3, 2, 0, 1), (std::array<int, 4>{200, 100, 50, 128}));  // opacity 0.5
        QCOMPARE(pixel(s, 7, 5, 0, 1)[3], 0);
        QCOMPARE(pixel(s, 0, 0, 0, 1)[3], 0);
        // The box: the liver's pixels plus one voxel of margin; the hidden label adds nothing.
        QCOMPARE(s.extent, (std::array<int, 6>{1, 6, 0, 4, 0, 0}));
        QCOMPARE(s.rgba.size(), size_t(6 * 5));
    }

    void aSliceWithoutColourIsEmpty() {
        Image labels = labelVolume();
        fillBlock(labels, 2, 5, 1, 3, 2, 2, 1);
        QVERIFY(colourOverlaySlice(kSize, SliceOrientation::Axial, 4, labels, table(), {}, std::nullopt).empty());
        QVERIFY(colourOverlaySlice(kSize, SliceOrientation::Axial, 2, Image(), table(), {}, std::nullopt).empty());
    }

    void outlinesKeepOnlyTheBorderOpaque() {
        Image labels = labelVolume();
        fillBlock(labels, 2, 6, 1, 5, 0, 5, 1);
        const OverlaySlice s =
            colourOverlaySlice(kSize, SliceOrientation::Axial, 3, labels, table(), {0.2, true}, std::nullopt);
        QCOMPARE(pixel(s, 2, 3, 0, 1), (std::array<int, 4>{200, 100, 50, 255}));  // border, opaque
        QCOMPARE(pixel(s, 4, 3, 0, 1)[3], 0);                                     // inside
    }

    void theMaskIsTranslucentInsideAndOpaqueAtItsBorder() {
        auto volume = std::make_shared<mr::edit::MaskVolume>(int(kSize[0]), int(kSize[1]), kSize[2]);
        mr::edit::MaskView m = volume->slice(1);
        for (int y = 2; y <= 5; ++y)
            for (int x = 3; x <= 7; ++x) m.at(x, y) = 1;
        const MaskLayer layer{volume, 0, 230, 255};
        const OverlaySlice s = colourOverlaySlice(kSize, SliceOrientation::Axial, 1, Image(), {}, {}, layer);
        QCOMPARE(pixel(s, 5, 3, 0, 1), (std::array<int, 4>{0, 230, 255, 110}));
        QCOMPARE(pixel(s, 3, 3, 0, 1), (std::array<int, 4>{0, 230, 255, 255}));
        QCOMPARE(pixel(s, 2, 3, 0, 1)[3], 0);
        // An axial slice nobody painted has nothing to show.
        QVERIFY(colourOverlaySlice(kSize, SliceOrientation::Axial, 4, Image(), {}, {}, layer).empty());
        // A coronal plane crossing the mask (y = 4) shows it on slice z = 1: in-plane axes x and z.
        const OverlaySlice c = colourOverlaySlice(kSize, SliceOrientation::Coronal, 4, Image(), {}, {}, layer);
        QCOMPARE(pixel(c, 5, 1, 0, 2), (std::array<int, 4>{0, 230, 255, 255}));  // one slice thick: all border
        QCOMPARE(pixel(c, 5, 2, 0, 2)[3], 0);
        QCOMPARE(c.extent, (std::array<int, 6>{2, 8, 0, 0, 0, 2}));
    }

    void labelOutlinesStayVisibleOverTheMask() {
        Image labels = labelVolume();
        fillBlock(labels, 1, 8, 1, 6, 2, 2, 3);
        auto volume = std::make_shared<mr::edit::MaskVolume>(int(kSize[0]), int(kSize[1]), kSize[2]);
        mr::edit::MaskView m = volume->slice(2);
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 10; ++x) m.at(x, y) = 1;
        const OverlaySlice s =
            colourOverlaySlice(kSize, SliceOrientation::Axial, 2, labels, table(), {0.45, true}, MaskLayer{volume});
        QCOMPARE(pixel(s, 1, 3, 0, 1), (std::array<int, 4>{255, 255, 0, 255}));  // the label's outline on top
        QCOMPARE(pixel(s, 4, 3, 0, 1), (std::array<int, 4>{0, 230, 255, 110}));  // the mask inside it
    }

    void sagittalPlanesWalkYAndZ() {
        Image labels = labelVolume();
        fillBlock(labels, 4, 4, 2, 3, 1, 4, 1);  // at x = 4 only
        const OverlaySlice s =
            colourOverlaySlice(kSize, SliceOrientation::Sagittal, 4, labels, table(), {1.0, false}, std::nullopt);
        QCOMPARE(pixel(s, 2, 1, 1, 2), (std::array<int, 4>{200, 100, 50, 255}));
        QCOMPARE(pixel(s, 3, 4, 1, 2), (std::array<int, 4>{200, 100, 50, 255}));
        QCOMPARE(pixel(s, 4, 4, 1, 2)[3], 0);
        QCOMPARE(s.extent, (std::array<int, 6>{0, 0, 1, 4, 0, 5}));
        QVERIFY(colourOverlaySlice(kSize, SliceOrientation::Sagittal, 5, labels, table(), {}, std::nullopt).empty());
    }
};

QTEST_GUILESS_MAIN(SliceOverlayTest)
#include "slice_overlay_test.moc"
