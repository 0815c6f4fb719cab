#pragma once
// The model options shared by `medreasoner ground` and `medreasoner eval`.
#include <string>

#include "app/cli/command.h"
#include "engine/ground/model_set.h"

namespace mr::cli {

// --expert PATH|classical [--expert-type sam|medsam|classical] [--expert-device D]
// [--expert-dtype T] -> settings. Without --expert-type the type is guessed: "classical" for the
// word classical, MedSAM when the file name says medsam, else SAM.
mr::ground::ExpertSettings expertSettingsFromArgs(const Args& args);

// The reasoner folder with --device / --dtype (auto, float32, bfloat16, float16, int8) / --int8-cache,
// and the expert as above, validated: throws
// ModelSettingsError listing every problem.
mr::ground::ModelSettings modelSettingsFromArgs(const Args& args, const std::string& reasonerDir);

}  // namespace mr::cli
