#pragma once
// Reading the reasoner's output for the app: `<think>…</think><answer>{"bbox":[x1,y1,x2,y2],
// "points_1":[x,y],"points_2":[x,y]}</answer>`. Tolerant where a reader would be (single quotes,
// code fences or words around the JSON, an unclosed tag at the end of a truncated generation,
// "bbox_2d"), strict and precise where it matters (which key is missing, which value is not a
// number, how many values there were). Bad model output never throws: everything is reported as
// issues on the result, and the reasoning trace is always kept.
// (engine/eval/answer_parser.h is the evaluation's reader, faithful to MedReasoner's scripts.)
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/core/json.h"

namespace mr::reason {

enum class AnswerIssueKind {
    NoThinkBlock,     // no <think> block (warning when a think block is expected)
    ThinkNotClosed,   // <think> without </think>
    NoAnswerBlock,    // no <answer> block (error, unless a JSON object after the reasoning was usable)
    AnswerNotClosed,  // <answer> without </answer> (a truncated generation)
    MultipleAnswers,  // more than one <answer> block: the first is used
    EmptyAnswer,      // <answer></answer>
    TextAroundJson,   // words or code fences around the JSON object (ignored)
    NotJson,          // no JSON object, or it does not parse even with single quotes fixed
    NotAnObject,      // JSON, but not an object
    MissingKey,       // bbox / points_1 / points_2 absent
    KeyAlias,         // accepted under another name (bbox_2d, points)
    NotAList,         // value is not a list
    WrongLength,      // bbox not 4 values, a point not 2
    NotNumeric,       // a value is not a number
    BoxInverted,      // x1 > x2 or y1 > y2: corners swapped
    BoxEmpty,         // zero width or height
    PointsIdentical,  // the two points coincide
    PointOutsideBox,  // a point lies outside the box
    OutsideImage,     // a coordinate lies outside the image: clamped
};
enum class AnswerSeverity { Warning, Error };

struct AnswerIssue {
    AnswerIssueKind kind;
    AnswerSeverity severity;
    std::string key;      // the JSON key concerned, when there is one
    std::string message;  // a sentence for the user
};

// Stable identifiers ("no_answer_block", ...) for files and machine output.
const char* answerIssueName(AnswerIssueKind kind);

struct ParsedAnswer {
    std::string think;  // trimmed reasoning text (also kept when nothing else parsed)
    bool hasThink = false;
    std::string answerText;  // raw content of the answer block
    bool hasAnswer = false;
    std::optional<mr::Box> box;  // corners ordered (x1 <= x2, y1 <= y2)
    std::optional<mr::Point> point1, point2;
    std::vector<AnswerIssue> issues;

    // Box and both points present and no error-level issue.
    bool ok() const;
    bool hasIssue(AnswerIssueKind kind) const;
    // The error messages joined ("" when ok()), for a status line.
    std::string errorSummary() const;
};

// `expectThink` = false for the no-think prompt (a missing think block is then not reported).
ParsedAnswer parseAnswer(std::string_view modelOutput, bool expectThink = true);

// Maps coordinates from the image the model saw (modelWidth x modelHeight, after its resize) to the
// original image, scaling each axis by original/model size, then clamps them (box edges to
// [0, width] x [0, height], points to [0, width-1] x [0, height-1]) and reports each clamped value
// as an OutsideImage warning. Invalid sizes leave the answer unmapped with an error issue.
ParsedAnswer mapToOriginal(const ParsedAnswer& answer, int modelWidth, int modelHeight, int imageWidth,
                           int imageHeight);

// {"ok":…, "think":…, "bbox":[…]|null, "points_1":…, "points_2":…, "issues":[{"kind","severity","key","message"}]}
mr::json::Value answerToJson(const ParsedAnswer& answer);

}  // namespace mr::reason
