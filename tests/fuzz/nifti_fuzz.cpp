// NIfTI-1 files, plain or gzip-compressed: the header's sizes, offsets and geometry.
#include "engine/imaging/nifti.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mr::fuzz::limitMemory();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = mr::fuzz::writeInput(data, size, "input.nii");
    try {
        mr::imaging::looksLikeNifti(path);
        mr::imaging::readNifti(path).valueRange();
    } catch (const mr::Error&) {}
    return 0;
}
