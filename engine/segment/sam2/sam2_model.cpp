#include "engine/segment/sam2/sam2_model.h"

#include <filesystem>
#include <optional>

#include "engine/core/error.h"
#include "engine/nn/checkpoint.h"
#include "engine/segment/sam2/image_encoder.h"
#include "engine/segment/sam2/memory.h"
#include "engine/segment/sam2/position_encoding.h"
#include "engine/segment/sam2/sam_heads.h"

namespace mr::segment::sam2 {

namespace F = torch::nn::functional;
namespace fs = std::filesystem;
using torch::Tensor;
using torch::indexing::None;
using torch::indexing::Slice;

namespace {

Tensor bilinear(const Tensor& x, int64_t h, int64_t w, bool antialias) {
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{h, w})
                                 .mode(torch::kBilinear)
                                 .align_corners(false)
                                 .antialias(antialias));
}

}  // namespace

Sam2Model::Sam2Model(Sam2Config config, std::unique_ptr<Sam2Weights> weights, const nn::ResolvedDevice& device)
    : cfg_(std::move(config)), w_(std::move(weights)), dev_(device) {
    torch::InferenceMode guard;
    densePe_ = denseRandomEncoding(w_->promptEncoder.gaussianMatrix, cfg_.embedGrid());
}

FrameFeatures Sam2Model::encodeImage(const Tensor& input, const mr::CancelToken& cancel) const {
    torch::InferenceMode guard;
    const int64_t S = cfg_.imageSize;
    if (input.dim() != 4 || input.size(0) != 1 || input.size(1) != 3 || input.size(2) != S || input.size(3) != S)
        throw mr::Error("SAM 2 image encoder: expected a 1x3x" + std::to_string(S) + "x" + std::to_string(S) +
                        " input");
    const Tensor x = input.to(dev_.device, dev_.dtype);
    BackboneOutput b = fpnNeck(cfg_, w_->imageEncoder, hieraForward(cfg_, w_->imageEncoder, x, cancel));
    FrameFeatures f;
    f.vision = b.fpn.back();
    f.visionPos = b.pos.back();
    if (cfg_.useHighResFeaturesInSam) f.highRes = {w_->maskDecoder.convS0(b.fpn[0]), w_->maskDecoder.convS1(b.fpn[1])};
    return f;
}

Tensor Sam2Model::withNoMemoryEmbedding(const FrameFeatures& f) const {
    return f.vision + w_->noMemEmbed.view({1, -1, 1, 1});
}

std::pair<Tensor, Tensor> Sam2Model::predictImage(const FrameFeatures& f, const Tensor& coords, const Tensor& labels,
                                                  const Tensor& maskInput, bool multimask) const {
    torch::InferenceMode guard;
    Tensor sparse, dense;
    if (coords.defined()) {
        std::tie(sparse, dense) = encodePrompts(cfg_, w_->promptEncoder, coords.to(dev_.device), labels.to(dev_.device),
                                                maskInput.defined() ? maskInput.to(dev_.device) : Tensor());
    } else {  // a mask alone: no point tokens, not even the padding point
        std::tie(sparse, dense) = encodePrompts(cfg_, w_->promptEncoder, torch::zeros({1, 0, 2}, dev_.device),
                                                torch::zeros({1, 0}, dev_.device), maskInput.to(dev_.device));
        sparse = sparse.index({Slice(), Slice(0, 0)});
    }
    DecoderOutput d = decodeMasks(cfg_, w_->maskDecoder, withNoMemoryEmbedding(f), densePe_, sparse.to(dev_.dtype),
                                  dense.to(dev_.dtype), multimask, f.highRes);
    return {d.masks.to(torch::kFloat32), d.ious.to(torch::kFloat32)};
}

