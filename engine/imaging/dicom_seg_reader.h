#pragma once
// Reads DICOM Segmentation objects (binary with Bits Allocated 1, and fractional) through DCMTK's
// dcmseg, and places their frames on an open image: by the source instance each frame
// references, else by its plane position, else (a one-slice picture) on that slice. A SEG whose
// size, series or frame of reference does not match the image is refused with the reason.
#include <array>
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/imaging/dicom_seg_writer.h"
#include "engine/imaging/segmentation.h"

namespace mr::imaging {

struct SegFrame {
    int segment = 0;  // Referenced Segment Number (1-based)
    bool hasPosition = false;
    std::array<double, 3> position{0, 0, 0};  // Image Position (Patient) of the frame's first pixel
    std::string sourceSopInstanceUid;         // the source image the frame was derived from, if named
    int64_t sourceFrame = 0;                  // its frame number in a multi-frame source (0: none)
    std::vector<uint8_t> pixels;              // rows*columns: 0/1, or 0..maxFractional when fractional
};

// A SEG as stored, before it is placed on an image.
struct DicomSeg {
    std::string path;
    int rows = 0, columns = 0;
    bool fractional = false;
    int maxFractional = 1;       // Maximum Fractional Value (1 for binary)
    std::string fractionalType;  // "PROBABILITY" or "OCCUPANCY" when fractional
    bool hasOrientation = false;
    std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};  // row and column directions
    bool hasPixelSpacing = false;
    std::array<double, 2> pixelSpacing{1, 1};  // between rows, between columns (mm)
    double sliceThickness = 0;
    std::string studyInstanceUid, seriesInstanceUid, sopInstanceUid, frameOfReferenceUid;
    std::vector<std::string> referencedSeriesUids;  // the series the SEG says it was made on
    std::string contentCreator, contentLabel, seriesDescription;
    std::vector<SegmentDescription> segments;
    std::vector<SegFrame> frames;
    std::vector<std::string> warnings;  // damage that was worked around
};

// True when the file is a DICOM Segmentation object (header only; never throws).
bool isDicomSegFile(const std::string& path);

// Throws ImageReadError naming the file and why (not a SEG, truncated, sizes, DCMTK's reason).
DicomSeg readDicomSeg(const std::string& path, const mr::CancelToken& cancel = {});

// The SEG does not belong to the image it is opened over.
class SegMismatchError : public mr::Error {
public:
    using mr::Error::Error;
};

// The segments on the target's grid (fractional values of at least half the maximum count as
// set). Throws SegMismatchError saying what differs (size, series, frame of reference,
// orientation, spacing, a frame that lies on no slice).
Segmentation placeDicomSeg(const DicomSeg& seg, const SegSource& target);

}  // namespace mr::imaging
