#include "app/cli/engine_options.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace g = mr::ground;

namespace mr::cli {

EngineOptions::EngineOptions(CLI::App& app, Groups groups) {
    CLI::Option* folder =
        app.add_option("--reasoner", reasoner_, "a Qwen2.5-VL model folder (e.g. MedReasoner-7B)")->type_name("DIR");
    app.add_option("--device", device_, "auto, cpu, cuda or cuda:N")->type_name("D")->capture_default_str();
    app.add_option("--dtype", dtype_,
                   "the reasoner's precision: auto, float32, bfloat16, float16, or int8 (CPU: int8 weights for the "
                   "linear layers)")
        ->type_name("T")
        ->capture_default_str();
    app.add_flag("--int8-cache", s_.models.reasoner.cacheInt8,
                 "with --dtype int8: keep the int8 weights beside the model for faster later loads");
    if (groups.server) {
        declareServer(app);
        folder->excludes("--server");
    }
    app.add_option("--expert", expert_, "the segmentation expert's checkpoint (.safetensors, .pth), or classical")
        ->type_name("PATH|classical")
        ->capture_default_str();
    app.add_option("--expert-type", expertType_,
                   "sam, medsam, medsam2 or classical (default: from --expert's file name)")
        ->type_name("TYPE");
    app.add_option("--expert-image-size", expertImageSize_,
                   "MedSAM2's input size: 512 as trained (default: the checkpoint's config), "
                   "1024 as MedReasoner runs it")
        ->type_name("512|1024");
    app.add_option("--expert-device", expertDevice_, "the expert's device (default: --device)")->type_name("D");
    app.add_option("--expert-dtype", expertDtype_, "the expert's precision: auto, float32, float16")->type_name("T");
    if (groups.asking) declareAsking(app);
}

void EngineOptions::declareServer(CLI::App& app) {
    auto& r = s_.models.reasoner.server;
    CLI::Option* server =
        app.add_option("--server", server_, "an OpenAI-compatible reasoner server (vLLM, medreasoner serve, ...)")
            ->type_name("URL");
    app.add_option("--model", r.model, "the served model's name")->type_name("NAME")->needs(server);
    app.add_option("--api-key-env", r.apiKeyEnv, "the environment variable holding the API key")
        ->type_name("VAR")
        ->needs(server);
    app.add_option("--api-key-file", r.apiKeyFile, "a file whose first line is the API key")
        ->type_name("FILE")
        ->needs(server);
    app.add_option("--connect-timeout", r.connectTimeoutSeconds, "seconds to connect")
        ->capture_default_str()
        ->needs(server);
    app.add_option("--idle-timeout", r.idleTimeoutSeconds, "seconds without data before giving up")
        ->capture_default_str()
        ->needs(server);
    app.add_option("--timeout", r.totalTimeoutSeconds, "seconds for a whole answer (0: no limit)")
        ->capture_default_str()
        ->needs(server);
}

void EngineOptions::declareAsking(CLI::App& app) {
    auto& ask = s_.ask;
    app.add_option("--prompt-template", s_.promptTemplateFile,
                   "a text file whose {Question} is replaced by the question; it becomes the user turn "
                   "(default: MedReasoner's grounding prompt)")
        ->type_name("FILE");
    app.add_option_function<std::string>(
           "--system-message", [&ask](const std::string& m) { ask.systemMessage = m; },
           "the system turn (default: the chat template's)")
        ->type_name("TEXT");
    app.add_flag("--think,!--no-think", ask.think,
                 "ask for <think>…</think> before the answer (built-in prompt; default: on)");
    app.add_option("--max-new-tokens", ask.maxNewTokens, "stop after this many tokens")->capture_default_str();
    app.add_flag("--sample", ask.doSample, "sample instead of greedy decoding");
    app.add_option_function<double>(
        "--temperature", [&ask](const double& v) { ask.temperature = v; },
        "sampling temperature (default: the model's generation_config.json)");
    app.add_option_function<double>(
        "--top-p", [&ask](const double& v) { ask.topP = v; }, "nucleus sampling mass");
    app.add_option_function<int64_t>(
        "--top-k", [&ask](const int64_t& v) { ask.topK = v; }, "top-k sampling (0: off)");
    app.add_option_function<double>(
        "--repetition-penalty", [&ask](const double& v) { ask.repetitionPenalty = v; },
        "above 1 discourages repeats (greedy too)");
    app.add_option_function<uint64_t>(
        "--seed", [&ask](const uint64_t& v) { ask.seed = v; }, "sampling seed");
}

g::ExpertSettings EngineOptions::expertSettings() const {
    g::ExpertSettings e;
    if (!expertType_.empty()) {
        try {
            e.type = g::parseExpertType(expertType_);
        } catch (const mr::Error&) {
            throw UsageError("--expert-type must be sam, medsam, medsam2 or classical");
        }
    } else if (expert_ == "classical") {
        e.type = g::ExpertType::Classical;
    } else {
        std::string name = std::filesystem::path(expert_).filename().string();
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        e.type = name.find("sam2") != std::string::npos     ? g::ExpertType::MedSam2
                 : name.find("medsam") != std::string::npos ? g::ExpertType::MedSam
                                                            : g::ExpertType::Sam;
    }
    if (e.type != g::ExpertType::Classical) {
        if (expert_ == "classical")
            throw UsageError("--expert-type sam|medsam|medsam2 needs --expert PATH (.safetensors, .pth or .pt)");
        e.checkpoint = expert_;
    }
    if (expertImageSize_ != 0 && e.type != g::ExpertType::MedSam2)
        throw UsageError("--expert-image-size applies to --expert-type medsam2");
    e.imageSize = expertImageSize_;
    e.device = expertDevice_.empty() ? device_ : expertDevice_;
    e.dtype = expertDtype_.empty() ? "auto" : expertDtype_;
    return e;
}

mr::session::EngineSettings EngineOptions::settings() const {
    mr::session::EngineSettings s = s_;
    auto& r = s.models.reasoner;
    if (reasoner_.empty() && server_.empty())
        throw UsageError("--reasoner DIR (a Qwen2.5-VL model folder) or --server URL --model NAME is required");
    if (!server_.empty()) {
        if (r.server.model.empty())
            throw UsageError("--server needs --model NAME (the name the server serves the reasoner under)");
        r.source = g::ReasonerSource::Server;
        r.server.baseUrl = server_;
    }
    r.folder = reasoner_;
    r.device = device_;
    r.dtype = dtype_;
    s.models.expert = expertSettings();
    if (auto problems = s.problems(); !problems.empty())
        throw g::ModelSettingsError("the engine settings cannot be used:", problems);
    return s;
}

}  // namespace mr::cli
