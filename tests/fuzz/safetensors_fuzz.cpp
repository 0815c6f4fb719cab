// Safetensors files: the header (JSON, offsets, shapes) and the tensors it describes, each read in
// full so that a view outside the data section is caught.
#include "engine/nn/safetensors.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mr::fuzz::limitMemory();
    torch::zeros({2}).sum();  // libtorch's lazily created globals, before leak checking starts
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = mr::fuzz::writeInput(data, size, "input.safetensors");
    try {
        mr::nn::SafeTensorsFile file(path);
        for (const auto& name : file.names()) file.tensor(name).contiguous();
    } catch (const mr::Error&) {}
    return 0;
}
