#pragma once
// The demo tour: a few scripted grounding sessions about the built-in demo CT, so the whole loop
// (question → trace → box and points → mask) can be shown with no model at all. Everything is made
// from the phantom generator at run time: the slice through a soft-tissue window, a reasoning text
// written for each question, the box and points from the phantom's own labels, and the label as
// the mask. Each session is marked scripted: it is an example, not model output.
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/demo/abdomen_phantom.h"
#include "engine/record/recorded_session.h"

namespace mr::record {

// The tour's sessions for `phantom` (the demo case's phantom by default), in the order shown.
std::vector<RecordedSession> demoTourSessions(const mr::demo::Phantom& phantom);
// The tour's questions, in the same order (known before anything is generated).
std::vector<std::string> demoTourQuestions();
// Generates the demo phantom and its tour (a second or two).
std::vector<RecordedSession> demoTourSessions(const mr::CancelToken& cancel = {});

}  // namespace mr::record
