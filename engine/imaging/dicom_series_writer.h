#pragma once
// Writes a volume as a multi-file DICOM series (one file per slice), the way a scanner exports
// one: CT Image Storage for CT, Secondary Capture otherwise. Used for the demo case and tests.
#include <functional>
#include <string>

#include "engine/core/cancel.h"
#include "engine/imaging/image.h"

namespace mr::imaging {

struct DicomSeriesOptions {
    std::string patientName = "ANONYMOUS^DEMO";
    std::string patientId = "DEMO0001";
    std::string studyDescription;
    std::string seriesDescription;
    std::string bodyPart;
    std::string uidRoot = "1.2.826.0.1.3680043.10.1500";  // study/series/instance UIDs derive from it
    std::string fileNamePattern = "IM%04d.dcm";           // printf pattern taking the slice number
    bool shuffleFileNames = false;                        // names not in slice order, as many real exports have
};

// Writes int16 or uint16 volumes (values stored with rescale 1/-0 for int16 HU data) into
// `folder` (created). Each slice gets ImagePositionPatient/Orientation from the geometry, the
// image's window presets and an InstanceNumber. Throws mr::Error on failure.
void writeDicomSeries(const Image& image, const std::string& folder, const DicomSeriesOptions& options,
                      const mr::CancelToken& cancel = {});

}  // namespace mr::imaging
