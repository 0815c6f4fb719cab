#pragma once
// Where a password or token comes from. Secrets are never stored by the app and never typed on a
// command line (where `ps` and shell history would show them): they are named by a source.
#include <string>

namespace mr::pacs {

// "env:NAME": the environment variable NAME; "file:PATH": the first line of the file (a trailing
// CR/LF removed). Throws mr::Error naming the source when it is unset, unreadable or empty.
std::string readSecret(const std::string& source);

}  // namespace mr::pacs
