#include "engine/segment/sam2/image_encoder.h"

#include <algorithm>

#include "engine/segment/sam2/position_encoding.h"
#include "engine/segment/two_way_transformer.h"

namespace mr::segment::sam2 {

namespace F = torch::nn::functional;
using torch::Tensor;
using torch::indexing::Slice;

namespace {

// (B, H, W, C) -> 2x2 max-pooled (B, H/2, W/2, C) (do_pool with nn.MaxPool2d(2, 2)).
Tensor pool2x2(const Tensor& x, int64_t stride) {
    return F::max_pool2d(x.permute({0, 3, 1, 2}), F::MaxPool2dFuncOptions(stride).stride(stride)).permute({0, 2, 3, 1});
}

std::pair<Tensor, std::pair<int64_t, int64_t>> windowPartition(const Tensor& x0, int64_t ws) {
    const int64_t B = x0.size(0), H = x0.size(1), W = x0.size(2), C = x0.size(3);
    const int64_t padH = (ws - H % ws) % ws, padW = (ws - W % ws) % ws;
    Tensor x = x0;
    if (padH > 0 || padW > 0) x = F::pad(x, F::PadFuncOptions({0, 0, 0, padW, 0, padH}));
    const int64_t Hp = H + padH, Wp = W + padW;
    x = x.view({B, Hp / ws, ws, Wp / ws, ws, C}).permute({0, 1, 3, 2, 4, 5}).reshape({-1, ws, ws, C});
    return {x, {Hp, Wp}};
}

Tensor windowUnpartition(const Tensor& windows, int64_t ws, std::pair<int64_t, int64_t> padHw, int64_t H, int64_t W) {
    const int64_t Hp = padHw.first, Wp = padHw.second;
    const int64_t B = windows.size(0) / (Hp * Wp / ws / ws);
    Tensor x = windows.reshape({B, Hp / ws, Wp / ws, ws, ws, -1}).permute({0, 1, 3, 2, 4, 5}).reshape({B, Hp, Wp, -1});
    if (Hp > H || Wp > W) x = x.index({Slice(), Slice(0, H), Slice(0, W), Slice()});
    return x;
}

// MultiScaleAttention.forward on (B, H, W, C) windows.
Tensor multiScaleAttention(const HieraBlockWeights& w, const HieraBlock& b, const Tensor& x, int64_t qStride) {
    const int64_t B = x.size(0);
    int64_t H = x.size(1), W = x.size(2);
    Tensor qkv = w.qkv(x).reshape({B, H * W, 3, b.heads, -1});
    auto parts = torch::unbind(qkv, 2);
    Tensor q = parts[0];
    if (b.qPool) {
        q = pool2x2(q.reshape({B, H, W, -1}), qStride);
        H = q.size(1);
        W = q.size(2);
        q = q.reshape({B, H * W, b.heads, -1});
    }
    Tensor out = scaledDotProductAttention(q.transpose(1, 2), parts[1].transpose(1, 2), parts[2].transpose(1, 2));
    return w.attnProj(out.transpose(1, 2).reshape({B, H, W, -1}));
}

// MultiScaleBlock.forward.
Tensor multiScaleBlock(const HieraBlockWeights& w, const HieraBlock& b, const Tensor& x0, int64_t qStride) {
    Tensor shortcut = x0;
    Tensor x = w.norm1(x0);
    if (b.dim != b.dimOut) {
        shortcut = w.dimProj(x);
        if (b.qPool) shortcut = pool2x2(shortcut, qStride);
    }
    int64_t ws = b.windowSize, H = x.size(1), W = x.size(2);
    std::pair<int64_t, int64_t> padHw{H, W};
    if (ws > 0) std::tie(x, padHw) = windowPartition(x, ws);
    x = multiScaleAttention(w, b, x, qStride);
    if (b.qPool && ws > 0) {  // the windows shrank with q
        ws = ws / qStride;
        H = shortcut.size(1);
        W = shortcut.size(2);
        padHw = {H + (ws - H % ws) % ws, W + (ws - W % ws) % ws};
    }
    if (b.windowSize > 0) x = windowUnpartition(x, ws, padHw, H, W);
    x = shortcut + x;
    return x + w.mlp(w.norm2(x));
}

// Hiera._get_pos_embed: bicubic-interpolated background embedding plus the tiled window embedding.
Tensor hieraPosEmbed(const ImageEncoderWeights& w, int64_t h, int64_t wd) {
    Tensor pe = F::interpolate(
        w.posEmbed,
        F::InterpolateFuncOptions().size(std::vector<int64_t>{h, wd}).mode(torch::kBicubic).align_corners(false));
    const Tensor& win = w.posEmbedWindow;
    pe = pe + win.tile({1, 1, h / win.size(2), wd / win.size(3)});
    return pe.permute({0, 2, 3, 1});
}

}  // namespace

std::vector<Tensor> hieraForward(const Sam2Config& config, const ImageEncoderWeights& w, const Tensor& input,
                                 const mr::CancelToken& cancel) {
    Tensor x = w.patchEmbed(input).permute({0, 2, 3, 1});
    x = x + hieraPosEmbed(w, x.size(1), x.size(2));
    const std::vector<HieraBlock> blocks = config.hiera.blocks();
    const std::vector<int> ends = config.hiera.stageEnds();
    std::vector<Tensor> outputs;
    for (size_t i = 0; i < blocks.size(); ++i) {
        cancel.check();
        x = multiScaleBlock(w.blocks[i], blocks[i], x, config.hiera.qStride);
        if (std::count(ends.begin(), ends.end(), int(i))) outputs.push_back(x.permute({0, 3, 1, 2}));
    }
    return outputs;
}

BackboneOutput fpnNeck(const Sam2Config& config, const ImageEncoderWeights& w, const std::vector<Tensor>& xs) {
    const int64_t n = int64_t(w.neckConvs.size()) - 1;
    std::vector<Tensor> out(xs.size()), pos(xs.size());
    Tensor prev;
    const auto& topDown = config.fpnTopDownLevels;
    for (int64_t i = n; i >= 0; --i) {
        Tensor lateral = w.neckConvs[size_t(n - i)](xs[size_t(i)]);
        if (prev.defined() && std::count(topDown.begin(), topDown.end(), int(i))) {
            Tensor up = F::interpolate(
                prev.to(torch::kFloat32),
                F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0}).mode(torch::kNearest));
            prev = lateral + up;
        } else {
            prev = lateral;
        }
        out[size_t(i)] = prev;
        pos[size_t(i)] =
            sinePositionEncoding(config.dModel, prev.size(2), prev.size(3), prev.options()).to(prev.dtype());
    }
    BackboneOutput o;
    const size_t keep = out.size() - size_t(config.scalp);
    o.fpn.assign(out.begin(), out.begin() + long(keep));
    o.pos.assign(pos.begin(), pos.begin() + long(keep));
    return o;
}

}  // namespace mr::segment::sam2
