#pragma once
// The names of the engine's standard window presets (English, as the engine and files spell them)
// in the user's language; a name from a file that is not a standard one is shown as it is.
#include <QString>

#include <string>

namespace mr::app {

QString windowPresetName(const std::string& engineName);

}  // namespace mr::app
