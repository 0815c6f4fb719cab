#pragma once
// A labelled segmentation over an image grid, as DICOM SEG stores it: numbered segments, each with
// a label, a coded category and type, how it was made (manual, semi-automatic, automatic) and a
// display colour, and a binary mask. Masks are kept per slice and a slice nobody drew on costs
// nothing, like the editor's MaskVolume. No DCMTK in this header.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/imaging/image.h"

namespace mr::imaging {

// A coded concept (Code Value, Coding Scheme Designator, Code Meaning), e.g. {"10200004", "SCT", "Liver"}.
struct CodedConcept {
    std::string value, scheme, meaning;
    bool empty() const { return value.empty(); }
    bool operator==(const CodedConcept& o) const { return value == o.value && scheme == o.scheme; }
};

enum class SegmentAlgorithmType { Manual, SemiAutomatic, Automatic };
const char* segmentAlgorithmTypeName(SegmentAlgorithmType type);  // "MANUAL", "SEMIAUTOMATIC", "AUTOMATIC"

struct SegmentDescription {
    int number = 0;           // 1-based; assigned in order on write, as found on read
    std::string label;        // Segment Label, e.g. "liver tumor" (at most 64 characters)
    std::string description;  // free text (Segment Description), optional
    CodedConcept category;    // Segmented Property Category, e.g. Morphologically Abnormal Structure
    CodedConcept type;        // Segmented Property Type, e.g. Mass
    SegmentAlgorithmType algorithmType = SegmentAlgorithmType::Manual;
    std::string algorithmName;                  // required unless manual, e.g. "MedSAM + MedReasoner-7B"
    std::string algorithmVersion;               // the versions of the models behind algorithmName
    std::array<uint8_t, 3> color{255, 64, 64};  // sRGB; stored as the recommended CIELab value
};

struct Segment {
    SegmentDescription description;
    // One entry per slice of the grid: empty (all zero) or width*height values 0/1, row-major.
    std::vector<std::vector<uint8_t>> slices;

    bool sliceEmpty(int64_t z) const;  // true for an empty entry or one without a set pixel
    int64_t countVoxels() const;
};

// Segments over one image grid (size, spacing, origin, direction of the image they were drawn on).
struct Segmentation {
    Geometry geometry;
    std::vector<Segment> segments;
    std::vector<std::string> warnings;  // e.g. how a SEG without references was placed

    // Adds a segment with every slice empty and returns it.
    Segment& addSegment(const SegmentDescription& description);
    // Copies a width*height slice (any non-zero counts) into segment `index` at z; throws
    // mr::Error for a size or index outside the grid.
    void setSlice(size_t index, int64_t z, const uint8_t* mask, size_t count);
};

// A uint8 label map on the segmentation's grid: voxel = segment position + 1 (so up to 255
// segments); where segments overlap the later one wins and `overlaps` (optional) counts those voxels.
Image labelMapOf(const Segmentation& segmentation, int64_t* overlaps = nullptr);

}  // namespace mr::imaging
