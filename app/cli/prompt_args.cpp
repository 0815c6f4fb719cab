#include "app/cli/prompt_args.h"

namespace mr::cli {

mr::segment::Prompts promptsFromArgs(const Args& args) {
    mr::segment::Prompts prompts;
    if (auto b = args.value("box")) {
        auto v = parseNumbers(*b, "--box");
        if (v.size() != 4) throw UsageError("--box needs x1,y1,x2,y2");
        prompts.box = std::array<double, 4>{v[0], v[1], v[2], v[3]};
    }
    for (const auto& p : args.values("point")) {
        auto v = parseNumbers(p, "--point");
        if (v.size() != 2 && v.size() != 3) throw UsageError("--point needs x,y or x,y,0|1");
        if (v.size() == 3 && v[2] != 0 && v[2] != 1) throw UsageError("--point label must be 0 or 1");
        prompts.points.push_back({v[0], v[1], v.size() == 2 || v[2] == 1});
    }
    return prompts;
}

}  // namespace mr::cli
