// `medreasoner serve --reasoner DIR [--expert PATH|classical] [--host 127.0.0.1] [--port 8000]
// [--api-key-file F] [--max-queue N] [--model-name NAME] [--log-text]`: this machine's models as an
// OpenAI-compatible server (see engine/serve/reasoner_server.h), until Ctrl+C or SIGTERM.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/engine_options.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/reason/qwen_reasoner.h"
#include "engine/serve/reasoner_server.h"

namespace g = mr::ground;

namespace {

struct ServeArgs {
    std::unique_ptr<mr::cli::EngineOptions> engine;
    mr::serve::ServeOptions o;
    std::string apiKeyFile, modelName;
};

void declareServe(CLI::App& app, ServeArgs& a) {
    app.add_option("--host", a.o.host, "the address to listen on; other than loopback needs --api-key-file")
        ->capture_default_str();
    app.add_option("--port", a.o.port, "the port (0: any free one)")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    app.add_option("--api-key-file", a.apiKeyFile, "a file whose first line is the key clients must send")
        ->type_name("FILE");
    app.add_option("--max-queue", a.o.maxQueue, "requests that may wait; more get 429")
        ->check(CLI::Range(0, 4096))
        ->capture_default_str();
    app.add_option("--model-name", a.modelName, "the name clients ask for (default: the model folder's name)");
    app.add_option("--max-tokens", a.o.defaultMaxTokens, "new tokens when a request names none")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_flag("--log-text", a.o.logText, "log each request's question (never the image)");
    a.engine = std::make_unique<mr::cli::EngineOptions>(app, mr::cli::EngineOptions::Groups{false, false});
}

int runServe(const ServeArgs& args) {
    mr::serve::ServeOptions o = args.o;
    if (!args.apiKeyFile.empty()) o.apiKey = mr::serve::readApiKeyFile(args.apiKeyFile);
    // Refused before gigabytes are loaded.
    if (!mr::serve::isLoopbackHost(o.host) && o.apiKey.empty())
        throw mr::cli::UsageError("--host " + o.host + " is reachable from other machines: give --api-key-file FILE");
    const g::ModelSettings settings = args.engine->settings().models;
    const std::string folder = std::filesystem::absolute(settings.reasoner.folder).lexically_normal().string();
    o.modelName = args.modelName.empty() ? std::filesystem::path(folder).filename().string() : args.modelName;
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
              << "\nserving '" << o.modelName << "' on http://" << o.host << ":" << bound << "/v1 (up to " << o.maxQueue
              << " requests waiting" << (o.apiKey.empty() ? "" : ", API key required") << "); Ctrl+C stops"
              << std::endl;
    while (!cancel.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::cerr << "stopping...\n";
    server.stop();
    return 0;
}

const mr::cli::Registration reg(mr::cli::makeCommand<ServeArgs>(
    "serve",
    "serve the models over OpenAI-compatible HTTP (/v1/chat/completions, /v1/ground, /v1/models, /health); loopback "
    "only unless an API key is given",
    declareServe, runServe));

}  // namespace
