// The streaming reader of the answer format: sections split at tags however the deltas cut them,
// and the answer's coordinate pairs found while it is still incomplete.
#include "engine/reason/text/answer_stream.h"

#include <gtest/gtest.h>

using mr::reason::AnswerStreamSplitter;
using mr::reason::StreamPiece;
using mr::reason::StreamSection;

namespace {

// The text of each section, and the order the sections started in, for a stream cut into `deltas`.
struct Rendered {
    std::string other, think, answer;
    std::vector<StreamSection> starts;
};

Rendered render(const std::vector<std::string>& deltas) {
    AnswerStreamSplitter s;
    Rendered r;
    auto take = [&](const std::vector<StreamPiece>& pieces) {
        for (const auto& p : pieces) {
            if (p.kind == StreamPiece::Kind::SectionStart) r.starts.push_back(p.section);
            else
                (p.section == StreamSection::Think    ? r.think
                 : p.section == StreamSection::Answer ? r.answer
                                                      : r.other) += p.text;
        }
    };
    for (const auto& d : deltas) take(s.push(d));
    take(s.finish());
    return r;
}

}  // namespace

TEST(AnswerStream, SectionsWhateverTheCuts) {
    const std::string text = "<think>a < b, so 2<3</think>\n<answer>{\"bbox\":[1,2,3,4]}</answer>x";
    const Rendered whole = render({text});
    EXPECT_EQ(whole.think, "a < b, so 2<3");
    EXPECT_EQ(whole.answer, "{\"bbox\":[1,2,3,4]}");
    EXPECT_EQ(whole.other, "\nx");
    EXPECT_EQ(whole.starts, (std::vector<StreamSection>{StreamSection::Think, StreamSection::Other,
                                                        StreamSection::Answer, StreamSection::Other}));
    // One character at a time, and every two-piece cut: the same result.
    std::vector<std::string> chars;
    for (char c : text) chars.push_back(std::string(1, c));
    const Rendered bytewise = render(chars);
    EXPECT_EQ(bytewise.think, whole.think);
    EXPECT_EQ(bytewise.answer, whole.answer);
    for (size_t cut = 0; cut <= text.size(); ++cut) {
        const Rendered r = render({text.substr(0, cut), text.substr(cut)});
        ASSERT_EQ(r.think + "|" + r.answer + "|" + r.other, whole.think + "|" + whole.answer + "|" + whole.other)
            << cut;
    }
}

TEST(AnswerStream, AnUnfinishedTagIsHeldBackThenReleased) {
    AnswerStreamSplitter s;
    EXPECT_TRUE(s.push("<thi").empty());
    const auto pieces = s.finish();
    ASSERT_EQ(pieces.size(), 1u);
    EXPECT_EQ(pieces[0].text, "<thi");
    EXPECT_EQ(render({"<answer>unclosed"}).answer, "unclosed");
    EXPECT_EQ(render({"文字 <b>粗</b>"}).other, "文字 <b>粗</b>");
}

TEST(AnswerStream, CoordinatesOfCompleteAndStreamingAnswers) {
    const std::string answer = "{'bbox': [10, 20.5, 30,40], \"points_1\": [ 15 , 25 ], \"points_2\": [3";
    const auto spans = mr::reason::findCoordinates(answer);
    ASSERT_EQ(spans.size(), 3u);  // two box corners and the first point; the second is incomplete
    EXPECT_EQ(spans[0].x, "10");
    EXPECT_EQ(spans[0].y, "20.5");
    EXPECT_EQ(answer.substr(spans[0].begin, spans[0].end - spans[0].begin), "10, 20.5");
    EXPECT_EQ(spans[1].x, "30");
    EXPECT_EQ(spans[1].y, "40");
    EXPECT_EQ(spans[2].x, "15");
    EXPECT_EQ(answer.substr(spans[2].begin, spans[2].end - spans[2].begin), "15 , 25");
    EXPECT_TRUE(mr::reason::findCoordinates("the lesion is at 10, 20").empty());
    EXPECT_TRUE(mr::reason::findCoordinates("{\"bbox\": \"big\"}").empty());
}
