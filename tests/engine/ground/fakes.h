#pragma once
// Test doubles for the grounding pipeline: a reasoner that streams a scripted output, and an
// expert wrapper that counts setImage calls or fails on request.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "engine/reason/reasoner.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::ground::testing {

class ScriptedReasoner : public reason::Reasoner {
public:
    ScriptedReasoner(std::string output, int modelWidth, int modelHeight, size_t pieces = 6)
        : output_(std::move(output)), w_(modelWidth), h_(modelHeight), pieces_(pieces) {}
    std::string throwAfterText;  // non-empty: stream this, then throw mr::Error
    int calls = 0;
    int seenWidth = 0, seenHeight = 0;
    std::vector<uint8_t> seenPixels;

    reason::ReasonerReply ask(const reason::RgbImageView& image, const std::string& question,
                              const reason::AskOptions& options, const reason::TextDeltaFn& onTextDelta,
                              const mr::CancelToken& cancel) override {
        ++calls;
        if (question.empty()) throw mr::Error("the question is empty");
        seenWidth = image.width;
        seenHeight = image.height;
        seenPixels.assign(image.pixels, image.pixels + size_t(image.width) * size_t(image.height) * 3);
        reason::ReasonerReply r;
        r.modelWidth = w_;
        r.modelHeight = h_;
        if (!throwAfterText.empty()) {
            if (onTextDelta) onTextDelta(throwAfterText);
            throw mr::Error("device out of memory (scripted)");
        }
        const size_t step = (output_.size() + pieces_ - 1) / pieces_;
        for (size_t i = 0; i < output_.size(); i += step) {
            if (cancel.cancelled()) {
                r.cancelled = true;
                r.stopReason = "cancelled";
                return r;
            }
            const std::string piece = output_.substr(i, step);
            r.text += piece;
            ++r.timings.generatedTokens;
            if (onTextDelta) onTextDelta(piece);
            if (int64_t(r.timings.generatedTokens) >= options.maxNewTokens) break;
        }
        r.stopReason = "end of sequence";
        return r;
    }
    std::string description() const override { return "scripted reasoner"; }

private:
    std::string output_;
    int w_, h_;
    size_t pieces_;
};

class CountingExpert : public segment::SegmentationExpert {
public:
    explicit CountingExpert(std::unique_ptr<segment::SegmentationExpert> inner) : inner_(std::move(inner)) {}
    int setImageCalls = 0, predictCalls = 0;
    bool failPredict = false;
    segment::Prompts lastPrompts;

    std::string name() const override { return "counting(" + inner_->name() + ")"; }
    void setImage(const segment::RgbImage& image, const mr::CancelToken& cancel) override {
        ++setImageCalls;
        inner_->setImage(image, cancel);
    }
    bool hasImage() const override { return inner_->hasImage(); }
    segment::MaskPrediction predict(const segment::Prompts& prompts, const mr::CancelToken& cancel) override {
        ++predictCalls;
        lastPrompts = prompts;
        if (failPredict) throw segment::SegmentationError("the expert failed (scripted)");
        return inner_->predict(prompts, cancel);
    }

private:
    std::unique_ptr<segment::SegmentationExpert> inner_;
};

}  // namespace mr::ground::testing
