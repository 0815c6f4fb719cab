#pragma once
// The Second Reading dock: while a second reader reads a sample blind, what they may know (the
// sample and that the first mask is hidden); once both masks are there, how far the readers agree
// (Dice, pixels in disagreement, who read first and second) and the adjudicator's three decisions.
// It shows plain data and emits what the user asks for; the app's SecondReadingController does the rest.
#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;

namespace mr::widgets {

struct ReadersAgreement {
    QString firstReader, secondReader;
    double dice = 0;
    qint64 pixelsInDisagreement = 0;
};

class SecondReadingPanel : public QWidget {
    Q_OBJECT
public:
    explicit SecondReadingPanel(QWidget* parent = nullptr);

    void showBlind(const QString& id);
    void showComparison(const QString& id, const ReadersAgreement& agreement);
    void showDecision(const QString& text);  // after an adjudication: what was decided, by whom
    // The keys of the three decisions, named on the buttons' tooltips.
    void setDecisionKeys(const QString& first, const QString& second, const QString& edited);

Q_SIGNALS:
    void decisionRequested(const QString& decision);  // "first", "second" or "edited"

private:
    QLabel* title_ = nullptr;
    QLabel* state_ = nullptr;
    QPushButton* keepFirst_ = nullptr;
    QPushButton* keepSecond_ = nullptr;
    QPushButton* keepEdited_ = nullptr;
};

}  // namespace mr::widgets
