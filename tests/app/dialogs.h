#pragma once
// Modal dialogs in GUI tests: answer the next one as a user would, and never let an unexpected
// message box leave a test waiting behind it.
#include <QApplication>
#include <QMessageBox>
#include <QStringList>
#include <QTimer>

namespace mr::test {

// Answers the next modal dialog with `answer` once it shows.
template <class F>
void whenDialogShows(F answer) {
    auto* timer = new QTimer;
    timer->setInterval(30);
    QObject::connect(timer, &QTimer::timeout, [timer, answer] {
        if (QWidget* modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            answer(modal);
        }
    });
    timer->start();
}

// While alive, closes any message box nobody expected and keeps its text for the test to check.
class UnexpectedDialogs {
public:
    UnexpectedDialogs() {
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                texts_ << box->text();
                box->reject();
            }
        });
        timer_.start(1500);  // slower than whenDialogShows, which answers the expected ones
    }
    const QStringList& texts() const { return texts_; }

private:
    QTimer timer_;
    QStringList texts_;
};

}  // namespace mr::test
