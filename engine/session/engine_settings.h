#pragma once
// The engine settings of a session, as one value shared by the desktop app and the command line:
// which models to load (reasoner source, expert, device, dtype) and how to ask (prompt template,
// system message, think, decoding). The GUI maps it to and from QSettings (app/engine_settings_store),
// the CLI declares one option per field (app/cli/engine_options); both validate through here, so a
// rule lives in one place. Standard library only.
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/ground/model_set.h"
#include "engine/reason/reasoner.h"

namespace mr::session {

struct EngineSettings {
    ground::ModelSettings models;    // what to load, where, in which precision
    std::string promptTemplateFile;  // a text file with a {Question} placeholder; empty: MedReasoner's prompt
    // Per question: think, system message and decoding (unset values come from the model folder's
    // generation_config.json, except sampling, which is off: greedy, as MedReasoner evaluates).
    // ask.promptTemplate is not stored here: askOptions() reads it from promptTemplateFile.
    reason::AskOptions ask;

    // Every problem, one short sentence each: the models (see ground::validateModelSettings), the
    // template file (missing, unreadable, no {Question}), decoding values out of range. Empty when
    // usable. Never throws.
    std::vector<std::string> problems() const;

    // `ask` with the template file's text. Throws mr::Error naming the file when it cannot be read.
    reason::AskOptions askOptions() const;

    bool operator==(const EngineSettings& other) const;
    bool operator!=(const EngineSettings& other) const { return !(*this == other); }
};

// The decoding problems alone (max new tokens 1..32768, temperature > 0, 0 < top-p <= 1,
// top-k >= 0, repetition penalty > 0), one sentence each.
std::vector<std::string> decodingProblems(const reason::AskOptions& ask);

// Reads a prompt template file (UTF-8 text with a {Question} placeholder). Throws mr::Error naming
// the file when it is missing, unreadable, larger than 64 KiB or has no placeholder.
std::string readPromptTemplate(const std::string& path);

// The settings as JSON (reasoner, expert, ask), for --json reports, recorded sessions and
// comparisons; fromJson throws mr::Error naming the bad field.
mr::json::Value engineSettingsToJson(const EngineSettings& settings);
EngineSettings engineSettingsFromJson(const mr::json::Value& json);

}  // namespace mr::session
