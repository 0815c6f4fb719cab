#pragma once
// One entry point for every input the app opens: a folder (DICOM, recursive), a DICOM file, a
// NIfTI file or a 2D picture, chosen by content first and by extension second.
#include <string>

#include "engine/core/cancel.h"
#include "engine/imaging/image.h"

namespace mr::imaging {

enum class ImageFileKind { DicomFolder, DicomFile, Nifti, Image2D, Unknown };
const char* imageFileKindName(ImageFileKind kind);  // "dicom-folder", "dicom-file", "nifti", "image-2d"

// Looks at the path (folder?) and the first bytes of the file; never throws.
ImageFileKind detectImageKind(const std::string& path);

// A folder loads its largest DICOM series (others and skipped files are named in warnings).
// Throws ImageReadError naming the file and the reason; mr::Cancelled when cancelled.
Image readImage(const std::string& path, const mr::CancelToken& cancel = {}, const mr::ProgressFn& progress = {});

}  // namespace mr::imaging
