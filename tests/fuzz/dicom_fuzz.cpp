// DICOM: the series scan of a folder holding the input (headers only), then reading each series
// found (pixel data, decompression, geometry), as the app does when a folder is opened.
#include <filesystem>

#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_series_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mr::fuzz::limitMemory();
    std::filesystem::create_directories(mr::fuzz::inputFolder() + "/dicom");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mr::fuzz::writeInput(data, size, "dicom/input.dcm");
    try {
        const auto scan = mr::imaging::scanDicomFolder(mr::fuzz::inputFolder() + "/dicom");
        for (const auto& series : scan.series) mr::imaging::readDicomSeries(series).valueRange();
    } catch (const mr::Error&) {}
    return 0;
}
