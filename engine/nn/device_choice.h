#pragma once
// What the user asks for (standard library only, so interfaces can carry it without libtorch);
// engine/nn/device.h turns it into a torch device and dtype.
#include <string>

namespace mr::nn {

struct DeviceChoice {
    enum class Kind { Auto, Cpu, Cuda };
    Kind kind = Kind::Auto;
    int cudaIndex = 0;
    bool halfOnGpu = false;  // float16 weights/activations on CUDA; ignored on CPU (always float32)
};

// "auto", "cpu", "cuda", "cuda:1", optionally with ",half" / "-half" (e.g. "cuda-half").
// Throws mr::Error for anything else.
DeviceChoice parseDeviceChoice(const std::string& text);

}  // namespace mr::nn
