#pragma once
// The last rows of a form dialog: one line that says what is wrong (or a note) and OK / Cancel.
// The dialogs that validate as the user types share it, so a problem looks and gates OK the same
// way everywhere.
#include <QString>

class QDialog;
class QFormLayout;
class QLabel;
class QPushButton;

namespace mr::widgets {

class FormFooter {
public:
    FormFooter() = default;
    // Adds the message line (object name `messageName`, for tests) and the buttons to `form`.
    FormFooter(QDialog* dialog, QFormLayout* form, const QString& messageName, const QString& okText = {});

    // In red, OK disabled while `problem` is not empty; the line is hidden when it is.
    void showProblem(const QString& problem);
    // Plain text; OK enabled when `canAccept`.
    void showNote(const QString& note, bool canAccept);

private:
    void show(const QString& text, bool isProblem, bool canAccept);

    QLabel* message_ = nullptr;
    QPushButton* ok_ = nullptr;
};

}  // namespace mr::widgets
