// DICOM input: geometry, every encoding, and broken input. Series are generated here with
// DCMTK (and openjpeg for JPEG 2000), so the stored values and geometry are known exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "dicom_test_util.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/windowing.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/dicom_series_writer.h"
#include "engine/imaging/image_read_error.h"
#include "engine/imaging/nifti.h"

using namespace mr::imaging;
using namespace mr::imaging::testing;
namespace fs = std::filesystem;

namespace {
Geometry obliqueGeometry(int64_t c, int64_t r, int64_t n) {
    Geometry g;
    g.size = {c, r, n};
    g.spacing = {0.75, 0.8, 2.5};
    g.origin = {-120.5, 33.25, 410.0};
    // A rotation about x by 20 degrees, then about z by 10 degrees (columns are unit vectors).
    const double a = 20 * M_PI / 180, b = 10 * M_PI / 180;
    double rx[9] = {1, 0, 0, 0, std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a)};
    double rz[9] = {std::cos(b), -std::sin(b), 0, std::sin(b), std::cos(b), 0, 0, 0, 1};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            double s = 0;
            for (int k = 0; k < 3; ++k) s += rz[i * 3 + k] * rx[k * 3 + j];
            g.direction[size_t(i * 3 + j)] = s;
        }
    return g;
}

void expectGeometry(const Geometry& got, const Geometry& want, double tol = 1e-4) {
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(got.size[i], want.size[i]) << "size " << i;
        EXPECT_NEAR(got.spacing[i], want.spacing[i], tol) << "spacing " << i;
        EXPECT_NEAR(got.origin[i], want.origin[i], tol) << "origin " << i;
    }
    for (int i = 0; i < 9; ++i) EXPECT_NEAR(got.direction[i], want.direction[i], tol) << "direction " << i;
}

Image volumeFromWriter(const Geometry& g) {
    Image img(PixelType::Int16, g);
    int16_t* p = img.data<int16_t>();
    for (int64_t i = 0; i < g.voxelCount(); ++i) p[i] = int16_t((i * 7919) % 4000 - 1024);
    img.metadata().modality = "CT";
    return img;
}

std::vector<std::vector<uint8_t>> grayFrames(const SeriesSpec& s, int n, int lo, int hi) {
    std::vector<std::vector<uint8_t>> f;
    for (int z = 0; z < n; ++z) f.push_back(grayFrame16(s.columns, s.rows, z, lo, hi, s.isSigned));
    return f;
}

// 12-bit unsigned, smooth (lossy codecs stay close on smooth data).
std::vector<std::vector<uint8_t>> smoothFrames12(const SeriesSpec& s, int n) {
    std::vector<std::vector<uint8_t>> out;
    for (int z = 0; z < n; ++z) {
        std::vector<uint8_t> f(size_t(s.columns * s.rows) * 2);
        for (int64_t y = 0; y < s.rows; ++y)
            for (int64_t x = 0; x < s.columns; ++x) {
                uint16_t v = uint16_t(500 + x * 60 + y * 45 + z * 100);
                std::memcpy(f.data() + 2 * size_t(y * s.columns + x), &v, 2);
            }
        out.push_back(f);
    }
    return out;
}

int16_t stored16(const std::vector<uint8_t>& frame, size_t i) {
    int16_t v;
    std::memcpy(&v, frame.data() + 2 * i, 2);
    return v;
}
uint16_t storedU16(const std::vector<uint8_t>& frame, size_t i) {
    uint16_t v;
    std::memcpy(&v, frame.data() + 2 * i, 2);
    return v;
}

void expectSameInt16(const Image& img, const std::vector<std::vector<uint8_t>>& frames, int tolerance = 0) {
    ASSERT_EQ(img.pixelType(), PixelType::Int16);
    ASSERT_EQ(img.depth(), int64_t(frames.size()));
    size_t n = size_t(img.width() * img.height());
    int worst = 0;
    for (size_t z = 0; z < frames.size(); ++z)
        for (size_t i = 0; i < n; ++i)
            worst = std::max(worst, std::abs(int(img.data<int16_t>()[z * n + i]) - int(stored16(frames[z], i))));
    EXPECT_LE(worst, tolerance);
}

void expectSameRgb(const Image& img, const std::vector<std::vector<uint8_t>>& interleaved, int tolerance = 0) {
    ASSERT_EQ(img.pixelType(), PixelType::Rgb8);
    ASSERT_EQ(img.depth(), int64_t(interleaved.size()));
    size_t n = size_t(img.width() * img.height()) * 3;
    int worst = 0;
    for (size_t z = 0; z < interleaved.size(); ++z)
        for (size_t i = 0; i < n; ++i)
            worst = std::max(worst, std::abs(int(img.data<uint8_t>()[z * n + i]) - int(interleaved[z][i])));
    EXPECT_LE(worst, tolerance);
}

