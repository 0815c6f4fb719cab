#pragma once
// Test helpers: DICOM files in every encoding, written with DCMTK's own library (and openjpeg for
// JPEG 2000), from frames whose stored values the tests know.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/imaging/image.h"
#include "tests/support/scratch_dir.h"

namespace mr::imaging::testing {

enum class Encoding {
    ExplicitLittle,
    ImplicitLittle,
    ExplicitBig,
    Deflated,
    Rle,
    JpegLossless,
    JpegBaseline,
    JpegExtended,
    JpegLsLossless,
    JpegLsNearLossless,
    Jpeg2000Lossless,
    Jpeg2000
};

struct SeriesSpec {
    int64_t columns = 16, rows = 12;
    int samples = 1;
    std::string photometric = "MONOCHROME2";
    int planar = 0;
    int bitsAllocated = 16, bitsStored = 16;
    bool isSigned = true;
    double slope = 1, intercept = 0;
    bool writeRescale = false;
    std::string modality = "CT";
    std::string seriesUid = "1.2.826.0.1.3680043.10.1500.99.1";
    std::string frameOfReferenceUid;  // written when not empty
    Geometry geometry;                // spacing/origin/direction; positions come from it
    std::vector<double> sliceIndex;   // z index of each written slice (gaps, duplicates, shuffles)
    bool writePosition = true;
    bool writeInstanceNumber = true;
    bool multiFrame = false;      // one file holding every slice as a frame
    bool perFrameGroups = false;  // enhanced multi-frame: geometry in functional groups
    Encoding encoding = Encoding::ExplicitLittle;
    int j2kFragmentsPerFrame = 1;                            // >1: each codestream split, with a basic offset table
    std::vector<std::pair<double, double>> perFrameRescale;  // enhanced: slope, intercept per frame
};

// Frames hold stored samples as DICOM lays them out uncompressed (native byte order for 16 bits,
// colour interleaved or planar per spec.planar). Writes one file per slice (or one multi-frame
// file) into folder; returns the paths.
std::vector<std::string> writeSeries(const std::string& folder, const SeriesSpec& spec,
                                     const std::vector<std::vector<uint8_t>>& frames);

// Deterministic test pattern: frame z of a gray 16-bit volume, values in [lo, hi].
std::vector<uint8_t> grayFrame16(int64_t columns, int64_t rows, int z, int lo, int hi, bool isSigned);
std::vector<uint8_t> grayFrame8(int64_t columns, int64_t rows, int z);
std::vector<uint8_t> rgbFrame(int64_t columns, int64_t rows, int z, bool planar);

// A CT header without pixel data; a file in the MPEG-2 transfer syntax (not decodable here).
void writeNoPixelFile(const std::string& path);
void writeUnsupportedSyntaxFile(const std::string& path);

using mr::testing::freshDir;  // an empty folder under MR_TEST_OUTPUT_DIR

}  // namespace mr::imaging::testing
