#include "engine/record/session_from_run.h"

#include <utility>

#include "engine/reason/text/answer.h"

namespace mr::record {

RecordedSession sessionFromRun(const ground::GroundingResult& run, std::vector<TracePiece> trace,
                               const mr::session::EngineSettings& settings) {
    RecordedSession s;
    s.question = run.question;
    // Pixels, size and window only: run.image.source (a path) and any metadata stay behind.
    s.image = mr::RgbImage{run.image.rgb.width, run.image.rgb.height, run.image.rgb.rgb};
    s.sliceAsDisplayed = run.image.kind == ground::ImageKind::SliceAsDisplayed;
    s.window = run.image.window;
    s.settings = settings;
    s.reasonerDescription = run.reasonerDescription;
    s.dtype = run.reasonerLoad.dtype;
    s.modelWidth = run.reply.modelWidth;
    s.modelHeight = run.reply.modelHeight;
    s.stopReason = run.reply.stopReason;
    s.decodeTokensPerSecond = run.reply.timings.decodeTokensPerSecond;
    s.trace = std::move(trace);
    s.outcome = ground::groundingOutcomeName(run.outcome);
    s.message = run.message;
    if (run.answerParsed) {
        s.box = run.answer.box;
        s.point1 = run.answer.point1;
        s.point2 = run.answer.point2;
    }
    if (run.prompts) {
        s.promptBox = run.prompts->box;
        s.promptPoints = run.prompts->points;
    }
    s.expertName = run.expertName;
    if (const std::vector<uint8_t>* best = run.bestMask()) {
        s.expertMask = mr::Mask{run.mask->width, run.mask->height, *best};
        if (size_t(run.mask->best) < run.mask->scores.size()) s.expertScore = run.mask->scores[size_t(run.mask->best)];
    }
    return s;
}

ground::GroundingResult runFromSession(const RecordedSession& s) {
    ground::GroundingResult r;
    r.question = s.question;
    r.image.kind = s.sliceAsDisplayed ? ground::ImageKind::SliceAsDisplayed : ground::ImageKind::OriginalColour;
    r.image.rgb = segment::RgbImage{s.image.width, s.image.height, s.image.rgb};
    r.image.window = s.window;
    r.reasonerDescription = s.reasonerDescription;
    r.reasonerLoad.dtype = s.dtype;
    r.expertName = s.expertName;
    r.reasoned = true;
    r.reply.text = s.traceText();
    r.streamedText = r.reply.text;
    r.reply.modelWidth = s.modelWidth;
    r.reply.modelHeight = s.modelHeight;
    r.reply.stopReason = s.stopReason;
    r.reply.timings.decodeTokensPerSecond = s.decodeTokensPerSecond;
    // The issues come from reading the text again; the coordinates are the recorded ones.
    r.answerModel = reason::parseAnswer(r.reply.text, s.settings.ask.think);
    if (s.modelWidth > 0 && s.modelHeight > 0)
        r.answer = reason::mapToOriginal(r.answerModel, s.modelWidth, s.modelHeight, s.image.width, s.image.height);
    else r.answer = r.answerModel;
    r.answer.box = s.box;
    r.answer.point1 = s.point1;
    r.answer.point2 = s.point2;
    r.answerParsed = true;
    if (s.promptBox || !s.promptPoints.empty()) {
        segment::Prompts p;
        p.box = s.promptBox;
        p.points = s.promptPoints;
        r.prompts = p;
    }
    if (s.expertMask) {
        segment::MaskPrediction m;
        m.width = s.expertMask->width;
        m.height = s.expertMask->height;
        m.masks.push_back(s.expertMask->pixels);
        if (s.expertScore) m.scores.push_back(*s.expertScore);
        r.mask = std::move(m);
    }
    for (int o = int(ground::GroundingOutcome::Mask); o <= int(ground::GroundingOutcome::Cancelled); ++o)
        if (s.outcome == ground::groundingOutcomeName(ground::GroundingOutcome(o)))
            r.outcome = ground::GroundingOutcome(o);
    r.message = s.message;
    return r;
}

}  // namespace mr::record
