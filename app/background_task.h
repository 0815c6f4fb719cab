#pragma once
// Runs one piece of engine work (loading, scanning, generating) off the GUI thread at a time,
// with progress and cancel. Results come back on the GUI thread; errors become messages.
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <any>
#include <functional>

#include "engine/core/cancel.h"

namespace mr::app {

class BackgroundTask : public QObject {
    Q_OBJECT
public:
    explicit BackgroundTask(QObject* parent = nullptr);
    ~BackgroundTask() override;

    // Cancels a running job and waits for it (jobs poll their token often), then starts `job`.
    // `done` runs on the GUI thread with the job's result unless it failed or was cancelled.
    template <class T>
    void run(const QString& what, std::function<T(const mr::CancelToken&, const mr::ProgressFn&)> job,
             std::function<void(T)> done) {
        start(
            what,
            [job = std::move(job)](const mr::CancelToken& c, const mr::ProgressFn& p) { return std::any(job(c, p)); },
            [done = std::move(done)](std::any& r) { done(std::any_cast<T>(std::move(r))); });
    }
    void cancel();
    bool busy() const;
    // Blocks until the current job (if any) has ended; for shutdown and tests.
    void wait();

Q_SIGNALS:
    void started(const QString& what);
    void progress(double fraction, const QString& step);
    void finished();  // after done/failed/cancelled
    void failed(const QString& what, const QString& reason);
    void cancelled(const QString& what);

private:
    using AnyJob = std::function<std::any(const mr::CancelToken&, const mr::ProgressFn&)>;
    void start(const QString& what, AnyJob job, std::function<void(std::any&)> done);

    struct Outcome {
        std::any value;
        QString error;
        bool cancelled = false;
    };
    QFutureWatcher<Outcome> watcher_;
    mr::CancelToken token_;
    QString what_;
    std::function<void(std::any&)> done_;
};

}  // namespace mr::app
