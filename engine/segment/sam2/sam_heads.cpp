#include "engine/segment/sam2/sam_heads.h"

#include "engine/segment/sam2/position_encoding.h"

namespace mr::segment::sam2 {

using torch::Tensor;
using torch::indexing::None;
using torch::indexing::Slice;

std::pair<Tensor, Tensor> encodePrompts(const Sam2Config& c, const PromptEncoderWeights& w, const Tensor& coords,
                                        const Tensor& labels0, const Tensor& mask) {
    const int64_t B = coords.size(0);
    const auto f32 = coords.options().dtype(torch::kFloat32);
    Tensor points = torch::cat({coords.to(torch::kFloat32) + 0.5, torch::zeros({B, 1, 2}, f32)}, 1);
    Tensor labels = torch::cat({labels0.to(torch::kFloat32), -torch::ones({B, 1}, f32)}, 1).unsqueeze(-1);
    // forward_with_coords: x / input width, y / input height.
    Tensor scaled = points.clone();
    scaled.index_put_({Slice(), Slice(), 0}, points.index({Slice(), Slice(), 0}) / double(c.imageSize));
    scaled.index_put_({Slice(), Slice(), 1}, points.index({Slice(), Slice(), 1}) / double(c.imageSize));
    Tensor e = randomFourierEncoding(scaled.to(w.gaussianMatrix.scalar_type()), w.gaussianMatrix);
    e = torch::where(labels == -1, torch::zeros_like(e) + w.notAPointEmbed, e);
    for (int i = 0; i < 4; ++i) e = torch::where(labels == i, e + w.pointEmbeddings[size_t(i)], e);

    Tensor dense;
    if (mask.defined()) {
        Tensor m = mask.to(w.maskDown0.weight.scalar_type());
        m = torch::gelu(nn::layerNorm2d(w.maskDown0(m), w.maskNorm1));
        m = torch::gelu(nn::layerNorm2d(w.maskDown3(m), w.maskNorm4));
        dense = w.maskDown6(m);
    } else {
        const int64_t g = c.embedGrid();
        dense = w.noMaskEmbed.reshape({1, -1, 1, 1}).expand({B, -1, g, g});
    }
    return {e, dense};
}

Tensor stabilityScores(const Tensor& maskLogits, double delta) {
    Tensor flat = maskLogits.flatten(-2);
    Tensor areaI = (flat > delta).sum(-1).to(torch::kFloat32);
    Tensor areaU = (flat > -delta).sum(-1).to(torch::kFloat32);
    return torch::where(areaU > 0, areaI / areaU, torch::ones_like(areaI));
}

namespace {

// _dynamic_multimask_via_stability: the single-mask output unless it is unstable, then the best
// multimask output by predicted IoU.
std::pair<Tensor, Tensor> dynamicMultimask(const Sam2Config& c, const Tensor& masks, const Tensor& ious) {
    Tensor multiLogits = masks.index({Slice(), Slice(1, None)});
    Tensor multiIous = ious.index({Slice(), Slice(1, None)});
    Tensor best = torch::argmax(multiIous, -1);
    Tensor batch = torch::arange(multiIous.size(0), best.options());
    Tensor bestLogits = multiLogits.index({batch, best}).unsqueeze(1);
    Tensor bestIous = multiIous.index({batch, best}).unsqueeze(1);
    Tensor singleLogits = masks.index({Slice(), Slice(0, 1)});
    Tensor singleIous = ious.index({Slice(), Slice(0, 1)});
    Tensor stable = stabilityScores(singleLogits, c.stabilityDelta) >= c.stabilityThresh;
    Tensor logits = torch::where(stable.index({"...", None, None}).expand_as(singleLogits), singleLogits, bestLogits);
    Tensor iou = torch::where(stable.expand_as(singleIous), singleIous, bestIous);
    return {logits, iou};
}

}  // namespace

DecoderOutput decodeMasks(const Sam2Config& c, const MaskDecoderWeights& w, const Tensor& imageEmbeddings,
                          const Tensor& imagePe, const Tensor& sparse, const Tensor& dense, bool multimask,
                          const std::vector<Tensor>& highRes) {
    const int s = c.predObjScores ? 1 : 0;
    std::vector<Tensor> outTokens;
    if (s) outTokens.push_back(w.objScoreToken);
    outTokens.push_back(w.iouToken);
    outTokens.push_back(w.maskTokens);
    Tensor tokens = torch::cat(outTokens, 0).unsqueeze(0).expand({sparse.size(0), -1, -1});
    tokens = torch::cat({tokens, sparse}, 1);
    Tensor src = imageEmbeddings + dense;
    Tensor posSrc = torch::repeat_interleave(imagePe, tokens.size(0), 0);
    const int64_t b = src.size(0), ch = src.size(1), h = src.size(2), wd = src.size(3);
    auto [hs, keys] = twoWayTransformer(w.transformer, src, posSrc, tokens);
    const int64_t numMaskTokens = c.numMultimaskOutputs + 1;
    Tensor iouTokenOut = hs.index({Slice(), s, Slice()});
    Tensor maskTokensOut = hs.index({Slice(), Slice(s + 1, s + 1 + numMaskTokens), Slice()});

    src = keys.transpose(1, 2).view({b, ch, h, wd});
    Tensor up;
    if (highRes.empty()) {
        up = torch::gelu(nn::layerNorm2d(w.upscale0(src), w.upscaleNorm1));
        up = torch::gelu(w.upscale3(up));
    } else {
        up = torch::gelu(nn::layerNorm2d(w.upscale0(src) + highRes[1], w.upscaleNorm1));
        up = torch::gelu(w.upscale3(up) + highRes[0]);
    }
    std::vector<Tensor> hyper;
    for (int64_t i = 0; i < numMaskTokens; ++i)
        hyper.push_back(w.hypernetworks[size_t(i)](maskTokensOut.index({Slice(), i, Slice()})));
    Tensor hyperIn = torch::stack(hyper, 1);
    const int64_t ub = up.size(0), uc = up.size(1), uh = up.size(2), uw = up.size(3);
    Tensor masks = torch::matmul(hyperIn, up.view({ub, uc, uh * uw})).view({ub, -1, uh, uw});
    Tensor ious = w.iouHead(iouTokenOut);

    DecoderOutput o;
    // Without a score head the object is taken as present: 10.0 (sigmoid ~ 1), as the original.
    o.objectScoreLogits =
        s ? w.objScoreHead(hs.index({Slice(), 0, Slice()})) : 10.0 * torch::ones({ious.size(0), 1}, ious.options());
    if (multimask) {
        o.masks = masks.index({Slice(), Slice(1, None)});
        o.ious = ious.index({Slice(), Slice(1, None)});
    } else if (c.dynamicMultimaskViaStability) {
        std::tie(o.masks, o.ious) = dynamicMultimask(c, masks, ious);
    } else {
        o.masks = masks.index({Slice(), Slice(0, 1)});
        o.ious = ious.index({Slice(), Slice(0, 1)});
    }
    o.samTokens = multimask && c.useMultimaskTokenForObjPtr ? maskTokensOut.index({Slice(), Slice(1, None)})
                                                            : maskTokensOut.index({Slice(), Slice(0, 1)});
    return o;
}

}  // namespace mr::segment::sam2
