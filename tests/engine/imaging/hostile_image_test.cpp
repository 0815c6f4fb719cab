// Images as an attacker or a damaged disk would make them (issue 22): each is a clear
// ImageReadError, quickly and within bounded memory, never a crash or a huge allocation.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/imaging/dicom_nesting.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/image_read_error.h"
#include "engine/imaging/image_reader.h"
#include "engine/imaging/nifti.h"
#include "tests/support/hostile_images.h"

namespace fs = std::filesystem;
using namespace mr::imaging;
using mr::test::nestedDicom;
using mr::test::niftiHeader;

namespace {

std::string outDir(const std::string& name) {
    const fs::path p = fs::path(MR_TEST_OUTPUT_DIR) / name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p.string();
}

void writeBytes(const std::string& path, const std::string& bytes, bool gz = false) {
    if (gz) {
        gzFile f = gzopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(gzwrite(f, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
        gzclose(f);
    } else {
        std::ofstream(path, std::ios::binary) << bytes;
    }
}

// The reason of the ImageReadError reading `path` throws ("" when it reads).
std::string readError(const std::string& path) {
    try {
        readImage(path);
    } catch (const ImageReadError& e) {
        EXPECT_EQ(e.file(), path);
        return e.reason();
    }
    return "";
}

}  // namespace

TEST(HostileNifti, DimensionsOf32767CubedAreRefusedBeforeAllocating) {
    const std::string dir = outDir("nifti_huge");
    const std::string header = niftiHeader(32767, 32767, 32767) + std::string(64, '\0');
    writeBytes(dir + "/huge.nii", header);
    EXPECT_NE(readError(dir + "/huge.nii").find("truncated"), std::string::npos);
    // Compressed, the file size says nothing: the voxel count and memory limits do (35 TB of voxels
    // used to be allocated, which AddressSanitizer reports as a failure).
    writeBytes(dir + "/huge.nii.gz", header, true);
    const std::string why = readError(dir + "/huge.nii.gz");
    EXPECT_NE(why.find("32767x32767x32767"), std::string::npos) << why;
}

TEST(HostileNifti, VoxelOffsetsFromTheFileAreChecked) {
    const std::string dir = outDir("nifti_offset");
    writeBytes(dir + "/nan.nii", niftiHeader(2, 2, 1, std::nanf("")) + std::string(8, '\0'));
    EXPECT_NE(readError(dir + "/nan.nii").find("vox_offset"), std::string::npos);
    writeBytes(dir + "/far.nii", niftiHeader(2, 2, 1, 1e30f) + std::string(8, '\0'));
    EXPECT_NE(readError(dir + "/far.nii").find("vox_offset"), std::string::npos);
    // 1 GB of extensions to skip in a tiny compressed file: read and dropped in small pieces,
    // never allocated at once, and the file ends early.
    writeBytes(dir + "/skip.nii.gz", niftiHeader(2, 2, 1, 1e9f) + std::string(8, '\0'), true);
    EXPECT_NE(readError(dir + "/skip.nii.gz").find("truncated"), std::string::npos);
}

TEST(HostileDicom, DeeplyNestedSequencesAreAnErrorNotAStackOverflow) {
    const std::string dir = outDir("dicom_nested");
    writeBytes(dir + "/deep.dcm", nestedDicom(200000));  // 7 MB; DCMTK's reader used to overflow the stack
    const std::string why = readError(dir + "/deep.dcm");
    EXPECT_NE(why.find("nest more than 128"), std::string::npos) << why;
    // The folder scan lists it as skipped, with the reason.
    const DicomScanResult scan = scanDicomFolder(dir);
    ASSERT_EQ(scan.skipped.size(), 1u);
    EXPECT_NE(scan.skipped[0].reason.find("nest more than 128"), std::string::npos) << scan.skipped[0].reason;
}

// Found by the dicom fuzz target: Pixel Data (7FE0,0010) with a VR DCMTK does not read as pixel
// data was used as DcmPixelData (undefined behaviour, caught by UBSan).
TEST(HostileDicom, PixelDataWithAnotherValueRepresentationIsAnError) {
    const std::string path = std::string(MR_FIXTURES_DIR) + "/robustness/dicom/pixel_data_not_pixel_data.dcm";
    const std::string why = readError(path);
    EXPECT_NE(why.find("value representation"), std::string::npos) << why;
}

TEST(HostileDicom, NestingIsMeasuredExactly) {
    for (int depth : {0, 1, 5, 128, 129}) {
        const std::string f = nestedDicom(depth);
        const auto r = detail::measureSequenceNesting(reinterpret_cast<const uint8_t*>(f.data()), f.size(), 128);
        EXPECT_EQ(r.maxDepth, std::min(depth, 129)) << depth;
        EXPECT_TRUE(r.complete) << depth;
    }
    // Bytes the walk cannot follow: the depth is ruled out by counting item tags.
    std::string junk = nestedDicom(3);
    junk.resize(junk.size() - 3);
    const auto r = detail::measureSequenceNesting(reinterpret_cast<const uint8_t*>(junk.data()), junk.size(), 128);
    EXPECT_FALSE(r.complete);
    EXPECT_EQ(r.itemTags, 3);
}
