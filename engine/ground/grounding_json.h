#pragma once
// Machine-readable grounding results (the CLI's --json, logs) and mask statistics.
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/core/json.h"
#include "engine/ground/grounding_pipeline.h"

namespace mr::ground {

struct MaskStats {
    int width = 0, height = 0;
    uint64_t area = 0;                         // foreground pixels
    double fraction = 0;                       // area / (width*height)
    std::optional<std::array<int, 4>> bounds;  // x1, y1, x2, y2 of the foreground (inclusive), none when empty
    double score = 0;                          // the expert's quality estimate of the best mask
};

MaskStats maskStats(const segment::MaskPrediction& prediction);

// {"question", "image": {"kind", "description", "width", "height", "slice", "window": {center,width}|null,
//  "source"}, "reasoner", "expert", "outcome", "message", "raw_output", "stop_reason",
//  "model_image": [w, h], "think", "answer": {reason::answerToJson in original pixels},
//  "answer_model_pixels": {...}, "issues": [...], "prompts": {...}|null, "mask": {stats}|null,
//  "timings_ms": {stage: ms, ..., "total"}, "reasoner_timings_ms": {..., "decode_tokens_per_second",
//  "prefill_tokens_per_second"}, "reasoner_load": {reasonerLoadToJson}|null, "peak_rss_bytes"|null}
mr::json::Value groundingResultToJson(const GroundingResult& result);

// {"device", "dtype", "dtype_reason", "load_ms", "weight_bytes", "mapped_weight_bytes",
//  "peak_rss_bytes_after_load", "notes"}; null when nothing was loaded.
mr::json::Value reasonerLoadToJson(const reason::ReasonerLoadReport& load);

}  // namespace mr::ground
