#include "app/cli/model_args.h"

#include <algorithm>
#include <cctype>

namespace g = mr::ground;

namespace mr::cli {

g::ExpertSettings expertSettingsFromArgs(const Args& args) {
    g::ExpertSettings e;
    const std::string expert = args.value("expert", "classical");
    if (auto t = args.value("expert-type")) {
        try {
            e.type = g::parseExpertType(*t);
        } catch (const mr::Error&) {
            throw UsageError("--expert-type must be sam, medsam or classical");
        }
    } else if (expert == "classical") {
        e.type = g::ExpertType::Classical;
    } else {
        std::string lower = expert;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        e.type = lower.find("medsam") != std::string::npos ? g::ExpertType::MedSam : g::ExpertType::Sam;
    }
    if (e.type != g::ExpertType::Classical) {
        if (expert == "classical") throw UsageError("--expert-type sam|medsam needs --expert PATH (.safetensors or .pth)");
        e.checkpoint = expert;
    }
    e.device = args.value("expert-device", args.value("device", "auto"));
    e.dtype = args.value("expert-dtype", "auto");
    return e;
}

g::ModelSettings modelSettingsFromArgs(const Args& args, const std::string& reasonerDir) {
    g::ModelSettings settings;
    settings.reasoner.folder = reasonerDir;
    settings.reasoner.device = args.value("device", "auto");
    settings.reasoner.dtype = args.value("dtype", "auto");
    settings.reasoner.cacheInt8 = args.flag("int8-cache");
    settings.expert = expertSettingsFromArgs(args);
    if (auto problems = g::validateModelSettings(settings); !problems.empty())
        throw g::ModelSettingsError("the models cannot be used:", problems);
    return settings;
}

}  // namespace mr::cli
