#pragma once
// The prompt options shared by `medreasoner segment` and `medreasoner propagate`.
#include <string>
#include <vector>

#include "app/cli/command.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::cli {

// Declares --box and the repeatable --point on `app`, bound to `box` and `points`.
void declarePromptOptions(CLI::App& app, std::string& box, std::vector<std::string>& points);

// The values of --box x1,y1,x2,y2 (empty: none) and --point x,y[,0|1] (1, the default, is
// positive). Throws UsageError for malformed values; an empty prompt is left to the caller.
mr::segment::Prompts promptsFromOptions(const std::string& box, const std::vector<std::string>& points);

}  // namespace mr::cli
