#include "widgets/form_footer.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>

namespace mr::widgets {

FormFooter::FormFooter(QDialog* dialog, QFormLayout* form, const QString& messageName, const QString& okText) {
    message_ = new QLabel(dialog);
    message_->setObjectName(messageName);
    message_->setWordWrap(true);
    form->addRow(message_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    if (!okText.isEmpty()) ok_->setText(okText);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    form->addRow(buttons);
}

void FormFooter::showProblem(const QString& problem) { show(problem, true, problem.isEmpty()); }

void FormFooter::showNote(const QString& note, bool canAccept) { show(note, false, canAccept); }

void FormFooter::show(const QString& text, bool isProblem, bool canAccept) {
    message_->setText(text);
    message_->setStyleSheet(isProblem ? QStringLiteral("QLabel { color: #b00020; }") : QString());
    message_->setVisible(!text.isEmpty());
    ok_->setEnabled(canAccept);
}

}  // namespace mr::widgets
