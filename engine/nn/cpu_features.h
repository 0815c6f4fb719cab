#pragma once
// What this processor computes natively, asked at run time (the same binary runs on any x86-64):
// the dtype choice prefers bfloat16 where the CPU has bfloat16 dot-product instructions, and the
// int8 kernels pick their instruction set. Standard library only.
#include <string>

namespace mr::nn {

// "AMX-BF16" or "AVX512-BF16" when the CPU (and the OS, for the register state) supports bfloat16
// matrix/dot-product instructions; "" otherwise or on other architectures.
std::string nativeBf16Feature();
inline bool cpuHasNativeBf16() { return !nativeBf16Feature().empty(); }

// AVX-512 F+BW usable (CPU and OS), and AVX2+FMA usable: the int8 kernels' two fast paths.
bool cpuHasAvx512();
bool cpuHasAvx2();

}  // namespace mr::nn
