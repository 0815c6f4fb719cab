#pragma once
// The reasoner's unusable answer explained in the user's language: the engine's issues (English,
// for logs and files) become translated sentences for the Reasoning panel.
#include <QString>

namespace mr::ground {
struct GroundingResult;
}

namespace mr::app {

// "The model's output has no usable answer: the answer has no "bbox". The reasoning trace is
// kept; place a box or points by hand to segment." for a run whose answer is not ok().
QString answerProblemText(const mr::ground::GroundingResult& run);

}  // namespace mr::app
