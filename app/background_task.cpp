#include "app/background_task.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace mr::app {

BackgroundTask::BackgroundTask(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, [this] {
        if (watcher_.future().resultCount() == 0) return;
        Outcome r = watcher_.result();
        auto done = std::move(done_);
        done_ = nullptr;
        if (r.cancelled) Q_EMIT cancelled(what_);
        else if (!r.error.isEmpty()) Q_EMIT failed(what_, r.error);
        else if (done) done(r.value);
        Q_EMIT finished();
    });
}

BackgroundTask::~BackgroundTask() {
    cancel();
    watcher_.waitForFinished();
}

bool BackgroundTask::busy() const { return watcher_.isRunning(); }

void BackgroundTask::cancel() { token_.cancel(); }

void BackgroundTask::wait() { watcher_.waitForFinished(); }

void BackgroundTask::start(const QString& what, AnyJob job, std::function<void(std::any&)> done) {
    if (watcher_.isRunning()) {
        cancel();
        watcher_.waitForFinished();
    }
    token_ = mr::CancelToken();
    what_ = what;
    done_ = std::move(done);
    QPointer<BackgroundTask> self(this);
    mr::ProgressFn report = [self](double f, std::string_view step) {
        QString s = QString::fromUtf8(step.data(), qsizetype(step.size()));
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, f, s] {
                if (self) Q_EMIT self->progress(f, s);
            },
            Qt::QueuedConnection);
    };
    Q_EMIT started(what);
    mr::CancelToken token = token_;
    watcher_.setFuture(QtConcurrent::run([job = std::move(job), token, report]() -> Outcome {
        Outcome r;
        try {
            r.value = job(token, report);
        } catch (const mr::Cancelled&) {
            r.cancelled = true;
        } catch (const std::exception& e) {
            r.error = QString::fromStdString(e.what());
        }
        return r;
    }));
}

}  // namespace mr::app
