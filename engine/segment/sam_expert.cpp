#include "engine/segment/sam_expert.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine/nn/device.h"

namespace mr::segment {
namespace fs = std::filesystem;
namespace F = torch::nn::functional;
using torch::indexing::Slice;

SamInput buildSamInput(const RgbImage& image, SamVariant variant, const SamConfig& cfg) {
    checkImage(image);
    Image8 src{image.width, image.height, 3, image.rgb};
    SamInput in;
    in.size = cfg.imgSize;
    if (variant == SamVariant::Sam) {
        auto [h, w] = resizeLongestSideShape(image.height, image.width, cfg.imgSize);
        in.resized = pillowResizeBilinear(src, w, h);
        in.inputSize = {h, w};
        std::array<float, 3> mean{float(cfg.pixelMean[0]), float(cfg.pixelMean[1]), float(cfg.pixelMean[2])};
        std::array<float, 3> sd{float(cfg.pixelStd[0]), float(cfg.pixelStd[1]), float(cfg.pixelStd[2])};
        in.chw = samNormalizeAndPad(in.resized, mean, sd, cfg.imgSize);
    } else {
        in.resized = truncateToUint8(skimageResizeCubic(src, cfg.imgSize, cfg.imgSize), cfg.imgSize, cfg.imgSize, 3);
        in.inputSize = {cfg.imgSize, cfg.imgSize};
        in.chw = medsamNormalize(in.resized);
    }
    return in;
}

double toInputX(double x, SamVariant variant, int origW, std::pair<int, int> inputSize, int imgSize) {
    if (variant == SamVariant::Sam) return x * (double(inputSize.second) / double(origW));
    return x / double(origW) * double(imgSize);
}

double toInputY(double y, SamVariant variant, int origH, std::pair<int, int> inputSize, int imgSize) {
    if (variant == SamVariant::Sam) return y * (double(inputSize.first) / double(origH));
    return y / double(origH) * double(imgSize);
}

SamExpert::SamExpert(std::shared_ptr<SamModel> model, SamVariant variant)
    : model_(std::move(model)), variant_(variant) {
    densePe_ = model_->densePe();
}

std::string SamExpert::name() const { return variant_ == SamVariant::Sam ? "sam" : "medsam"; }

void SamExpert::setImage(const RgbImage& image, const mr::CancelToken& cancel) {
    SamInput in = buildSamInput(image, variant_, model_->config());
    cancel.check();
    torch::Tensor x = torch::from_blob(in.chw.data(), {1, 3, in.size, in.size}, torch::kFloat32);
    torch::Tensor emb = model_->encodeImage(x, cancel);
    embeddings_ = emb;
    width_ = image.width;
    height_ = image.height;
    inputSize_ = in.inputSize;
}

void SamExpert::setEmbeddings(torch::Tensor embeddings, int width, int height) {
    const auto& cfg = model_->config();
    embeddings_ = embeddings.to(model_->device().device, model_->device().dtype);
    width_ = width;
    height_ = height;
    if (variant_ == SamVariant::Sam) {
        auto [h, w] = resizeLongestSideShape(height, width, cfg.imgSize);
        inputSize_ = {h, w};
    } else {
        inputSize_ = {cfg.imgSize, cfg.imgSize};
    }
}

MaskPrediction SamExpert::predict(const Prompts& prompts0, const mr::CancelToken& cancel) {
    if (!hasImage()) throw SegmentationError(name() + ": predict() before setImage()");
    torch::InferenceMode guard;
    const auto& cfg = model_->config();
    MaskPrediction out;
    out.width = width_;
    out.height = height_;
    Prompts p = checkPrompts(prompts0, width_, height_, out.warnings);
    const int lowRes = cfg.lowResSize();
    if (!p.previousLowResMask.empty() && p.previousLowResMask.size() != size_t(lowRes) * size_t(lowRes))
        throw SegmentationError("previous mask has " + std::to_string(p.previousLowResMask.size()) +
                                " values, expected " + std::to_string(lowRes) + "x" + std::to_string(lowRes));
    auto tx = [&](double x) { return toInputX(x, variant_, width_, inputSize_, cfg.imgSize); };
    auto ty = [&](double y) { return toInputY(y, variant_, height_, inputSize_, cfg.imgSize); };
    std::optional<torch::Tensor> coords, labels, boxes, masks;
    if (!p.points.empty()) {
        const int64_t n = int64_t(p.points.size());
        std::vector<float> c;
        std::vector<float> l;
        for (const auto& pt : p.points) {
            c.push_back(float(tx(pt.x)));
            c.push_back(float(ty(pt.y)));
            l.push_back(pt.positive ? 1.0f : 0.0f);
        }
        coords = torch::tensor(c).reshape({1, n, 2});
        labels = torch::tensor(l).reshape({1, n});
    }
    if (p.box) {
        const auto& b = *p.box;
        boxes = torch::tensor(std::vector<float>{float(tx(b.x1)), float(ty(b.y1)), float(tx(b.x2)), float(ty(b.y2))})
                    .reshape({1, 4});
    }
    if (!p.previousLowResMask.empty())
        masks = torch::from_blob(p.previousLowResMask.data(), {1, 1, lowRes, lowRes}, torch::kFloat32).clone();
    cancel.check();
    auto [sparse, dense] = model_->encodePrompts(coords, labels, boxes, masks);
    auto [lowResLogits, iou] = model_->decodeMasks(embeddings_, densePe_, sparse, dense, p.multimask);
    cancel.check();
    torch::Tensor prob;
    torch::Tensor bin;
    if (variant_ == SamVariant::Sam) {
        torch::Tensor logits = model_->postprocessMasks(lowResLogits, inputSize_, {height_, width_});
        bin = logits > cfg.maskThreshold;
        prob = torch::sigmoid(logits);
    } else {
        prob = F::interpolate(torch::sigmoid(lowResLogits), F::InterpolateFuncOptions()
                                                                .size(std::vector<int64_t>{height_, width_})
                                                                .mode(torch::kBilinear)
                                                                .align_corners(false));
        bin = prob > 0.5;
    }
    prob = prob[0].to(torch::kCPU, torch::kFloat32).contiguous();
    bin = bin[0].to(torch::kCPU, torch::kUInt8).contiguous();
    torch::Tensor scores = iou[0].to(torch::kCPU).contiguous();
    torch::Tensor low = lowResLogits[0].to(torch::kCPU).contiguous();
    const int64_t C = prob.size(0), plane = int64_t(width_) * height_;
    for (int64_t i = 0; i < C; ++i) {
        const float* pp = prob[i].data_ptr<float>();
        const uint8_t* bp = bin[i].data_ptr<uint8_t>();
        out.probabilities.emplace_back(pp, pp + plane);
        out.masks.emplace_back(bp, bp + plane);
        out.scores.push_back(scores[i].item<float>());
    }
    out.best = int(std::max_element(out.scores.begin(), out.scores.end()) - out.scores.begin());
    const float* lp = low[out.best].data_ptr<float>();
    out.lowResLogits.assign(lp, lp + int64_t(lowRes) * lowRes);
    out.lowResSize = lowRes;
    return out;
}

std::shared_ptr<SamModel> loadSamModel(const std::string& checkpointPath, nn::DeviceChoice device) {
    nn::StateDict sd = nn::loadStateDict(checkpointPath);
    ShapeMap shapes;
    for (const auto& [k, t] : sd) shapes[k] = t.sizes().vec();
    // A config.json beside the weights (only if it describes a SAM model).
    std::optional<mr::json::Value> cfgJson;
    fs::path p(checkpointPath);
    for (const fs::path& cand : {fs::path(p.string() + ".json"), p.parent_path() / "config.json"}) {
        std::error_code ec;
        if (!fs::exists(cand, ec)) continue;
        mr::json::Value v = mr::json::parseFile(cand.string());
        if (v.isObject() && v.contains("image_encoder")) {
            cfgJson = std::move(v);
            break;
        }
    }
    SamConfig cfg;
    try {
        cfg = SamConfig::fromShapes(shapes, cfgJson ? &*cfgJson : nullptr);
    } catch (const nn::WeightsError&) {
        throw;
    } catch (const mr::Error& e) {
        throw nn::WeightsError(checkpointPath + ": " + e.what());
    }
    return std::make_shared<SamModel>(cfg, sd, nn::resolveDevice(device));
}

std::unique_ptr<SegmentationExpert> loadSamExpert(const std::string& checkpointPath, SamVariant variant,
                                                  nn::DeviceChoice device) {
    return std::make_unique<SamExpert>(loadSamModel(checkpointPath, device), variant);
}

}  // namespace mr::segment
