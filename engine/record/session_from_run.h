#pragma once
// Between a live grounding run and its recording: what a run becomes when it is saved, and the
// run a recording stands for when it is played back (so the app shows both through one path).
#include <vector>

#include "engine/ground/grounding_pipeline.h"
#include "engine/record/recorded_session.h"

namespace mr::record {

// The run's image (pixels and window only: never its source path), question, answer, prompts and
// expert mask, with the pieces of text as they arrived and the settings it ran with. The final
// mask is left for the caller (the user's corrections happen later).
RecordedSession sessionFromRun(const ground::GroundingResult& run, std::vector<TracePiece> trace,
                               const mr::session::EngineSettings& settings);

// The run as the app shows a finished one: the text, the model's image size, the answer (its
// issues read again from the text, its coordinates the recorded ones), the outcome and message,
// the expert's mask with its score. Timings and load reports stay empty: nothing was loaded.
ground::GroundingResult runFromSession(const RecordedSession& session);

}  // namespace mr::record