void writeBytes(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }
std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST(DicomSeries, WriterSeriesRoundTripsWithObliqueGeometryAndShuffledNames) {
    Geometry g = obliqueGeometry(40, 30, 17);
    Image src = volumeFromWriter(g);
    src.metadata().windows = {{"Custom", 50, 350}};
    DicomSeriesOptions o;
    o.shuffleFileNames = true;
    o.seriesDescription = "oblique";
    std::string dir = freshDir("writer_oblique");
    writeDicomSeries(src, dir, o);

    auto scan = scanDicomFolder(dir);
    ASSERT_EQ(scan.series.size(), 1u);
    EXPECT_TRUE(scan.skipped.empty());
    const auto& s = scan.series[0];
    EXPECT_EQ(s.sliceCount, 17);
    EXPECT_EQ(s.columns, 40);
    EXPECT_EQ(s.rows, 30);
    EXPECT_EQ(s.modality, "CT");
    EXPECT_EQ(s.seriesDescription, "oblique");

    double last = -1;
    Image img = readDicomSeries(s, {}, [&](double f, std::string_view) {
        EXPECT_GE(f, 0.0);
        EXPECT_LE(f, 1.0);
        last = f;
    });
    EXPECT_DOUBLE_EQ(last, 1.0);
    expectGeometry(img.geometry(), g, 2e-5 * 500);
    ASSERT_EQ(img.pixelType(), PixelType::Int16);
    EXPECT_EQ(0, std::memcmp(img.bytes(), src.bytes(), src.byteSize()));
    EXPECT_EQ(img.metadata().units, "HU");
    EXPECT_TRUE(img.metadata().warnings.empty());
    ASSERT_EQ(img.metadata().windows.size(), 1u);  // the file's only
    EXPECT_EQ(img.metadata().windows.front().name, "Custom");
    EXPECT_EQ(img.metadata().windows.front().center, 50);
    EXPECT_EQ(img.metadata().windows.front().width, 350);
    const auto presets = windowPresets(img);  // then the standard CT presets
    ASSERT_EQ(presets.size(), 6u);
    EXPECT_EQ(presets.front().name, "Custom");
    EXPECT_EQ(presets.back().name, "Liver");
}

TEST(DicomSeries, AxialSagittalCoronalOrientations) {
    const std::array<std::array<double, 9>, 3> dirs = {{
        {1, 0, 0, 0, 1, 0, 0, 0, 1},    // axial
        {0, 0, -1, 1, 0, 0, 0, -1, 0},  // sagittal: rows along +y, columns down (-z), normal +x... (det +1)
        {1, 0, 0, 0, 0, 1, 0, -1, 0},   // coronal: normal -y... columns (0,0,-1)
    }};
    int k = 0;
    for (const auto& d : dirs) {
        Geometry g;
        g.size = {12, 10, 6};
        g.spacing = {0.5, 0.6, 3};
        g.origin = {10, -20, 30};
        g.direction = d;
        Image src = volumeFromWriter(g);
        std::string dir = freshDir("orient" + std::to_string(k++));
        writeDicomSeries(src, dir, {});
        Image img = readDicomSeries(scanDicomFolder(dir).series.at(0));
        expectGeometry(img.geometry(), g);
        EXPECT_EQ(0, std::memcmp(img.bytes(), src.bytes(), src.byteSize()));
    }
}

TEST(DicomSeries, DuplicateAndGapAreReportedAndGeometryStaysExact) {
    SeriesSpec s;
    s.geometry = obliqueGeometry(16, 12, 1);
    s.sliceIndex = {4, 0, 1, 1, 2, 5};  // slice 3 missing, slice 1 twice, order shuffled
    auto frames = grayFrames(s, 6, -1000, 2000);
    frames[3] = frames[2];  // the duplicate holds the same pixels
    writeSeries(freshDir("dup_gap"), s, frames);
    Image img = readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/dup_gap").series.at(0));
    Geometry want = s.geometry;
    want.size = {16, 12, 6};
    expectGeometry(img.geometry(), want);
    std::string all;
    for (auto& w : img.metadata().warnings) all += w + "\n";
    EXPECT_NE(all.find("duplicate"), std::string::npos) << all;
    EXPECT_NE(all.find("missing"), std::string::npos) << all;
    size_t n = 16 * 12;
    // slot z holds the frame written at index z
    const int frameOfSlot[6] = {1, 2, 4, -1, 0, 5};
    for (int z = 0; z < 6; ++z) {
        if (frameOfSlot[z] < 0) continue;
        for (size_t i = 0; i < n; ++i)
            ASSERT_EQ(img.data<int16_t>()[size_t(z) * n + i], stored16(frames[size_t(frameOfSlot[z])], i)) << z;
    }
    auto [lo, hi] = img.valueRange();
    EXPECT_EQ(img.data<int16_t>()[3 * n], int16_t(lo));  // the gap is filled with the lowest value
}

