#include "engine/reason/qwen/vision_tower.h"

#include <c10/core/InferenceMode.h>

#include <map>

namespace mr::reason::qwen {

namespace {

at::Tensor longTensor(const std::vector<int64_t>& v, c10::Device device) {
    return at::tensor(v, at::TensorOptions().dtype(at::kLong)).to(device);
}

// Attention within segments [cu[i], cu[i+1]) of the sequence. Segments of equal length are
// batched together (gathered, attended, scattered back), so windows cost a few large matmuls
// instead of one small one each.
at::Tensor segmentAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                            const std::vector<int64_t>& cu) {
    // q, k, v: [S, H, D]
    const int64_t S = q.size(0), H = q.size(1), D = q.size(2);
    std::map<int64_t, std::vector<int64_t>> startsByLength;
    for (size_t i = 0; i + 1 < cu.size(); ++i)
        if (cu[i + 1] > cu[i]) startsByLength[cu[i + 1] - cu[i]].push_back(cu[i]);
    auto run = [&](const at::Tensor& qs, const at::Tensor& ks, const at::Tensor& vs, int64_t n, int64_t len) {
        // [n·len, H, D] -> [n, H, len, D]
        auto shape = [&](const at::Tensor& t) { return t.reshape({n, len, H, D}).transpose(1, 2); };
        at::Tensor o = attention(shape(qs), shape(ks), shape(vs), /*causal=*/false);
        return o.transpose(1, 2).reshape({n * len, H * D});
    };
    if (startsByLength.size() == 1) {
        const auto& [len, starts] = *startsByLength.begin();
        bool contiguous = starts.front() == 0 && int64_t(starts.size()) * len == S;
        for (size_t i = 0; contiguous && i < starts.size(); ++i) contiguous = starts[i] == int64_t(i) * len;
        if (contiguous) return run(q, k, v, int64_t(starts.size()), len);
    }
    at::Tensor out = at::empty({S, H * D}, q.options());
    for (const auto& [len, starts] : startsByLength) {
        std::vector<int64_t> rows;
        rows.reserve(starts.size() * size_t(len));
        for (int64_t s : starts)
            for (int64_t r = 0; r < len; ++r) rows.push_back(s + r);
        at::Tensor idx = longTensor(rows, q.device());
        at::Tensor o =
            run(q.index_select(0, idx), k.index_select(0, idx), v.index_select(0, idx), int64_t(starts.size()), len);
        out.index_copy_(0, idx, o);
    }
    return out;
}

}  // namespace

VisionTower::VisionTower(VisionConfig config, VisionWeights weights)
    : config_(std::move(config)), w_(std::move(weights)) {}

at::Tensor VisionTower::block(const VisionBlockWeights& b, const at::Tensor& x, const at::Tensor& cos,
                              const at::Tensor& sin, const std::vector<int64_t>& cuSeqlens) const {
    const int64_t S = x.size(0), H = config_.numHeads, D = config_.headDim();
    at::Tensor h = rmsNorm(x, b.norm1, config_.rmsNormEps);
    at::Tensor qkv = b.qkv(h).reshape({S, 3, H, D}).permute({1, 0, 2, 3});
    at::Tensor q = qkv[0], k = qkv[1], v = qkv[2];
    // Rotary in float32, cast back (apply_rotary_pos_emb_vision).
    auto rope = [&](const at::Tensor& t) {
        at::Tensor f = t.to(at::kFloat);
        return (f * cos + rotateHalf(f) * sin).to(t.scalar_type());
    };
    q = rope(q);
    k = rope(k);
    at::Tensor a = segmentAttention(q, k, v.contiguous(), cuSeqlens);
    at::Tensor out = x + b.proj(a);
    h = rmsNorm(out, b.norm2, config_.rmsNormEps);
    return out + b.down(activation(b.gate(h), config_.hiddenAct) * b.up(h));
}

at::Tensor VisionTower::forward(const at::Tensor& pixelValues, const std::vector<GridTHW>& grids,
                                VisionTrace* trace) const {
    c10::InferenceMode guard;
    VisionLayout layout = computeVisionLayout(grids, config_);
    if (pixelValues.dim() != 2 || pixelValues.size(0) != layout.patches || pixelValues.size(1) != config_.patchDim())
        throw mr::Error("pixel values have shape [" + std::to_string(pixelValues.size(0)) + ", " +
                        std::to_string(pixelValues.dim() > 1 ? pixelValues.size(1) : 0) +
                        "] but the image grid(s) need [" + std::to_string(layout.patches) + ", " +
                        std::to_string(config_.patchDim()) + "]");
    const c10::Device device = w_.patchEmbed.device();
    const at::ScalarType dtype = w_.patchEmbed.scalar_type();
    const int64_t S = layout.patches, unit = config_.mergeUnit();

    at::Tensor x = at::matmul(pixelValues.to(device, dtype), w_.patchEmbed.t());  // [S, hidden]

    // 2D rotary: the first half of each head's rotary dims follows the row, the second the column.
    const int64_t rotDim = config_.headDim() / 2;
    at::Tensor invFreq =
        at::reciprocal(at::pow(config_.ropeTheta, at::arange(0, rotDim, 2, at::kLong).to(at::kFloat) / double(rotDim)));
    at::Tensor seq = at::arange(layout.maxGridSide, at::kFloat);
    at::Tensor table = at::outer(seq, invFreq);  // [maxSide, rotDim/2]
    at::Tensor rows = at::tensor(layout.patchRow, at::kLong), cols = at::tensor(layout.patchCol, at::kLong);
    at::Tensor rot = at::cat({table.index_select(0, rows), table.index_select(0, cols)}, 1).to(device);  // [S, rotDim]

    if (trace) {
        trace->patchEmbed = x;
        trace->rotPosEmb = rot;
        trace->blocks.clear();
    }

    // Into window order: whole merge groups are permuted.
    at::Tensor windowIndex = longTensor(layout.windowIndex, device);
    x = x.reshape({S / unit, unit, -1}).index_select(0, windowIndex).reshape({S, -1});
    rot = rot.reshape({S / unit, unit, -1}).index_select(0, windowIndex).reshape({S, -1});
    at::Tensor emb = at::cat({rot, rot}, -1).unsqueeze(1);  // [S, 1, headDim] broadcast over heads
    at::Tensor cos = emb.cos(), sin = emb.sin();

    for (int64_t i = 0; i < int64_t(w_.blocks.size()); ++i) {
        const bool full = config_.isFullAttention(i);
        x = block(w_.blocks[size_t(i)], x, cos, sin, full ? layout.cuSeqlens : layout.cuWindowSeqlens);
        if (trace) trace->blocks.push_back(x);
    }

    at::Tensor normed = rmsNorm(x, w_.mergerNorm, config_.rmsNormEps);
    at::Tensor merged = normed.reshape({S / unit, -1});
    at::Tensor out = w_.mergerFc2(at::gelu(w_.mergerFc1(merged)));
    if (trace) {
        trace->mergerNorm = normed;
        trace->mergerOutWindowOrder = out;
        trace->layout = layout;
    }
    at::Tensor reverse = at::argsort(windowIndex);
    return out.index_select(0, reverse);
}

}  // namespace mr::reason::qwen
