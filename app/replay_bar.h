#pragma once
// The small bar shown while a session replays: what is playing, how fast (the original pace, twice
// as fast, or at once) and Stop.
#include <QToolBar>

class QComboBox;
class QLabel;

namespace mr::app {

enum class ReplaySpeed { Original, Double, Instant };

class ReplayBar : public QToolBar {
    Q_OBJECT
public:
    explicit ReplayBar(QWidget* parent = nullptr);

    ReplaySpeed speed() const;
    void setSpeed(ReplaySpeed speed);
    void setTitle(const QString& text);

Q_SIGNALS:
    void speedChanged(mr::app::ReplaySpeed speed);
    void stopRequested();

private:
    QLabel* title_;
    QComboBox* speed_;
};

}  // namespace mr::app
