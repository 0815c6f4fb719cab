#include "engine/eval/expert_mask_segmenter.h"

#include <filesystem>

namespace mr::eval {

MaskImage bestMaskImage(const segment::MaskPrediction& p) {
    MaskImage m;
    m.width = p.width;
    m.height = p.height;
    if (p.masks.empty()) throw mr::Error("the segmentation expert returned no mask");
    const size_t best = p.best >= 0 && size_t(p.best) < p.masks.size() ? size_t(p.best) : 0;
    m.pixels.resize(p.masks[best].size());
    for (size_t i = 0; i < m.pixels.size(); ++i) m.pixels[i] = p.masks[best][i] ? 1 : 0;
    return m;
}

std::string imageFileKey(const std::string& path) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(path, ec);
    return "file:" + (ec ? path : abs.lexically_normal().string());
}

ExpertMaskSegmenter::ExpertMaskSegmenter(std::shared_ptr<ground::GroundingPipeline> pipeline, std::string description,
                                         bool multimask)
    : pipeline_(std::move(pipeline)), description_(std::move(description)), multimask_(multimask) {
    if (!pipeline_) throw mr::Error("ExpertMaskSegmenter needs a pipeline");
}

ExpertMaskSegmenter::ExpertMaskSegmenter(std::shared_ptr<segment::SegmentationExpert> expert, std::string description,
                                         bool multimask)
    : ExpertMaskSegmenter(std::make_shared<ground::GroundingPipeline>(nullptr, std::move(expert)),
                          std::move(description), multimask) {}

int ExpertMaskSegmenter::predictions() const {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    return predictions_;
}

std::map<std::string, MaskImage> ExpertMaskSegmenter::segment(const std::string& imagePath, const Box& box,
                                                              const PointPair& points, const mr::CancelToken& cancel) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    const std::string key = imageFileKey(imagePath);
    if (last_ && last_->key == key && last_->box == box && last_->points == points) return last_->masks;
    if (pipeline_->cachedImageKey() == key && pipeline_->expert() && pipeline_->expert()->hasImage()) {
        // The expert holds this image's embedding: the pixels are not needed again.
        return segmentImage(segment::RgbImage{}, key, box, points, cancel);
    }
    const ground::ReasonerImage image = ground::readReasonerImage(imagePath, std::nullopt, std::nullopt, cancel);
    return segmentImage(image.rgb, key, box, points, cancel);
}

std::map<std::string, MaskImage> ExpertMaskSegmenter::segmentImage(const segment::RgbImage& image,
                                                                   const std::string& imageKey, const Box& box,
                                                                   const PointPair& points,
                                                                   const mr::CancelToken& cancel) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    const std::string key = imageKey.empty() ? ground::imageContentKey(image) : imageKey;
    if (last_ && last_->key == key && last_->box == box && last_->points == points) return last_->masks;
    segment::Prompts boxOnly, pointsOnly, joint;
    boxOnly.box = box;
    for (const auto& p : points) pointsOnly.points.push_back({p.x, p.y, true});
    joint.box = boxOnly.box;
    joint.points = pointsOnly.points;
    boxOnly.multimask = pointsOnly.multimask = joint.multimask = multimask_;

    std::map<std::string, MaskImage> out;
    const std::pair<const char*, const segment::Prompts*> kinds[] = {
        {kPromptBox, &boxOnly}, {kPromptPoints, &pointsOnly}, {kPromptJoint, &joint}};
    for (const auto& [kind, prompts] : kinds) {
        ground::ManualPromptResult r = pipeline_->segment(image, key, *prompts, cancel);
        ++predictions_;
        out[kind] = bestMaskImage(r.mask);
    }
    last_ = Last{key, box, points, out};
    return out;
}

}  // namespace mr::eval
