#include "widgets/second_reading_panel.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace mr::widgets {

SecondReadingPanel::SecondReadingPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(this);
    title_->setObjectName("readingTitle");
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    state_ = new QLabel(this);
    state_->setObjectName("readingState");
    state_->setWordWrap(true);
    state_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    state_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);  // never cut: the dock grows instead
    const auto button = [this](const QString& text, const char* name, const char* decision) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(name));
        connect(b, &QPushButton::clicked, this,
                [this, decision] { Q_EMIT decisionRequested(QString::fromLatin1(decision)); });
        return b;
    };
    keepFirst_ = button(tr("Keep the First Reader's Mask"), "keepFirstReader", "first");
    keepSecond_ = button(tr("Keep the Second Reader's Mask"), "keepSecondReader", "second");
    keepEdited_ = button(tr("Keep the Mask as Edited"), "keepEditedMask", "edited");
    layout->addWidget(title_);
    layout->addWidget(state_);
    layout->addWidget(keepFirst_);
    layout->addWidget(keepSecond_);
    layout->addWidget(keepEdited_);
    layout->addStretch(1);
    setDecisionKeys({}, {}, {});
    showBlind({});
}

void SecondReadingPanel::showBlind(const QString& id) {
    title_->setText(tr("Blind reading of sample %1").arg(id));
    state_->setText(
        tr("The first reader's mask is hidden until you save yours. Ask the reasoner, prompt the "
           "expert or draw, then save (Ctrl+S)."));
    for (QPushButton* b : {keepFirst_, keepSecond_, keepEdited_}) b->hide();
}

void SecondReadingPanel::showComparison(const QString& id, const ReadersAgreement& a) {
    title_->setText(tr("Readings of sample %1").arg(id));
    state_->setText(tr("First reader: %1<br>Second reader: %2<br>Agreement: Dice <b>%3</b><br>%4 pixels in "
                       "disagreement, outlined<br>The editable mask is the second reader's.")
                        .arg(a.firstReader.toHtmlEscaped(), a.secondReader.toHtmlEscaped())
                        .arg(a.dice, 0, 'f', 3)
                        .arg(a.pixelsInDisagreement));
    for (QPushButton* b : {keepFirst_, keepSecond_, keepEdited_}) b->show();
}

void SecondReadingPanel::showDecision(const QString& text) {
    state_->setText(state_->text() + QStringLiteral("<br><b>%1</b>").arg(text.toHtmlEscaped()));
}

void SecondReadingPanel::setDecisionKeys(const QString& first, const QString& second, const QString& edited) {
    const auto tip = [](const QString& text, const QString& key) {
        return key.isEmpty() ? text : tr("%1 (%2)").arg(text, key);
    };
    keepFirst_->setToolTip(tip(tr("The first reader's mask becomes the sample's final mask"), first));
    keepSecond_->setToolTip(tip(tr("The second reader's mask becomes the sample's final mask"), second));
    keepEdited_->setToolTip(tip(tr("The mask as it is now in the editor becomes the sample's final mask"), edited));
}

}  // namespace mr::widgets
