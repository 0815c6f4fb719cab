#pragma once
// Every architecture number of a SAM-family model (segment_anything's ImageEncoderViT,
// PromptEncoder, MaskDecoder/TwoWayTransformer), read from a config.json beside the weights
// and/or inferred from the weights' tensor shapes. Standard library only.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/core/json.h"

namespace mr::segment {

using ShapeMap = std::map<std::string, std::vector<int64_t>>;

struct SamConfig {
    // Image encoder.
    int imgSize = 1024, patchSize = 16, inChans = 3, embedDim = 768, depth = 12, numHeads = 12;
    int mlpDim = 3072, outChans = 256, windowSize = 14;
    bool qkvBias = true, useAbsPos = true, useRelPos = true;
    std::vector<int> globalAttnIndexes{2, 5, 8, 11};
    double layerNormEps = 1e-6, neckEps = 1e-6;
    // Prompt encoder.
    int promptEmbedDim = 256, maskInChans = 16;
    // Mask decoder.
    int transformerDim = 256, numMultimaskOutputs = 3, iouHeadDepth = 3, iouHeadHiddenDim = 256;
    int decoderDepth = 2, decoderMlpDim = 2048, decoderHeads = 8, attentionDownsampleRate = 2;
    double decoderLayerNormEps = 1e-5;  // nn.LayerNorm default in TwoWayTransformer
    // Pre/post-processing.
    std::array<double, 3> pixelMean{123.675, 116.28, 103.53};
    std::array<double, 3> pixelStd{58.395, 57.12, 57.375};
    double maskThreshold = 0.0;

    int embedGrid() const { return imgSize / patchSize; }  // 64
    int lowResSize() const { return 4 * embedGrid(); }     // 256

    // Every state_dict key with its shape, as the official module would have them (from the
    // tensor-name table in sam_weights.cpp).
    ShapeMap expectedShapes() const;

    // Infers the numbers from the tensor shapes (ViT-B/L/H and smaller); `config` (may be null)
    // is a config.json in the fixture's layout whose values take precedence. Throws mr::Error
    // when the shapes do not describe a SAM model.
    static SamConfig fromShapes(const ShapeMap& shapes, const mr::json::Value* config);
    // Fills from a config.json alone (sizes that config does not name keep their defaults).
    // Every number is range-checked (mr::limits) and validate()d.
    void applyJson(const mr::json::Value& config);
    // Throws mr::Error("<what> (<why>)") unless every size is positive, within mr::limits and
    // consistent (divisions exact, the largest activation within the tensor limit).
    void validate(const std::string& what) const;
};

}  // namespace mr::segment
