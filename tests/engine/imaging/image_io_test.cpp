// NIfTI round trips (orientation preserved), 2D pictures through OpenCV, and readImage's choice.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/imaging/dicom_series_writer.h"
#include "engine/imaging/image_2d_reader.h"
#include "engine/imaging/image_info.h"
#include "engine/imaging/image_read_error.h"
#include "engine/imaging/image_reader.h"
#include "engine/imaging/nifti.h"

using namespace mr::imaging;
namespace fs = std::filesystem;

namespace {
std::string outDir(const std::string& name) {
    std::string p = std::string(MR_TEST_OUTPUT_DIR) + "/" + name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

Geometry oblique(bool leftHanded) {
    Geometry g;
    g.size = {23, 17, 9};
    g.spacing = {0.7, 0.9, 3.1};
    g.origin = {-101.25, 42.5, 317.75};
    const double a = 25 * M_PI / 180, b = -15 * M_PI / 180;
    // R = Rz(b) * Ry(a)
    double ry[9] = {std::cos(a), 0, std::sin(a), 0, 1, 0, -std::sin(a), 0, std::cos(a)};
    double rz[9] = {std::cos(b), -std::sin(b), 0, std::sin(b), std::cos(b), 0, 0, 0, 1};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            double s = 0;
            for (int k = 0; k < 3; ++k) s += rz[i * 3 + k] * ry[k * 3 + j];
            g.direction[size_t(i * 3 + j)] = s;
        }
    if (leftHanded)
        for (int i = 0; i < 3; ++i) g.direction[size_t(i * 3 + 2)] *= -1;
    return g;
}

template <class T>
Image filled(PixelType type, const Geometry& g) {
    Image img(type, g);
    T* p = reinterpret_cast<T*>(img.bytes());
    size_t n = img.byteSize() / sizeof(T);
    for (size_t i = 0; i < n; ++i) p[i] = T((i * 2654435761u) % 3000) - T(type == PixelType::Int16 ? 1000 : 0);
    return img;
}

void expectGeometry(const Geometry& got, const Geometry& want, double tol) {
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(got.size[i], want.size[i]);
        EXPECT_NEAR(got.spacing[i], want.spacing[i], tol);
        EXPECT_NEAR(got.origin[i], want.origin[i], tol);
    }
    for (int i = 0; i < 9; ++i) EXPECT_NEAR(got.direction[i], want.direction[i], tol) << i;
}

void patch(const std::string& path, size_t offset, const void* data, size_t n) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(std::streamoff(offset));
    f.write(static_cast<const char*>(data), std::streamsize(n));
}
}  // namespace

TEST(Nifti, ObliqueRoundTripPlainAndGzip) {
    for (bool leftHanded : {false, true})
        for (std::string name : {"vol.nii", "vol.nii.gz"}) {
            Image src = filled<int16_t>(PixelType::Int16, oblique(leftHanded));
            src.metadata().seriesDescription = "round trip";
            std::string path = outDir(std::string("nifti") + (leftHanded ? "_lh" : "_rh")) + "/" + name;
            writeNifti(src, path);
            EXPECT_FALSE(fs::exists(path + ".part"));
            EXPECT_TRUE(looksLikeNifti(path));
            Image back = readNifti(path);
            expectGeometry(back.geometry(), src.geometry(), 1e-4);
            ASSERT_EQ(back.pixelType(), PixelType::Int16);
            EXPECT_EQ(0, std::memcmp(back.bytes(), src.bytes(), src.byteSize()));
            EXPECT_EQ(back.metadata().seriesDescription, "round trip");
        }
}

TEST(Nifti, QformAloneGivesTheSameOrientation) {
    for (bool leftHanded : {false, true}) {
        Image src = filled<int16_t>(PixelType::Int16, oblique(leftHanded));
        std::string path = outDir("qform") + "/q.nii";
        writeNifti(src, path);
        int16_t zero = 0;
        patch(path, 254, &zero, 2);  // sform_code = 0: readers must use the qform
        Image back = readNifti(path);
        expectGeometry(back.geometry(), src.geometry(), 1e-4);
        EXPECT_TRUE(back.metadata().orientationKnown);
        patch(path, 252, &zero, 2);  // qform_code = 0 too: the orientation is a guess
        EXPECT_FALSE(readNifti(path).metadata().orientationKnown);
    }
}

