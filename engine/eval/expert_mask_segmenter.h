#pragma once
// The runner's MaskSegmenter over a promptable segmentation expert (SAM/MedSAM, the classical one):
// the parsed answer prompted three ways, as MedReasoner's statistic.py does: box only, the two
// points only (both positive), box + points; each time the best-scoring of the expert's candidate
// masks (multimask on, as SamPredictor.predict defaults to). The image embedding is computed once
// per image (through the grounding pipeline's cache), and the last answer's masks are remembered,
// so a PipelinePredictor that already made them hands the runner the same masks for free.
// Calls from several threads are serialised (the expert is one model): a concurrent evaluation's
// workers segment one at a time while their reasoning runs in parallel.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/eval/mask_segmenter.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::eval {

class ExpertMaskSegmenter : public MaskSegmenter {
public:
    // Over a pipeline's expert (shares its embedding cache with the pipeline's other calls).
    ExpertMaskSegmenter(std::shared_ptr<ground::GroundingPipeline> pipeline, std::string description,
                        bool multimask = true);
    // Over an expert alone.
    ExpertMaskSegmenter(std::shared_ptr<segment::SegmentationExpert> expert, std::string description,
                        bool multimask = true);

    // Reads the image as the pipeline does (a 2D picture as is; a volume's middle slice through its
    // default window). Throws mr::Error (unreadable image, bad prompts), mr::Cancelled.
    std::map<std::string, MaskImage> segment(const std::string& imagePath, const Box& box, const PointPair& points,
                                             const mr::CancelToken& cancel) override;
    // The same on an image already in memory (`imageKey` identifies it for the embedding cache).
    std::map<std::string, MaskImage> segmentImage(const segment::RgbImage& image, const std::string& imageKey,
                                                  const Box& box, const PointPair& points,
                                                  const mr::CancelToken& cancel);
    std::string describe() const override { return description_; }

    int predictions() const;  // expert predict() calls so far (for tests)

private:
    std::shared_ptr<ground::GroundingPipeline> pipeline_;
    std::string description_;
    bool multimask_;
    mutable std::recursive_mutex mutex_;  // segment() calls segmentImage()
    int predictions_ = 0;
    struct Last {
        std::string key;
        Box box;
        PointPair points;
        std::map<std::string, MaskImage> masks;
    };
    std::optional<Last> last_;
};

// A mask prediction's best mask as a 0/1 MaskImage.
MaskImage bestMaskImage(const segment::MaskPrediction& prediction);

// The key the eval code uses for an image file in the embedding cache.
std::string imageFileKey(const std::string& path);

}  // namespace mr::eval
