#pragma once
// The SAM / MedSAM segmentation expert: SamPredictor's pipeline (SAM) or MedSAM_Inference.py's
// (MedSAM) around SamModel. The pieces are public so tests can compare every stage with the
// original implementation's outputs.
#include <torch/torch.h>

#include <memory>
#include <utility>

#include "engine/segment/sam_model.h"
#include "engine/segment/sam_preprocess.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::segment {

// The model input for an image, as the original pipeline builds it.
struct SamInput {
    Image8 resized;          // SAM: ResizeLongestSide result; MedSAM: img_1024 (uint8)
    std::vector<float> chw;  // 3 x size x size float32
    int size = 1024;
    std::pair<int, int> inputSize;  // (h, w) of the image inside the padded input
};

SamInput buildSamInput(const RgbImage& image, SamVariant variant, const SamConfig& config);

// Original-pixel coordinate -> model input frame (float64, as apply_coords / MedSAM's box / [W,H]*1024).
double toInputX(double x, SamVariant variant, int origW, std::pair<int, int> inputSize, int imgSize);
double toInputY(double y, SamVariant variant, int origH, std::pair<int, int> inputSize, int imgSize);

class SamExpert : public SegmentationExpert {
public:
    SamExpert(std::shared_ptr<SamModel> model, SamVariant variant);

    std::string name() const override;
    void setImage(const RgbImage& image, const mr::CancelToken& cancel) override;
    bool hasImage() const override { return embeddings_.defined(); }
    MaskPrediction predict(const Prompts& prompts, const mr::CancelToken& cancel) override;

    const SamModel& model() const { return *model_; }
    SamVariant variant() const { return variant_; }
    const torch::Tensor& imageEmbeddings() const { return embeddings_; }
    // Sets a precomputed embedding (e.g. to replay a stored one) for an image of this size.
    void setEmbeddings(torch::Tensor embeddings, int width, int height);

private:
    std::shared_ptr<SamModel> model_;
    SamVariant variant_;
    torch::Tensor embeddings_, densePe_;
    int width_ = 0, height_ = 0;
    std::pair<int, int> inputSize_{0, 0};
};

// Loads weights + config as loadSamExpert does, returning the model itself.
std::shared_ptr<SamModel> loadSamModel(const std::string& checkpointPath, nn::DeviceChoice device = {});

}  // namespace mr::segment
