#pragma once
// The stages of one grounding run, reported to the caller as they start and end (the GUI's stage
// indicator, the CLI's trace). Standard library only.
#include <string>
#include <vector>

namespace mr::ground {

enum class Stage {
    LoadingModel,   // models configured by settings are loaded on first use
    EncodingImage,  // the reasoner's image processor, vision tower and prompt prefill
    Reasoning,      // token by token generation (text deltas stream during this stage)
    Segmenting,     // the expert: image embedding (cached per image) + mask prediction
    Done,           // always the last event of a run; elapsedMs = the whole run
};

enum class StageStatus { Started, Finished, Failed, Cancelled };

// Stable identifiers ("loading_model", "encoding_image", "reasoning", "segmenting", "done") for
// JSON and files, and short labels for people ("Loading model", ...).
const char* stageName(Stage stage);
const char* stageLabel(Stage stage);
const char* stageStatusName(StageStatus status);  // "started", "finished", "failed", "cancelled"

struct StageEvent {
    Stage stage = Stage::Done;
    StageStatus status = StageStatus::Started;
    double elapsedMs = 0;  // Finished/Failed/Cancelled: how long the stage ran
    std::string detail;    // e.g. the model being loaded, an error message
};

struct StageTiming {
    Stage stage = Stage::Done;
    double ms = 0;
};

// The duration of `stage` in `timings` (0 when it did not run).
double stageMs(const std::vector<StageTiming>& timings, Stage stage);

}  // namespace mr::ground
