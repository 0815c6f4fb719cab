#pragma once
// Internal to the DICOM readers: opening files with DCMTK, codec registration and the header
// fields the scanner and the series reader both need. Not part of the public API.
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "engine/imaging/image.h"

class DcmFileFormat;
class DcmItem;

namespace mr::imaging::detail {

// Registers DCMTK's RLE, JPEG and JPEG-LS decoders once (thread-safe).
void registerDicomCodecs();

// Cheap content sniffing: "DICM" at offset 128, or a raw little-endian dataset starting with a
// group 0x0002/0x0008 element. Returns false and the reason otherwise.
bool looksLikeDicom(const std::string& path, std::string* reason);

// Opens a file. headerOnly: large values (pixel data) stay in the file and are read on demand.
// Throws ImageReadError naming the file and DCMTK's reason.
std::unique_ptr<DcmFileFormat> openDicom(const std::string& path, bool headerOnly);

struct FrameGeometry {
    bool hasPosition = false;
    std::array<double, 3> position{0, 0, 0};
    bool hasOrientation = false;
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};  // row direction, column direction
    bool hasRescale = false;
    double slope = 1, intercept = 0;
};

struct DicomFileInfo {
    std::string path;
    std::string transferSyntax;  // UID
    std::string sopClassUid, sopInstanceUid, seriesInstanceUid, studyInstanceUid, frameOfReferenceUid;
    std::string modality, seriesDescription, studyDescription, patientName, bodyPart, manufacturer;
    std::string photometric, rescaleType;
    int seriesNumber = 0;
    int instanceNumber = 0;
    bool hasInstanceNumber = false;
    int64_t rows = 0, columns = 0, frames = 1;
    int samples = 1, bitsAllocated = 0, bitsStored = 0, highBit = 0, pixelRepresentation = 0;
    int planarConfiguration = 0;
    bool encapsulated = false;
    double pixelSpacingRow = 1, pixelSpacingCol = 1;  // mm between rows, between columns
    bool hasPixelSpacing = false;
    double sliceThickness = 0, spacingBetweenSlices = 0;
    double frameStep = 0;                 // signed distance between frames along the normal (RT Dose), 0 when not given
    FrameGeometry shared;                 // from the top level / shared functional groups
    std::vector<FrameGeometry> perFrame;  // per-frame functional groups, when present
    std::vector<WindowPreset> windows;
};

// Reads the header fields; throws ImageReadError when the file is not a usable image (no pixel
// data, missing Rows/Columns, unsupported bit depth, ...).
DicomFileInfo readDicomInfo(DcmFileFormat& file, const std::string& path);

// Checks that the pixel data can hold Rows x Columns x Frames (uncompressed: length and a read of
// the last bytes, which fails on a cut file; encapsulated: at least one fragment per frame).
// Throws ImageReadError.
void checkPixelData(DcmFileFormat& file, const DicomFileInfo& info);

// Transfer syntaxes decoded through openjpeg rather than DCMTK.
bool isJpeg2000(const std::string& transferSyntaxUid);
// Whether this build can decode the transfer syntax (DCMTK natively, its codecs, or openjpeg).
bool canDecode(const std::string& transferSyntaxUid, std::string* reason);

}  // namespace mr::imaging::detail
