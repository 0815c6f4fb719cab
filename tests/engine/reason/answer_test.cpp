// Reading the reasoner's <think>/<answer> output: every way it can go wrong is reported, never thrown.
#include <gtest/gtest.h>

#include "engine/reason/text/answer.h"

using namespace mr::reason;
using K = AnswerIssueKind;

namespace {
const AnswerIssue* issue(const ParsedAnswer& a, K k) {
    for (const auto& i : a.issues)
        if (i.kind == k) return &i;
    return nullptr;
}
}  // namespace

TEST(Answer, WellFormed) {
    const auto a = parseAnswer(
        "<think>The right upper lobe is hyperlucent.</think><answer>{\"bbox\": [10, 20, 110, 220], "
        "\"points_1\": [50, 60], \"points_2\": [70.5, 80]}</answer>");
    EXPECT_TRUE(a.ok()) << a.errorSummary();
    EXPECT_TRUE(a.issues.empty());
    EXPECT_EQ(a.think, "The right upper lobe is hyperlucent.");
    ASSERT_TRUE(a.box);
    EXPECT_EQ(a.box->x1, 10);
    EXPECT_EQ(a.box->y2, 220);
    EXPECT_EQ(a.point2->x, 70.5);
}

TEST(Answer, SingleQuotesFencesAndSurroundingText) {
    const auto a = parseAnswer(
        "<think> reasoning </think>\n<answer>Here it is:\n```json\n{'bbox': [1, 2, 30, 40], 'points_1': [5, 6], "
        "'points_2': [7, 8]}\n```\n</answer>");
    EXPECT_TRUE(a.ok()) << a.errorSummary();
    EXPECT_TRUE(issue(a, K::TextAroundJson));
    EXPECT_EQ(a.point1->y, 6);
    // Code fences alone are not "text around".
    const auto b = parseAnswer(
        "<think>x</think><answer>```json\n{'bbox':[1,2,3,4],'points_1':[2,3],'points_2':[2,2]}\n```</answer>");
    EXPECT_TRUE(b.ok());
    EXPECT_FALSE(issue(b, K::TextAroundJson));
}

TEST(Answer, NoAnswerBlockKeepsTheTrace) {
    const auto a = parseAnswer("<think>I looked at the apex and found nothing.</think> The lesion is at the apex.");
    EXPECT_FALSE(a.ok());
    ASSERT_TRUE(issue(a, K::NoAnswerBlock));
    EXPECT_EQ(issue(a, K::NoAnswerBlock)->severity, AnswerSeverity::Error);
    EXPECT_EQ(a.think, "I looked at the apex and found nothing.");
    // A bare JSON object after the reasoning is used, with a warning.
    const auto b = parseAnswer("<think>t</think>{\"bbox\":[1,2,3,4],\"points_1\":[2,3],\"points_2\":[2,2]}");
    EXPECT_TRUE(b.ok()) << b.errorSummary();
    EXPECT_EQ(issue(b, K::NoAnswerBlock)->severity, AnswerSeverity::Warning);
}

TEST(Answer, NotJson) {
    const auto a = parseAnswer("<think>t</think><answer>the left kidney</answer>");
    EXPECT_FALSE(a.ok());
    EXPECT_TRUE(issue(a, K::NotJson));
    const auto b = parseAnswer("<think>t</think><answer>{bbox: [1,2,3,4]}</answer>");
    EXPECT_TRUE(issue(b, K::NotJson));
    EXPECT_NE(issue(b, K::NotJson)->message.find("not valid JSON"), std::string::npos);
    const auto c = parseAnswer("<think>t</think><answer></answer>");
    EXPECT_TRUE(issue(c, K::EmptyAnswer));
}

TEST(Answer, MissingKeyWrongLengthNonNumeric) {
    const auto a = parseAnswer("<think>t</think><answer>{\"bbox\": [1, 2, 3], \"points_1\": [1, \"a\"]}</answer>");
    EXPECT_FALSE(a.ok());
    ASSERT_TRUE(issue(a, K::WrongLength));
    EXPECT_EQ(issue(a, K::WrongLength)->key, "bbox");
    EXPECT_NE(issue(a, K::WrongLength)->message.find("has 3 values, expected 4"), std::string::npos);
    ASSERT_TRUE(issue(a, K::NotNumeric));
    EXPECT_EQ(issue(a, K::NotNumeric)->key, "points_1");
    ASSERT_TRUE(issue(a, K::MissingKey));
    EXPECT_EQ(issue(a, K::MissingKey)->key, "points_2");
    const auto b =
        parseAnswer("<think>t</think><answer>{\"bbox\": 5, \"points_1\": [1,2], \"points_2\": [1,3]}</answer>");
    EXPECT_TRUE(issue(b, K::NotAList));
    const auto c = parseAnswer("<think>t</think><answer>[1, 2, 3, 4]</answer>");
    EXPECT_TRUE(issue(c, K::NotJson) || issue(c, K::NotAnObject));
}

TEST(Answer, BoxInvertedAndGeometryWarnings) {
    const auto a = parseAnswer(
        "<think>t</think><answer>{'bbox': [100, 200, 10, 20], 'points_1': [50, 60], "
        "'points_2': [50, 60]}</answer>");
    EXPECT_TRUE(a.ok());  // usable, with warnings
    ASSERT_TRUE(issue(a, K::BoxInverted));
    EXPECT_EQ(a.box->x1, 10);
    EXPECT_EQ(a.box->x2, 100);
    EXPECT_EQ(a.box->y1, 20);
    EXPECT_TRUE(issue(a, K::PointsIdentical));
    const auto b = parseAnswer(
        "<think>t</think><answer>{'bbox': [0, 0, 10, 10], 'points_1': [50, 60], 'points_2': [5, 5]}</answer>");
    ASSERT_TRUE(issue(b, K::PointOutsideBox));
    EXPECT_EQ(issue(b, K::PointOutsideBox)->key, "points_1");
}

