#include "engine/record/session_figure.h"

#include "engine/reason/text/answer.h"

namespace mr::record {

mr::session::FigureScene figureSceneOfSession(const RecordedSession& s) {
    mr::session::FigureScene scene;
    scene.image = s.image;
    if (s.finalMask) scene.mask = *s.finalMask;
    else if (s.expertMask) scene.mask = *s.expertMask;
    scene.box = s.box;
    for (const auto& p : {s.point1, s.point2})
        if (p) scene.points.push_back(*p);
    // A session keeps no pixel spacing (nor anything else of the source): the scale bar is in pixels.
    scene.title = s.scripted ? "Scripted example, not model output" : "Recorded session";
    if (!s.scripted && !s.reasonerDescription.empty()) scene.title += " · " + s.reasonerDescription;
    scene.question = s.question;
    const std::string trace = s.traceText();
    const mr::reason::ParsedAnswer parsed = mr::reason::parseAnswer(trace, true);
    scene.think = parsed.hasThink ? parsed.think : trace;
    scene.answer = parsed.hasAnswer ? parsed.answerText : std::string();
    mr::session::checkFigureScene(scene);
    return scene;
}

}  // namespace mr::record