TEST(DicomSeries, UnevenSpacingIsReported) {
    SeriesSpec s;
    s.sliceIndex = {0, 1, 2.4, 3, 4};
    writeSeries(freshDir("uneven"), s, grayFrames(s, 5, 0, 100));
    Image img = readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/uneven").series.at(0));
    ASSERT_FALSE(img.metadata().warnings.empty());
    EXPECT_NE(img.metadata().warnings[0].find("uneven"), std::string::npos);
    EXPECT_NEAR(img.geometry().spacing[2], 1.0, 1e-6);
}

TEST(DicomSeries, InstanceNumberOrdersSlicesWithoutPositions) {
    SeriesSpec s;
    s.writePosition = false;
    auto frames = grayFrames(s, 4, 0, 500);
    writeSeries(freshDir("nopos"), s, frames);
    Image img = readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/nopos").series.at(0));
    expectSameInt16(img, frames);
    EXPECT_NE(img.metadata().warnings.at(0).find("instance number"), std::string::npos);
    EXPECT_FALSE(img.metadata().orientationKnown);  // no Image Orientation (Patient): no patient letters
    SeriesSpec oriented;
    writeSeries(freshDir("withpos"), oriented, grayFrames(oriented, 2, 0, 500));
    EXPECT_TRUE(readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/withpos").series.at(0))
                    .metadata()
                    .orientationKnown);
}

TEST(DicomSeries, RescaleToInt16OrFloat) {
    SeriesSpec s;
    s.isSigned = false;
    s.bitsStored = 12;
    s.writeRescale = true;
    s.intercept = -1024;
    auto frames = grayFrames(s, 3, 0, 4095);
    writeSeries(freshDir("rescale_int"), s, frames);
    Image img = readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/rescale_int").series.at(0));
    ASSERT_EQ(img.pixelType(), PixelType::Int16);
    EXPECT_EQ(img.value(5, 3, 1), double(storedU16(frames[1], 3 * 16 + 5)) - 1024);
    EXPECT_EQ(img.metadata().rescaleIntercept, -1024);

    s.slope = 0.5;
    s.intercept = 10;
    s.seriesUid += ".2";
    writeSeries(freshDir("rescale_float"), s, frames);
    img = readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/rescale_float").series.at(0));
    ASSERT_EQ(img.pixelType(), PixelType::Float32);
    EXPECT_FLOAT_EQ(float(img.value(5, 3, 2)), float(storedU16(frames[2], 3 * 16 + 5) * 0.5 + 10));

    // Integral rescale that overflows int16 falls back to float32.
    s.bitsStored = 16;
    s.slope = 2;
    s.intercept = 0;
    s.seriesUid += ".3";
    frames = grayFrames(s, 2, 60000, 65535);
    writeSeries(freshDir("rescale_big"), s, frames);
    img = readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/rescale_big").series.at(0));
    ASSERT_EQ(img.pixelType(), PixelType::Float32);
    EXPECT_EQ(img.value(0, 0, 0), storedU16(frames[0], 0) * 2.0);

    // Unscaled unsigned 16-bit stays uint16.
    s.writeRescale = false;
    s.seriesUid += ".4";
    writeSeries(freshDir("u16"), s, frames);
    img = readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/u16").series.at(0));
    ASSERT_EQ(img.pixelType(), PixelType::UInt16);
    EXPECT_EQ(img.value(3, 2, 1), storedU16(frames[1], 2 * 16 + 3));
}

TEST(DicomSeries, ByteOrderAndVrVariantsDecodeIdentically) {
    for (Encoding e : {Encoding::ImplicitLittle, Encoding::ExplicitBig, Encoding::Deflated}) {
        SeriesSpec s;
        s.encoding = e;
        auto frames = grayFrames(s, 3, -2000, 3000);
        std::string dir = freshDir("variant" + std::to_string(int(e)));
        writeSeries(dir, s, frames);
        auto scan = scanDicomFolder(dir);
        ASSERT_EQ(scan.series.size(), 1u) << int(e);
        Image img = readDicomSeries(scan.series[0]);
        expectSameInt16(img, frames);
    }
}

