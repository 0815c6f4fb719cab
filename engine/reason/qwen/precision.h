#pragma once
// Which dtype the reasoner computes in, chosen from what the user asked for, the device, the
// processor and the memory available, with the reason in words for the user.
#include <ATen/ATen.h>

#include <string>

namespace mr::reason::qwen {

struct Precision {
    at::ScalarType compute = at::kFloat;  // activations, embeddings, norms (and weights unless int8)
    bool int8 = false;                    // the linear layers' weights as int8 (CPU only)
    std::string reason;                   // why this one ("requested", or what "auto" found)
    std::string name() const;             // "bfloat16", "int8 weights, bfloat16 activations"
};

// `requested`: auto, int8, or a dtype parseDtype() accepts. "auto":
//   CUDA: bfloat16 (float16 on a GPU that cannot run bfloat16);
//   CPU: float32 for a small model (under 1 GiB in float32: exact, and speed hardly matters);
//        otherwise bfloat16 when the processor computes it natively (AVX512-BF16 / AMX) or when
//        float32 would not fit in the memory available; otherwise float32.
// "int8": int8 weights with bfloat16 activations where the CPU computes bfloat16 natively, else
// float32 activations. Throws mr::Error for an unknown name, or int8 on a GPU.
Precision choosePrecision(const std::string& requested, c10::Device device, const std::string& folder);

}  // namespace mr::reason::qwen
