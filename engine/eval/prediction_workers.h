#pragma once
// Predictions for a list of samples, `threads` of them at once (a server answers many requests
// together: MedReasoner's own evaluation sends 64), each outcome handed to the calling thread as
// soon as it is ready, so scoring and the results file stay on one thread and an interruption
// keeps every sample already finished.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/eval/predictor.h"

namespace mr::eval {

struct PredictOutcome {
    size_t index = 0;  // into the requests
    std::optional<Prediction> prediction;
    std::string error;  // the predictor's failure, if it threw mr::Error
};

// Calls predictor.predict() for every request, at most `threads` at a time (1: on the calling
// thread, in order); `onOutcome` runs on the calling thread, in completion order. When `cancel`
// fires, no new prediction starts, the running ones are cancelled, their samples are not reported,
// and mr::Cancelled is thrown once the threads have stopped. An exception from onOutcome stops the
// rest the same way and propagates.
void predictAll(Predictor& predictor, const std::vector<PredictRequest>& requests, size_t threads,
                const mr::CancelToken& cancel, const std::function<void(PredictOutcome&)>& onOutcome);

}  // namespace mr::eval
