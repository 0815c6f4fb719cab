#pragma once
// The engine settings (mr::session::EngineSettings) in QSettings, group "engine": the one mapping
// between the session layer and the desktop app's stored preferences. Missing or unreadable keys
// keep the session layer's defaults (EngineSettings{}); values out of range fall back to them too.
#include "engine/session/engine_settings.h"

class QSettings;

namespace mr::app {

mr::session::EngineSettings loadEngineSettings(QSettings& settings);
void saveEngineSettings(QSettings& settings, const mr::session::EngineSettings& engine);

}  // namespace mr::app
