#pragma once
// The keys of the window's actions: the platform's standard keys merged with the ones users
// expect beside them (F11, Ctrl+=), and tooltips that name each tool bar action's key.
#include <QKeySequence>
#include <QList>

class QMainWindow;

namespace mr::app {

// The keys of every list, in order, each once (the first is the one menus show).
QList<QKeySequence> uniqueKeys(std::initializer_list<QList<QKeySequence>> lists);

// Appends each tool bar action's keys, in the platform's spelling, to its tooltip: "Brush (P)".
// Run once the tool bars are built; running it again changes nothing.
void nameKeysInToolTips(QMainWindow* window);

}  // namespace mr::app
