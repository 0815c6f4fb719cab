#include "engine/segment/sam2/position_encoding.h"

#include <cmath>

#include "engine/core/error.h"

namespace mr::segment::sam2 {

using torch::Tensor;
using torch::indexing::None;
using torch::indexing::Slice;

namespace {

// temperature ** (2 * (i // 2) / n) for i in [0, n), float32.
Tensor sineDenominators(int64_t n, const torch::TensorOptions& f32) {
    Tensor dimT = torch::arange(n, f32);
    dimT = 2 * torch::floor(dimT / 2) / double(n);
    return torch::pow(torch::Scalar(int64_t(10000)), dimT);
}

// stack(sin of even features, cos of odd features) interleaved, along a new last axis.
Tensor sinCosInterleaved(const Tensor& p) {
    Tensor s = p.index({"...", Slice(0, None, 2)}).sin();
    Tensor c = p.index({"...", Slice(1, None, 2)}).cos();
    return torch::stack({s, c}, -1).flatten(-2);
}

}  // namespace

Tensor sinePositionEncoding(int64_t numPosFeats, int64_t h, int64_t w, const torch::TensorOptions& options) {
    const auto f32 = options.dtype(torch::kFloat32);
    const int64_t npf = numPosFeats / 2;
    const double scale = 2 * M_PI, eps = 1e-6;
    Tensor y = torch::arange(1, h + 1, f32).view({1, -1, 1}).repeat({1, 1, w});
    Tensor x = torch::arange(1, w + 1, f32).view({1, 1, -1}).repeat({1, h, 1});
    y = y / (y.index({Slice(), Slice(-1, None), Slice()}) + eps) * scale;
    x = x / (x.index({Slice(), Slice(), Slice(-1, None)}) + eps) * scale;
    const Tensor dimT = sineDenominators(npf, f32);
    Tensor px = sinCosInterleaved(x.unsqueeze(-1) / dimT);
    Tensor py = sinCosInterleaved(y.unsqueeze(-1) / dimT);
    return torch::cat({py, px}, 3).permute({0, 3, 1, 2}).contiguous();
}

Tensor sine1d(const Tensor& pos, int64_t dim) {
    const int64_t peDim = dim / 2;
    const Tensor dimT = sineDenominators(peDim, pos.options().dtype(torch::kFloat32));
    Tensor p = pos.unsqueeze(-1) / dimT;
    return torch::cat({p.sin(), p.cos()}, -1);
}

Tensor randomFourierEncoding(const Tensor& coords01, const Tensor& gaussian) {
    Tensor c = 2 * coords01 - 1;
    c = torch::matmul(c, gaussian);
    c = (2 * M_PI) * c;
    return torch::cat({torch::sin(c), torch::cos(c)}, -1);
}

Tensor denseRandomEncoding(const Tensor& gaussian, int64_t grid) {
    Tensor ones = torch::ones({grid, grid}, gaussian.options().dtype(torch::kFloat32));
    Tensor y = (ones.cumsum(0) - 0.5) / double(grid);
    Tensor x = (ones.cumsum(1) - 0.5) / double(grid);
    Tensor pe = randomFourierEncoding(torch::stack({x, y}, -1).to(gaussian.scalar_type()), gaussian);
    return pe.permute({2, 0, 1}).unsqueeze(0);
}

Tensor axialRopeFrequencies(int64_t dim, int64_t side, double theta) {
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    Tensor exps = torch::arange(0, dim, 4, torch::TensorOptions().dtype(torch::kInt64))
                      .index({Slice(None, dim / 4)})
                      .to(torch::kFloat32) /
                  double(dim);
    Tensor freqs = 1.0 / torch::pow(torch::Scalar(theta), exps);
    Tensor t = torch::arange(side * side, f32);
    Tensor tx = torch::remainder(t, double(side));
    Tensor ty = torch::floor(t / double(side));
    Tensor fx = torch::outer(tx, freqs), fy = torch::outer(ty, freqs);
    Tensor cx = torch::polar(torch::ones_like(fx), fx), cy = torch::polar(torch::ones_like(fy), fy);
    return torch::cat({cx, cy}, -1);
}

std::pair<Tensor, Tensor> applyRotaryEncoding(const Tensor& q, const Tensor& k, const Tensor& freqs,
                                              bool repeatFreqsK) {
    auto asComplex = [](const Tensor& x) {
        std::vector<int64_t> shape = x.sizes().vec();
        shape.back() /= 2;
        shape.push_back(2);
        return torch::view_as_complex(x.to(torch::kFloat32).reshape(shape).contiguous());
    };
    Tensor qc = asComplex(q);
    if (freqs.size(0) != qc.size(-2) || freqs.size(1) != qc.size(-1))
        throw mr::Error("rotary encoding: frequencies do not match the query length");
    Tensor f = freqs.view({1, 1, freqs.size(0), freqs.size(1)});
    Tensor qOut = torch::view_as_real(qc * f).flatten(3).to(q.scalar_type());
    if (k.size(-2) == 0) return {qOut, k};
    Tensor kc = asComplex(k);
    if (repeatFreqsK) {
        const int64_t r = kc.size(-2) / qc.size(-2);
        f = f.unsqueeze(2).expand({-1, -1, r, -1, -1}).flatten(2, 3);
    }
    Tensor kOut = torch::view_as_real(kc * f).flatten(3).to(k.scalar_type());
    return {qOut, kOut};
}

}  // namespace mr::segment::sam2
