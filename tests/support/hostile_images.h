#pragma once
// Hand-made hostile image files for the robustness tests (engine and GUI): bytes written exactly
// as an attacker would, with no library in between that could refuse to write them.
#include <cstdint>
#include <cstring>
#include <string>

namespace mr::test {

// A NIfTI-1 header (and its 4 extension bytes) of int16 voxels with the given dimensions.
inline std::string niftiHeader(int16_t x, int16_t y, int16_t z, float voxOffset = 352) {
    std::string h(352, '\0');
    auto put = [&](size_t at, const auto& v) { std::memcpy(&h[at], &v, sizeof v); };
    put(0, int32_t(348));
    const int16_t dims[8] = {3, x, y, z, 1, 1, 1, 1};
    put(40, dims);
    put(70, int16_t(4));   // datatype int16
    put(72, int16_t(16));  // bitpix
    const float pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1};
    put(76, pixdim);
    put(108, voxOffset);
    put(112, 1.0f);  // scl_slope
    std::memcpy(&h[344], "n+1", 4);
    return h;
}

// Explicit VR little endian DICOM with `depth` nested undefined-length sequences (DCMTK's reader
// recurses once per level; 200000 levels overflowed its stack).
inline std::string nestedDicom(int depth) {
    auto u16 = [](std::string& s, uint16_t v) { s.append(reinterpret_cast<const char*>(&v), 2); };
    auto u32 = [](std::string& s, uint32_t v) { s.append(reinterpret_cast<const char*>(&v), 4); };
    std::string f(128, '\0');
    f += "DICM";
    const std::string ts("1.2.840.10008.1.2.1\0", 20);
    std::string meta;
    u16(meta, 2), u16(meta, 0x10), meta += "UI", u16(meta, uint16_t(ts.size())), meta += ts;
    u16(f, 2), u16(f, 0), f += "UL", u16(f, 4), u32(f, uint32_t(meta.size()));
    f += meta;
    for (int i = 0; i < depth; ++i) {
        u16(f, 0x0040), u16(f, 0xA730), f += "SQ", u16(f, 0), u32(f, 0xFFFFFFFF);  // ContentSequence
        u16(f, 0xFFFE), u16(f, 0xE000), u32(f, 0xFFFFFFFF);                        // item
    }
    for (int i = 0; i < depth; ++i) {
        u16(f, 0xFFFE), u16(f, 0xE00D), u32(f, 0);  // item delimiter
        u16(f, 0xFFFE), u16(f, 0xE0DD), u32(f, 0);  // sequence delimiter
    }
    return f;
}

}  // namespace mr::test
