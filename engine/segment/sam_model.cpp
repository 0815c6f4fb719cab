#include "engine/segment/sam_model.h"

#include "engine/nn/host_memory.h"
#include "engine/nn/sdpa.h"

#include <algorithm>
#include <cmath>

namespace mr::segment {
namespace F = torch::nn::functional;
using torch::Tensor;
using torch::indexing::None;
using torch::indexing::Slice;

SamModel::SamModel(SamConfig config, const nn::StateDict& weights, const nn::ResolvedDevice& device)
    : cfg_(std::move(config)), dev_(device) {
    nn::retainFreedHostMemory();
    torch::NoGradGuard ng;
    samWeightTable(cfg_, w_).bind(
        nn::StateDictSource(weights), "SAM weights", [&](const std::string&, const Tensor& t) {
            return t.to(dev_.device, t.is_floating_point() ? dev_.dtype : t.scalar_type()).contiguous();
        });
}

namespace {

Tensor layerNorm(const Tensor& x, const SamNorm& n, double eps) {
    return torch::layer_norm(x, {x.size(-1)}, n.weight, n.bias, eps);
}

// common.LayerNorm2d: normalise over channels of an NCHW tensor.
Tensor layerNorm2d(const Tensor& x, const SamNorm& n, double eps) {
    Tensor u = x.mean(1, true);
    Tensor s = (x - u).pow(2).mean(1, true);
    Tensor y = (x - u) / torch::sqrt(s + eps);
    return n.weight.index({Slice(), None, None}) * y + n.bias.index({Slice(), None, None});
}

// ReLU between the layers.
Tensor mlp(const Tensor& x0, const std::vector<SamLinear>& layers) {
    Tensor x = x0;
    for (size_t i = 0; i < layers.size(); ++i) {
        x = layers[i](x);
        if (i + 1 < layers.size()) x = torch::relu(x);
    }
    return x;
}

}  // namespace

// ---- image encoder ----------------------------------------------------------------------

namespace {

Tensor relPos(int64_t qSize, int64_t kSize, const Tensor& relPos) {
    const int64_t maxRelDist = 2 * std::max(qSize, kSize) - 1;
    Tensor resized = relPos;
    if (relPos.size(0) != maxRelDist) {
        resized =
            F::interpolate(relPos.reshape({1, relPos.size(0), -1}).permute({0, 2, 1}),
                           F::InterpolateFuncOptions().size(std::vector<int64_t>{maxRelDist}).mode(torch::kLinear));
        resized = resized.reshape({-1, maxRelDist}).permute({1, 0});
    }
    const double kq = std::max(double(kSize) / double(qSize), 1.0), qk = std::max(double(qSize) / double(kSize), 1.0);
    auto opts = torch::TensorOptions().device(relPos.device());
    Tensor qCoords = torch::arange(qSize, opts.dtype(torch::kInt64)).index({Slice(), None}) * kq;
    Tensor kCoords = torch::arange(kSize, opts.dtype(torch::kInt64)).index({None, Slice()}) * qk;
    Tensor rel = (qCoords - kCoords) + double(kSize - 1) * qk;
    return resized.index({rel.to(torch::kLong)});
}

// The decomposed relative-position terms rel_h [B, qh, qw, kh] and rel_w [B, qh, qw, kw].
std::pair<Tensor, Tensor> relPosTerms(const Tensor& q, const Tensor& relH, const Tensor& relW, int64_t qh, int64_t qw,
                                      int64_t kh, int64_t kw) {
    Tensor Rh = relPos(qh, kh, relH).permute({0, 2, 1});
    Tensor Rw = relPos(qw, kw, relW).permute({0, 2, 1});
    const int64_t B = q.size(0), dim = q.size(2);
    Tensor rq = q.reshape({B, qh, qw, dim});
    Tensor rel_h = torch::matmul(rq, Rh);
    Tensor rel_w = torch::matmul(rq.permute({0, 2, 1, 3}), Rw).permute({0, 2, 1, 3});
    return {rel_h, rel_w};
}

Tensor addDecomposedRelPos(const Tensor& attn, const Tensor& q, const Tensor& relH, const Tensor& relW, int64_t qh,
                           int64_t qw, int64_t kh, int64_t kw) {
    auto [rel_h, rel_w] = relPosTerms(q, relH, relW, qh, qw, kh, kw);
    const int64_t B = q.size(0);
    return (attn.view({B, qh, qw, kh, kw}) + rel_h.index({Slice(), Slice(), Slice(), Slice(), None}) +
            rel_w.index({Slice(), Slice(), Slice(), None, Slice()}))
        .view({B, qh * qw, kh * kw});
}

std::pair<Tensor, std::pair<int64_t, int64_t>> windowPartition(const Tensor& x0, int64_t ws) {
    const int64_t B = x0.size(0), H = x0.size(1), W = x0.size(2), C = x0.size(3);
    const int64_t padH = (ws - H % ws) % ws, padW = (ws - W % ws) % ws;
    Tensor x = x0;
    if (padH > 0 || padW > 0) x = F::pad(x, F::PadFuncOptions({0, 0, 0, padW, 0, padH}));
    const int64_t Hp = H + padH, Wp = W + padW;
    x = x.view({B, Hp / ws, ws, Wp / ws, ws, C});
    return {x.permute({0, 1, 3, 2, 4, 5}).contiguous().view({-1, ws, ws, C}), {Hp, Wp}};
}

Tensor windowUnpartition(const Tensor& windows, int64_t ws, std::pair<int64_t, int64_t> padHw, int64_t H, int64_t W) {
    const int64_t Hp = padHw.first, Wp = padHw.second;
    const int64_t B = windows.size(0) / (Hp * Wp / ws / ws);
    Tensor x = windows.view({B, Hp / ws, Wp / ws, ws, ws, -1});
    x = x.permute({0, 1, 3, 2, 4, 5}).contiguous().view({B, Hp, Wp, -1});
    if (Hp > H || Wp > W) x = x.index({Slice(), Slice(None, H), Slice(None, W), Slice()}).contiguous();
    return x;
}

}  // namespace

Tensor SamModel::encoderAttention(const Tensor& x, const SamEncoderBlock& b) const {
    const int64_t B = x.size(0), H = x.size(1), W = x.size(2);
    const int64_t nh = cfg_.numHeads;
    Tensor qkv = b.qkv(x).reshape({B, H * W, 3, nh, -1}).permute({2, 0, 3, 1, 4});
    auto parts = qkv.reshape({3, B * nh, H * W, -1}).unbind(0);
    const Tensor& q = parts[0];
    const Tensor& k = parts[1];
    const Tensor& v = parts[2];
#if MR_HAVE_SDPA
    // The fused kernel, with the relative positions as an additive mask (its scale is SAM's).
    c10::optional<Tensor> mask;
    if (cfg_.useRelPos) {
        auto [rel_h, rel_w] = relPosTerms(q, b.relPosH, b.relPosW, H, W, H, W);
        mask = (rel_h.index({Slice(), Slice(), Slice(), Slice(), None}) +
                rel_w.index({Slice(), Slice(), Slice(), None, Slice()}))
                   .view({q.size(0), H * W, H * W});
    }
    Tensor out = at::scaled_dot_product_attention(q, k, v, mask, 0.0, false).view({B, nh, H, W, -1});
    out = out.permute({0, 2, 3, 1, 4}).reshape({B, H, W, -1});
#else
    const double scale = std::pow(double(cfg_.embedDim / cfg_.numHeads), -0.5);
    Tensor attn = torch::matmul(q * scale, k.transpose(-2, -1));
    if (cfg_.useRelPos) attn = addDecomposedRelPos(attn, q, b.relPosH, b.relPosW, H, W, H, W);
    attn = attn.softmax(-1);
    Tensor out = torch::matmul(attn, v).view({B, nh, H, W, -1}).permute({0, 2, 3, 1, 4}).reshape({B, H, W, -1});
#endif
    return b.proj(out);
}

Tensor SamModel::encoderBlock(const Tensor& x, int index) const {
    const SamEncoderBlock& b = w_.image.blocks[size_t(index)];
    const auto& g = cfg_.globalAttnIndexes;
    const int64_t ws = std::find(g.begin(), g.end(), index) != g.end() ? 0 : cfg_.windowSize;
    Tensor shortcut = x;
    Tensor h = layerNorm(x, b.norm1, cfg_.layerNormEps);
    const int64_t H = h.size(1), W = h.size(2);
    std::pair<int64_t, int64_t> padHw{H, W};
    if (ws > 0) std::tie(h, padHw) = windowPartition(h, ws);
    h = encoderAttention(h, b);
    if (ws > 0) h = windowUnpartition(h, ws, padHw, H, W);
    Tensor y = shortcut + h;
    Tensor m = b.lin2(torch::gelu(b.lin1(layerNorm(y, b.norm2, cfg_.layerNormEps))));
    return y + m;
}

Tensor SamModel::encodeImage(const Tensor& input, const mr::CancelToken& cancel) const {
    torch::InferenceMode guard;
    if (input.dim() != 4 || input.size(1) != cfg_.inChans || input.size(2) != cfg_.imgSize ||
        input.size(3) != cfg_.imgSize)
        throw mr::Error("SAM image encoder: expected input 1x" + std::to_string(cfg_.inChans) + "x" +
                        std::to_string(cfg_.imgSize) + "x" + std::to_string(cfg_.imgSize));
    Tensor x = input.to(dev_.device, dev_.dtype);
    const SamImageEncoderWeights& e = w_.image;
    x = torch::conv2d(x, e.patchEmbedWeight, e.patchEmbedBias, {cfg_.patchSize, cfg_.patchSize});
    x = x.permute({0, 2, 3, 1});
    if (cfg_.useAbsPos) x = x + e.posEmbed;
    for (int i = 0; i < cfg_.depth; ++i) {
        cancel.check();
        x = encoderBlock(x, i);
    }
    cancel.check();
    x = x.permute({0, 3, 1, 2});
    x = torch::conv2d(x, e.neck0);
    x = layerNorm2d(x, e.neck1, cfg_.neckEps);
    x = torch::conv2d(x, e.neck2, {}, 1, 1);
    x = layerNorm2d(x, e.neck3, cfg_.neckEps);
    return x;
}

// ---- prompt encoder -----------------------------------------------------------------------

Tensor SamModel::peEncoding(const Tensor& coords01) const {
    Tensor c = 2 * coords01 - 1;
    c = torch::matmul(c, w_.prompt.gaussianMatrix);
    c = (2 * M_PI) * c;
    return torch::cat({torch::sin(c), torch::cos(c)}, -1);
}

Tensor SamModel::densePe() const {
    torch::InferenceMode guard;
    const int64_t h = cfg_.embedGrid(), wd = cfg_.embedGrid();
    auto opts = torch::TensorOptions().device(dev_.device).dtype(dev_.dtype);
    Tensor grid = torch::ones({h, wd}, opts);
    Tensor y = grid.cumsum(0) - 0.5;
    Tensor x = grid.cumsum(1) - 0.5;
    y = y / double(h);
    x = x / double(wd);
    Tensor pe = peEncoding(torch::stack({x, y}, -1));
    return pe.permute({2, 0, 1}).unsqueeze(0);
}

std::pair<Tensor, Tensor> SamModel::encodePrompts(const std::optional<Tensor>& coords0,
                                                  const std::optional<Tensor>& labels0,
                                                  const std::optional<Tensor>& boxes0,
                                                  const std::optional<Tensor>& masks0) const {
    torch::InferenceMode guard;
    const int64_t D = cfg_.promptEmbedDim;
    const double inH = cfg_.imgSize, inW = cfg_.imgSize;
    auto fopts = torch::TensorOptions().device(dev_.device).dtype(dev_.dtype);
    const SamPromptEncoderWeights& pw = w_.prompt;
    int64_t bs = 1;
    if (coords0) bs = coords0->size(0);
    else if (boxes0) bs = boxes0->size(0);
    else if (masks0) bs = masks0->size(0);
    Tensor sparse = torch::empty({bs, 0, D}, fopts);
    auto withCoords = [&](const Tensor& pts) {  // forward_with_coords
        Tensor c = pts.clone();
        c.index_put_({Slice(), Slice(), 0}, c.index({Slice(), Slice(), 0}) / inW);
        c.index_put_({Slice(), Slice(), 1}, c.index({Slice(), Slice(), 1}) / inH);
        return peEncoding(c.to(dev_.dtype));
    };
    if (coords0) {
        if (!labels0) throw mr::Error("point prompts need labels");
        Tensor pts = coords0->to(dev_.device, torch::kFloat32) + 0.5;
        Tensor lab = labels0->to(dev_.device, torch::kFloat32);
        if (!boxes0) {
            pts = torch::cat({pts, torch::zeros({pts.size(0), 1, 2}, pts.options())}, 1);
            lab = torch::cat({lab, -torch::ones({lab.size(0), 1}, lab.options())}, 1);
        }
        Tensor e = withCoords(pts);
        Tensor l = lab.unsqueeze(-1);
        e = torch::where(l == -1, torch::zeros_like(e), e);
        e = torch::where(l == -1, e + pw.notAPoint, e);
        e = torch::where(l == 0, e + pw.pointEmbeddings[0], e);
        e = torch::where(l == 1, e + pw.pointEmbeddings[1], e);
        sparse = torch::cat({sparse, e}, 1);
    }
    if (boxes0) {
        Tensor b = boxes0->to(dev_.device, torch::kFloat32) + 0.5;
        Tensor corners = withCoords(b.reshape({-1, 2, 2}));
        Tensor c0 = corners.index({Slice(), Slice(0, 1), Slice()}) + pw.pointEmbeddings[2];
        Tensor c1 = corners.index({Slice(), Slice(1, 2), Slice()}) + pw.pointEmbeddings[3];
        sparse = torch::cat({sparse, torch::cat({c0, c1}, 1)}, 1);
    }
    Tensor dense;
    if (masks0) {
        Tensor m = masks0->to(dev_.device, dev_.dtype);
        m = torch::conv2d(m, pw.down0Weight, pw.down0Bias, 2);
        m = torch::gelu(layerNorm2d(m, pw.down1, 1e-6));
        m = torch::conv2d(m, pw.down3Weight, pw.down3Bias, 2);
        m = torch::gelu(layerNorm2d(m, pw.down4, 1e-6));
        dense = torch::conv2d(m, pw.down6Weight, pw.down6Bias);
    } else {
        dense = pw.noMask.reshape({1, -1, 1, 1}).expand({bs, -1, cfg_.embedGrid(), cfg_.embedGrid()});
    }
    return {sparse, dense};
}

// ---- mask decoder -------------------------------------------------------------------------

Tensor SamModel::decoderAttention(const Tensor& q0, const Tensor& k0, const Tensor& v0, const SamAttention& a) const {
    const int64_t nh = cfg_.decoderHeads;
    auto separate = [nh](const Tensor& x) {
        return x.reshape({x.size(0), x.size(1), nh, x.size(2) / nh}).transpose(1, 2);
    };
    Tensor q = separate(a.q(q0));
    Tensor k = separate(a.k(k0));
    Tensor v = separate(a.v(v0));
#if MR_HAVE_SDPA
    Tensor out = at::scaled_dot_product_attention(q, k, v, {}, 0.0, false);
#else
    const int64_t c = q.size(3);
    Tensor attn = torch::matmul(q, k.permute({0, 1, 3, 2}));
    attn = attn / std::sqrt(double(c));
    attn = torch::softmax(attn, -1);
    Tensor out = torch::matmul(attn, v);
#endif
    out = out.transpose(1, 2);
    out = out.reshape({out.size(0), out.size(1), out.size(2) * out.size(3)});
    return a.out(out);
}

std::pair<Tensor, Tensor> SamModel::decodeMasks(const Tensor& imageEmbeddings, const Tensor& imagePe,
                                                const Tensor& sparse, const Tensor& dense, bool multimask) const {
    torch::InferenceMode guard;
    const SamMaskDecoderWeights& d = w_.decoder;
    const double eps = cfg_.decoderLayerNormEps;
    Tensor outTokens = torch::cat({d.iouToken, d.maskTokens}, 0);
    outTokens = outTokens.unsqueeze(0).expand({sparse.size(0), -1, -1});
    Tensor tokens = torch::cat({outTokens, sparse.to(dev_.dtype)}, 1);
    Tensor src = torch::repeat_interleave(imageEmbeddings.to(dev_.device, dev_.dtype), tokens.size(0), 0);
    src = src + dense.to(dev_.dtype);
    Tensor posSrc = torch::repeat_interleave(imagePe.to(dev_.dtype), tokens.size(0), 0);
    const int64_t b = src.size(0), c = src.size(1), h = src.size(2), wd = src.size(3);

    // TwoWayTransformer.
    Tensor keys = src.flatten(2).permute({0, 2, 1});
    Tensor keyPe = posSrc.flatten(2).permute({0, 2, 1});
    Tensor queries = tokens;
    const Tensor& queryPe = tokens;
    for (size_t i = 0; i < d.layers.size(); ++i) {
        const SamTwoWayLayer& l = d.layers[i];
        if (i == 0) {  // skip_first_layer_pe
            queries = decoderAttention(queries, queries, queries, l.selfAttn);
        } else {
            Tensor q = queries + queryPe;
            queries = queries + decoderAttention(q, q, queries, l.selfAttn);
        }
        queries = layerNorm(queries, l.norm1, eps);
        Tensor q = queries + queryPe;
        Tensor k = keys + keyPe;
        queries = queries + decoderAttention(q, k, keys, l.tokenToImage);
        queries = layerNorm(queries, l.norm2, eps);
        Tensor m = l.lin2(torch::relu(l.lin1(queries)));
        queries = queries + m;
        queries = layerNorm(queries, l.norm3, eps);
        q = queries + queryPe;
        k = keys + keyPe;
        keys = keys + decoderAttention(k, q, queries, l.imageToToken);
        keys = layerNorm(keys, l.norm4, eps);
    }
    {
        Tensor q = queries + queryPe;
        Tensor k = keys + keyPe;
        queries = queries + decoderAttention(q, k, keys, d.finalAttn);
        queries = layerNorm(queries, d.normFinal, eps);
    }
    const int64_t numMaskTokens = cfg_.numMultimaskOutputs + 1;
    Tensor iouTokenOut = queries.index({Slice(), 0, Slice()});
    Tensor maskTokensOut = queries.index({Slice(), Slice(1, 1 + numMaskTokens), Slice()});

    Tensor s = keys.transpose(1, 2).view({b, c, h, wd});
    Tensor up = torch::conv_transpose2d(s, d.up0Weight, d.up0Bias, 2);
    up = torch::gelu(layerNorm2d(up, d.up1, 1e-6));
    up = torch::gelu(torch::conv_transpose2d(up, d.up3Weight, d.up3Bias, 2));
    std::vector<Tensor> hyper;
    for (int64_t i = 0; i < numMaskTokens; ++i)
        hyper.push_back(mlp(maskTokensOut.index({Slice(), i, Slice()}), d.hypernetworks[size_t(i)]));
    Tensor hyperIn = torch::stack(hyper, 1);
    const int64_t ub = up.size(0), uc = up.size(1), uh = up.size(2), uw = up.size(3);
    Tensor masks = torch::matmul(hyperIn, up.view({ub, uc, uh * uw})).view({ub, -1, uh, uw});
    Tensor iou = mlp(iouTokenOut, d.iouHead);

    Slice sl = multimask ? Slice(1, None) : Slice(0, 1);
    return {masks.index({Slice(), sl, Slice(), Slice()}).to(torch::kFloat32),
            iou.index({Slice(), sl}).to(torch::kFloat32)};
}

Tensor SamModel::postprocessMasks(const Tensor& lowRes, std::pair<int, int> inputSize,
                                  std::pair<int, int> originalSize) const {
    torch::InferenceMode guard;
    auto opts = [](int64_t h, int64_t w) {
        return F::InterpolateFuncOptions().size(std::vector<int64_t>{h, w}).mode(torch::kBilinear).align_corners(false);
    };
    Tensor m = F::interpolate(lowRes, opts(cfg_.imgSize, cfg_.imgSize));
    m = m.index({"...", Slice(None, inputSize.first), Slice(None, inputSize.second)});
    return F::interpolate(m, opts(originalSize.first, originalSize.second));
}

}  // namespace mr::segment
