#include "engine/ground/stage.h"

namespace mr::ground {

const char* stageName(Stage stage) {
    switch (stage) {
        case Stage::LoadingModel: return "loading_model";
        case Stage::EncodingImage: return "encoding_image";
        case Stage::Reasoning: return "reasoning";
        case Stage::Segmenting: return "segmenting";
        case Stage::Done: return "done";
    }
    return "?";
}

const char* stageLabel(Stage stage) {
    switch (stage) {
        case Stage::LoadingModel: return "Loading model";
        case Stage::EncodingImage: return "Encoding image";
        case Stage::Reasoning: return "Reasoning";
        case Stage::Segmenting: return "Segmenting";
        case Stage::Done: return "Done";
    }
    return "?";
}

const char* stageStatusName(StageStatus status) {
    switch (status) {
        case StageStatus::Started: return "started";
        case StageStatus::Finished: return "finished";
        case StageStatus::Failed: return "failed";
        case StageStatus::Cancelled: return "cancelled";
    }
    return "?";
}

double stageMs(const std::vector<StageTiming>& timings, Stage stage) {
    double ms = 0;
    for (const auto& t : timings)
        if (t.stage == stage) ms += t.ms;
    return ms;
}

}  // namespace mr::ground
