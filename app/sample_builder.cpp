#include "app/sample_builder.h"

#include "app/mask_editor.h"
#include "engine/dataset/deidentify.h"
#include "engine/edit/edit_statistics.h"
#include "engine/edit/mask_geometry.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/ground/reasoner_image.h"

namespace mr::app {

bool resultBelongsToReview(const MaskEditor& editor, const SampleContext& c) {
    if (!c.result || !editor.hasReview()) return false;
    const auto& r = *c.result;
    return r.answerParsed && r.image.slice == editor.reviewSlice() && r.image.rgb.width == int(c.image.width()) &&
           r.image.rgb.height == int(c.image.height()) && r.image.source == c.image.metadata().source;
}

mr::widgets::ReviewSummary reviewSummaryOf(const MaskEditor& editor, const SampleContext& c) {
    mr::widgets::ReviewSummary s;
    const std::vector<uint8_t> final = editor.sliceMask(editor.reviewSlice());
    const auto stats = mr::edit::compareMasks(editor.firstMask().data(), final.data(),
                                              std::min(final.size(), editor.firstMask().size()));
    s.dice = stats.dice;
    s.pixelsChanged = stats.pixelsChanged;
    s.seconds = editor.secondsSinceReviewStarted();
    s.fromReasoner = resultBelongsToReview(editor, c);
    return s;
}

mr::widgets::ReviewChoice initialChoiceOf(const MaskEditor& editor, const SampleContext& c) {
    mr::widgets::ReviewChoice choice;
    if (resultBelongsToReview(editor, c)) choice.question = QString::fromStdString(c.result->question);
    choice.modality = QString::fromStdString(c.image.metadata().modality);
    return choice;
}

SampleDraft buildSample(const MaskEditor& editor, const SampleContext& c, const mr::widgets::ReviewChoice& choice) {
    if (!editor.hasReview()) throw mr::Error("there is no mask to save: ask a question or prompt the expert first");
    const int64_t slice = editor.reviewSlice();
    SampleDraft d;
    mr::dataset::Sample& s = d.sample;
    s.status = choice.status;
    s.question = choice.question.toStdString();
    s.category = choice.category.toStdString();
    s.supercategory = choice.supercategory.toStdString();
    s.modality = choice.modality.toStdString();
    s.annotator = choice.annotator.toStdString();
    s.note = choice.note.toStdString();
    s.appVersion = c.appVersion;
    s.source = mr::dataset::describeSource(c.image, slice, c.salt);

    const bool fromReasoner = resultBelongsToReview(editor, c);
    if (fromReasoner) {
        const auto& r = *c.result;
        s.rawOutput = r.reply.text;
        s.think = r.answer.think;
        s.answerText = r.answer.answerText;
        if (r.answer.box) s.bbox = std::array<double, 4>{r.answer.box->x1, r.answer.box->y1, r.answer.box->x2, r.answer.box->y2};
        for (const auto& p : {r.answer.point1, r.answer.point2})
            if (p) s.points.push_back({p->x, p->y});
        s.reasonerWidth = r.reply.modelWidth;
        s.reasonerHeight = r.reply.modelHeight;
        s.modelVersion = r.reasonerDescription;
        s.expertName = r.expertName;
        d.pixels.rgb = r.image.rgb.rgb;  // exactly what the reasoner saw
    } else {
        // Manual prompts only: the slice as the expert saw it (as displayed).
        d.pixels.rgb = mr::ground::reasonerImageFromSlice(c.image, slice, c.window).rgb.rgb;
    }
    d.pixels.width = int(c.image.width());
    d.pixels.height = int(c.image.height());
    d.pixels.firstMask = editor.firstMask();
    d.pixels.finalMask = editor.sliceMask(slice);
    if (d.pixels.firstMask.size() != d.pixels.finalMask.size())
        throw mr::Error("the expert's first mask does not match the image size");
    const auto stats = mr::edit::compareMasks(d.pixels.firstMask.data(), d.pixels.finalMask.data(), d.pixels.finalMask.size());
    s.dice = stats.dice;
    s.pixelsChanged = stats.pixelsChanged;
    s.truthBox = mr::edit::maskBoundingBox(d.pixels.finalMask.data(), d.pixels.width, d.pixels.height);
    s.truthPoints = mr::edit::maskKeyPoints(d.pixels.finalMask.data(), d.pixels.width, d.pixels.height);
    s.secondsSpent = editor.secondsSinceReviewStarted();
    return d;
}

}  // namespace mr::app
