#pragma once
// Reads the reasoner's answer the way MedReasoner's evaluation scripts do (eval/utils.py,
// extract_think_bbox_points): the first `<answer>{…}</answer>` block, single quotes turned into
// double quotes, the first JSON object in it, then "bbox", "points_1", "points_2". Unlike the
// scripts, every way this can fail gives a named failure kind and a readable reason.
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/json.h"
#include "engine/eval/metrics.h"

namespace mr::eval {

// Failure kinds a model output can have (stable strings, used in results files and reports).
namespace failure {
inline constexpr const char* kNoAnswer = "no_answer";        // no <answer>{…}</answer> block
inline constexpr const char* kInvalidJson = "invalid_json";  // the block is not JSON
inline constexpr const char* kNotObject = "not_object";      // JSON, but not an object
inline constexpr const char* kMissingKey = "missing_key";    // bbox / points_1 / points_2 absent
inline constexpr const char* kBadBox = "bad_bbox";           // bbox is not 4 numbers
inline constexpr const char* kBadPoints = "bad_points";      // a point is not 2 numbers
// Not parse failures: the answer parsed, the metrics are computed as the reference does.
inline constexpr const char* kOutOfImage = "out_of_image";  // coordinates outside the image
// Failures of the run rather than of the model output.
inline constexpr const char* kMissingPrediction = "missing_prediction";
inline constexpr const char* kPredictorError = "predictor_error";
bool isParseFailure(std::string_view kind);
}  // namespace failure

struct ParsedAnswer {
    bool ok = false;
    std::optional<std::string> think;  // stripped <think> text; nullopt without a block
    Box bbox{};
    PointPair points{};
    std::string failureKind;    // empty when ok
    std::string failureReason;  // human-readable, empty when ok

    mr::json::Value toJson() const;  // {"bbox": [...], "points": [[..], [..]]} or null
};

// Never throws.
ParsedAnswer parseAnswer(std::string_view raw);

// Empty when the box and points lie within a width×height image (inclusive of the far edge);
// otherwise a reason such as "bbox [..] lies outside the 512x512 image".
std::string outsideImageReason(const ParsedAnswer& a, int width, int height);

}  // namespace mr::eval
