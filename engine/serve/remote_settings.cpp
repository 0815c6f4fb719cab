#include "engine/serve/remote_settings.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/serve/remote_error.h"

namespace mr::serve {

namespace {

std::string trim(const std::string& s) {
    const char* ws = " \t\r\n";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

bool RemoteReasonerSettings::operator==(const RemoteReasonerSettings& o) const {
    return baseUrl == o.baseUrl && model == o.model && apiKeyEnv == o.apiKeyEnv && apiKeyFile == o.apiKeyFile &&
           connectTimeoutSeconds == o.connectTimeoutSeconds && idleTimeoutSeconds == o.idleTimeoutSeconds &&
           totalTimeoutSeconds == o.totalTimeoutSeconds && busyRetries == o.busyRetries && minPixels == o.minPixels &&
           maxPixels == o.maxPixels;
}

std::string normalizedBaseUrl(const std::string& baseUrl) {
    std::string url = trim(baseUrl);
    while (!url.empty() && url.back() == '/') url.pop_back();
    const size_t scheme = url.find("://");
    const size_t pathStart = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
    if (pathStart == std::string::npos) url += "/v1";
    return url;
}

std::string readApiKeyFile(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw RemoteError(RemoteErrorKind::Config, "API key file " + path + " does not exist or is not a file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > 4096)
        throw RemoteError(RemoteErrorKind::Config, "API key file " + path + " is larger than 4 KiB: not a key file");
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line))
        throw RemoteError(RemoteErrorKind::Config, "API key file " + path + " cannot be read or is empty");
    const std::string key = trim(line);
    if (key.empty()) throw RemoteError(RemoteErrorKind::Config, "API key file " + path + " has an empty first line");
    return key;
}

std::string resolveApiKey(const RemoteReasonerSettings& s) {
    if (!s.apiKeyEnv.empty()) {
        const char* v = std::getenv(s.apiKeyEnv.c_str());
        const std::string key = v ? trim(v) : std::string();
        if (key.empty())
            throw RemoteError(RemoteErrorKind::Config,
                              "the API key variable " + s.apiKeyEnv + " is not set (or empty) in this environment");
        return key;
    }
    if (!s.apiKeyFile.empty()) return readApiKeyFile(s.apiKeyFile);
    return {};
}

std::vector<std::string> validateRemoteSettings(const RemoteReasonerSettings& s) {
    std::vector<std::string> problems;
    const std::string url = trim(s.baseUrl);
    if (url.empty()) problems.push_back("no server URL (e.g. http://gpu-server:8000/v1)");
    else if (!startsWith(url, "http://") && !startsWith(url, "https://"))
        problems.push_back("server URL '" + url + "' must start with http:// or https://");
    else if (url.find_first_of(" \t\r\n") != std::string::npos)
        problems.push_back("server URL '" + url + "' contains spaces");
    if (trim(s.model).empty()) problems.push_back("no model name (the name the server serves the reasoner under)");
    if (!s.apiKeyEnv.empty() && !s.apiKeyFile.empty())
        problems.push_back("name either an API key variable or an API key file, not both");
    else {
        try {
            resolveApiKey(s);
        } catch (const RemoteError& e) {
            problems.push_back(e.what());
        }
    }
    auto badTime = [](double t, bool zeroAllowed) { return !std::isfinite(t) || t < 0 || (!zeroAllowed && t == 0); };
    if (badTime(s.connectTimeoutSeconds, false)) problems.push_back("the connect timeout must be positive");
    if (badTime(s.idleTimeoutSeconds, false)) problems.push_back("the idle timeout must be positive");
    if (badTime(s.totalTimeoutSeconds, true)) problems.push_back("the request timeout must be 0 (none) or positive");
    if (s.busyRetries < 0 || s.busyRetries > 100) problems.push_back("busy retries must be between 0 and 100");
    if (s.minPixels <= 0 || s.maxPixels < s.minPixels) problems.push_back("the pixel limits are inconsistent");
    return problems;
}

}  // namespace mr::serve
