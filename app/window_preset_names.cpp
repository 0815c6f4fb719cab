#include "app/window_preset_names.h"

#include <QCoreApplication>

namespace mr::app {

namespace {
// The standard presets of mr::imaging::windowPresets and the demo case's, marked for lupdate.
const char* const kStandardNames[] = {
    QT_TRANSLATE_NOOP("mr::app::WindowPresets", "Brain"),
    QT_TRANSLATE_NOOP("mr::app::WindowPresets", "Soft tissue"),
    QT_TRANSLATE_NOOP("mr::app::WindowPresets", "Lung"),
    QT_TRANSLATE_NOOP("mr::app::WindowPresets", "Bone"),
    QT_TRANSLATE_NOOP("mr::app::WindowPresets", "Liver"),
    QT_TRANSLATE_NOOP("mr::app::WindowPresets", "Abdomen"),
    QT_TRANSLATE_NOOP("mr::app::WindowPresets", "NIfTI display range"),
};
}  // namespace

QString windowPresetName(const std::string& engineName) {
    for (const char* name : kStandardNames)
        if (engineName == name) return QCoreApplication::translate("mr::app::WindowPresets", name);
    return QString::fromStdString(engineName);
}

}  // namespace mr::app
