#include "app/cli/prompt_args.h"

namespace mr::cli {

void declarePromptOptions(CLI::App& app, std::string& box, std::vector<std::string>& points) {
    app.add_option("--box", box, "the box prompt in image pixels")->type_name("x1,y1,x2,y2");
    app.add_option("--point", points, "a point prompt, positive unless the label is 0 (repeatable)")
        ->type_name("x,y[,0|1]")
        ->allow_extra_args(false);
}

mr::segment::Prompts promptsFromOptions(const std::string& box, const std::vector<std::string>& points) {
    mr::segment::Prompts prompts;
    if (!box.empty()) {
        auto v = parseNumbers(box, "--box");
        if (v.size() != 4) throw UsageError("--box needs x1,y1,x2,y2");
        prompts.box = mr::Box{v[0], v[1], v[2], v[3]};
    }
    for (const auto& p : points) {
        auto v = parseNumbers(p, "--point");
        if (v.size() != 2 && v.size() != 3) throw UsageError("--point needs x,y or x,y,0|1");
        if (v.size() == 3 && v[2] != 0 && v[2] != 1) throw UsageError("--point label must be 0 or 1");
        prompts.points.push_back({v[0], v[1], v.size() == 2 || v[2] == 1});
    }
    return prompts;
}

}  // namespace mr::cli
