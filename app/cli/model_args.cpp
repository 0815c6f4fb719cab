#include "app/cli/model_args.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

namespace g = mr::ground;

namespace mr::cli {

namespace {

double seconds(const Args& args, const char* name, double fallback) {
    const auto v = args.value(name);
    if (!v) return fallback;
    const std::vector<double> n = parseNumbers(*v, std::string("--") + name);
    if (n.size() != 1 || !std::isfinite(n[0]) || n[0] < 0)
        throw UsageError(std::string("--") + name + " expects a number of seconds");
    return n[0];
}

}  // namespace

const std::vector<std::string>& reasonerOptionNames() {
    static const std::vector<std::string> names = {"reasoner",     "device",          "dtype",        "server",
                                                   "model",        "api-key-env",     "api-key-file", "connect-timeout",
                                                   "idle-timeout", "timeout"};
    return names;
}

const std::vector<std::string>& expertOptionNames() {
    static const std::vector<std::string> names = {"expert", "expert-type", "expert-device", "expert-dtype"};
    return names;
}

std::vector<std::string> withModelOptions(std::vector<std::string> own) {
    own.insert(own.end(), reasonerOptionNames().begin(), reasonerOptionNames().end());
    own.insert(own.end(), expertOptionNames().begin(), expertOptionNames().end());
    return own;
}

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

g::ReasonerSettings reasonerSettingsFromArgs(const Args& args) {
    g::ReasonerSettings r;
    const auto folder = args.value("reasoner");
    const auto server = args.value("server");
    if (folder && server) throw UsageError("give either --reasoner DIR or --server URL, not both");
    if (!folder && !server)
        throw UsageError("--reasoner DIR (a Qwen2.5-VL model folder) or --server URL --model NAME is required");
    if (folder) {
        r.folder = *folder;
        r.device = args.value("device", "auto");
        r.dtype = args.value("dtype", "auto");
        // (--api-key-file is not among them: `serve --reasoner DIR` takes it for its own key.)
        for (const char* o : {"model", "api-key-env", "connect-timeout", "idle-timeout", "timeout"})
            if (args.value(o)) throw UsageError(std::string("--") + o + " belongs to --server");
        return r;
    }
    r.source = g::ReasonerSource::Server;
    r.server.baseUrl = *server;
    const auto model = args.value("model");
    if (!model) throw UsageError("--server needs --model NAME (the name the server serves the reasoner under)");
    r.server.model = *model;
    r.server.apiKeyEnv = args.value("api-key-env", "");
    r.server.apiKeyFile = args.value("api-key-file", "");
    r.server.connectTimeoutSeconds = seconds(args, "connect-timeout", r.server.connectTimeoutSeconds);
    r.server.idleTimeoutSeconds = seconds(args, "idle-timeout", r.server.idleTimeoutSeconds);
    r.server.totalTimeoutSeconds = seconds(args, "timeout", r.server.totalTimeoutSeconds);
    return r;
}

g::ModelSettings modelSettingsFromArgs(const Args& args) {
    g::ModelSettings settings;
    settings.reasoner = reasonerSettingsFromArgs(args);
    settings.expert = expertSettingsFromArgs(args);
    if (auto problems = g::validateModelSettings(settings); !problems.empty())
        throw g::ModelSettingsError("the models cannot be used:", problems);
    return settings;
}

std::string reasonerIdentity(const g::ReasonerSettings& r) {
    if (r.source == g::ReasonerSource::Server)
        return "server " + mr::serve::normalizedBaseUrl(r.server.baseUrl) + " model " + r.server.model;
    return "reasoner " + std::filesystem::absolute(r.folder).lexically_normal().string();
}

}  // namespace mr::cli
