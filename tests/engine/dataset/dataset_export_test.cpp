// Exports: COCO RLE against hand-computed pycocotools strings and round trips, the COCO file,
// PNG masks and NIfTI label maps at the right slice.
#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <random>

#include "engine/core/files.h"
#include "engine/dataset/dataset_export.h"
#include "engine/dataset/dicom_seg_export.h"
#include "engine/imaging/dicom_seg_reader.h"
#include "engine/imaging/nifti.h"
#include "tests/engine/dataset/dataset_test_util.h"
#include "tests/engine/imaging/dciodvfy.h"

namespace fs = std::filesystem;
using namespace mr::dataset;
using mr::dataset::test::freshDir;
using mr::dataset::test::makePixels;
using mr::dataset::test::makeSample;

// Counts worked out by hand from pycocotools' rules (column-major runs, background first; each
// count in 5-bit groups + 48, bit 0x20 = more, bit 0x10 of the last group = sign; from the fourth
// count on, the difference to the count two before).
TEST(CocoRle, KnownEncodings) {
    // 3x3 all ones: runs [0, 9].
    std::vector<uint8_t> ones(9, 1);
    EXPECT_EQ(cocoRleEncode(ones.data(), 3, 3), "09");
    // 10x10 with only the top-left pixel: runs [0, 1, 99]; 99 = 3 + 3*32 -> 'S' (3|0x20 + 48), '3'.
    std::vector<uint8_t> dot(100, 0);
    dot[0] = 1;
    EXPECT_EQ(cocoRleEncode(dot.data(), 10, 10), "01S3");
    // height 2, width 3, rows [0 1 1] / [0 0 1]: column-major 0 0 | 1 0 | 1 1 -> runs [2, 1, 1, 2];
    // the fourth is written as 2 - 1 = 1.
    const uint8_t small[6] = {0, 1, 1, 0, 0, 1};
    EXPECT_EQ(cocoRleEncode(small, 3, 2), "2111");
    // runs [5, 3, 10, 2, 80] in a 10x10 mask: 2 - 3 = -1 -> 'O'; 80 - 10 = 70 = 6 + 2*32 -> 'V', '2'.
    std::vector<uint8_t> m(100, 0);
    for (int i = 5; i < 8; ++i) m[size_t((i % 10) * 10 + i / 10)] = 1;
    for (int i = 18; i < 20; ++i) m[size_t((i % 10) * 10 + i / 10)] = 1;
    EXPECT_EQ(cocoRleEncode(m.data(), 10, 10), "53:OV2");
    EXPECT_EQ(cocoRleDecode("53:OV2", 10, 10), m);
    // 30 needs two groups (bit 0x10 would read as a sign): "n0"; runs [0, 30, 10, 10] end with
    // 10 - 30 = -20 -> "\\O" (two groups, the last all ones).
    std::vector<uint8_t> n(50, 0);
    for (int i = 0; i < 30; ++i) n[size_t((i % 10) * 5 + i / 10)] = 1;
    for (int i = 40; i < 50; ++i) n[size_t((i % 10) * 5 + i / 10)] = 1;
    EXPECT_EQ(cocoRleEncode(n.data(), 5, 10), "0n0:\\O");
    EXPECT_EQ(cocoRleDecode("0n0:\\O", 5, 10), n);
    // Empty mask: one background run.
    std::vector<uint8_t> none(12, 0);
    EXPECT_EQ(cocoRleEncode(none.data(), 4, 3), "<");
}

TEST(CocoRle, RoundTripOnRandomMasks) {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 200; ++trial) {
        const int w = std::uniform_int_distribution<int>(1, 70)(rng);
        const int h = std::uniform_int_distribution<int>(1, 70)(rng);
        const double p = std::uniform_real_distribution<double>(0, 1)(rng);
        std::vector<uint8_t> mask(size_t(w) * h);
        // Blobs and noise: long runs exercise multi-group counts, noise exercises negative deltas.
        const int cx = w / 2, cy = h / 2, r = std::uniform_int_distribution<int>(0, 40)(rng);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                mask[size_t(y) * w + x] = ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r) ^
                                          (std::bernoulli_distribution(p * 0.2)(rng) ? 1 : 0);
        const std::string counts = cocoRleEncode(mask.data(), w, h);
        ASSERT_EQ(cocoRleDecode(counts, w, h), mask) << w << "x" << h << " " << counts;
    }
    EXPECT_THROW(cocoRleDecode("09", 4, 4), DatasetError);  // 9 pixels, not 16
    EXPECT_THROW(cocoRleDecode("0S", 3, 3), DatasetError);  // ends inside a number
}

