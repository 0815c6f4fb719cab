#include "app/action_keys.h"

#include <QAction>
#include <QMainWindow>
#include <QStringList>
#include <QToolBar>

namespace mr::app {

QList<QKeySequence> uniqueKeys(std::initializer_list<QList<QKeySequence>> lists) {
    QList<QKeySequence> keys;
    for (const auto& list : lists)
        for (const QKeySequence& k : list)
            if (!k.isEmpty() && !keys.contains(k)) keys << k;
    return keys;
}

void nameKeysInToolTips(QMainWindow* window) {
    for (QToolBar* bar : window->findChildren<QToolBar*>()) {
        for (QAction* a : bar->actions()) {
            if (a->shortcuts().isEmpty()) continue;
            QStringList names;
            for (const QKeySequence& k : a->shortcuts()) names << k.toString(QKeySequence::NativeText);
            const QString suffix = QStringLiteral(" (%1)").arg(names.join(QStringLiteral(", ")));
            if (!a->toolTip().endsWith(suffix)) a->setToolTip(a->toolTip() + suffix);
        }
    }
}

}  // namespace mr::app
