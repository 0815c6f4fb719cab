#pragma once
// Loading weight elements (float32, bfloat16, int8) as float32: one at a time, 8 at a time (AVX2)
// or 16 at a time (AVX-512). Internal to the CPU kernels of engine/nn; the vector forms are
// compiled for their instruction set only and must be called from code that checked the CPU
// (cpu_features.h).
#include <c10/util/BFloat16.h>
#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace mr::nn::simd {

inline float scalarOf(const float* w, int64_t i) { return w[i]; }
inline float scalarOf(const int8_t* w, int64_t i) { return float(w[i]); }
inline float scalarOf(const c10::BFloat16* w, int64_t i) {
    uint32_t bits = uint32_t(reinterpret_cast<const uint16_t*>(w)[i]) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

__attribute__((target("avx2,fma"))) inline __m256 load8(const float* w) { return _mm256_loadu_ps(w); }
__attribute__((target("avx2,fma"))) inline __m256 load8(const int8_t* w) {
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(w))));
}
__attribute__((target("avx2,fma"))) inline __m256 load8(const c10::BFloat16* w) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w));
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}
__attribute__((target("avx512f,avx512bw"))) inline __m512 load16(const float* w) { return _mm512_loadu_ps(w); }
__attribute__((target("avx512f,avx512bw"))) inline __m512 load16(const int8_t* w) {
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w))));
}
__attribute__((target("avx512f,avx512bw"))) inline __m512 load16(const c10::BFloat16* w) {
    const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w));
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

}  // namespace mr::nn::simd
