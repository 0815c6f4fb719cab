#pragma once
// MedReasoner's RL rewards (verl/utils/reward_score/med_grounding.py), reproduced part by part so
// that the numbers match the reference to 1e-4. Standard library and mr_core only.
//
// score = format_think + format_seg + bbox_iou + points_dice (+ bbox_align + bbox_scale +
// points_align + points_angle in hard mode). Each geometric part is smoothed, then penalised by
// validity factors and rounded to 4 decimals like the reference. The reference parses the answer
// with Python's json after turning single quotes into double quotes; we do the same with mr::json
// (one difference: Python also accepts the non-standard NaN/Infinity literals, we do not).
#include <string_view>

#include "engine/core/json.h"
#include "engine/eval/metrics.h"

namespace mr::eval {

enum class RewardMode { Soft, Hard };

const char* rewardModeName(RewardMode m);

struct RewardParts {
    double score = 0;
    double formatThink = 0, formatSeg = 0;
    double bboxIou = 0, pointsDice = 0;                                     // soft and hard
    double bboxAlign = 0, bboxScale = 0, pointsAlign = 0, pointsAngle = 0;  // hard only
    double bboxPositionValid = 0, bboxAreaValid = 0, pointsPositionValid = 0, pointsSpreadValid = 0;

    // The reference's dict: {"score", "format_think", ..., "points_spread_valid"}.
    mr::json::Value toJson() const;
};

struct GroundTruth {
    Box bbox{};
    PointPair points{};
};

// Reads the reference's ground-truth JSON {"bbox_2d": [...], "point_2d": [[..], [..]]}; throws
// mr::Error naming the bad field.
GroundTruth groundTruthFromJson(const mr::json::Value& v);

// The reward of one raw reasoner output. Never throws for any `predict` text.
RewardParts computeReward(std::string_view predict, const GroundTruth& gt, RewardMode mode);

// Helpers of the reference, exposed for tests and for the docs.
double smoothLog(double v, double k = 3.0);  // 0.1 + 0.9·ln(1+k·v)/ln(1+k)
double smoothExp(double v, double k = 3.0, double c = 1.0);
double penalize(double reward, double valid1, double valid2, double k = 0.7);  // rounded, [0,1]
double pyRound(double v, int digits);                                          // Python's round(v, digits)

}  // namespace mr::eval
