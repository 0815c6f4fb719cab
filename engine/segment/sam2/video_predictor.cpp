#include "engine/segment/sam2/video_predictor.h"

#include <algorithm>
#include <cstdlib>

#include "engine/core/error.h"
#include "engine/segment/sam2/connected_components.h"
#include "engine/segment/sam2/memory.h"
#include "engine/segment/sam2/position_encoding.h"

namespace mr::segment::sam2 {

namespace F = torch::nn::functional;
using torch::Tensor;
using FrameMap = std::map<int, const TrackedFrame*>;

namespace {

int floorDiv(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Tensor bilinearTo(const Tensor& x, int64_t size, bool antialias) {
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{size, size})
                                 .mode(torch::kBilinear)
                                 .align_corners(false)
                                 .antialias(antialias));
}

// select_closest_cond_frames: the closest conditioning frame before and after, then the nearest
// others, up to maxCond (-1: all).
void selectClosestCondFrames(int frame, const std::map<int, TrackedFrame>& cond, int maxCond, FrameMap& selected,
                             FrameMap& unselected) {
    if (maxCond == -1 || int(cond.size()) <= maxCond) {
        for (const auto& [t, out] : cond) selected[t] = &out;
        return;
    }
    auto before = std::find_if(cond.rbegin(), cond.rend(), [&](const auto& kv) { return kv.first < frame; });
    if (before != cond.rend()) selected[before->first] = &before->second;
    auto after = cond.lower_bound(frame);
    if (after != cond.end()) selected[after->first] = &after->second;
    std::vector<int> rest;
    for (const auto& [t, out] : cond)
        if (!selected.count(t)) rest.push_back(t);
    std::stable_sort(rest.begin(), rest.end(), [&](int a, int b) { return std::abs(a - frame) < std::abs(b - frame); });
    for (int t : rest) {
        if (int(selected.size()) < maxCond) selected[t] = &cond.at(t);
        else unselected[t] = &cond.at(t);
    }
}

}  // namespace

VideoPredictor::VideoPredictor(std::shared_ptr<const Sam2Model> model, int numFrames, FrameFeaturesFn features,
                               VideoPredictorOptions options)
    : model_(std::move(model)), numFrames_(numFrames), features_(std::move(features)), options_(options) {
    if (numFrames_ < 1) throw mr::Error("video predictor: no frames");
}

void VideoPredictor::checkFrame(int frame) const {
    if (frame < 0 || frame >= numFrames_)
        throw mr::Error("frame " + std::to_string(frame) + " is outside the " + std::to_string(numFrames_) + " frames");
}

void VideoPredictor::reset() {
    for (int k = 0; k < 2; ++k) {
        outputs_[k].clear();
        temp_[k].clear();
        consolidated_[k].clear();
    }
    tracked_.clear();
}

const TrackedFrame& VideoPredictor::addPoints(int frame, const Tensor& coords, const Tensor& labels) {
    if (coords.dim() != 2 || coords.size(1) != 2 || labels.dim() != 1 || labels.size(0) != coords.size(0) ||
        coords.size(0) == 0)
        throw mr::Error("video predictor: points must be [N, 2] with N labels");
    Prompt p;
    p.coords = coords.to(torch::kFloat32).unsqueeze(0);
    p.labels = labels.to(torch::kInt32).unsqueeze(0);
    return addPrompt(frame, p);
}

const TrackedFrame& VideoPredictor::addMask(int frame, const Tensor& mask) {
    if (mask.dim() != 2) throw mr::Error("video predictor: the mask must be 2-D");
    const int64_t S = model_->config().imageSize;
    Tensor m = mask.to(model_->device().device, torch::kFloat32).unsqueeze(0).unsqueeze(0);
    if (mask.size(0) != S || mask.size(1) != S) m = (bilinearTo(m, S, true) >= 0.5).to(torch::kFloat32);
    Prompt p;
    p.mask = m;
    return addPrompt(frame, p);
}

const TrackedFrame& VideoPredictor::addPrompt(int frame, const Prompt& prompt) {
    checkFrame(frame);
    torch::InferenceMode guard;
    const bool isInit = !tracked_.count(frame);
    const bool reverse = isInit ? false : tracked_.at(frame);
    const Kind kind = isInit ? Cond : NonCond;  // add_all_frames_to_correct_as_cond = False
    const TrackedFrame* prev = nullptr;
    for (const auto* m : {&temp_[kind], &outputs_[Cond], &outputs_[NonCond]})
        if (!prev && m->count(frame)) prev = &m->at(frame);
    Tensor prevLogits;
    if (prompt.coords.defined() && prev && prev->predMasks.defined())
        prevLogits = torch::clamp(prev->predMasks.to(model_->device().device), -32.0, 32.0);
    temp_[kind][frame] = runSingleFrame(frame, isInit, prompt, reverse, false, prevLogits);
    return temp_[kind][frame];
}

