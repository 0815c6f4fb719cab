// `medreasoner serve --reasoner DIR [--expert PATH|classical] [--host 127.0.0.1] [--port 8000]
// [--api-key-file F] [--max-queue N] [--model-name NAME] [--log-text]`: this machine's models as an
// OpenAI-compatible server (see engine/serve/reasoner_server.h), until Ctrl+C or SIGTERM.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/model_args.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/reason/qwen_reasoner.h"
#include "engine/serve/reasoner_server.h"

namespace g = mr::ground;

namespace {

int runServe(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv,
                       mr::cli::withModelOptions(
                           {"host", "port", "api-key-file", "max-queue", "model-name", "max-tokens"}),
                       {"log-text"});
    if (!args.positional().empty()) throw mr::cli::UsageError("unexpected argument '" + args.positional()[0] + "'");
    if (args.value("server")) throw mr::cli::UsageError("serve runs a model folder (--reasoner DIR), not another server");
    mr::serve::ServeOptions o;
    o.host = args.value("host", o.host);
    const int64_t port = mr::cli::parseInteger(args.value("port", "8000"), "--port");
    if (port < 0 || port > 65535) throw mr::cli::UsageError("--port must be between 0 and 65535");
    o.port = int(port);
    const int64_t queue = mr::cli::parseInteger(args.value("max-queue", std::to_string(o.maxQueue)), "--max-queue");
    if (queue < 0 || queue > 4096) throw mr::cli::UsageError("--max-queue must be between 0 and 4096");
    o.maxQueue = int(queue);
    o.defaultMaxTokens = mr::cli::parseInteger(args.value("max-tokens", std::to_string(o.defaultMaxTokens)), "--max-tokens");
    if (o.defaultMaxTokens < 1) throw mr::cli::UsageError("--max-tokens must be at least 1");
    o.logText = args.flag("log-text");
    if (auto f = args.value("api-key-file")) o.apiKey = mr::serve::readApiKeyFile(*f);
    // Refused before gigabytes are loaded.
    if (!mr::serve::isLoopbackHost(o.host) && o.apiKey.empty())
        throw mr::cli::UsageError("--host " + o.host + " is reachable from other machines: give --api-key-file FILE");

    const g::ModelSettings settings = mr::cli::modelSettingsFromArgs(args);
    const std::string folder = std::filesystem::absolute(settings.reasoner.folder).lexically_normal().string();
    o.modelName = args.value("model-name", std::filesystem::path(folder).filename().string());

    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupts(cancel);
    std::cerr << "loading models...\n";
    auto pipeline = std::make_shared<g::GroundingPipeline>(settings);
    pipeline->load({}, cancel);
    if (auto* qwen = dynamic_cast<mr::reason::QwenReasoner*>(pipeline->reasoner().get())) {
        o.device = qwen->deviceName();
        o.dtype = qwen->dtypeName();
    }
    mr::serve::ReasonerServer server(pipeline, o);
    const int bound = server.start();
    std::cerr << "reasoner: " << pipeline->reasoner()->description() << "\nexpert: " << pipeline->expert()->name()
              << "\nserving '" << o.modelName << "' on http://" << o.host << ":" << bound << "/v1 (up to "
              << o.maxQueue << " requests waiting" << (o.apiKey.empty() ? "" : ", API key required")
              << "); Ctrl+C stops" << std::endl;
    while (!cancel.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::cerr << "stopping...\n";
    server.stop();
    return 0;
}

const mr::cli::Registration reg(
    {"serve",
     "serve --reasoner DIR [--expert PATH|classical] [--expert-type sam|medsam|classical] [--host 127.0.0.1] "
     "[--port 8000] [--api-key-file F] [--max-queue N] [--model-name NAME] [--max-tokens N] [--device D] "
     "[--dtype T] [--log-text]",
     "serve the models over OpenAI-compatible HTTP (/v1/chat/completions, /v1/ground, /v1/models, /health); "
     "loopback only unless an API key is given",
     runServe});

}  // namespace
