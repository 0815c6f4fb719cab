// A .pth file end to end: the ZIP reader (libzip), the restricted unpickler and the tensor views
// of the mapping; every tensor read is touched so that a view outside its storage is caught.
#include "engine/nn/checkpoint.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mr::fuzz::limitMemory();
    torch::zeros({2}).sum();  // libtorch's lazily created globals, before leak checking starts
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = mr::fuzz::writeInput(data, size, "input.pth");
    try {
        for (const auto& [name, tensor] : mr::nn::loadTorchCheckpoint(path)) tensor.contiguous();
    } catch (const mr::Error&) {}
    return 0;
}