TrackedFrame VideoPredictor::runSingleFrame(int frame, bool isInit, const Prompt& prompt, bool reverse,
                                            bool runMemoryEncoder, const Tensor& prevMaskLogits) {
    const Sam2Model& m = *model_;
    const FrameFeatures f = features_(frame);
    SamHeadsOutput sam;
    if (prompt.mask.defined() && m.config().useMaskInputAsOutputWithoutSam) {
        sam = m.useMaskAsOutput(f, prompt.mask);
    } else {
        const Tensor pix = memoryConditionedFeatures(frame, isInit, f, reverse);
        const Tensor maskInputs = prevMaskLogits.defined() ? prevMaskLogits : prompt.mask;
        const int64_t numPoints = prompt.labels.defined() ? prompt.labels.size(1) : 0;
        const bool multimask = m.useMultimask(isInit, numPoints);
        sam = m.forwardSamHeads(pix, prompt.coords, prompt.labels, maskInputs, f.highRes, multimask);
    }
    TrackedFrame out;
    if (runMemoryEncoder && m.config().numMaskmem > 0) {
        const bool binarize = options_.binarizeMaskFromPtsForMemEnc && prompt.coords.defined();
        auto [features, pos] = m.encodeNewMemory(f, sam.highResMasks, sam.objectScoreLogits, binarize);
        out.maskmemFeatures = features.to(torch::kBFloat16);
        if (!maskmemPosEnc_.defined()) maskmemPosEnc_ = pos;
        out.maskmemPosEnc = maskmemPosEnc_;
    }
    out.predMasks = sam.lowResMasks;
    if (options_.fillHoleArea > 0)
        out.predMasks = fillHolesInMaskScores(out.predMasks, options_.fillHoleArea, &out.filledPixels);
    out.objPtr = sam.objPtr;
    out.objectScoreLogits = sam.objectScoreLogits;
    return out;
}

std::pair<Tensor, Tensor> VideoPredictor::objectPointerTokens(int frame, bool reverse, const FrameMap& selected,
                                                              const FrameMap& unselected) const {
    const Sam2Config& c = model_->config();
    const Sam2Weights& w = model_->weights();
    const int maxPtrs = std::min(numFrames_, c.maxObjPtrsInEncoder);
    std::vector<int64_t> positions;
    std::vector<Tensor> ptrs;
    for (const auto& [t, out] : selected) {
        if (c.onlyObjPtrsInThePastForEval && (reverse ? t < frame : t > frame)) continue;
        positions.push_back(c.useSignedTposEncToObjPtrs ? (frame - t) * (reverse ? -1 : 1) : std::abs(frame - t));
        ptrs.push_back(out->objPtr);
    }
    for (int tDiff = 1; tDiff < maxPtrs; ++tDiff) {
        const int t = reverse ? frame + tDiff : frame - tDiff;
        if (t < 0 || t >= numFrames_) break;
        const TrackedFrame* out = nullptr;
        if (auto it = outputs_[NonCond].find(t); it != outputs_[NonCond].end()) out = &it->second;
        else if (auto u = unselected.find(t); u != unselected.end()) out = u->second;
        if (out) {
            positions.push_back(tDiff);
            ptrs.push_back(out->objPtr);
        }
    }
    if (ptrs.empty()) return {};
    const int64_t C = c.dModel, mem = c.memDim;
    const auto f32 = ptrs[0].options().dtype(torch::kFloat32);
    Tensor objPtrs = torch::stack(ptrs, 0);  // [n, 1, C]
    Tensor objPos;
    if (c.addTposEncToObjPtrs) {
        Tensor pos = torch::tensor(positions, torch::TensorOptions().dtype(torch::kInt64)).to(f32.device());
        pos = torch::true_divide(pos, maxPtrs - 1);
        objPos = sine1d(pos, c.projTposEncInObjPtrs ? C : mem);
        if (c.projTposEncInObjPtrs) objPos = w.objPtrTposProj(objPos.to(w.objPtrTposProj.weight.scalar_type()));
        objPos = objPos.to(torch::kFloat32).unsqueeze(1).expand({-1, 1, mem});
    } else {
        objPos = torch::zeros({int64_t(ptrs.size()), 1, mem}, f32);
    }
    if (mem < C) {  // a pointer becomes C / mem tokens
        objPtrs = objPtrs.reshape({-1, 1, C / mem, mem}).permute({0, 2, 1, 3}).flatten(0, 1);
        objPos = objPos.repeat_interleave(C / mem, 0);
    }
    return {objPtrs, objPos};
}

