#include "engine/segment/sam2/volume_propagation.h"

#include <map>

#include "engine/segment/sam2/connected_components.h"
#include "engine/segment/sam2/sam2_model.h"
#include "engine/segment/sam2/sam2_preprocess.h"
#include "engine/segment/sam2/video_predictor.h"

namespace mr::segment::sam2 {

namespace F = torch::nn::functional;
using torch::Tensor;

namespace {

void checkRequest(const GrayVolumeView& v, const PropagationRequest& r, int last) {
    if (!v.voxels || v.width < 2 || v.height < 2 || v.depth < 1)
        throw SegmentationError("propagation needs a volume of at least one 2x2 slice");
    const int k = r.prompt.slice;
    if (k < 0 || k >= v.depth)
        throw SegmentationError("key slice " + std::to_string(k) + " is outside the volume's " +
                                std::to_string(v.depth) + " slices");
    if (r.firstSlice < 0 || r.firstSlice > k || last < k || last >= v.depth)
        throw SegmentationError("slice range " + std::to_string(r.firstSlice) + ".." + std::to_string(last) +
                                " must lie in the volume and contain the key slice " + std::to_string(k));
    if (!r.forward && !r.backward) throw SegmentationError("propagation needs a direction (forward and/or backward)");
    const auto& m = r.prompt.mask;
    if (!m.pixels.empty() &&
        (m.width != v.width || m.height != v.height || m.pixels.size() != size_t(m.width) * size_t(m.height)))
        throw SegmentationError("the prompt mask is " + std::to_string(m.width) + "x" + std::to_string(m.height) +
                                ", the slices are " + std::to_string(v.width) + "x" + std::to_string(v.height));
}

// Frame features on demand, keeping the key slice's and the latest ones (the reverse run starts
// where the forward run started).
class FeatureCache {
public:
    FeatureCache(const Sam2Model& m, const GrayVolumeView& v, int keySlice, const mr::CancelToken& c)
        : model_(m), volume_(v), key_(keySlice), cancel_(c) {}
    FrameFeatures operator()(int slice) {
        if (auto it = cache_.find(slice); it != cache_.end()) return it->second;
        const size_t plane = size_t(volume_.width) * size_t(volume_.height);
        Tensor input =
            volumeSliceInput(volume_.voxels + plane * size_t(slice), volume_.width, volume_.height, model_.config());
        FrameFeatures f = model_.encodeImage(input, cancel_);
        for (auto it = cache_.begin(); it != cache_.end();) it = it->first == key_ ? std::next(it) : cache_.erase(it);
        cache_[slice] = f;
        return f;
    }

private:
    const Sam2Model& model_;
    GrayVolumeView volume_;
    int key_;
    mr::CancelToken cancel_;
    std::map<int, FrameFeatures> cache_;
};

}  // namespace

PropagationResult propagateThroughVolume(const Sam2Model& model, const GrayVolumeView& volume,
                                         const PropagationRequest& request, const mr::ProgressFn& progress,
                                         const mr::CancelToken& cancel, const SliceStepFn& onStep) {
    torch::InferenceMode guard;
    const int last = request.lastSlice < 0 ? volume.depth - 1 : request.lastSlice;
    checkRequest(volume, request, last);
    PropagationResult result;
    result.width = volume.width;
    result.height = volume.height;
    result.depth = volume.depth;
    const SlicePrompt& sp = request.prompt;
    const int key = sp.slice, W = volume.width, H = volume.height;
    Prompts prompts;
    prompts.box = sp.box;
    prompts.points = sp.points;
    const bool byMask = !sp.mask.pixels.empty();
    if (!byMask) prompts = checkPrompts(prompts, W, H, result.warnings);
    // Not a structured binding: the lambda below captures them (C++17 forbids capturing bindings; clang refuses).
    const std::pair<Tensor, Tensor> points =
        byMask ? std::pair<Tensor, Tensor>() : promptPointTensors(prompts, W, H, model.config().imageSize);
    const Tensor& coords = points.first;
    const Tensor& labels = points.second;

    std::shared_ptr<const Sam2Model> shared(&model, [](const Sam2Model*) {});
    FeatureCache cache(model, volume, key, cancel);
    VideoPredictor predictor(shared, volume.depth, [&](int f) { return cache(f); });
    const size_t plane = size_t(W) * size_t(H);
    result.mask.assign(plane * size_t(volume.depth), 0);
    const int total = (request.forward ? last - key + 1 : 0) + (request.backward ? key - request.firstSlice + 1 : 0);
    int done = 0;
    auto run = [&](bool reverse) {
        predictor.reset();
        if (byMask) {
            Tensor m = torch::from_blob(const_cast<uint8_t*>(sp.mask.pixels.data()), {H, W}, torch::kUInt8) > 0;
            predictor.addMask(key, m);
        } else {
            predictor.addPoints(key, coords, labels);
        }
        const int maxFrames = reverse ? key - request.firstSlice : last - key;
        predictor.propagate(
            key, maxFrames, reverse,
            [&](int frame, const TrackedFrame& out) {
                Tensor logits = F::interpolate(out.predMasks, F::InterpolateFuncOptions()
                                                                  .size(std::vector<int64_t>{H, W})
                                                                  .mode(torch::kBilinear)
                                                                  .align_corners(false));
                logits = logits.to(torch::kCPU, torch::kFloat32).contiguous();
                const float* l = logits.data_ptr<float>();
                SliceStep step{frame, reverse, frame == key, out.objectScoreLogits.item<float>(), 0, out.filledPixels};
                uint8_t* dst = result.mask.data() + plane * size_t(frame);
                for (size_t i = 0; i < plane; ++i)
                    if (l[i] > 0.0f) {
                        dst[i] = 1;
                        ++step.area;
                    }
                result.steps.push_back(step);
                if (onStep) onStep(step, std::vector<float>(l, l + plane));
                if (progress)
                    progress(double(++done) / double(total),
                             "slice " + std::to_string(frame + 1) + " of " + std::to_string(volume.depth));
            },
            cancel);
    };
    if (request.forward) run(false);
    if (request.backward) run(true);
    for (uint8_t v : result.mask) result.unionVoxels += v;
    result.finalVoxels = result.unionVoxels;
    if (request.keepLargestComponent && result.unionVoxels > 0)
        result.finalVoxels = keepLargestComponent3d(result.mask, W, H, volume.depth);
    return result;
}

}  // namespace mr::segment::sam2
