// Parsing the reasoner's answer: accepted forms and a named failure for every malformed one.
#include <gtest/gtest.h>

#include "engine/eval/answer_parser.h"

namespace {

using namespace mr::eval;

TEST(AnswerParser, DoubleAndSingleQuotes) {
    for (
        const char* s :
        {"<think> look </think><answer>{\"bbox\": [1, 2, 30, 40], \"points_1\": [5, 6], \"points_2\": [7.5, 8]}</answer>",
         "<think> look </think><answer> {'bbox': [1, 2, 30, 40], 'points_1': [5, 6], 'points_2': [7.5, 8]} </answer>"}) {
        auto a = parseAnswer(s);
        ASSERT_TRUE(a.ok) << a.failureReason;
        EXPECT_EQ(a.think.value(), "look");
        EXPECT_EQ(a.bbox.x2, 30);
        EXPECT_EQ(a.points[1].x, 7.5);
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

#include <random>

#include "engine/eval/rewards.h"

namespace {

// Random edits of a valid output never make the parser or the rewards throw.
TEST(AnswerParser, RandomMutationsNeverThrow) {
    const std::string base =
        "<think>the lesion is bright</think><answer>{'bbox': [120, 80, 300, 260], 'points_1': [150, 120], "
        "'points_2': [250, 200]}</answer>";
    const std::string alphabet = "{}[]'\",:0123456789.-e <>/answerthink\\ntruefalsenull";
    mr::eval::GroundTruth gt{{100, 90, 310, 250}, {{{160, 130}, {240, 210}}}};
    std::mt19937 rng(42);
    for (int iter = 0; iter < 3000; ++iter) {
        std::string s = base;
        const int edits = 1 + int(rng() % 6);
        for (int e = 0; e < edits && !s.empty(); ++e) {
            const size_t pos = rng() % s.size();
            switch (rng() % 3) {
                case 0: s.erase(pos, 1 + rng() % 4); break;
                case 1: s.insert(pos, 1, alphabet[rng() % alphabet.size()]); break;
                default: s[pos] = alphabet[rng() % alphabet.size()]; break;
            }
        }
        mr::eval::ParsedAnswer a;
        ASSERT_NO_THROW(a = parseAnswer(s)) << s;
        EXPECT_EQ(a.ok, a.failureKind.empty()) << s;
        ASSERT_NO_THROW(mr::eval::computeReward(s, gt, mr::eval::RewardMode::Hard)) << s;
        ASSERT_NO_THROW(mr::eval::computeReward(s, gt, mr::eval::RewardMode::Soft)) << s;
    }
}

}  // namespace
