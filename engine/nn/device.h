#pragma once
// Device and dtype choice for the models: CUDA when this libtorch build has it and a GPU is
// present, else CPU; float32 on CPU, float16 optional on GPU. A choice, not a code fork.
#include <torch/torch.h>

#include <string>

#include "engine/core/error.h"
#include "engine/nn/device_choice.h"

namespace mr::nn {

struct ResolvedDevice {
    torch::Device device = torch::kCPU;
    torch::ScalarType dtype = torch::kFloat32;
    std::string describe() const;  // e.g. "cpu float32", "cuda:0 float16"
};

bool cudaAvailable();

// Throws mr::Error when CUDA is asked for explicitly and is not available.
ResolvedDevice resolveDevice(const DeviceChoice& choice);

}  // namespace mr::nn