SamHeadsOutput Sam2Model::forwardSamHeads(const Tensor& backbone, const Tensor& coords0, const Tensor& labels0,
                                          const Tensor& maskInputs, const std::vector<Tensor>& highRes,
                                          bool multimask) const {
    const int64_t B = backbone.size(0), low = cfg_.lowResSize();
    Tensor coords = coords0, labels = labels0;
    if (!coords.defined()) {
        coords = torch::zeros({B, 1, 2}, torch::TensorOptions().device(dev_.device));
        labels = -torch::ones({B, 1}, torch::TensorOptions().device(dev_.device).dtype(torch::kInt32));
    }
    Tensor maskPrompt;
    if (maskInputs.defined()) {
        maskPrompt = maskInputs;
        if (maskInputs.size(-2) != low || maskInputs.size(-1) != low)
            maskPrompt = bilinear(maskInputs.to(torch::kFloat32), low, low, true);
    }
    auto [sparse, dense] =
        encodePrompts(cfg_, w_->promptEncoder, coords.to(dev_.device), labels.to(dev_.device), maskPrompt);
    DecoderOutput d = decodeMasks(cfg_, w_->maskDecoder, backbone, densePe_, sparse.to(dev_.dtype),
                                  dense.to(dev_.dtype), multimask, highRes);
    SamHeadsOutput o;
    Tensor isObj;
    o.lowResMultimasks = d.masks;
    if (cfg_.predObjScores) {
        isObj = d.objectScoreLogits > 0;
        o.lowResMultimasks =
            torch::where(isObj.index({Slice(), None, None}), d.masks, torch::full({}, kNoObjScore, d.masks.options()));
    }
    o.lowResMultimasks = o.lowResMultimasks.to(torch::kFloat32);
    o.highResMultimasks = bilinear(o.lowResMultimasks, cfg_.imageSize, cfg_.imageSize, false);
    o.ious = d.ious.to(torch::kFloat32);
    o.objectScoreLogits = d.objectScoreLogits.to(torch::kFloat32);
    Tensor token = d.samTokens.index({Slice(), 0});
    if (multimask) {
        Tensor best = torch::argmax(o.ious, -1);
        Tensor batch = torch::arange(B, best.options());
        o.lowResMasks = o.lowResMultimasks.index({batch, best}).unsqueeze(1);
        o.highResMasks = o.highResMultimasks.index({batch, best}).unsqueeze(1);
        if (d.samTokens.size(1) > 1) token = d.samTokens.index({batch, best});
    } else {
        o.lowResMasks = o.lowResMultimasks;
        o.highResMasks = o.highResMultimasks;
    }
    o.objPtr = w_->objPtrProj.layers.empty() ? token : w_->objPtrProj(token);
    if (cfg_.predObjScores) {
        Tensor lambda = cfg_.softNoObjPtr ? torch::sigmoid(d.objectScoreLogits) : isObj.to(o.objPtr.scalar_type());
        if (cfg_.fixedNoObjPtr) o.objPtr = lambda * o.objPtr;
        o.objPtr = o.objPtr + (1 - lambda) * w_->noObjPtr;
    }
    o.objPtr = o.objPtr.to(torch::kFloat32);
    return o;
}

SamHeadsOutput Sam2Model::useMaskAsOutput(const FrameFeatures& f, const Tensor& mask) const {
    const double outScale = 20.0, outBias = -10.0;  // sigmoid(-10) = 4.5e-5
    const Tensor maskF = mask.to(dev_.device, torch::kFloat32);
    SamHeadsOutput o;
    o.highResMasks = maskF * outScale + outBias;
    o.lowResMasks = bilinear(o.highResMasks, o.highResMasks.size(-2) / 4, o.highResMasks.size(-1) / 4, true);
    o.ious = torch::ones({maskF.size(0), 1}, maskF.options());
    if (!cfg_.useObjPtrsInEncoder) {
        o.objPtr = torch::zeros({maskF.size(0), cfg_.dModel}, maskF.options());
    } else {
        const Tensor prompt = w_->maskDownsample(maskF.to(dev_.dtype));
        o.objPtr = forwardSamHeads(f.vision, Tensor(), Tensor(), prompt, f.highRes, false).objPtr;
    }
    const Tensor lambda = (maskF.flatten(1) > 0.0).any(1).unsqueeze(-1).to(torch::kFloat32);
    o.objectScoreLogits = outScale * lambda + outBias;
    if (cfg_.predObjScores) {
        if (cfg_.fixedNoObjPtr) o.objPtr = lambda * o.objPtr;
        o.objPtr = o.objPtr + (1 - lambda) * w_->noObjPtr.to(torch::kFloat32);
    }
    o.lowResMultimasks = o.lowResMasks;
    o.highResMultimasks = o.highResMasks;
    return o;
}

