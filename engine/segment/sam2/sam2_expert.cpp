#include "engine/segment/sam2/sam2_expert.h"

#include "engine/segment/sam2/sam2_preprocess.h"

namespace mr::segment::sam2 {

namespace F = torch::nn::functional;
using torch::Tensor;

Sam2Expert::Sam2Expert(std::shared_ptr<Sam2Model> model) : model_(std::move(model)) {}

void Sam2Expert::setImage(const RgbImage& image, const mr::CancelToken& cancel) {
    torch::InferenceMode guard;
    const Tensor input = imagePredictorInput(image, model_->config());
    cancel.check();
    features_ = model_->encodeImage(input, cancel);
    width_ = image.width;
    height_ = image.height;
}

int bestScoreIndex(const std::vector<float>& scores) {
    int best = 0;
    for (int i = 1; i < int(scores.size()); ++i)
        if (scores[size_t(i)] >= scores[size_t(best)]) best = i;
    return best;
}

MaskPrediction Sam2Expert::predict(const Prompts& prompts0, const mr::CancelToken& cancel) {
    if (!hasImage()) throw SegmentationError(name() + ": predict() before setImage()");
    torch::InferenceMode guard;
    const Sam2Config& c = model_->config();
    MaskPrediction out;
    out.width = width_;
    out.height = height_;
    const Prompts p = checkPrompts(prompts0, width_, height_, out.warnings);
    const int low = c.lowResSize();
    if (!p.previousLowResMask.empty() && p.previousLowResMask.size() != size_t(low) * size_t(low))
        throw SegmentationError("previous mask has " + std::to_string(p.previousLowResMask.size()) +
                                " values, expected " + std::to_string(low) + "x" + std::to_string(low));
    auto [coords, labels] = promptPointTensors(p, width_, height_, c.imageSize);
    Tensor maskT;
    if (labels.size(0) == 0) {  // a previous mask alone
        coords = Tensor();
        labels = Tensor();
    } else {
        coords = coords.unsqueeze(0);
        labels = labels.unsqueeze(0);
    }
    if (!p.previousLowResMask.empty())
        maskT = torch::from_blob(const_cast<float*>(p.previousLowResMask.data()), {1, 1, low, low}, torch::kFloat32)
                    .clone();
    cancel.check();
    auto [lowRes, iou] = model_->predictImage(features_, coords, labels, maskT, p.multimask);
    Tensor logits = F::interpolate(lowRes, F::InterpolateFuncOptions()
                                               .size(std::vector<int64_t>{height_, width_})
                                               .mode(torch::kBilinear)
                                               .align_corners(false));
    logits = logits[0].to(torch::kCPU).contiguous();
    const Tensor prob = torch::sigmoid(logits).contiguous();
    const Tensor bin = (logits > c.maskThreshold).to(torch::kUInt8).contiguous();
    const Tensor scores = iou[0].to(torch::kCPU).contiguous();
    const int64_t plane = int64_t(width_) * height_;
    for (int64_t i = 0; i < logits.size(0); ++i) {
        const float* pp = prob[i].data_ptr<float>();
        const uint8_t* bp = bin[i].data_ptr<uint8_t>();
        out.probabilities.emplace_back(pp, pp + plane);
        out.masks.emplace_back(bp, bp + plane);
        out.scores.push_back(scores[i].item<float>());
    }
    out.best = bestScoreIndex(out.scores);
    const Tensor bestLow = torch::clamp(lowRes[0][out.best], -32.0, 32.0).to(torch::kCPU).contiguous();
    out.lowResLogits.assign(bestLow.data_ptr<float>(), bestLow.data_ptr<float>() + int64_t(low) * low);
    out.lowResSize = low;
    return out;
}

std::unique_ptr<SegmentationExpert> loadMedSam2Expert(const std::string& checkpointPath,
                                                      const Sam2LoadOptions& options) {
    return std::make_unique<Sam2Expert>(loadSam2Model(checkpointPath, options));
}

}  // namespace mr::segment::sam2
