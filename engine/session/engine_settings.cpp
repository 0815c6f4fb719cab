#include "engine/session/engine_settings.h"

#include "engine/core/files.h"
#include "engine/core/limits.h"

#include <type_traits>

namespace mr::session {

namespace {
constexpr size_t kMaxTemplateBytes = 64 * 1024;
constexpr int64_t kMaxNewTokens = 32768;
}  // namespace

std::vector<std::string> decodingProblems(const reason::AskOptions& a) {
    std::vector<std::string> p;
    if (a.maxNewTokens < 1 || a.maxNewTokens > kMaxNewTokens)
        p.push_back("max new tokens must be between 1 and " + std::to_string(kMaxNewTokens));
    if (a.temperature && !(*a.temperature > 0)) p.push_back("temperature must be greater than 0");
    if (a.topP && !(*a.topP > 0 && *a.topP <= 1)) p.push_back("top-p must be greater than 0 and at most 1");
    if (a.topK && *a.topK < 0) p.push_back("top-k must be 0 (off) or more");
    if (a.repetitionPenalty && !(*a.repetitionPenalty > 0)) p.push_back("repetition penalty must be greater than 0");
    return p;
}

std::string readPromptTemplate(const std::string& path) {
    std::string text;
    try {
        text = mr::readFile(path, mr::limits::kMaxTextFileBytes);
    } catch (const mr::Error& e) {
        throw mr::Error(std::string("prompt template: ") + e.what());
    }
    if (text.size() > kMaxTemplateBytes)
        throw mr::Error("prompt template " + path + " is larger than 64 KiB; is it the right file?");
    if (text.find("{Question}") == std::string::npos)
        throw mr::Error("prompt template " + path + " has no {Question} placeholder for the question");
    return text;
}

std::vector<std::string> EngineSettings::problems() const {
    std::vector<std::string> p = ground::validateModelSettings(models);
    if (!promptTemplateFile.empty()) {
        try {
            readPromptTemplate(promptTemplateFile);
        } catch (const mr::Error& e) {
            p.push_back(e.what());
        }
    }
    for (auto& d : decodingProblems(ask)) p.push_back("decoding: " + d);
    return p;
}

reason::AskOptions EngineSettings::askOptions() const {
    reason::AskOptions a = ask;
    a.promptTemplate = promptTemplateFile.empty() ? std::string() : readPromptTemplate(promptTemplateFile);
    return a;
}

bool EngineSettings::operator==(const EngineSettings& o) const {
    return mr::json::dump(engineSettingsToJson(*this)) == mr::json::dump(engineSettingsToJson(o));
}

namespace {
using mr::json::Value;

template <class T>
Value optional(const std::optional<T>& v) {
    return v ? Value(*v) : Value();
}

template <class T>
void readOptional(const Value& j, const char* key, std::optional<T>& out) {
    const Value* v = j.find(key);
    if (!v || v->isNull()) out.reset();
    else if constexpr (std::is_floating_point_v<T>) out = v->asDouble();
    else out = T(v->asInt());
}
}  // namespace

Value engineSettingsToJson(const EngineSettings& s) {
    const auto& server = s.models.reasoner.server;
    Value remote = Value::object();  // where the API key is, never the key
    remote.set("base_url", server.baseUrl);
    remote.set("model", server.model);
    remote.set("api_key_env", server.apiKeyEnv);
    remote.set("api_key_file", server.apiKeyFile);
    remote.set("connect_timeout_s", server.connectTimeoutSeconds);
    remote.set("idle_timeout_s", server.idleTimeoutSeconds);
    remote.set("timeout_s", server.totalTimeoutSeconds);
    Value reasoner = Value::object();
    reasoner.set("source", ground::reasonerSourceName(s.models.reasoner.source));
    reasoner.set("folder", s.models.reasoner.folder);
    reasoner.set("device", s.models.reasoner.device);
    reasoner.set("dtype", s.models.reasoner.dtype);
    reasoner.set("check_memory", s.models.reasoner.checkMemory);
    reasoner.set("server", remote);
    Value expert = Value::object();
    expert.set("type", ground::expertTypeName(s.models.expert.type));
    expert.set("checkpoint", s.models.expert.checkpoint);
    expert.set("device", s.models.expert.device);
    expert.set("dtype", s.models.expert.dtype);
    expert.set("image_size", s.models.expert.imageSize);
    Value ask = Value::object();
    ask.set("prompt_template_file", s.promptTemplateFile);
    ask.set("think", s.ask.think);
    ask.set("system_message", optional(s.ask.systemMessage));
    ask.set("max_new_tokens", s.ask.maxNewTokens);
    ask.set("do_sample", s.ask.doSample);
    ask.set("temperature", optional(s.ask.temperature));
    ask.set("top_p", optional(s.ask.topP));
    ask.set("top_k", optional(s.ask.topK));
    ask.set("repetition_penalty", optional(s.ask.repetitionPenalty));
    ask.set("seed", s.ask.seed ? Value(int64_t(*s.ask.seed)) : Value());
    Value j = Value::object();
    j.set("reasoner", reasoner);
    j.set("expert", expert);
    j.set("ask", ask);
    return j;
}

EngineSettings engineSettingsFromJson(const Value& j) {
    EngineSettings s;
    try {
        const Value& r = j.at("reasoner");
        s.models.reasoner.folder = r.at("folder").asString();
        s.models.reasoner.device = r.at("device").asString();
        s.models.reasoner.dtype = r.at("dtype").asString();
        s.models.reasoner.checkMemory = r.at("check_memory").asBool();
        s.models.reasoner.source = ground::parseReasonerSource(r.at("source").asString());
        const Value& remote = r.at("server");
        auto& server = s.models.reasoner.server;
        server.baseUrl = remote.at("base_url").asString();
        server.model = remote.at("model").asString();
        server.apiKeyEnv = remote.at("api_key_env").asString();
        server.apiKeyFile = remote.at("api_key_file").asString();
        server.connectTimeoutSeconds = remote.at("connect_timeout_s").asDouble();
        server.idleTimeoutSeconds = remote.at("idle_timeout_s").asDouble();
        server.totalTimeoutSeconds = remote.at("timeout_s").asDouble();
        const Value& e = j.at("expert");
        s.models.expert.type = ground::parseExpertType(e.at("type").asString());
        s.models.expert.checkpoint = e.at("checkpoint").asString();
        s.models.expert.device = e.at("device").asString();
        s.models.expert.dtype = e.at("dtype").asString();
        s.models.expert.imageSize = int(e.get("image_size", int64_t(0)));  // absent in files before MedSAM2
        const Value& a = j.at("ask");
        s.promptTemplateFile = a.at("prompt_template_file").asString();
        s.ask.think = a.at("think").asBool();
        if (const Value* m = a.find("system_message"); m && !m->isNull()) s.ask.systemMessage = m->asString();
        s.ask.maxNewTokens = a.at("max_new_tokens").asInt();
        s.ask.doSample = a.at("do_sample").asBool();
        readOptional(a, "temperature", s.ask.temperature);
        readOptional(a, "top_p", s.ask.topP);
        readOptional(a, "top_k", s.ask.topK);
        readOptional(a, "repetition_penalty", s.ask.repetitionPenalty);
        readOptional(a, "seed", s.ask.seed);
    } catch (const mr::Error& e) {
        throw mr::Error(std::string("engine settings: ") + e.what());
    }
    return s;
}

}  // namespace mr::session
