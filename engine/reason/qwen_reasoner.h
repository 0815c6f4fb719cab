#pragma once
// The Reasoner for Qwen2.5-VL model folders (MedReasoner-7B, Lingshu-7B and other fine-tunes):
// image processor + chat prompt + tokenizer around the libtorch model of engine/reason/qwen.
#include <memory>
#include <string>

#include "engine/reason/reasoner.h"

namespace mr::reason {

class QwenReasoner : public Reasoner {
public:
    // Loads config.json, generation_config.json, preprocessor_config.json (defaults when absent),
    // the tokenizer files and the weights of a Hugging Face folder. Throws mr::Error subclasses
    // naming the file and the problem; mr::Cancelled when cancelled.
    static std::unique_ptr<QwenReasoner> load(const std::string& folder, const ReasonerLoadOptions& options = {});
    ~QwenReasoner() override;

    ReasonerReply ask(const RgbImageView& image, const std::string& question, const AskOptions& options,
                      const TextDeltaFn& onTextDelta = {}, const mr::CancelToken& cancel = {}) override;
    std::string description() const override;
    std::optional<ImageResizeRule> resizeRule() const override;
    std::string deviceName() const;  // "cpu", "cuda:0"
    std::string dtypeName() const;   // "float32", "bfloat16", "float16"

    struct Impl;

private:
    explicit QwenReasoner(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mr::reason