TEST(DatasetExport, PngCocoAndNifti) {
    const std::string dir = freshDir("export/dataset");
    const std::string out = freshDir("export/out");
    auto store = DatasetStore::open(dir);
    // Two slices of one series (16x12x5) and one rejected sample that must not be exported.
    Sample a = makeSample("a", ReviewStatus::Accepted);
    a.source.kind = "dicom_series";
    a.source.seriesKey = "aaaaaaaaaaaaaaaa";
    a.source.size = {16, 12, 5};
    a.source.spacing = {0.5, 0.75, 2};
    a.source.origin = {-10, 20, 30};
    a.source.slice = 3;
    Sample b = a;
    b.question = "b";
    b.status = ReviewStatus::Corrected;
    b.category = "kidney";
    b.source.slice = 1;
    Sample r = a;
    r.status = ReviewStatus::Rejected;
    r.source.slice = 0;
    const SamplePixels pa = makePixels(16, 12, 1), pb = makePixels(16, 12, 2), pr = makePixels(16, 12, 3);
    a = store->append(a, pa);
    b = store->append(b, pb);
    r = store->append(r, pr);

    exportPngMasks(*store, out + "/png");
    EXPECT_TRUE(fs::exists(out + "/png/000001.png"));
    EXPECT_TRUE(fs::exists(out + "/png/000002.png"));
    EXPECT_FALSE(fs::exists(out + "/png/000003.png"));
    cv::Mat m = cv::imread(out + "/png/000002.png", cv::IMREAD_UNCHANGED);
    ASSERT_EQ(m.type(), CV_8UC1);
    for (int y = 0; y < 12; ++y)
        for (int x = 0; x < 16; ++x) ASSERT_EQ(m.at<uint8_t>(y, x), pb.finalMask[size_t(y) * 16 + x] ? 255 : 0);

    exportNiftiLabelMaps(*store, out + "/nifti");
    auto labels = mr::imaging::readNifti(out + "/nifti/aaaaaaaaaaaaaaaa.nii.gz");
    ASSERT_EQ(labels.pixelType(), mr::imaging::PixelType::UInt8);
    EXPECT_EQ(labels.geometry().size, (std::array<int64_t, 3>{16, 12, 5}));
    for (int i = 0; i < 3; ++i) {
        EXPECT_NEAR(labels.geometry().spacing[size_t(i)], a.source.spacing[size_t(i)], 1e-5);
        EXPECT_NEAR(labels.geometry().origin[size_t(i)], a.source.origin[size_t(i)], 1e-4);
    }
    for (int z = 0; z < 5; ++z)
        for (int y = 0; y < 12; ++y)
            for (int x = 0; x < 16; ++x) {
                const size_t i = size_t(y) * 16 + x;
                const int expected = z == 3 ? pa.finalMask[i] : z == 1 ? pb.finalMask[i] : 0;  // slice 0: rejected
                ASSERT_EQ(labels.value(x, y, z), expected) << x << "," << y << "," << z;
            }

    exportCoco(*store, out + "/coco/instances.json");
    auto coco = mr::json::parseFile(out + "/coco/instances.json");
    ASSERT_EQ(coco.at("images").size(), 2u);
    ASSERT_EQ(coco.at("annotations").size(), 2u);
    ASSERT_EQ(coco.at("categories").size(), 2u);
    EXPECT_EQ(coco.at("categories")[0].at("name").asString(), "kidney");
    EXPECT_EQ(coco.at("categories")[1].at("supercategory").asString(), "abdomen");
    EXPECT_EQ(coco.at("images")[0].at("file_name").asString(), "images/000001.png");
    EXPECT_EQ(coco.at("images")[0].at("width").asInt(), 16);
    const auto& ann = coco.at("annotations")[1];
    EXPECT_EQ(ann.at("image_id").asInt(), 2);
    EXPECT_EQ(ann.at("category_id").asInt(), 1);
    EXPECT_EQ(ann.at("iscrowd").asInt(), 0);
    EXPECT_EQ(ann.at("segmentation").at("size")[0].asInt(), 12);
    EXPECT_EQ(ann.at("segmentation").at("size")[1].asInt(), 16);
    auto decoded = cocoRleDecode(ann.at("segmentation").at("counts").asString(), 16, 12);
    EXPECT_EQ(decoded, pb.finalMask);
    int64_t area = 0;
    int x0 = 99, y0 = 99, x1 = -1, y1 = -1;
    for (int y = 0; y < 12; ++y)
        for (int x = 0; x < 16; ++x)
            if (pb.finalMask[size_t(y) * 16 + x]) {
                ++area;
                x0 = std::min(x0, x);
                y0 = std::min(y0, y);
                x1 = std::max(x1, x);
                y1 = std::max(y1, y);
            }
    EXPECT_EQ(ann.at("area").asInt(), area);
    EXPECT_EQ(ann.at("bbox")[0].asInt(), x0);
    EXPECT_EQ(ann.at("bbox")[1].asInt(), y0);
    EXPECT_EQ(ann.at("bbox")[2].asInt(), x1 - x0 + 1);
    EXPECT_EQ(ann.at("bbox")[3].asInt(), y1 - y0 + 1);

    // Nothing of the private folder leaves the dataset.
    for (const auto& e : fs::recursive_directory_iterator(out))
        EXPECT_EQ(e.path().string().find(".medreasoner"), std::string::npos);

    // A mask that does not fit its series is an error naming the sample.
    Sample bad = a;
    bad.source.slice = 9;
    store->append(bad, pa);
    try {
        exportNiftiLabelMaps(*store, out + "/nifti2");
        FAIL();
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("000004"), std::string::npos) << e.what();
    }
}

