// Parsing the reasoner's answer: accepted forms and a named failure for every malformed one.
#include <gtest/gtest.h>

#include "engine/eval/answer_parser.h"

namespace {

using namespace mr::eval;

TEST(AnswerParser, DoubleAndSingleQuotes) {
    for (const char* s : {"<think> look </think><answer>{\"bbox\": [1, 2, 30, 40], \"points_1\": [5, 6], \"points_2\": [7.5, 8]}</answer>",
                          "<think> look </think><answer> {'bbox': [1, 2, 30, 40], 'points_1': [5, 6], 'points_2': [7.5, 8]} </answer>"}) {
        auto a = parseAnswer(s);
        ASSERT_TRUE(a.ok) << a.failureReason;
        EXPECT_EQ(a.think.value(), "look");
        EXPECT_EQ(a.bbox[2], 30);
        EXPECT_EQ(a.points[1][0], 7.5);
        EXPECT_TRUE(a.failureKind.empty());
    }
}

TEST(AnswerParser, TrailingTextAfterTheObjectIsIgnoredLikeRawDecode) {
    auto a = parseAnswer("<answer>{'bbox': [1, 2, 3, 4], 'points_1': [1, 1], 'points_2': [2, 2]} extra}</answer>");
    EXPECT_TRUE(a.ok) << a.failureReason;
}

TEST(AnswerParser, FailuresAreNamed) {
    struct Case {
        const char* text;
        const char* kind;
    } cases[] = {
        {"the liver", failure::kNoAnswer},
        {"<answer>bbox 1 2 3 4</answer>", failure::kInvalidJson},
        {"<answer> </answer>", failure::kNoAnswer},
        {"<answer>[1, 2, 3, 4]</answer>", failure::kNotObject},
        {"<answer>{'bbox': [1, 2, 3, </answer>", failure::kInvalidJson},
        {"<answer>{'bbox': [1, 2, 3,, 4]}</answer>", failure::kInvalidJson},
        {"<answer>{bbox: [1, 2, 3, 4]}</answer>", failure::kInvalidJson},
        {"<answer>{'bbox': [1, 2, 3, 4], 'points_1': [1, 1]}</answer>", failure::kMissingKey},
        {"<answer>{'bbox': [1, 2, 3], 'points_1': [1, 1], 'points_2': [2, 2]}</answer>", failure::kBadBox},
        {"<answer>{'bbox': '1,2,3,4', 'points_1': [1, 1], 'points_2': [2, 2]}</answer>", failure::kBadBox},
        {"<answer>{'bbox': [1, 2, 3, 4], 'points_1': [1], 'points_2': [2, 2]}</answer>", failure::kBadPoints},
        {"<answer>{'bbox': [1, 2, 3, 4], 'points_1': [1, 1], 'points_2': ['a', 2]}</answer>", failure::kBadPoints},
    };
    for (const auto& c : cases) {
        auto a = parseAnswer(c.text);
        EXPECT_FALSE(a.ok) << c.text;
        EXPECT_EQ(a.failureKind, c.kind) << c.text << " -> " << a.failureReason;
        EXPECT_FALSE(a.failureReason.empty());
        EXPECT_TRUE(failure::isParseFailure(a.failureKind));
        EXPECT_TRUE(a.toJson().isNull());
    }
}

TEST(AnswerParser, OutsideTheImage) {
    auto a = parseAnswer("<answer>{'bbox': [10, 10, 700, 40], 'points_1': [15, 15], 'points_2': [20, 20]}</answer>");
    ASSERT_TRUE(a.ok);
    EXPECT_NE(outsideImageReason(a, 512, 512).find("bbox"), std::string::npos);
    EXPECT_EQ(outsideImageReason(a, 800, 600), "");
    auto b = parseAnswer("<answer>{'bbox': [10, 10, 70, 40], 'points_1': [15, -3], 'points_2': [20, 20]}</answer>");
    EXPECT_NE(outsideImageReason(b, 512, 512).find("points_1"), std::string::npos);
}

}  // namespace
