// The DICOM reader on a broad public corpus: the test files Debian's python3-pydicom ships
// (/usr/lib/python3/dist-packages/pydicom/data/test_files). Every image there loads or is refused
// for the reason docs/imaging.md lists; values are checked against what pydicom reads from the
// same files (worked out once with pydicom and written here).
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/image_read_error.h"

namespace fs = std::filesystem;
using namespace mr::imaging;

namespace {

const std::string kData = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";

Image load(const std::string& name) { return readDicomSeries(std::vector<std::string>{kData + name}); }

bool corpusPresent() { return fs::exists(kData + "CT_small.dcm"); }

}  // namespace

TEST(PydicomCorpus, EveryImageLoads) {
    if (!corpusPresent()) GTEST_SKIP() << kData << " missing (Debian package python3-pydicom)";
    struct Expect {
        const char* file;
        int64_t w, h, d;
        PixelType type;
    };
    const Expect images[] = {
        {"693_J2KI.dcm", 512, 512, 1, PixelType::Int16},
        {"CT_small.dcm", 128, 128, 1, PixelType::Int16},
        {"ExplVR_BigEnd.dcm", 80, 60, 1, PixelType::Rgb8},
        {"GDCMJ2K_TextGBR.dcm", 400, 400, 1, PixelType::Rgb8},
        {"J2K_pixelrep_mismatch.dcm", 512, 512, 1, PixelType::Int16},
        {"JPEG-lossy.dcm", 256, 1024, 1, PixelType::Int16},
        {"JPEG2000.dcm", 256, 1024, 1, PixelType::Int16},
        {"JPGExtended.dcm", 256, 1024, 1, PixelType::Int16},
        {"MR_small.dcm", 64, 64, 1, PixelType::Int16},
        {"MR_small_RLE.dcm", 64, 64, 1, PixelType::Int16},
        {"MR_small_bigendian.dcm", 64, 64, 1, PixelType::Int16},
        {"MR_small_expb.dcm", 64, 64, 1, PixelType::Int16},
        {"MR_small_implicit.dcm", 64, 64, 1, PixelType::Int16},
        {"MR_small_jp2klossless.dcm", 64, 64, 1, PixelType::Int16},
        {"MR_small_jpeg_ls_lossless.dcm", 64, 64, 1, PixelType::Int16},
        {"MR_small_padded.dcm", 64, 64, 1, PixelType::Int16},
        {"SC_jpeg_no_color_transform.dcm", 256, 256, 1, PixelType::Rgb8},
        {"SC_jpeg_no_color_transform_2.dcm", 256, 256, 1, PixelType::Rgb8},
        {"SC_rgb_dcmtk_+eb+cr.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_dcmtk_+eb+cy+n1.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_dcmtk_+eb+cy+n2.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_dcmtk_+eb+cy+np.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_dcmtk_+eb+cy+s2.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_dcmtk_+eb+cy+s4.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_gdcm_KY.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_jpeg_app14_dcmd.dcm", 256, 256, 1, PixelType::Rgb8},
        {"SC_rgb_jpeg_dcmd.dcm", 256, 256, 1, PixelType::Rgb8},
        {"SC_rgb_jpeg_dcmtk.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_jpeg_gdcm.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_jpeg_lossy_gdcm.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_rle.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_rle_16bit.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_rle_16bit_2frame.dcm", 100, 100, 2, PixelType::Rgb8},
        {"SC_rgb_rle_2frame.dcm", 100, 100, 2, PixelType::Rgb8},
        {"SC_rgb_rle_32bit.dcm", 100, 100, 1, PixelType::Rgb8},
        {"SC_rgb_rle_32bit_2frame.dcm", 100, 100, 2, PixelType::Rgb8},
        {"SC_rgb_small_odd.dcm", 3, 3, 1, PixelType::Rgb8},
        {"SC_rgb_small_odd_jpeg.dcm", 3, 3, 1, PixelType::Rgb8},
        {"SC_ybr_full_422_uncompressed.dcm", 100, 100, 1, PixelType::Rgb8},
        {"badVR.dcm", 10, 10, 1, PixelType::Float32},
        {"image_dfl.dcm", 512, 512, 1, PixelType::UInt8},
        {"rtdose.dcm", 10, 10, 15, PixelType::Float32},
        {"rtdose_1frame.dcm", 10, 10, 1, PixelType::Float32},
        {"rtdose_expb.dcm", 10, 10, 15, PixelType::Float32},
        {"rtdose_expb_1frame.dcm", 10, 10, 1, PixelType::Float32},
        {"rtdose_rle.dcm", 10, 10, 15, PixelType::Float32},
        {"rtdose_rle_1frame.dcm", 10, 10, 1, PixelType::Float32},
    };
    for (const Expect& e : images) {
        SCOPED_TRACE(e.file);
        try {
            const Image img = load(e.file);
            EXPECT_EQ(img.geometry().size, (std::array<int64_t, 3>{e.w, e.h, e.d}));
            EXPECT_EQ(img.pixelType(), e.type);
        } catch (const mr::Error& ex) {
            ADD_FAILURE() << "refused: " << ex.what();
        }
    }
}

