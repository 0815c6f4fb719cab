#pragma once
// The bundled demo case on disk: the phantom written as a real multi-file DICOM series plus its
// ground-truth label map (NIfTI) and a label table (JSON). Written once into a folder; the app
// opens it on first start and the tests use it.
#include <string>

#include "engine/core/cancel.h"

namespace mr::demo {

struct DemoCase {
    std::string folder;       // root of the case
    std::string dicomFolder;  // folder/ct: one .dcm file per slice
    std::string labelsPath;   // folder/labels.nii.gz
    std::string labelTable;   // folder/labels.json: value, name, colour, mean HU
};

// Where the case lives (or will live) under root; does not touch the disk.
DemoCase demoCaseAt(const std::string& root);

// True when a complete case of the current phantom version is present under root.
bool demoCaseExists(const std::string& root);

// Generates the case under root unless it already exists. Built in a temporary sibling folder
// and renamed into place, so an interrupted run never leaves a half-written case behind.
DemoCase ensureDemoCase(const std::string& root, const mr::CancelToken& cancel = {},
                        const mr::ProgressFn& progress = {});

}  // namespace mr::demo
