#include "engine/nn/cpu_features.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define MR_X86 1
#endif

namespace mr::nn {

#ifdef MR_X86
namespace {

struct Registers {
    unsigned a = 0, b = 0, c = 0, d = 0;
};

Registers cpuid(unsigned leaf, unsigned sub) {
    Registers r;
    if (!__get_cpuid_count(leaf, sub, &r.a, &r.b, &r.c, &r.d)) return {};
    return r;
}

// XCR0: which register states the OS saves (without them the instructions fault).
unsigned long long xcr0() {
    if (!(cpuid(1, 0).c & (1u << 27))) return 0;  // no OSXSAVE
    unsigned lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (static_cast<unsigned long long>(hi) << 32) | lo;
}

bool osSavesAvx512() { return (xcr0() & 0xE6) == 0xE6; }     // SSE, AVX, opmask, ZMM halves
bool osSavesAmx() { return (xcr0() & 0x60000) == 0x60000; }  // tile config and data

}  // namespace

std::string nativeBf16Feature() {
    const Registers l7 = cpuid(7, 0), l71 = cpuid(7, 1);
    if ((l7.d & (1u << 22)) && osSavesAmx()) return "AMX-BF16";
    if ((l71.a & (1u << 5)) && osSavesAvx512()) return "AVX512-BF16";
    return "";
}

bool cpuHasAvx512() {
    const Registers l7 = cpuid(7, 0);
    return (l7.b & (1u << 16)) && (l7.b & (1u << 30)) && osSavesAvx512();  // AVX512F, AVX512BW
}

bool cpuHasAvx2() {
    const Registers l1 = cpuid(1, 0), l7 = cpuid(7, 0);
    return (l7.b & (1u << 5)) && (l1.c & (1u << 12)) && (xcr0() & 0x6) == 0x6;  // AVX2, FMA, YMM state
}
#else
std::string nativeBf16Feature() { return ""; }
bool cpuHasAvx512() { return false; }
bool cpuHasAvx2() { return false; }
#endif

}  // namespace mr::nn
