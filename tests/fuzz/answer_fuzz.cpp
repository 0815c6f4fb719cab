// The reasoner's answer, as the app reads it (engine/reason/text/answer.h, with the mapping back
// to the original image) and as the evaluation reads it (engine/eval/answer_parser.h). Model
// output is arbitrary text: neither reader may throw.
#include <array>
#include <string_view>

#include "engine/core/json.h"
#include "engine/eval/answer_parser.h"
#include "engine/reason/text/answer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool expectThink : {true, false}) {
        const mr::reason::ParsedAnswer a = mr::reason::parseAnswer(text, expectThink);
        a.errorSummary();
        mr::json::dump(mr::reason::answerToJson(a));
        for (const auto& [mw, mh, w, h] : {std::array<int, 4>{448, 448, 512, 512},
                                           {1, 1, 1, 1},
                                           {0, 0, 512, 512},
                                           {28, 4200, 1, 150},
                                           {-1, 3, 2147483647, 2}})
            mr::json::dump(mr::reason::answerToJson(mr::reason::mapToOriginal(a, mw, mh, w, h)));
    }
    const mr::eval::ParsedAnswer e = mr::eval::parseAnswer(text);
    mr::json::dump(e.toJson());
    mr::eval::outsideImageReason(e, 512, 512);
    mr::eval::outsideImageReason(e, 0, 0);
    return 0;
}
