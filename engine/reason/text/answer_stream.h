#pragma once
// The reasoner's output as it streams, for a display: which part is the reasoning (<think>…),
// which the answer (<answer>…), which neither, even when a tag arrives split across deltas; and
// where the answer's coordinate pairs are, so a display can make them clickable while the answer
// is still incomplete. The same format knowledge as answer.h (which parses the finished text);
// displays only show what these return.
#include <string>
#include <string_view>
#include <vector>

namespace mr::reason {

enum class StreamSection { Other, Think, Answer };

struct StreamPiece {
    enum class Kind { Text, SectionStart } kind = Kind::Text;
    StreamSection section = StreamSection::Other;  // of the text, or the section that starts
    std::string text;                              // Text: UTF-8, never splitting a character
};

class AnswerStreamSplitter {
public:
    // Splits what arrived so far into pieces; a possible tag at the end is held back until the
    // next delta (or finish()) says whether it is one.
    std::vector<StreamPiece> push(std::string_view delta);
    // Whatever is held back, as text of the current section.
    std::vector<StreamPiece> finish();
    StreamSection section() const { return section_; }

private:
    std::string pending_;
    StreamSection section_ = StreamSection::Other;
};

// A coordinate pair of an answer: for "bbox" each of its two corners, for "points_1"/"points_2"
// the point (keys in single or double quotes, values possibly incomplete while they stream).
struct CoordinateSpan {
    size_t begin = 0, end = 0;  // byte range [begin, end) of "x, y" in the answer text
    std::string x, y;           // the numbers as written
};

// In order of position. Text that is not the answer format gives none.
std::vector<CoordinateSpan> findCoordinates(std::string_view answer);

}  // namespace mr::reason