Tensor VideoPredictor::memoryConditionedFeatures(int frame, bool isInit, const FrameFeatures& f, bool reverse) const {
    const Sam2Config& c = model_->config();
    const Sam2Weights& w = model_->weights();
    const int64_t C = c.dModel, g = f.vision.size(2);
    if (c.numMaskmem == 0) return f.vision;
    std::vector<Tensor> memory, memoryPos;
    int64_t numPtrTokens = 0;
    if (isInit) {
        if (c.directlyAddNoMemEmbed) return model_->withNoMemoryEmbedding(f);
        if (c.memDim != C) throw mr::Error("SAM 2: a no-memory token needs mem_dim == hidden_dim");
        memory.push_back(w.noMemEmbed.expand({1, 1, C}).to(torch::kFloat32));
        memoryPos.push_back(w.noMemPosEnc.expand({1, 1, C}).to(torch::kFloat32));
    } else {
        if (outputs_[Cond].empty()) throw mr::Error("video predictor: no conditioning frame");
        FrameMap selected, unselected;
        selectClosestCondFrames(frame, outputs_[Cond], c.maxCondFramesInAttn, selected, unselected);
        std::vector<std::pair<int, const TrackedFrame*>> mems;
        for (const auto& [t, out] : selected) mems.push_back({0, out});
        const int r = c.memoryTemporalStrideForEval;
        for (int tPos = 1; tPos < c.numMaskmem; ++tPos) {
            const int tRel = c.numMaskmem - tPos;
            int prev;
            if (tRel == 1) prev = reverse ? frame + tRel : frame - tRel;
            else if (!reverse) prev = floorDiv(frame - 2, r) * r - (tRel - 2) * r;
            else prev = -floorDiv(-(frame + 2), r) * r + (tRel - 2) * r;
            const TrackedFrame* out = nullptr;
            if (auto it = outputs_[NonCond].find(prev); it != outputs_[NonCond].end()) out = &it->second;
            else if (auto u = unselected.find(prev); u != unselected.end()) out = u->second;
            if (out) mems.push_back({tPos, out});
        }
        for (const auto& [tPos, out] : mems) {
            memory.push_back(out->maskmemFeatures.to(torch::kFloat32).flatten(2).permute({2, 0, 1}));
            Tensor pos = out->maskmemPosEnc.flatten(2).permute({2, 0, 1});
            memoryPos.push_back(pos + w.maskmemTposEnc[c.numMaskmem - tPos - 1].to(torch::kFloat32));
        }
        if (c.useObjPtrsInEncoder) {
            auto [ptrs, ptrPos] = objectPointerTokens(frame, reverse, selected, unselected);
            if (ptrs.defined()) {
                memory.push_back(ptrs);
                memoryPos.push_back(ptrPos);
                numPtrTokens = ptrs.size(0);
            }
        }
    }
    const auto dtype = f.vision.scalar_type();
    Tensor curr = f.vision.flatten(2).permute({2, 0, 1});
    Tensor currPos = f.visionPos.flatten(2).permute({2, 0, 1});
    Tensor out = memoryAttention(c, w, curr, currPos, torch::cat(memory, 0).to(dtype),
                                 torch::cat(memoryPos, 0).to(dtype), numPtrTokens);
    return out.permute({1, 2, 0}).reshape({1, C, g, g});
}

void VideoPredictor::preflight() {
    const Sam2Config& c = model_->config();
    for (Kind kind : {NonCond, Cond}) {
        for (auto& [frame, out] : temp_[kind]) {
            consolidated_[kind].insert(frame);
            TrackedFrame stored = out;
            if (c.numMaskmem > 0) {
                const Tensor high = bilinearTo(out.predMasks, c.imageSize, false);
                auto [features, pos] = model_->encodeNewMemory(features_(frame), high, out.objectScoreLogits,
                                                               options_.binarizeMaskFromPtsForMemEnc);
                stored.maskmemFeatures = features.to(torch::kBFloat16);
                if (!maskmemPosEnc_.defined()) maskmemPosEnc_ = pos;
                stored.maskmemPosEnc = maskmemPosEnc_;
            }
            outputs_[kind][frame] = stored;
        }
        temp_[kind].clear();
    }
    for (const auto& [frame, out] : outputs_[Cond]) outputs_[NonCond].erase(frame);
    for (int frame : consolidated_[Cond]) consolidated_[NonCond].erase(frame);
}

void VideoPredictor::propagate(int start, int maxFrames, bool reverse,
                               const std::function<void(int, const TrackedFrame&)>& onFrame,
                               const mr::CancelToken& cancel) {
    torch::InferenceMode guard;
    preflight();
    if (outputs_[Cond].empty()) throw mr::Error("video predictor: no prompts; add a box, points or a mask first");
    if (start < 0) start = outputs_[Cond].begin()->first;
    checkFrame(start);
    if (maxFrames < 0) maxFrames = numFrames_;
    std::vector<int> order;
    if (reverse) {
        const int end = std::max(start - maxFrames, 0);
        if (start > 0)
            for (int f = start; f >= end; --f) order.push_back(f);
    } else {
        const int end = std::min(start + maxFrames, numFrames_ - 1);
        for (int f = start; f <= end; ++f) order.push_back(f);
    }
    for (int frame : order) {
        cancel.check();
        const TrackedFrame* out;
        if (consolidated_[Cond].count(frame)) {
            out = &outputs_[Cond].at(frame);
        } else if (consolidated_[NonCond].count(frame)) {
            out = &outputs_[NonCond].at(frame);
        } else {
            outputs_[NonCond][frame] = runSingleFrame(frame, false, Prompt{}, reverse, true, Tensor());
            out = &outputs_[NonCond].at(frame);
        }
        tracked_[frame] = reverse;
        onFrame(frame, *out);
    }
}

}  // namespace mr::segment::sam2