TEST(DicomSeries, EightBitAndColourInEveryByteOrder) {
    for (Encoding e : {Encoding::ExplicitLittle, Encoding::ImplicitLittle, Encoding::ExplicitBig, Encoding::Deflated}) {
        SeriesSpec s;
        s.encoding = e;
        s.samples = 3;
        s.photometric = "RGB";
        s.bitsAllocated = s.bitsStored = 8;
        s.isSigned = false;
        s.modality = "OT";
        s.columns = 15;  // odd: 8-bit values padded to an even length
        std::vector<std::vector<uint8_t>> rgb{rgbFrame(s.columns, s.rows, 0, false),
                                              rgbFrame(s.columns, s.rows, 1, false)};
        std::string dir = freshDir("rgb_order" + std::to_string(int(e)));
        writeSeries(dir, s, rgb);
        expectSameRgb(readDicomSeries(scanDicomFolder(dir).series.at(0)), rgb);

        s.samples = 1;
        s.photometric = "MONOCHROME2";
        s.seriesUid += ".8";
        std::vector<std::vector<uint8_t>> gray{grayFrame8(s.columns, s.rows, 0), grayFrame8(s.columns, s.rows, 1)};
        dir = freshDir("gray8_order" + std::to_string(int(e)));
        writeSeries(dir, s, gray);
        Image img = readDicomSeries(scanDicomFolder(dir).series.at(0));
        ASSERT_EQ(img.pixelType(), PixelType::UInt8);
        EXPECT_EQ(0, std::memcmp(img.bytes(), gray[0].data(), gray[0].size())) << int(e);
        EXPECT_EQ(0, std::memcmp(img.bytes() + gray[0].size(), gray[1].data(), gray[1].size())) << int(e);
    }
}

TEST(DicomSeries, Monochrome1IsInvertedWithANote) {
    SeriesSpec s;
    s.photometric = "MONOCHROME1";
    s.isSigned = false;
    s.bitsStored = 12;
    s.modality = "CR";
    auto frames = grayFrames(s, 1, 0, 4095);
    std::string dir = freshDir("mono1");
    writeSeries(dir, s, frames);
    Image img = readDicomSeries(scanDicomFolder(dir).series.at(0));
    EXPECT_EQ(img.metadata().photometric, "MONOCHROME2");
    EXPECT_EQ(img.metadata().sourcePhotometric, "MONOCHROME1");
    ASSERT_FALSE(img.metadata().notes.empty());
    EXPECT_EQ(img.value(2, 1, 0), 4095.0 - storedU16(frames[0], 16 + 2));
}

