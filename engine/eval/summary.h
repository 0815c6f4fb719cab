#pragma once
// Aggregates per-sample results (as the runner writes them) into the summary of a run: overall,
// per super-category, per category and per modality; failure counts by kind and the parse-failure
// rate; latency percentiles when the predictions carried timings. Deterministic: the same results
// in any order give the same summary.
#include <vector>

#include "engine/core/json.h"

namespace mr::eval {

// {"total_samples", "parse_failures", "parse_failure_rate", "missing_predictions", "out_of_image",
//  "failure_kinds": {kind: n}, "metrics": {...}, "reward_parts": {"soft": {part: mean}, "hard": {...}},
//  "latency_ms": {...} | null,
//  "per_supercategory": {name: group}, "per_category": {...}, "per_modality": {...}}
// where a group (and "metrics") holds count, mean_iou, mean_pdice, iou_at_0_5, mean_dice_bbox,
// mean_dice_points, mean_dice_joint (null without masks), mean_reward_soft, mean_reward_hard,
// parse_failures. Failed samples count with IoU = pDice = 0, as in the paper's scripts.
mr::json::Value summarize(const std::vector<mr::json::Value>& results);

// Linear-interpolation percentile (NumPy's default) of unsorted values; q in [0, 100].
double percentile(std::vector<double> values, double q);

}  // namespace mr::eval
