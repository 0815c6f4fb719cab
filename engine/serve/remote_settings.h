#pragma once
// Where a remote reasoner lives and how to talk to it: an OpenAI-compatible server (vLLM, SGLang,
// llama.cpp's server, Ollama, TGI, or `medreasoner serve`). Plain data, standard library only:
// it is part of the engine's model settings (engine/ground/model_set.h). The API key itself is
// never part of the settings: they name an environment variable or a file that holds it.
#include <cstdint>
#include <string>
#include <vector>

namespace mr::serve {

struct RemoteReasonerSettings {
    std::string baseUrl;     // e.g. "http://gpu-server:8000/v1"; a URL without a path gets "/v1"
    std::string model;       // the served model's name, e.g. "MedReasoner-7B"
    std::string apiKeyEnv;   // name of an environment variable holding the key ("" = none)
    std::string apiKeyFile;  // or a file whose first line is the key ("" = none)
    double connectTimeoutSeconds = 10;
    double idleTimeoutSeconds = 120;  // the server sent nothing for this long: give up
    double totalTimeoutSeconds = 0;   // the whole request; 0 = no limit (long traces are fine)
    int busyRetries = 3;              // HTTP 429 (queue full): retry this often, waiting as told
    // Qwen2.5-VL's pixel limits used for the resize when the server does not advertise its own
    // (`medreasoner serve` does, in GET /v1/models); these are the released MedReasoner-7B's.
    int64_t minPixels = 3136, maxPixels = 12845056;

    bool operator==(const RemoteReasonerSettings& o) const;
    bool operator!=(const RemoteReasonerSettings& o) const { return !(*this == o); }
};

// Problems, one short sentence each; empty when usable. Checks the URL's scheme, the model name,
// that at most one key source is named, that the named variable is set / the file is readable,
// and the timeouts. Never throws.
std::vector<std::string> validateRemoteSettings(const RemoteReasonerSettings& settings);

// "<base>/v1" normalised: no trailing slash, "/v1" appended when the URL has no path.
std::string normalizedBaseUrl(const std::string& baseUrl);

// The key from the named variable or file ("" when neither is named). Throws
// RemoteError(Config) when the variable is unset or empty, or the file is missing, empty or over
// 4 KiB. Whitespace around the key is dropped.
std::string resolveApiKey(const RemoteReasonerSettings& settings);

// Reads a key file as resolveApiKey does (shared with `medreasoner serve --api-key-file`).
std::string readApiKeyFile(const std::string& path);

}  // namespace mr::serve