TEST(PydicomCorpus, RefusalsSayWhy) {
    if (!corpusPresent()) GTEST_SKIP() << kData << " missing (Debian package python3-pydicom)";
    const std::pair<const char*, const char*> refused[] = {
        {"liver_1frame.dcm", "DICOM Segmentation (SEG), not an image"},
        {"ExplVR_BigEndNoMeta.dcm", "no pixel data"},  // an RT Ion Plan
        {"ExplVR_LitEndNoMeta.dcm", "no pixel data"},
        {"rtplan.dcm", "no pixel data"},
        {"test-SR.dcm", "no pixel data"},
        {"waveform_ecg.dcm", "no pixel data"},
        {"MR_truncated.dcm", "truncated"},
        {"rtplan_truncated.dcm", "truncated"},
        {"no_meta.dcm", "not a DICOM file"},  // the Debian copy starts with a stray byte
        {"meta_missing_tsyntax.dcm", "Rows/Columns"},
        {"JPEG2000-embedded-sequence-delimiter.dcm", "JPEG 2000"},  // codestream bytes overwritten on purpose
        {"SC_rgb_jpeg.dcm", "truncated or corrupt"},                // implicit VR under an explicit-VR JPEG header
    };
    for (const auto& [file, reason] : refused) {
        SCOPED_TRACE(file);
        try {
            load(file);
            ADD_FAILURE() << "loaded";
        } catch (const ImageReadError& e) {
            EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
        }
    }
}

TEST(PydicomCorpus, DeflatedExplicitLittleEndianValues) {
    if (!corpusPresent()) GTEST_SKIP() << kData << " missing (Debian package python3-pydicom)";
    const Image img = load("image_dfl.dcm");
    ASSERT_EQ(img.pixelType(), PixelType::UInt8);
    const uint8_t* p = img.data<uint8_t>();
    EXPECT_EQ(p[0], 213);
    EXPECT_EQ(p[1000], 90);
    EXPECT_EQ(p[512 * 300 + 77], 138);
    uint64_t sum = 0;
    for (size_t i = 0; i < img.byteSize(); ++i) sum += p[i];
    EXPECT_EQ(sum, 33322688u);  // pydicom: sum(ds.PixelData)
}

TEST(PydicomCorpus, WideColourReducesToTheEightBitPicture) {
    if (!corpusPresent()) GTEST_SKIP() << kData << " missing (Debian package python3-pydicom)";
    // pydicom's 16- and 32-bit versions hold v * 257 and v * 16843009 of the 8-bit one.
    for (const auto& [narrow, wide] : {std::pair<const char*, const char*>{"SC_rgb_rle.dcm", "SC_rgb_rle_16bit.dcm"},
                                       {"SC_rgb_rle.dcm", "SC_rgb_rle_32bit.dcm"},
                                       {"SC_rgb_rle_2frame.dcm", "SC_rgb_rle_16bit_2frame.dcm"},
                                       {"SC_rgb_rle_2frame.dcm", "SC_rgb_rle_32bit_2frame.dcm"}}) {
        const Image a = load(narrow), b = load(wide);
        ASSERT_EQ(a.byteSize(), b.byteSize()) << wide;
        EXPECT_EQ(std::memcmp(a.bytes(), b.bytes(), a.byteSize()), 0) << wide;
        EXPECT_FALSE(b.metadata().notes.empty()) << wide;
    }
}

TEST(PydicomCorpus, RtDoseGridGeometryAndScaling) {
    if (!corpusPresent()) GTEST_SKIP() << kData << " missing (Debian package python3-pydicom)";
    const Image dose = load("rtdose.dcm");
    EXPECT_NEAR(dose.geometry().spacing[2], 5.0, 1e-9);  // Grid Frame Offset Vector 0, 5, ..., 70
    EXPECT_NEAR(dose.geometry().origin[2], -761.87, 1e-6);
    EXPECT_NEAR(dose.geometry().indexToPhysical({0, 0, 14})[2], -761.87 + 70, 1e-6);
    EXPECT_EQ(dose.metadata().units, "RELATIVE");
    EXPECT_NEAR(dose.value(0, 0, 0), 1.249, 1e-6);  // 1249000 x Dose Grid Scaling 1e-6
    EXPECT_NEAR(dose.value(3, 3, 7), 1.077, 1e-6);  // frame 8, pixel 33: 1077000
    const Image ct = load("CT_small.dcm");
    EXPECT_EQ(ct.value(0, 0, 0), 175 - 1024);
    EXPECT_EQ(ct.value(64, 64, 0), 1928 - 1024);
}
