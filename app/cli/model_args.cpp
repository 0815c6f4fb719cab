#include "app/cli/model_args.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace g = mr::ground;

namespace mr::cli {

g::ExpertSettings expertSettingsFromArgs(const Args& args) {
    g::ExpertSettings e;
    const std::string expert = args.value("expert", "classical");
    if (auto t = args.value("expert-type")) {
        try {
            e.type = g::parseExpertType(*t);
        } catch (const mr::Error&) {
            throw UsageError("--expert-type must be sam, medsam, medsam2 or classical");
        }
    } else if (expert == "classical") {
        e.type = g::ExpertType::Classical;
    } else {
        std::string lower = expert;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        const std::string name = std::filesystem::path(lower).filename().string();
        e.type = name.find("sam2") != std::string::npos     ? g::ExpertType::MedSam2
                 : name.find("medsam") != std::string::npos ? g::ExpertType::MedSam
                                                            : g::ExpertType::Sam;
    }
    if (e.type != g::ExpertType::Classical) {
        if (expert == "classical")
            throw UsageError("--expert-type sam|medsam|medsam2 needs --expert PATH (.safetensors, .pth or .pt)");
        e.checkpoint = expert;
    }
    if (auto size = args.value("expert-image-size")) {
        if (e.type != g::ExpertType::MedSam2) throw UsageError("--expert-image-size applies to --expert-type medsam2");
        e.imageSize = int(parseInteger(*size, "--expert-image-size"));
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
    settings.expert = expertSettingsFromArgs(args);
    if (auto problems = g::validateModelSettings(settings); !problems.empty())
        throw g::ModelSettingsError("the models cannot be used:", problems);
    return settings;
}

}  // namespace mr::cli
