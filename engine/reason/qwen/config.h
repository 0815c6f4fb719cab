#pragma once
// Qwen2.5-VL hyper-parameters, read from a Hugging Face model folder's config.json and
// generation_config.json. Every size comes from the files; nothing about a particular checkpoint
// is assumed. Standard library only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"

namespace mr::json {
class Value;
}

namespace mr::reason::qwen {

// A config.json / generation_config.json that is missing, malformed or describes something this
// implementation cannot run.
class ConfigError : public mr::Error {
public:
    using mr::Error::Error;
};

struct VisionConfig {
    int64_t depth = 0;
    int64_t hiddenSize = 0;
    int64_t numHeads = 0;
    int64_t intermediateSize = 0;
    int64_t outHiddenSize = 0;
    int64_t inChannels = 3;
    int64_t patchSize = 14;
    int64_t temporalPatchSize = 2;
    int64_t spatialMergeSize = 2;
    int64_t windowSize = 112;
    std::vector<int64_t> fullAttBlockIndexes;
    int64_t tokensPerSecond = 2;
    std::string hiddenAct = "silu";
    double rmsNormEps = 1e-6;  // fixed in the original (the vision RMSNorms do not read the config)
    double ropeTheta = 10000.0;

    int64_t headDim() const { return hiddenSize / numHeads; }
    int64_t patchDim() const { return inChannels * temporalPatchSize * patchSize * patchSize; }
    int64_t mergeUnit() const { return spatialMergeSize * spatialMergeSize; }
    bool isFullAttention(int64_t block) const;
};

struct TextConfig {
    int64_t vocabSize = 0;
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t numLayers = 0;
    int64_t numHeads = 0;
    int64_t numKeyValueHeads = 0;
    int64_t headDim = 0;  // hidden_size / num_attention_heads
    double rmsNormEps = 1e-6;
    double ropeTheta = 1000000.0;
    std::vector<int64_t> mropeSection;  // sums to headDim / 2
    int64_t maxPositionEmbeddings = 0;
    bool tieWordEmbeddings = false;
    std::string hiddenAct = "silu";
};

struct ModelConfig {
    TextConfig text;
    VisionConfig vision;
    int64_t imageTokenId = -1;
    int64_t videoTokenId = -1;
    int64_t visionStartTokenId = -1;
    int64_t visionEndTokenId = -1;
    int64_t bosTokenId = -1;
    std::vector<int64_t> eosTokenIds;
    std::string modelType;
    std::string torchDtype;  // as written in config.json ("bfloat16", "float32", ...)

    // Parses config.json content; `source` names the file in messages.
    static ModelConfig fromJson(const mr::json::Value& root, const std::string& source);
    // Reads <folder>/config.json.
    static ModelConfig load(const std::string& folder);
};

// Decoding settings, with Hugging Face's meaning. Defaults are HF's own defaults.
struct GenerationConfig {
    bool doSample = false;
    double temperature = 1.0;
    int64_t topK = 50;  // 0: off
    double topP = 1.0;  // 1: off
    double repetitionPenalty = 1.0;
    int64_t maxNewTokens = 512;
    std::vector<int64_t> eosTokenIds;
    int64_t padTokenId = -1;
    std::optional<uint64_t> seed;  // sampling seed; none: non-deterministic

    static GenerationConfig fromJson(const mr::json::Value& root, const std::string& source);
    // Reads <folder>/generation_config.json; when absent, returns the defaults with
    // `fallbackEos` as the stop tokens.
    static GenerationConfig load(const std::string& folder, const std::vector<int64_t>& fallbackEos);
};

}  // namespace mr::reason::qwen
