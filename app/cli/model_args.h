#pragma once
// The model options shared by `medreasoner ground` and `medreasoner eval`.
#include <string>

#include "app/cli/command.h"
#include "engine/ground/model_set.h"

namespace mr::cli {

// --expert PATH|classical [--expert-type sam|medsam|medsam2|classical] [--expert-device D]
// [--expert-dtype T] [--expert-image-size 512|1024] -> settings. Without --expert-type the type is
// guessed: "classical" for the word classical, MedSAM2 when the file name says sam2 (MedSAM2,
// SAM 2.1), MedSAM when it says medsam, else SAM.
mr::ground::ExpertSettings expertSettingsFromArgs(const Args& args);

// The reasoner folder with --device / --dtype, and the expert as above, validated: throws
// ModelSettingsError listing every problem.
mr::ground::ModelSettings modelSettingsFromArgs(const Args& args, const std::string& reasonerDir);

}  // namespace mr::cli
