#pragma once
// The prompt options shared by `medreasoner segment` and `medreasoner propagate`.
#include "app/cli/command.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::cli {

// --box x1,y1,x2,y2 and repeated --point x,y[,0|1] (1, the default, is positive). Throws UsageError
// for malformed values; an empty prompt is left to the caller.
mr::segment::Prompts promptsFromArgs(const Args& args);

}  // namespace mr::cli
