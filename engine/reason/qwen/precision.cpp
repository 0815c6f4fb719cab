#include "engine/reason/qwen/precision.h"

#include <algorithm>
#include <cctype>

#include "engine/core/error.h"
#include "engine/core/process_memory.h"
#include "engine/nn/cpu_features.h"
#include "engine/reason/qwen/model.h"
#include "engine/reason/qwen/weights.h"

namespace mr::reason::qwen {

namespace {

constexpr uint64_t kSmallModelBytes = 1ull << 30;

bool cudaRunsBf16(c10::Device device) {
    try {
        auto o = at::TensorOptions().dtype(at::kBFloat16).device(device);
        at::matmul(at::ones({2, 2}, o), at::ones({2, 2}, o)).sum().item<float>();
        return true;
    } catch (const c10::Error&) {
        return false;
    }
}

Precision autoOnCpu(const std::string& folder) {
    const std::string native = mr::nn::nativeBf16Feature();
    const uint64_t f32 = weightBytes(folder, at::kFloat);
    if (f32 <= kSmallModelBytes)
        return {at::kFloat, false, "small model (" + formatGiB(f32) + " in float32): float32, exact"};
    if (!native.empty()) return {at::kBFloat16, false, "this CPU computes bfloat16 natively (" + native + ")"};
    const uint64_t available = availableMemoryBytes();
    if (available > 0 && QwenVLModel::estimateMemoryBytes(folder, at::kFloat) > available)
        return {at::kBFloat16, false,
                "float32 would need " + formatGiB(f32) + " but " + formatGiB(available) + " of memory is available"};
    return {at::kFloat, false, "float32 fits in memory and this CPU has no native bfloat16"};
}

}  // namespace

std::string Precision::name() const {
    return int8 ? "int8 weights, " + dtypeName(compute) + " activations" : dtypeName(compute);
}

Precision choosePrecision(const std::string& requested, c10::Device device, const std::string& folder) {
    std::string r = requested;
    std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (r == "int8") {
        if (!device.is_cpu())
            throw mr::Error("int8 weights run on the CPU only; use bfloat16 or float16 on " + device.str());
        const std::string native = mr::nn::nativeBf16Feature();
        return native.empty() ? Precision{at::kFloat, true, "requested (no native bfloat16 here: float32 activations)"}
                              : Precision{at::kBFloat16, true, "requested (activations in bfloat16: " + native + ")"};
    }
    if (r != "auto" && !r.empty()) return {parseDtype(r), false, "requested"};
    if (device.is_cuda())
        return cudaRunsBf16(device) ? Precision{at::kBFloat16, false, "GPU: bfloat16"}
                                    : Precision{at::kHalf, false, "GPU without bfloat16: float16"};
    return autoOnCpu(folder);
}

}  // namespace mr::reason::qwen