TEST(Nifti, PixelTypesAndScaling) {
    Geometry g;
    g.size = {5, 4, 3};
    g.spacing = {1.5, 2, 2.5};
    for (PixelType t : {PixelType::UInt8, PixelType::UInt16, PixelType::Float32, PixelType::Rgb8}) {
        Image src(t, g);
        for (size_t i = 0; i < src.byteSize(); ++i) src.bytes()[i] = uint8_t(i * 7 + 3);
        std::string path = outDir("types") + "/t.nii.gz";
        writeNifti(src, path);
        Image back = readNifti(path);
        ASSERT_EQ(back.pixelType(), t) << pixelTypeName(t);
        EXPECT_EQ(0, std::memcmp(back.bytes(), src.bytes(), src.byteSize())) << pixelTypeName(t);
    }
    // scl_slope/scl_inter are applied: integral ones keep int16.
    Image src = filled<int16_t>(PixelType::Int16, g);
    std::string path = outDir("scaled") + "/s.nii";
    writeNifti(src, path);
    float slope = 2, inter = -5;
    patch(path, 112, &slope, 4);
    patch(path, 116, &inter, 4);
    Image back = readNifti(path);
    ASSERT_EQ(back.pixelType(), PixelType::Int16);
    EXPECT_EQ(back.value(1, 2, 1), src.value(1, 2, 1) * 2 - 5);
    slope = 0.5f;
    patch(path, 112, &slope, 4);
    back = readNifti(path);
    ASSERT_EQ(back.pixelType(), PixelType::Float32);
    EXPECT_FLOAT_EQ(float(back.value(1, 2, 1)), float(src.value(1, 2, 1) * 0.5 - 5));
}