TEST(DatasetExport, DicomSegPerSeriesIsValidAndReadsBack) {
    const std::string dir = freshDir("export/seg_dataset");
    const std::string out = freshDir("export/seg_out");
    auto store = DatasetStore::open(dir);
    // One series (16x12x5): two categories, two samples of one category on one slice (a union),
    // a rejected sample; and a picture of its own.
    Sample a = makeSample("a", ReviewStatus::Accepted);
    a.source.kind = "dicom_series";
    a.source.seriesKey = "bbbbbbbbbbbbbbbb";
    a.source.size = {16, 12, 5};
    a.source.spacing = {0.5, 0.75, 2};
    a.source.origin = {-10, 20, 30};
    a.source.slice = 3;
    a.annotator = "Reviewer^Rita";
    Sample b = a, c = a, r = a;
    b.question = "b";
    b.category = "kidney";
    b.expertName = "";
    b.source.slice = 1;
    c.question = "c";
    c.status = ReviewStatus::Corrected;
    r.status = ReviewStatus::Rejected;
    r.source.slice = 0;
    Sample picture = makeSample("p");
    picture.source.seriesKey = "cccccccccccccccc";
    const SamplePixels pa = makePixels(16, 12, 1), pb = makePixels(16, 12, 2), pc = makePixels(16, 12, 4);
    store->append(a, pa);
    store->append(b, pb);
    store->append(c, pc);
    store->append(r, makePixels(16, 12, 3));
    store->append(picture, makePixels(16, 12, 5));

    const auto files = exportDicomSegs(*store, out);
    ASSERT_EQ(files.size(), 2u);
    for (const auto& f : files) mr::imaging::testing::expectValidDicom(f);
    const auto seg = mr::imaging::readDicomSeg(out + "/bbbbbbbbbbbbbbbb.dcm");
    EXPECT_TRUE(seg.referencedSeriesUids.empty());
    EXPECT_EQ(seg.contentCreator, "Reviewer^Rita");
    ASSERT_EQ(seg.segments.size(), 2u);  // kidney, liver tumor (category order)
    EXPECT_EQ(seg.segments[0].label, "kidney");
    EXPECT_EQ(seg.segments[0].algorithmType, mr::imaging::SegmentAlgorithmType::Manual);
    EXPECT_EQ(seg.segments[1].label, "liver tumor");
    EXPECT_EQ(seg.segments[1].type.meaning, "Neoplasm");
    EXPECT_EQ(seg.segments[1].algorithmType, mr::imaging::SegmentAlgorithmType::SemiAutomatic);
    EXPECT_EQ(seg.segments[1].algorithmName, "classical + test-model");
    mr::imaging::SegSource grid;
    grid.geometry.size = {16, 12, 5};
    grid.geometry.spacing = {0.5, 0.75, 2};
    grid.geometry.origin = {-10, 20, 30};
    const auto placed = mr::imaging::placeDicomSeg(seg, grid);
    for (int z = 0; z < 5; ++z)
        for (size_t i = 0; i < 16 * 12; ++i) {
            const auto& kidney = placed.segments[0].slices[size_t(z)];
            const auto& tumor = placed.segments[1].slices[size_t(z)];
            ASSERT_EQ(kidney.empty() ? 0 : kidney[i], z == 1 ? pb.finalMask[i] : 0) << z << " " << i;
            ASSERT_EQ(tumor.empty() ? 0 : tumor[i], z == 3 ? (pa.finalMask[i] | pc.finalMask[i]) : 0) << z << " " << i;
        }
    const auto pictureSeg = mr::imaging::readDicomSeg(out + "/cccccccccccccccc.dcm");
    EXPECT_EQ(pictureSeg.frames.size(), 1u);
}
