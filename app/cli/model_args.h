#pragma once
// The model options shared by `medreasoner ground`, `eval` and `serve`.
#include <string>
#include <vector>

#include "app/cli/command.h"
#include "engine/ground/model_set.h"

namespace mr::cli {

// Value options of the reasoner choice (for a command's Args list): --reasoner, --device, --dtype,
// --server, --model, --api-key-env, --api-key-file, --connect-timeout, --idle-timeout, --timeout.
const std::vector<std::string>& reasonerOptionNames();
// Value options of the expert choice: --expert, --expert-type, --expert-device, --expert-dtype.
const std::vector<std::string>& expertOptionNames();
// `own` followed by the reasoner's and the expert's option names.
std::vector<std::string> withModelOptions(std::vector<std::string> own);

// --expert PATH|classical [--expert-type sam|medsam|classical] [--expert-device D]
// [--expert-dtype T] -> settings. Without --expert-type the type is guessed: "classical" for the
// word classical, MedSAM when the file name says medsam, else SAM.
mr::ground::ExpertSettings expertSettingsFromArgs(const Args& args);

// Either a model folder: --reasoner DIR [--device D] [--dtype T], or an OpenAI-compatible server:
// --server URL --model NAME [--api-key-env VAR | --api-key-file FILE] [--connect-timeout S]
// [--idle-timeout S] [--timeout S]. UsageError when neither or both are given.
mr::ground::ReasonerSettings reasonerSettingsFromArgs(const Args& args);

// The reasoner and the expert as above, validated: throws ModelSettingsError listing every problem.
mr::ground::ModelSettings modelSettingsFromArgs(const Args& args);

// "reasoner /abs/folder" or "server URL model NAME": what results belong to (devices left out).
std::string reasonerIdentity(const mr::ground::ReasonerSettings& settings);

}  // namespace mr::cli
