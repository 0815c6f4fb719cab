#pragma once
// Help → Keyboard Shortcuts: every mouse and keyboard binding of the viewer in one table.
#include <QDialog>

namespace mr::widgets {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget* parent = nullptr);
};

}  // namespace mr::widgets