TEST(Nifti, BrokenFilesGiveTypedErrors) {
    Geometry g;
    g.size = {16, 16, 4};
    Image src = filled<int16_t>(PixelType::Int16, g);
    std::string dir = outDir("nifti_bad");
    writeNifti(src, dir + "/ok.nii");
    std::string bytes;
    {
        std::ifstream in(dir + "/ok.nii", std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::ofstream(dir + "/cut.nii", std::ios::binary) << bytes.substr(0, bytes.size() - 100);
    std::ofstream(dir + "/short.nii", std::ios::binary) << bytes.substr(0, 100);
    std::ofstream(dir + "/text.nii", std::ios::binary) << std::string(400, 'x');
    for (std::string name : {"cut.nii", "short.nii", "text.nii", "missing.nii"}) {
        try {
            readNifti(dir + "/" + name);
            ADD_FAILURE() << name;
        } catch (const ImageReadError& e) {
            EXPECT_EQ(e.file(), dir + "/" + name);
        }
    }
    try {
        readNifti(dir + "/cut.nii");
    } catch (const ImageReadError& e) {
        EXPECT_NE(e.reason().find("truncated"), std::string::npos) << e.reason();
    }
}

TEST(Image2D, GrayColourAndSixteenBit) {
    std::string dir = outDir("pictures");
    cv::Mat gray(20, 30, CV_8UC1), gray16(20, 30, CV_16UC1), bgr(20, 30, CV_8UC3);
    for (int y = 0; y < 20; ++y)
        for (int x = 0; x < 30; ++x) {
            gray.at<uint8_t>(y, x) = uint8_t(x * 8 + y);
            gray16.at<uint16_t>(y, x) = uint16_t(x * 2000 + y);
            bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(uint8_t(30 + x), uint8_t(10 + y), uint8_t(200));  // B, G, R
        }
    ASSERT_TRUE(cv::imwrite(dir + "/g.png", gray));
    ASSERT_TRUE(cv::imwrite(dir + "/g16.png", gray16));
    ASSERT_TRUE(cv::imwrite(dir + "/g16.tif", gray16));
    ASSERT_TRUE(cv::imwrite(dir + "/c.bmp", bgr));
    ASSERT_TRUE(cv::imwrite(dir + "/c.png", bgr));
    ASSERT_TRUE(cv::imwrite(dir + "/c.jpg", bgr, {cv::IMWRITE_JPEG_QUALITY, 98}));
    ASSERT_TRUE(cv::imwritemulti(dir + "/pages.tif", std::vector<cv::Mat>{gray, gray, gray}));

    Image g = readImage2D(dir + "/g.png");
    EXPECT_FALSE(g.metadata().orientationKnown);  // a picture has no patient orientation
    ASSERT_EQ(g.pixelType(), PixelType::UInt8);
    EXPECT_EQ(g.width(), 30);
    EXPECT_EQ(g.height(), 20);
    EXPECT_EQ(g.depth(), 1);
    EXPECT_EQ(g.value(7, 3, 0), 7 * 8 + 3);
    for (std::string name : {"g16.png", "g16.tif"}) {
        Image h = readImage2D(dir + "/" + name);
        ASSERT_EQ(h.pixelType(), PixelType::UInt16) << name;
        EXPECT_EQ(h.value(7, 3, 0), 7 * 2000 + 3) << name;
    }
    for (std::string name : {"c.bmp", "c.png", "c.jpg"}) {
        Image c = readImage2D(dir + "/" + name);
        ASSERT_EQ(c.pixelType(), PixelType::Rgb8) << name;
        EXPECT_EQ(c.metadata().photometric, "RGB");
        const double tol = name == "c.jpg" ? 4 : 0;
        EXPECT_NEAR(c.value(5, 6, 0, 0), 200, tol) << name;  // red first
        EXPECT_NEAR(c.value(5, 6, 0, 1), 16, tol) << name;
        EXPECT_NEAR(c.value(5, 6, 0, 2), 35, tol) << name;
    }
    Image pages = readImage2D(dir + "/pages.tif");
    EXPECT_EQ(pages.depth(), 3);

    std::ofstream(dir + "/broken.png", std::ios::binary)
        << std::string("\x89PNG\r\n\x1a\n", 8) << std::string(100, 'z');
    EXPECT_THROW(readImage2D(dir + "/broken.png"), ImageReadError);
}

TEST(ReadImage, ChoosesTheReaderByContent) {
    std::string dir = outDir("choose");
    Geometry g;
    g.size = {12, 10, 4};
    Image vol(PixelType::Int16, g);
    vol.metadata().modality = "CT";
    for (int64_t i = 0; i < g.voxelCount(); ++i) vol.data<int16_t>()[i] = int16_t(i - 100);
    writeDicomSeries(vol, dir + "/dicom/series", {});
    std::ofstream(dir + "/dicom/README.txt") << "not an image";
    writeNifti(vol, dir + "/v.nii.gz");
    fs::copy_file(dir + "/v.nii.gz", dir + "/no_extension");
    cv::imwrite(dir + "/p.png", cv::Mat(8, 9, CV_8UC1, cv::Scalar(42)));
    std::ofstream(dir + "/garbage.xyz") << "garbage, garbage, garbage";

    EXPECT_EQ(detectImageKind(dir + "/dicom"), ImageFileKind::DicomFolder);
    EXPECT_EQ(detectImageKind(dir + "/dicom/series/IM0001.dcm"), ImageFileKind::DicomFile);
    EXPECT_EQ(detectImageKind(dir + "/no_extension"), ImageFileKind::Nifti);
    EXPECT_EQ(detectImageKind(dir + "/p.png"), ImageFileKind::Image2D);
    EXPECT_EQ(detectImageKind(dir + "/garbage.xyz"), ImageFileKind::Unknown);

    Image a = readImage(dir + "/dicom");
    EXPECT_EQ(0, std::memcmp(a.bytes(), vol.bytes(), vol.byteSize()));
    ASSERT_FALSE(a.metadata().warnings.empty());  // README.txt was skipped
    EXPECT_NE(a.metadata().warnings.back().find("README.txt"), std::string::npos);
    Image b = readImage(dir + "/dicom/series/IM0002.dcm");
    EXPECT_EQ(b.depth(), 1);
    EXPECT_EQ(b.value(0, 0, 0), vol.value(0, 0, 1));
    Image c = readImage(dir + "/no_extension");
    EXPECT_EQ(0, std::memcmp(c.bytes(), vol.bytes(), vol.byteSize()));
    EXPECT_EQ(readImage(dir + "/p.png").value(3, 3, 0), 42);
    EXPECT_THROW(readImage(dir + "/garbage.xyz"), ImageReadError);
    EXPECT_THROW(readImage(dir + "/nothing_here"), ImageReadError);
    fs::create_directories(dir + "/empty");
    EXPECT_THROW(readImage(dir + "/empty"), ImageReadError);
}

TEST(ImageInfo, StatisticsAndOrientationNames) {
    Geometry g;
    g.size = {2, 2, 1};
    Image img(PixelType::Int16, g);
    int16_t v[4] = {-1000, 0, 10, 2000};
    std::memcpy(img.bytes(), v, sizeof v);
    ImageStatistics s = computeStatistics(img);
    EXPECT_EQ(s.min, -1000);
    EXPECT_EQ(s.max, 2000);
    EXPECT_DOUBLE_EQ(s.mean, 252.5);
    EXPECT_EQ(s.count, 4);
    EXPECT_EQ(orientationCode(g), "LPS");
    EXPECT_EQ(slicePlaneName(g), "axial");
    g.direction = {0, 0, -1, 1, 0, 0, 0, -1, 0};  // sagittal
    EXPECT_EQ(orientationCode(g), "PIR");
    EXPECT_EQ(slicePlaneName(g), "sagittal");
    EXPECT_EQ(slicePlaneName(oblique(false)), "oblique");
}
