#include "engine/session/sample_builder.h"

#include <algorithm>

#include "engine/dataset/deidentify.h"
#include "engine/edit/edit_statistics.h"
#include "engine/edit/mask_geometry.h"
#include "engine/ground/reasoner_image.h"

namespace mr::session {

bool CaseState::runBelongsToReview() const {
    if (!lastRun || !hasReview()) return false;
    const auto& r = *lastRun;
    return r.answerParsed && r.image.slice == reviewSlice && r.image.rgb.width == int(image.width()) &&
           r.image.rgb.height == int(image.height()) && r.image.source == image.metadata().source;
}

std::string traceStateOf(const ground::GroundingResult& r) {
    using ground::GroundingOutcome;
    if (r.reply.cancelled || r.outcome == GroundingOutcome::Cancelled) return "stopped";
    if (r.answerParsed && r.answer.ok()) return "complete";
    // A reply cut off at a limit never had the chance to answer: stopped, not malformed.
    const std::string& why = r.reply.stopReason;
    if (why == "maximum new tokens" || why == "context full") return "stopped";
    if (r.outcome == GroundingOutcome::FormatIssue) return "malformed";
    return "stopped";
}

namespace {
// The reviewer's decision and labels onto a sample.
void applyChoice(mr::dataset::Sample& s, const mr::dataset::ReviewChoice& choice) {
    s.status = choice.status;
    s.question = choice.question;
    s.category = choice.category;
    s.supercategory = choice.supercategory;
    s.modality = choice.modality;
    s.annotator = choice.annotator;
    s.note = choice.note;
}
}  // namespace

mr::dataset::ReviewSummary reviewSummaryOf(const CaseState& c) {
    mr::dataset::ReviewSummary s;
    const auto stats =
        mr::edit::compareMasks(c.firstMask.data(), c.mask.data(), std::min(c.mask.size(), c.firstMask.size()));
    s.dice = stats.dice;
    s.pixelsChanged = stats.pixelsChanged;
    s.seconds = c.reviewSeconds;
    s.fromReasoner = c.runBelongsToReview();
    if (s.fromReasoner) s.traceState = traceStateOf(*c.lastRun);
    return s;
}

mr::dataset::ReviewChoice initialChoiceOf(const CaseState& c) {
    mr::dataset::ReviewChoice choice;
    if (c.runBelongsToReview()) choice.question = c.lastRun->question;
    choice.modality = c.image.metadata().modality;
    return choice;
}

mr::imaging::Image volumeMaskOf(const mr::edit::MaskVolume& volume, const mr::imaging::Geometry& grid,
                                int64_t reviewSlice) {
    if (volume.width() != grid.size[0] || volume.height() != grid.size[1] || volume.depth() != grid.size[2])
        throw mr::Error("the mask volume does not match the image size");
    bool beyondReview = false;
    for (int64_t z = 0; z < volume.depth() && !beyondReview; ++z)
        beyondReview = z != reviewSlice && !volume.sliceEmpty(z);
    if (!beyondReview) return {};
    mr::imaging::Image mask(mr::imaging::PixelType::UInt8, grid);
    const size_t n = mask.sliceBytes();
    for (int64_t z = 0; z < volume.depth(); ++z)
        if (const uint8_t* slice = volume.sliceOrNull(z))
            std::transform(slice, slice + n, mask.bytes() + size_t(z) * n,
                           [](uint8_t v) { return uint8_t(v ? 1 : 0); });
    return mask;
}

SampleDraft buildSample(const CaseState& c, const mr::dataset::ReviewChoice& choice, const std::string& salt,
                        const std::string& appVersion) {
    if (!c.hasReview()) throw mr::Error("there is no mask to save: ask a question or prompt the expert first");
    SampleDraft d;
    mr::dataset::Sample& s = d.sample;
    applyChoice(s, choice);
    s.appVersion = appVersion;
    s.source = mr::dataset::describeSource(c.image, c.reviewSlice, salt);
    if (c.runBelongsToReview()) {
        const auto& r = *c.lastRun;
        s.rawOutput = r.reply.text;
        s.think = r.answer.think;
        s.answerText = r.answer.answerText;
        s.bbox = r.answer.box;
        for (const auto& p : {r.answer.point1, r.answer.point2})
            if (p) s.points.push_back({p->x, p->y});
        s.reasonerWidth = r.reply.modelWidth;
        s.reasonerHeight = r.reply.modelHeight;
        s.modelVersion = r.reasonerDescription;
        s.expertName = r.expertName;
        s.traceState = traceStateOf(r);
        d.pixels.rgb = r.image.rgb.rgb;  // exactly what the reasoner saw
    } else {
        // Manual prompts only: the slice as the expert saw it (as displayed).
        d.pixels.rgb = mr::ground::reasonerImageFromSlice(c.image, c.reviewSlice, c.window).rgb.rgb;
    }
    d.pixels.width = int(c.image.width());
    d.pixels.height = int(c.image.height());
    d.pixels.firstMask = c.firstMask;
    d.pixels.finalMask = c.mask;
    if (d.pixels.firstMask.size() != d.pixels.finalMask.size())
        throw mr::Error("the expert's first mask does not match the image size");
    const auto stats =
        mr::edit::compareMasks(d.pixels.firstMask.data(), d.pixels.finalMask.data(), d.pixels.finalMask.size());
    s.dice = stats.dice;
    s.pixelsChanged = stats.pixelsChanged;
    s.truthBox = mr::edit::maskBoundingBox(d.pixels.finalMask.data(), d.pixels.width, d.pixels.height);
    s.truthPoints = mr::edit::maskKeyPoints(d.pixels.finalMask.data(), d.pixels.width, d.pixels.height);
    s.secondsSpent = c.reviewSeconds;
    if (!c.volumeMask.empty()) {
        if (c.volumeMask.geometry().size != c.image.geometry().size)
            throw mr::Error("the volume mask does not match the image size");
        d.pixels.volumeMask = c.volumeMask;
    }
    return d;
}

mr::dataset::Sample revisionOf(const mr::dataset::Sample& saved, const mr::dataset::ReviewChoice& choice,
                               const std::vector<uint8_t>& finalMask, int width, int height) {
    if (width <= 0 || height <= 0 || finalMask.size() != size_t(width) * size_t(height))
        throw mr::Error("the corrected mask does not match the sample's image");
    mr::dataset::Sample s = saved;
    applyChoice(s, choice);
    s.truthBox = mr::edit::maskBoundingBox(finalMask.data(), width, height);
    s.truthPoints = mr::edit::maskKeyPoints(finalMask.data(), width, height);
    return s;
}

}  // namespace mr::session
