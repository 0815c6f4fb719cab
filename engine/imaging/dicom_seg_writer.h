#pragma once
// Writes a Segmentation as one DICOM Segmentation object (binary, Bits Allocated 1) through
// DCMTK's dcmseg: one frame per segment and non-empty slice, per-frame plane positions, shared
// orientation and pixel measures, coded category and type per segment, how each was made, and the
// annotator as content creator. Valid for dciodvfy; see docs/imaging.md.
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/imaging/segmentation.h"

namespace mr::imaging {

// The image a segmentation was drawn on, as far as a SEG needs it.
struct SegSource {
    Geometry geometry;
    // false for pictures without patient coordinates: no Frame of Reference, no plane positions.
    bool patientSpace = true;
    // DICOM identifiers of the source series; written only by a linked export.
    std::string studyInstanceUid, seriesInstanceUid, frameOfReferenceUid;
    std::vector<SliceSource> slices;  // one per slice z, as Metadata::sliceSources
};

// The source description of a loaded image: pictures (modality OT without a Frame of Reference
// or DICOM positions) are not in patient space; DICOM identifiers are kept in memory only.
SegSource segSourceOf(const Image& image);

enum class SegIdentity {
    DeIdentified,    // new UIDs, no patient or study identifiers, no references to source instances
    LinkedToSource,  // patient, study and Frame of Reference of the source; each frame references its slice
};

struct SegWriteOptions {
    SegIdentity identity = SegIdentity::DeIdentified;
    std::string seriesDescription = "Segmentation";
    int seriesNumber = 300;
    std::string contentLabel = "SEGMENTATION";  // upper case letters, digits, space, '_' (at most 16)
    std::string contentDescription;
    std::string contentCreator;  // the annotator (a DICOM person name; '^' separates family and given names)
    std::string bodyPart;
    std::string softwareVersion = "0";  // of MedReasoner Studio
};

// The SEG file's bytes. Throws mr::Error naming why (nothing drawn, sizes that do not fit the
// grid, a linked export of an image that did not come from DICOM, DCMTK's reason).
std::string encodeDicomSeg(const Segmentation& segmentation, const SegSource& source, const SegWriteOptions& options,
                           const mr::CancelToken& cancel = {});

// encodeDicomSeg written to `path` atomically (a reader sees no file or the whole file).
void writeDicomSeg(const Segmentation& segmentation, const SegSource& source, const SegWriteOptions& options,
                   const std::string& path, const mr::CancelToken& cancel = {});

}  // namespace mr::imaging
