#pragma once
// Helpers for the sam-tiny fixture (tests/fixtures/sam-tiny): goldens computed with the original
// segment-anything / MedSAM code (see its README).
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "engine/core/json.h"
#include "engine/nn/safetensors.h"
#include "engine/segment/segmentation_expert.h"

namespace samfx {

inline std::string dir() { return std::string(MR_FIXTURES_DIR) + "/sam-tiny"; }

struct Goldens {
    mr::nn::SafeTensorsFile f32{dir() + "/goldens.safetensors"};
    mr::nn::SafeTensorsFile u8{dir() + "/goldens_uint8.safetensors"};
    mr::json::Value meta = mr::json::parseFile(dir() + "/goldens.json");
    torch::Tensor operator()(const std::string& name) const {
        return f32.contains(name) ? f32.tensor(name) : u8.tensor(name);
    }
    bool has(const std::string& name) const { return f32.contains(name) || u8.contains(name); }
};

inline const Goldens& goldens() {
    static Goldens g;
    return g;
}

inline double maxAbs(const torch::Tensor& a, const torch::Tensor& b) {
    auto x = a.to(torch::kCPU, torch::kFloat64).contiguous();
    auto y = b.to(torch::kCPU, torch::kFloat64).contiguous();
    if (x.sizes() != y.sizes()) {
        ADD_FAILURE() << "shape mismatch " << x.sizes() << " vs " << y.sizes();
        return 1e30;
    }
    return (x - y).abs().max().item<double>();
}

// Records and prints the largest error of a comparison, then checks it.
#define EXPECT_CLOSE(what, a, b, tol)                                            \
    do {                                                                         \
        double err_ = samfx::maxAbs((a), (b));                                   \
        std::printf("  max|err| %-48s %.3g\n", std::string(what).c_str(), err_); \
        EXPECT_LE(err_, (tol)) << (what);                                        \
    } while (0)

inline mr::segment::RgbImage imageA() {
    torch::Tensor t = goldens()("A.image").contiguous();
    mr::segment::RgbImage im{int(t.size(1)), int(t.size(0)), {}};
    im.rgb.assign(t.data_ptr<uint8_t>(), t.data_ptr<uint8_t>() + t.numel());
    return im;
}

inline mr::segment::RgbImage imageB() {
    torch::Tensor t = goldens()("B.image.ch0").contiguous();
    torch::Tensor rgb = t.unsqueeze(-1).repeat({1, 1, 3}).contiguous();
    mr::segment::RgbImage im{int(t.size(1)), int(t.size(0)), {}};
    im.rgb.assign(rgb.data_ptr<uint8_t>(), rgb.data_ptr<uint8_t>() + rgb.numel());
    return im;
}

// The window [..., r0:r1, c0:c1] of a named preprocessed slice "rowsR0_R1_colsC0_C1".
inline torch::Tensor inputWindow(const torch::Tensor& chw, const std::string& slice) {
    int r0, r1, c0, c1;
    std::sscanf(slice.c_str(), "rows%d_%d_cols%d_%d", &r0, &r1, &c0, &c1);
    using torch::indexing::Slice;
    return chw.index({"...", Slice(r0, r1), Slice(c0, c1)});
}

inline const char* const kInputSlices[] = {"rows0_8_cols0_16", "rows500_508_cols500_516", "rows676_690_cols1000_1024",
                                           "rows870_886_cols600_616", "rows1016_1024_cols1008_1024"};
inline const char* const kMapSlices[] = {"top_left", "bottom_right", "centre", "third"};

// Map windows: top_left, bottom_right, centre, third of the last two dims.
inline torch::Tensor mapWindow(const torch::Tensor& t, const std::string& which) {
    using torch::indexing::Slice;
    const int64_t H = t.size(-2), W = t.size(-1);
    int64_t r = 0, c = 0;
    if (which == "bottom_right") {
        r = H - 16;
        c = W - 16;
    } else if (which == "centre") {
        r = H / 2 - 8;
        c = W / 2 - 8;
    } else if (which == "third") {
        r = H / 3;
        c = W / 3;
    }
    return t.index({"...", Slice(r, r + 16), Slice(c, c + 16)});
}

}  // namespace samfx
