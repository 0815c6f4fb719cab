#pragma once
// Whether this libtorch has at::scaled_dot_product_attention (2.0 and later): its fused flash and
// memory-efficient kernels replace the models' explicit attention at compile time. Debian's
// libtorch 1.13 keeps the explicit (math) path, which the fidelity tests pin to the originals.
// Calls use the 2.0 signature (query, key, value, attn_mask, dropout_p, is_causal), which later
// versions keep.
#include <torch/version.h>

#if TORCH_VERSION_MAJOR >= 2
#define MR_HAVE_SDPA 1
#else
#define MR_HAVE_SDPA 0
#endif
