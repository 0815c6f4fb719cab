#include "engine/pacs/credentials.h"

#include <cstdlib>

#include "engine/core/error.h"
#include "engine/core/files.h"

namespace mr::pacs {

std::string readSecret(const std::string& source) {
    std::string secret;
    if (source.rfind("env:", 0) == 0) {
        const std::string name = source.substr(4);
        const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
        if (!value) throw mr::Error("the environment variable " + name + " (named for the password) is not set");
        secret = value;
    } else if (source.rfind("file:", 0) == 0) {
        const std::string path = source.substr(5);
        std::string text = mr::readFile(path);
        secret = text.substr(0, text.find('\n'));
        if (!secret.empty() && secret.back() == '\r') secret.pop_back();
    } else {
        // Not echoed: someone may have typed the password itself here.
        throw mr::Error("a password source must be env:NAME or file:PATH, not the password itself");
    }
    if (secret.empty()) throw mr::Error("the password source " + source + " is empty");
    return secret;
}

}  // namespace mr::pacs
