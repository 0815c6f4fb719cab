#pragma once
// The engine options of every model-running command (`ground`, `eval`), declared once: each one
// fills a field of the session layer's EngineSettings, and the help text comes from here. The
// same settings the desktop app keeps in its Engine Settings dialog.
#include <string>

#include "app/cli/command.h"
#include "engine/session/engine_settings.h"

namespace mr::cli {

class EngineOptions {
public:
    // Which groups a command takes: a reasoner server (`serve` runs a folder only, and its
    // --api-key-file is its own), and the asking options (prompt and decoding).
    struct Groups {
        bool server = true;
        bool asking = true;
    };

    // Declares on `app`: --reasoner DIR, --device, --dtype; with `server`: --server URL, --model,
    // --api-key-env, --api-key-file, --connect-timeout, --idle-timeout, --timeout; --expert,
    // --expert-type, --expert-device, --expert-dtype; with `asking`: --prompt-template,
    // --system-message, --think/--no-think, --max-new-tokens, --sample, --temperature, --top-p,
    // --top-k, --repetition-penalty, --seed.
    EngineOptions(CLI::App& app, Groups groups);
    explicit EngineOptions(CLI::App& app) : EngineOptions(app, Groups{}) {}

    // The settings with the CLI's rules applied (without --expert-type the file name decides:
    // "medsam" in it means MedSAM, else SAM) and validated: throws UsageError when neither (or
    // both) of --reasoner and --server is given, and ModelSettingsError listing every problem of
    // the models, the template or the decoding values.
    mr::session::EngineSettings settings() const;

private:
    void declareServer(CLI::App& app);
    void declareAsking(CLI::App& app);
    mr::ground::ExpertSettings expertSettings() const;

    mr::session::EngineSettings s_;
    std::string reasoner_, server_, expert_ = "classical", expertType_, expertDevice_, expertDtype_;
    std::string device_ = "auto", dtype_ = "auto";
};

}  // namespace mr::cli
