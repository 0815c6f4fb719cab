#pragma once
// The figure of a recorded session (`medreasoner figure SESSION.mrsession`): the picture the
// reasoner saw, the corrected mask (else the expert's), the answer's box and points, the question,
// and the trace split into its reasoning and its answer.
#include "engine/record/recorded_session.h"
#include "engine/session/figure_scene.h"

namespace mr::record {

// Throws mr::Error when the scene would not draw (see checkFigureScene).
mr::session::FigureScene figureSceneOfSession(const RecordedSession& session);

}  // namespace mr::record
