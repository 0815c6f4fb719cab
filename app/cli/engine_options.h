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
    // Declares --reasoner, --expert, --expert-type, --expert-image-size, --device, --dtype, --expert-device,
    // --expert-dtype, --prompt-template, --system-message, --think/--no-think, --max-new-tokens,
    // --sample, --temperature, --top-p, --top-k, --repetition-penalty and --seed on `app`.
    explicit EngineOptions(CLI::App& app);

    // The settings with the CLI's rules applied (without --expert-type the file name decides:
    // "sam2" in it means MedSAM2, "medsam" MedSAM, else SAM) and validated: throws UsageError for a missing
    // --reasoner and ModelSettingsError listing every problem of the models, the template or the
    // decoding values.
    mr::session::EngineSettings settings() const;

private:
    mr::session::EngineSettings s_;
    std::string reasoner_, expert_ = "classical", expertType_, expertDevice_, expertDtype_;
    std::string device_ = "auto", dtype_ = "auto";
    int expertImageSize_ = 0;
    bool noThink_ = false;
};

}  // namespace mr::cli