TEST(Answer, TagProblems) {
    const auto a = parseAnswer("<think>long reasoning cut");
    EXPECT_TRUE(issue(a, K::ThinkNotClosed));
    EXPECT_TRUE(issue(a, K::NoAnswerBlock));
    EXPECT_EQ(a.think, "long reasoning cut");
    const auto b = parseAnswer("<think>r</think><answer>{'bbox':[1,2,3,4],'points_1':[2,3],'points_2':[2,2]}");
    EXPECT_TRUE(b.ok());
    EXPECT_TRUE(issue(b, K::AnswerNotClosed));
    const auto c = parseAnswer("<answer>{'bbox':[1,2,3,4],'points_1':[2,3],'points_2':[2,2]}</answer>", false);
    EXPECT_TRUE(c.ok());
    EXPECT_TRUE(c.issues.empty());
    const auto d = parseAnswer("<answer>{'bbox':[1,2,3,4],'points_1':[2,3],'points_2':[2,2]}</answer>");
    EXPECT_TRUE(issue(d, K::NoThinkBlock));
    // The opening <think> was part of the prompt.
    const auto e =
        parseAnswer("reasoning here</think><answer>{'bbox':[1,2,3,4],'points_1':[2,3],'points_2':[2,2]}</answer>");
    EXPECT_EQ(e.think, "reasoning here");
    EXPECT_TRUE(e.issues.empty());
    const auto f = parseAnswer(
        "<think>r</think><answer>{'bbox':[1,2,3,4],'points_1':[2,3],'points_2':[2,2]}</answer>"
        "<answer>{'bbox':[9,9,9,9]}</answer>");
    EXPECT_TRUE(issue(f, K::MultipleAnswers));
    EXPECT_EQ(f.box->x1, 1);
}

TEST(Answer, Aliases) {
    const auto a =
        parseAnswer("<think>t</think><answer>{\"bbox_2d\": [1, 2, 30, 40], \"points\": [[5, 6], [7, 8]]}</answer>");
    EXPECT_TRUE(a.ok()) << a.errorSummary();
    EXPECT_TRUE(issue(a, K::KeyAlias));
    EXPECT_EQ(a.point2->x, 7);
}

TEST(Answer, MapsToOriginalPixelsAndClamps) {
    // Model saw 336x252 (width x height) of a 350x250 image.
    const auto a = parseAnswer(
        "<think>t</think><answer>{'bbox': [33.6, 25.2, 168, 126], 'points_1': [100.8, 50.4], "
        "'points_2': [120, 80]}</answer>");
    const auto m = mapToOriginal(a, 336, 252, 350, 250);
    EXPECT_TRUE(m.ok());
    EXPECT_NEAR(m.box->x1, 35, 1e-9);
    EXPECT_NEAR(m.box->y1, 25, 1e-9);
    EXPECT_NEAR(m.box->x2, 175, 1e-9);
    EXPECT_NEAR(m.box->y2, 125, 1e-9);
    EXPECT_NEAR(m.point1->x, 105, 1e-9);
    EXPECT_NEAR(m.point1->y, 50, 1e-9);
    EXPECT_TRUE(m.issues.empty());

    const auto b = parseAnswer(
        "<think>t</think><answer>{'bbox': [-10, 0, 400, 252], 'points_1': [336, 10], "
        "'points_2': [20, 20]}</answer>");
    const auto mb = mapToOriginal(b, 336, 252, 350, 250);
    EXPECT_TRUE(mb.ok());
    EXPECT_EQ(mb.box->x1, 0);
    EXPECT_EQ(mb.box->x2, 350);
    EXPECT_EQ(mb.box->y2, 250);  // the far edge is inside
    EXPECT_EQ(mb.point1->x, 349);
    int outside = 0;
    for (const auto& i : mb.issues) outside += i.kind == K::OutsideImage;
    EXPECT_EQ(outside, 3);  // x1, x2 and points_1.x
    EXPECT_FALSE(mapToOriginal(b, 0, 252, 350, 250).ok());
}

TEST(Answer, NeverThrowsOnGarbage) {
    const std::string inputs[] = {"",
                                  "<answer>",
                                  "<answer>{",
                                  "<answer>{'bbox': [1,2,3,4]",
                                  "}{",
                                  "<think></think><answer>{}}}</answer>",
                                  std::string("\0\xff\xfe", 3),
                                  "<answer>{\"bbox\": [1e999, 2, 3, 4]}</answer>"};
    for (const auto& s : inputs) {
        EXPECT_NO_THROW({
            const auto a = parseAnswer(s);
            EXPECT_FALSE(a.ok());
            (void)answerToJson(mapToOriginal(a, 10, 10, 20, 20));
        }) << s;
    }
}

TEST(Answer, Json) {
    const auto a = parseAnswer("<think>t</think><answer>{'bbox': [1, 2, 3, 4], 'points_1': [2, 3]}</answer>");
    const auto j = answerToJson(a);
    EXPECT_FALSE(j.at("ok").asBool());
    EXPECT_EQ(j.at("bbox").size(), 4u);
    EXPECT_TRUE(j.at("points_2").isNull());
    EXPECT_EQ(j.at("issues")[0].at("kind").asString(), "missing_key");
    EXPECT_EQ(j.at("issues")[0].at("key").asString(), "points_2");
}
