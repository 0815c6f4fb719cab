#pragma once
// Every number and switch of a SAM 2 / SAM 2.1 model (sam2.modeling.sam2_base.SAM2Base with a
// Hiera trunk, as built from the official yaml files and MedSAM2's sam2.1_hiera_t512.yaml).
// Sizes come from the checkpoint's tensor shapes; what shapes cannot tell (head counts, window
// sizes, global-attention blocks, the image size and the yaml's switches) comes from a config
// (a JSON copy of the yaml's `model` section, or the medsam2-tiny fixture's config.json) or, for
// the official Hiera layouts (tiny, small, base+, large: MedSAM2 is Hiera-T), from the yaml
// values they were released with. Standard library only.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/core/json.h"

namespace mr::segment::sam2 {

using ShapeMap = std::map<std::string, std::vector<int64_t>>;

// Image sizes the app offers: MedSAM2 is trained at 512; MedReasoner's own pipeline builds the
// same weights from a yaml that says 1024 (its eval/infer.py call path).
constexpr int kMedSam2ImageSize = 512;
constexpr int kMedReasonerCallPathImageSize = 1024;

struct HieraBlock {
    int dim = 0, dimOut = 0, heads = 0;
    int windowSize = 0;  // 0: global attention
    bool qPool = false;  // 2x2 max-pool of q (and of the shortcut): the first block of a stage
};

struct HieraConfig {
    int embedDim = 96, numHeads = 1;
    std::vector<int> stages{1, 2, 7, 2};
    std::vector<int> globalAttBlocks{5, 7, 9};
    std::vector<int> windowSpec{8, 4, 14, 7};
    std::array<int, 2> bkgSize{7, 7};  // window_pos_embed_bkg_spatial_size
    int qPool = 3, qStride = 2;
    double dimMul = 2.0, headMul = 2.0, mlpRatio = 4.0;
    int patchKernel = 7, patchStride = 4, patchPadding = 3;

    // Per block, following Hiera.__init__ (the window size lags one block behind the stage).
    std::vector<HieraBlock> blocks() const;
    std::vector<int> stageEnds() const;
    int depth() const;
};

struct Sam2Config {
    HieraConfig hiera;
    // FPN neck.
    int dModel = 256;                         // hidden_dim of the whole model
    std::vector<int> fpnTopDownLevels{2, 3};  // levels that receive the upsampled coarser level
    int scalp = 1;                            // lowest-resolution levels dropped
    // Prompt encoder and mask decoder (SAM2Base._build_sam_heads).
    int maskInChans = 16, decoderDepth = 2, decoderHeads = 8, decoderMlpDim = 2048, attentionDownsampleRate = 2;
    int numMultimaskOutputs = 3, iouHeadDepth = 3, iouHeadHiddenDim = 256;
    bool dynamicMultimaskViaStability = true;  // build_sam2's override
    double stabilityDelta = 0.05, stabilityThresh = 0.98;
    // Memory attention.
    int memAttnLayers = 4, memAttnFfn = 2048, memSelfHeads = 1, memCrossHeads = 1;
    double ropeTheta = 10000.0;
    // Memory encoder.
    int memDim = 64;
    int maskDownsamplerLayers = 4, maskDownsamplerKernel = 3, maskDownsamplerStride = 2, maskDownsamplerPadding = 1;
    int fuserLayers = 2, fuserKernel = 7, fuserPadding = 3;
    // SAM2Base.
    int imageSize = kMedSam2ImageSize, backboneStride = 16, numMaskmem = 7;
    double sigmoidScaleForMemEnc = 20.0, sigmoidBiasForMemEnc = -10.0;
    bool useMaskInputAsOutputWithoutSam = true, directlyAddNoMemEmbed = true, noObjEmbedSpatial = true;
    bool useHighResFeaturesInSam = true, multimaskOutputInSam = true, iouPredictionUseSigmoid = true;
    bool useObjPtrsInEncoder = true, addTposEncToObjPtrs = true, projTposEncInObjPtrs = true;
    bool useSignedTposEncToObjPtrs = true, onlyObjPtrsInThePastForEval = true;
    bool predObjScores = true, predObjScoresMlp = true, fixedNoObjPtr = true, softNoObjPtr = false;
    bool multimaskOutputForTracking = true, useMultimaskTokenForObjPtr = true, useMlpForObjPtrProj = true;
    int multimaskMinPtNum = 0, multimaskMaxPtNum = 1, maxObjPtrsInEncoder = 16, memoryTemporalStrideForEval = 1;
    int maxCondFramesInAttn = -1;
    // SAM2Transforms.
    std::array<float, 3> imageMean{0.485f, 0.456f, 0.406f}, imageStd{0.229f, 0.224f, 0.225f};
    double maskThreshold = 0.0;

    int embedGrid() const { return imageSize / backboneStride; }  // 32 at 512
    int lowResSize() const { return 4 * embedGrid(); }            // 128 at 512
    std::vector<int> channelList() const;                         // trunk outputs, coarsest first

    // Reads the sizes from the shapes, then the config (may be null) or the official layout's
    // values. Throws mr::Error when the shapes are not a SAM 2 model or the numbers disagree.
    static Sam2Config fromShapes(const ShapeMap& shapes, const mr::json::Value* config);
    // Applies a yaml `model` section (as JSON): the keys the official yaml files use.
    void applyModelJson(const mr::json::Value& model);
    // Throws mr::Error naming the first number out of range or inconsistency (image size, windows, heads).
    void validate() const;

private:
    void checkRanges() const;
};

// The `model` section inside a config file: the object itself when it has image_encoder.trunk,
// its "model" member, or the medsam2-tiny fixture's resolved.image_predictor_512 (first resolved
// build otherwise). nullptr when the file is not a SAM 2 config.
const mr::json::Value* findSam2ModelSection(const mr::json::Value& file);

}  // namespace mr::segment::sam2
