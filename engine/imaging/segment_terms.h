#pragma once
// The small built-in list of coded segment categories and types (SNOMED CT, from DICOM's CID 7150
// Segmentation Property Categories and the type groups below it) that the SEG export offers, and
// the choice of a coded term for a free-text category name such as a U-MRG category.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/imaging/segmentation.h"

namespace mr::imaging {

struct SegmentTerm {
    std::string name;       // lower-case English, as the list and the dataset spell it
    CodedConcept category;  // Segmented Property Category
    CodedConcept type;      // Segmented Property Type
};

// Organs (category Anatomical Structure) and findings (category Morphologically Abnormal
// Structure), in display order; the last entry is the generic "tissue".
const std::vector<SegmentTerm>& segmentTerms();

// The term for a free-text name: an exact name (case-insensitive) first, then a finding word in
// it ("liver tumor" is a Neoplasm, "lung nodule" a Nodule), then an organ in it, else "tissue".
// The free text itself stays the segment's label.
const SegmentTerm& segmentTermFor(const std::string& name);

// A segment description for a mask: the free-text label (or the term's name when empty), its
// coded term (segmentTermFor), and how it was made: semi-automatic, named "<expert> + <reasoner>"
// with their versions, when a model drew the first mask (expertName not empty), else manual.
SegmentDescription describeSegment(const std::string& label, const std::string& expertName,
                                   const std::string& reasonerName, const std::string& versions);

// A distinct display colour for the n-th segment (0-based).
std::array<uint8_t, 3> segmentColor(size_t n);

}  // namespace mr::imaging
