#pragma once
// Answering modal dialogs in GUI tests as a user would: wait until the dialog shows, then act.
#include <QApplication>
#include <QTimer>
#include <QWidget>

namespace mr::test {

// Answers the next modal dialog with `answer` once it shows (polled, so it works for dialogs
// opened by exec() deep inside the code under test).
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

// Answers the next modal dialog of type T (others are left alone, so handlers for a sequence of
// dialogs can be set up at once).
template <class T, class F>
void whenModalShows(F answer) {
    auto* timer = new QTimer;
    timer->setInterval(30);
    QObject::connect(timer, &QTimer::timeout, [timer, answer] {
        if (T* modal = qobject_cast<T*>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            answer(modal);
        }
    });
    timer->start();
}

}  // namespace mr::test
