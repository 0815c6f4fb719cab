#include "app/replay_bar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>

namespace mr::app {

ReplayBar::ReplayBar(QWidget* parent) : QToolBar(tr("Replay"), parent) {
    setObjectName("replayBar");
    setMovable(false);
    title_ = new QLabel(this);
    title_->setObjectName("replayTitle");
    addWidget(title_);
    addSeparator();
    speed_ = new QComboBox(this);
    speed_->setObjectName("replaySpeed");
    speed_->addItem(tr("Original pace"), int(ReplaySpeed::Original));
    speed_->addItem(tr("2× speed"), int(ReplaySpeed::Double));
    speed_->addItem(tr("Instantly"), int(ReplaySpeed::Instant));
    speed_->setToolTip(tr("How fast the recorded text streams"));
    addWidget(speed_);
    connect(speed_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { Q_EMIT speedChanged(speed()); });
    QAction* stop = addAction(tr("Stop Replay"), this, &ReplayBar::stopRequested);
    stop->setObjectName("stopReplayAction");
    stop->setToolTip(tr("Stop the replay; the text shown so far stays"));
}

ReplaySpeed ReplayBar::speed() const { return ReplaySpeed(speed_->currentData().toInt()); }

void ReplayBar::setSpeed(ReplaySpeed speed) { speed_->setCurrentIndex(speed_->findData(int(speed))); }

void ReplayBar::setTitle(const QString& text) { title_->setText(text); }

}  // namespace mr::app
