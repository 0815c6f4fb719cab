#pragma once
// MedSAM2 as a segmentation expert: SAM2ImagePredictor's pipeline (set_image, predict) around
// Sam2Model. A box goes in as its two corners (labels 2 and 3) before the clicks, a padding
// point follows, multimask returns three masks and a single mask goes through the stability
// check; masks are the low-res logits resized bilinearly straight to the image size, > 0. The
// best mask is the one MedReasoner keeps: np.argsort(scores)[::-1][0].
#include <memory>
#include <string>

#include "engine/segment/sam2/sam2_model.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::segment::sam2 {

class Sam2Expert : public SegmentationExpert {
public:
    explicit Sam2Expert(std::shared_ptr<Sam2Model> model);

    std::string name() const override { return "medsam2"; }
    void setImage(const RgbImage& image, const mr::CancelToken& cancel) override;
    bool hasImage() const override { return features_.vision.defined(); }
    MaskPrediction predict(const Prompts& prompts, const mr::CancelToken& cancel) override;

    const Sam2Model& model() const { return *model_; }
    const FrameFeatures& features() const { return features_; }

private:
    std::shared_ptr<Sam2Model> model_;
    FrameFeatures features_;
    int width_ = 0, height_ = 0;
};

// np.argsort(scores)[::-1][0]: the highest score, the last of equal ones.
int bestScoreIndex(const std::vector<float>& scores);

std::unique_ptr<SegmentationExpert> loadMedSam2Expert(const std::string& checkpointPath,
                                                      const Sam2LoadOptions& options = {});

}  // namespace mr::segment::sam2