TEST(DicomSeries, ColourPlanarAndYbr) {
    SeriesSpec s;
    s.samples = 3;
    s.photometric = "RGB";
    s.bitsAllocated = s.bitsStored = 8;
    s.isSigned = false;
    s.modality = "OT";
    std::vector<std::vector<uint8_t>> interleaved, planar;
    for (int z = 0; z < 2; ++z) {
        interleaved.push_back(rgbFrame(s.columns, s.rows, z, false));
        planar.push_back(rgbFrame(s.columns, s.rows, z, true));
    }
    writeSeries(freshDir("rgb0"), s, interleaved);
    expectSameRgb(readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/rgb0").series.at(0)),
                  interleaved);
    s.planar = 1;
    writeSeries(freshDir("rgb1"), s, planar);
    expectSameRgb(readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/rgb1").series.at(0)),
                  interleaved);

    // YBR_FULL: store Y Cb Cr computed from the RGB values; decoding returns the RGB within rounding.
    s.planar = 0;
    s.photometric = "YBR_FULL";
    std::vector<std::vector<uint8_t>> ybr;
    for (auto& f : interleaved) {
        std::vector<uint8_t> o(f.size());
        for (size_t i = 0; i < f.size(); i += 3) {
            double r = f[i], g = f[i + 1], b = f[i + 2];
            auto c = [](double v) { return uint8_t(std::max(0.0, std::min(255.0, std::round(v)))); };
            o[i] = c(0.299 * r + 0.587 * g + 0.114 * b);
            o[i + 1] = c(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
            o[i + 2] = c(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
        }
        ybr.push_back(o);
    }
    writeSeries(freshDir("ybr"), s, ybr);
    Image img = readDicomSeries(scanDicomFolder(std::string(MR_TEST_OUTPUT_DIR) + "/ybr").series.at(0));
    expectSameRgb(img, interleaved, 3);
    EXPECT_EQ(img.metadata().sourcePhotometric, "YBR_FULL");
}

TEST(DicomSeries, UncompressedYbrFull422) {
    SeriesSpec s;
    s.samples = 3;
    s.photometric = "YBR_FULL_422";
    s.bitsAllocated = s.bitsStored = 8;
    s.isSigned = false;
    s.modality = "OT";
    // Pairs of pixels share chroma: Y1 Y2 Cb Cr. Use gray chroma (128) so RGB = Y exactly.
    std::vector<uint8_t> frame(size_t(s.columns * s.rows) * 2);
    std::vector<uint8_t> expected(size_t(s.columns * s.rows) * 3);
    for (size_t p = 0; p < size_t(s.columns * s.rows); p += 2) {
        uint8_t y1 = uint8_t(p % 251), y2 = uint8_t((p * 3) % 251);
        frame[p * 2] = y1;
        frame[p * 2 + 1] = y2;
        frame[p * 2 + 2] = 128;
        frame[p * 2 + 3] = 128;
        for (int k = 0; k < 3; ++k) {
            expected[p * 3 + size_t(k)] = y1;
            expected[(p + 1) * 3 + size_t(k)] = y2;
        }
    }
    std::string dir = freshDir("ybr422");
    writeSeries(dir, s, {frame});
    auto scan = scanDicomFolder(dir);
    ASSERT_EQ(scan.series.size(), 1u) << (scan.skipped.empty() ? "" : scan.skipped[0].reason);
    expectSameRgb(readDicomSeries(scan.series[0]), {expected}, 0);
}

TEST(DicomSeries, TwoSeriesInOneFolderAreListedApart) {
    std::string dir = freshDir("two_series");
    Geometry g;
    g.size = {8, 8, 3};
    DicomSeriesOptions a, b;
    a.seriesDescription = "first";
    b.seriesDescription = "second";
    b.uidRoot = "1.2.826.0.1.3680043.10.1500.77";
    b.fileNamePattern = "B%04d.dcm";
    writeDicomSeries(volumeFromWriter(g), dir + "/a", a);
    g.size = {8, 8, 5};
    writeDicomSeries(volumeFromWriter(g), dir, b);
    auto scan = scanDicomFolder(dir);
    ASSERT_EQ(scan.series.size(), 2u);
    std::map<std::string, int64_t> slices;
    for (auto& s : scan.series) slices[s.seriesDescription] = s.sliceCount;
    EXPECT_EQ(slices["first"], 3);
    EXPECT_EQ(slices["second"], 5);
}

TEST(DicomBadInput, CorruptedBytesNeverCrash) {
    Geometry g;
    g.size = {16, 16, 1};
    std::string dir = freshDir("fuzz");
    writeDicomSeries(volumeFromWriter(g), dir + "/src", {});
    const std::string good = readAll(dir + "/src/IM0001.dcm");
    std::mt19937 rng(1234);
    int loaded = 0, rejected = 0;
    for (int i = 0; i < 300; ++i) {
        std::string bad = good;
        int edits = 1 + int(rng() % 4);
        for (int k = 0; k < edits; ++k) {
            // Mostly the header (where structure lives), sometimes anywhere.
            size_t limit = (rng() % 4) ? std::min<size_t>(bad.size(), 900) : bad.size();
            bad[rng() % limit] = char(rng());
        }
        if (rng() % 5 == 0) bad.resize(rng() % bad.size());
        std::string path = dir + "/m" + std::to_string(i) + ".dcm";
        writeBytes(path, bad);
        try {
            auto scan = scanDicomFolder(path);
            if (!scan.series.empty()) readDicomSeries(scan.series[0]);
            ++loaded;
        } catch (const ImageReadError&) {
            ++rejected;
        } catch (const mr::Error& e) {
            ADD_FAILURE() << "untyped error for " << path << ": " << e.what();
        }
        fs::remove(path);
    }
    EXPECT_EQ(loaded + rejected, 300);
}

TEST(DicomSeries, EnhancedMultiFrameUsesPerFrameGeometry) {
    SeriesSpec s;
    s.geometry = obliqueGeometry(16, 12, 1);
    s.multiFrame = true;
    s.perFrameGroups = true;
    s.sliceIndex = {3, 2, 1, 0};  // frames stored from the last slice to the first
    auto frames = grayFrames(s, 4, -500, 500);
    std::string dir = freshDir("enhanced");
    writeSeries(dir, s, frames);
    auto scan = scanDicomFolder(dir);
    ASSERT_EQ(scan.series.at(0).sliceCount, 4);
    ASSERT_EQ(scan.series.at(0).files.size(), 1u);
    Image img = readDicomSeries(scan.series[0]);
    Geometry want = s.geometry;
    want.size = {16, 12, 4};
    expectGeometry(img.geometry(), want);
    std::vector<std::vector<uint8_t>> inOrder(frames.rbegin(), frames.rend());
    expectSameInt16(img, inOrder);
}

TEST(DicomSeries, PerFrameRescaleInEnhancedMultiFrame) {
    SeriesSpec s;
    s.multiFrame = true;
    s.perFrameGroups = true;
    s.modality = "PT";
    s.isSigned = false;
    s.perFrameRescale = {{0.5, 0}, {0.25, 10}, {2, -3}};
    auto frames = grayFrames(s, 3, 0, 30000);
    std::string dir = freshDir("perframe_rescale");
    writeSeries(dir, s, frames);
    Image img = readDicomSeries(scanDicomFolder(dir).series.at(0));
    ASSERT_EQ(img.pixelType(), PixelType::Float32);
    for (int z = 0; z < 3; ++z)
        EXPECT_FLOAT_EQ(float(img.value(4, 5, z)),
                        float(storedU16(frames[size_t(z)], 5 * 16 + 4) * s.perFrameRescale[size_t(z)].first +
                              s.perFrameRescale[size_t(z)].second));
}

TEST(DicomSeries, Jpeg2000MultiFrameWithSeveralFragmentsPerFrame) {
    SeriesSpec s;
    s.multiFrame = true;
    s.encoding = Encoding::Jpeg2000Lossless;
    s.j2kFragmentsPerFrame = 3;
    auto frames = grayFrames(s, 4, -1024, 3071);
    std::string dir = freshDir("j2k_fragments");
    writeSeries(dir, s, frames);
    auto scan = scanDicomFolder(dir);
    ASSERT_EQ(scan.series.size(), 1u) << (scan.skipped.empty() ? "" : scan.skipped[0].reason);
    expectSameInt16(readDicomSeries(scan.series[0]), frames);
}

TEST(DicomSeries, PlainMultiFrameKeepsFrameOrder) {
    SeriesSpec s;
    s.multiFrame = true;
    s.modality = "OT";
    auto frames = grayFrames(s, 5, 0, 1000);
    std::string dir = freshDir("multiframe");
    writeSeries(dir, s, frames);
    Image img = readDicomSeries(scanDicomFolder(dir).series.at(0));
    expectSameInt16(img, frames);
    EXPECT_NEAR(img.geometry().spacing[2], 1.0, 1e-9);
}

struct CodecCase {
    Encoding encoding;
    bool color;
    int tolerance;
    bool multiFrame;
};

class DicomCodecs : public ::testing::TestWithParam<CodecCase> {};

TEST_P(DicomCodecs, DecodeMatchesSource) {
    const CodecCase c = GetParam();
    SeriesSpec s;
    s.encoding = c.encoding;
    s.multiFrame = c.multiFrame;
    s.seriesUid += "." + std::to_string(int(c.encoding)) + (c.color ? "1" : "0") + (c.multiFrame ? "1" : "0");
    const bool eightBit = c.encoding == Encoding::JpegBaseline;
    std::vector<std::vector<uint8_t>> frames, expected;
    if (c.color) {
        s.samples = 3;
        s.photometric = "RGB";
        s.bitsAllocated = s.bitsStored = 8;
        s.isSigned = false;
        s.modality = "OT";
        for (int z = 0; z < 3; ++z) frames.push_back(rgbFrame(s.columns, s.rows, z, false));
    } else if (eightBit) {
        s.bitsAllocated = s.bitsStored = 8;
        s.isSigned = false;
        s.modality = "OT";
        for (int z = 0; z < 3; ++z) frames.push_back(grayFrame8(s.columns, s.rows, z));
    } else {
        if (c.encoding == Encoding::JpegLsNearLossless || c.encoding == Encoding::JpegExtended)
            s.isSigned = false;  // DCMTK's near-lossless and 12-bit lossy encoders take unsigned data
        if (c.encoding == Encoding::JpegExtended) s.bitsStored = 12;
        frames = c.encoding == Encoding::JpegExtended ? smoothFrames12(s, 3)
                                                      : grayFrames(s, 3, s.isSigned ? -1024 : 0, 3071);
    }
    std::string dir = freshDir("codec_" + std::to_string(int(c.encoding)) + (c.color ? "_rgb" : "_gray") +
                               (c.multiFrame ? "_mf" : ""));
    writeSeries(dir, s, frames);
    auto scan = scanDicomFolder(dir);
    ASSERT_EQ(scan.series.size(), 1u) << (scan.skipped.empty() ? "" : scan.skipped[0].reason);
    Image img = readDicomSeries(scan.series[0]);
    if (c.color) {
        expectSameRgb(img, frames, c.tolerance);
    } else if (eightBit) {
        ASSERT_EQ(img.pixelType(), PixelType::UInt8);
        int worst = 0;
        size_t n = size_t(s.columns * s.rows);
        for (size_t z = 0; z < frames.size(); ++z)
            for (size_t i = 0; i < n; ++i)
                worst = std::max(worst, std::abs(int(img.data<uint8_t>()[z * n + i]) - int(frames[z][i])));
        EXPECT_LE(worst, c.tolerance);
    } else if (!s.isSigned) {
        ASSERT_EQ(img.pixelType(), s.bitsStored == 16 ? PixelType::UInt16 : PixelType::Int16);
        int worst = 0;
        size_t n = size_t(s.columns * s.rows);
        for (size_t z = 0; z < frames.size(); ++z)
            for (size_t i = 0; i < n; ++i)
                worst = std::max(worst, std::abs(int(img.value(int64_t(i % size_t(s.columns)),
                                                               int64_t(i / size_t(s.columns)), int64_t(z))) -
                                                 int(storedU16(frames[z], i))));
        EXPECT_LE(worst, c.tolerance);
    } else {
        expectSameInt16(img, frames, c.tolerance);
    }
}

INSTANTIATE_TEST_SUITE_P(
    AllEncodings, DicomCodecs,
    ::testing::Values(
        CodecCase{Encoding::Rle, false, 0, false}, CodecCase{Encoding::Rle, true, 0, false},
        CodecCase{Encoding::Rle, false, 0, true}, CodecCase{Encoding::JpegLossless, false, 0, false},
        CodecCase{Encoding::JpegLossless, true, 0, false}, CodecCase{Encoding::JpegLossless, false, 0, true},
        CodecCase{Encoding::JpegBaseline, false, 12, false}, CodecCase{Encoding::JpegBaseline, true, 24, false},
        CodecCase{Encoding::JpegExtended, false, 40, false}, CodecCase{Encoding::JpegLsLossless, false, 0, false},
        CodecCase{Encoding::JpegLsLossless, true, 0, false}, CodecCase{Encoding::JpegLsNearLossless, false, 2, false},
        CodecCase{Encoding::Jpeg2000Lossless, false, 0, false}, CodecCase{Encoding::Jpeg2000Lossless, true, 0, false},
        CodecCase{Encoding::Jpeg2000Lossless, false, 0, true}, CodecCase{Encoding::Jpeg2000, false, 400, false}));

TEST(DicomBadInput, FolderWithBadFilesLoadsTheGoodSeriesAndListsTheRest) {
    std::string dir = freshDir("mixed");
    Geometry g;
    g.size = {20, 16, 5};
    Image src = volumeFromWriter(g);
    writeDicomSeries(src, dir + "/good", {});
    std::string good = readAll(dir + "/good/IM0003.dcm");
    writeBytes(dir + "/truncated.dcm", good.substr(0, good.size() - 100));
    writeBytes(dir + "/cut_header.dcm", good.substr(0, 300));
    std::mt19937 rng(7);
    std::string noise(5000, '\0');
    for (char& ch : noise) ch = char(rng());
    writeBytes(dir + "/noise.bin", noise);
    writeBytes(dir + "/notes.txt", "hello");
    writeNoPixelFile(dir + "/nopixels.dcm");
    writeUnsupportedSyntaxFile(dir + "/mpeg2.dcm");

    auto scan = scanDicomFolder(dir);
    ASSERT_EQ(scan.series.size(), 1u);
    EXPECT_EQ(scan.series[0].sliceCount, 5);
    Image img = readDicomSeries(scan.series[0]);
    EXPECT_EQ(0, std::memcmp(img.bytes(), src.bytes(), src.byteSize()));
    std::map<std::string, std::string> why;
    for (auto& s : scan.skipped) why[fs::path(s.path).filename().string()] = s.reason;
    EXPECT_EQ(why.size(), 6u);
    EXPECT_NE(why["truncated.dcm"].find("truncated"), std::string::npos) << why["truncated.dcm"];
    EXPECT_FALSE(why["cut_header.dcm"].empty());
    EXPECT_NE(why["noise.bin"].find("not a DICOM"), std::string::npos) << why["noise.bin"];
    EXPECT_NE(why["notes.txt"].find("not a DICOM"), std::string::npos);
    EXPECT_NE(why["nopixels.dcm"].find("no pixel data"), std::string::npos) << why["nopixels.dcm"];
    EXPECT_NE(why["mpeg2.dcm"].find("unsupported transfer syntax"), std::string::npos) << why["mpeg2.dcm"];
}

TEST(DicomBadInput, ReadingBadFilesThrowsTypedErrorsNamingTheFile) {
    std::string dir = freshDir("bad_direct");
    Geometry g;
    g.size = {20, 16, 2};
    writeDicomSeries(volumeFromWriter(g), dir + "/good", {});
    std::string good = readAll(dir + "/good/IM0001.dcm");
    writeBytes(dir + "/truncated.dcm", good.substr(0, good.size() - 64));
    writeBytes(dir + "/noise.dcm", std::string(3000, '\x5a'));
    writeNoPixelFile(dir + "/nopixels.dcm");
    writeUnsupportedSyntaxFile(dir + "/mpeg2.dcm");
    for (std::string name : {"truncated.dcm", "noise.dcm", "nopixels.dcm", "mpeg2.dcm"}) {
        std::string path = dir + "/" + name;
        try {
            readDicomSeries(std::vector<std::string>{path});
            ADD_FAILURE() << name << " loaded";
        } catch (const ImageReadError& e) {
            EXPECT_EQ(e.file(), path);
            EXPECT_FALSE(e.reason().empty());
            EXPECT_NE(std::string(e.what()).find(name), std::string::npos);
        }
    }
}

TEST(DicomBadInput, InconsistentSeriesNamesTheOddFile) {
    SeriesSpec a;
    std::string dir = freshDir("inconsistent");
    writeSeries(dir + "/a", a, grayFrames(a, 3, 0, 10));
    SeriesSpec b = a;
    b.columns = 20;
    b.sliceIndex = {3};
    auto odd = writeSeries(dir + "/b", b, grayFrames(b, 1, 0, 10));
    auto scan = scanDicomFolder(dir);
    ASSERT_EQ(scan.series.size(), 1u);  // one Series Instance UID
    ASSERT_EQ(scan.series[0].files.size(), 4u);
    try {
        readDicomSeries(scan.series[0]);
        ADD_FAILURE() << "loaded";
    } catch (const ImageReadError& e) {
        EXPECT_EQ(e.file(), odd[0]);
        EXPECT_NE(e.reason().find("inconsistent"), std::string::npos) << e.reason();
    }
}

TEST(DicomSeries, CancelStopsLoading) {
    Geometry g;
    g.size = {32, 32, 40};
    std::string dir = freshDir("cancel");
    writeDicomSeries(volumeFromWriter(g), dir, {});
    auto scan = scanDicomFolder(dir);
    mr::CancelToken token;
    EXPECT_THROW(readDicomSeries(scan.series.at(0), token,
                                 [&](double f, std::string_view) {
                                     if (f > 0.2) token.cancel();
                                 }),
                 mr::Cancelled);
    token.cancel();
    EXPECT_THROW(scanDicomFolder(dir, token), mr::Cancelled);
}

TEST(DicomSeries, OneAndSeveralThreadsGiveTheSameVolume) {
    Geometry g;
    g.size = {33, 17, 23};
    std::string dir = freshDir("threads");
    Image src = volumeFromWriter(g);
    writeDicomSeries(src, dir, {});
    auto files = scanDicomFolder(dir).series.at(0).files;
    DicomReadOptions one, four;
    one.threads = 1;
    four.threads = 4;
    Image a = readDicomSeries(files, one), b = readDicomSeries(files, four);
    EXPECT_EQ(0, std::memcmp(a.bytes(), src.bytes(), src.byteSize()));
    EXPECT_EQ(0, std::memcmp(b.bytes(), src.bytes(), src.byteSize()));
}

TEST(DicomSeries, OneBigMultiFrameFileIsSplitAcrossThreads) {
    for (bool enhanced : {false, true}) {
        SeriesSpec s;
        s.multiFrame = true;
        s.perFrameGroups = enhanced;
        s.geometry = obliqueGeometry(16, 12, 1);
        auto frames = grayFrames(s, 37, -1000, 3000);
        std::string dir = freshDir(std::string("mf_threads") + (enhanced ? "_enh" : ""));
        auto files = writeSeries(dir, s, frames);
        DicomReadOptions one, three;
        one.threads = 1;
        three.threads = 3;
        Image a = readDicomSeries(files, one), b = readDicomSeries(files, three);
        expectSameInt16(a, frames);
        expectSameInt16(b, frames);
        expectGeometry(b.geometry(), a.geometry(), 0);
    }
}

// An independent check of geometry: dcm2niix (when installed) converts the same series to NIfTI;
// every voxel of our load, mapped through physical space into its volume, must hold the same value.
TEST(CrossCheck, Dcm2niixSeesTheSameVoxelsAtTheSamePlaces) {
    if (std::system("command -v dcm2niix > /dev/null 2>&1") != 0) GTEST_SKIP() << "dcm2niix not installed";
    Geometry g = obliqueGeometry(24, 20, 11);
    Image src = volumeFromWriter(g);
    std::string dir = freshDir("crosscheck");
    writeDicomSeries(src, dir + "/dicom", {});
    fs::create_directories(dir + "/nii");
    std::string cmd = "dcm2niix -z n -b n -f out -o '" + dir + "/nii' '" + dir + "/dicom' > '" + dir + "/log.txt' 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << readAll(dir + "/log.txt");
    Image ours = readDicomSeries(scanDicomFolder(dir + "/dicom").series.at(0));
    Image theirs = readNifti(dir + "/nii/out.nii");
    ASSERT_EQ(theirs.geometry().voxelCount(), ours.geometry().voxelCount());
    int64_t mismatches = 0;
    for (int64_t z = 0; z < ours.depth(); ++z)
        for (int64_t y = 0; y < ours.height(); ++y)
            for (int64_t x = 0; x < ours.width(); ++x) {
                auto p = ours.geometry().indexToPhysical({double(x), double(y), double(z)});
                auto q = theirs.geometry().physicalToIndex(p);
                int64_t i = std::llround(q[0]), j = std::llround(q[1]), k = std::llround(q[2]);
                ASSERT_NEAR(q[0], double(i), 0.01);
                ASSERT_NEAR(q[1], double(j), 0.01);
                ASSERT_NEAR(q[2], double(k), 0.01);
                if (!theirs.contains(i, j, k) || theirs.value(i, j, k) != ours.value(x, y, z)) ++mismatches;
            }
    EXPECT_EQ(mismatches, 0);
}