std::pair<Tensor, Tensor> Sam2Model::encodeNewMemory(const FrameFeatures& f, const Tensor& highResMasks,
                                                     const Tensor& objectScoreLogits, bool binarize) const {
    Tensor mask = binarize ? (highResMasks > 0).to(torch::kFloat32) : torch::sigmoid(highResMasks);
    if (cfg_.sigmoidScaleForMemEnc != 1.0) mask = mask * cfg_.sigmoidScaleForMemEnc;
    if (cfg_.sigmoidBiasForMemEnc != 0.0) mask = mask + cfg_.sigmoidBiasForMemEnc;
    auto [features, pos] = memoryEncoder(cfg_, w_->memoryEncoder, f.vision, mask.to(dev_.dtype));
    if (cfg_.noObjEmbedSpatial) {
        const Tensor isObj = (objectScoreLogits > 0).to(features.scalar_type());
        features = features + (1 - isObj.index({"...", None, None})) *
                                  w_->noObjEmbedSpatial.index({"...", None, None}).expand(features.sizes());
    }
    return {features.to(torch::kFloat32), pos};
}

bool Sam2Model::useMultimask(bool isInitCondFrame, int64_t numPoints) const {
    return cfg_.multimaskOutputInSam && (isInitCondFrame || cfg_.multimaskOutputForTracking) &&
           cfg_.multimaskMinPtNum <= numPoints && numPoints <= cfg_.multimaskMaxPtNum;
}

namespace {

// <weights>.json, else config.json beside the weights, when it holds a SAM 2 model section.
std::optional<mr::json::Value> findConfigFile(const std::string& checkpointPath) {
    const fs::path p(checkpointPath);
    for (const fs::path& cand : {fs::path(p.string() + ".json"), p.parent_path() / "config.json"}) {
        std::error_code ec;
        if (!fs::is_regular_file(cand, ec)) continue;
        mr::json::Value v;
        try {
            v = mr::json::parseFile(cand.string());
        } catch (const std::exception& e) {
            throw mr::Error(cand.string() + ": not a readable JSON config (" + e.what() + ")");
        }
        if (findSam2ModelSection(v)) return v;
    }
    return std::nullopt;
}

}  // namespace

std::shared_ptr<Sam2Model> loadSam2Model(const std::string& checkpointPath, const Sam2LoadOptions& options) {
    const nn::StateDict sd = nn::loadStateDict(checkpointPath);
    ShapeMap shapes;
    for (const auto& [k, t] : sd) shapes[k] = t.sizes().vec();
    const std::optional<mr::json::Value> file = findConfigFile(checkpointPath);
    Sam2Config cfg;
    try {
        cfg = Sam2Config::fromShapes(shapes, file ? findSam2ModelSection(*file) : nullptr);
        if (options.imageSize > 0) cfg.imageSize = options.imageSize;
        cfg.validate();
    } catch (const nn::WeightsError&) {
        throw;
    } catch (const mr::Error& e) {
        throw nn::WeightsError(checkpointPath + ": " + e.what());
    }
    const nn::ResolvedDevice dev = nn::resolveDevice(options.device);
    torch::NoGradGuard noGrad;
    auto weights = bindSam2Weights(cfg, nn::StateDictSource(sd), "SAM 2 weights " + checkpointPath,
                                   [&](const std::string&, const Tensor& t) {
                                       const auto dtype = t.is_floating_point() ? dev.dtype : t.scalar_type();
                                       return t.to(dev.device, dtype).contiguous();
                                   });
    return std::make_shared<Sam2Model>(std::move(cfg), std::move(weights), dev);
}

}  // namespace mr::segment::sam2
