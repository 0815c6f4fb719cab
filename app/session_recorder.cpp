#include "app/session_recorder.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include "app/background_task.h"
#include "app/grounding_controller.h"
#include "app/mask_editor.h"
#include "engine/record/session_from_run.h"

namespace mr::app {

SessionRecorder::SessionRecorder(GroundingController* grounding, MaskEditor* editor, BackgroundTask* task,
                                 QWidget* window, QObject* parent)
    : QObject(parent), grounding_(grounding), editor_(editor), task_(task), window_(window) {
    saveAction_ = new QAction(tr("Save &Session…"), this);
    saveAction_->setObjectName("saveSessionAction");
    saveAction_->setToolTip(tr("Save the last question with its trace, answer and mask, to replay without a model"));
    saveAction_->setEnabled(false);
    connect(saveAction_, &QAction::triggered, this, &SessionRecorder::chooseFileAndSave);
    connect(grounding_, &GroundingController::asked, this, [this] { pieces_.clear(); });
    connect(grounding_, &GroundingController::textStreamed, this, [this](const QString& delta, double ms) {
        pieces_.push_back({ms, delta.toStdString()});
    });
    connect(grounding_, &GroundingController::finished, this, &SessionRecorder::finishRecording);
}

void SessionRecorder::finishRecording() {
    const auto run = grounding_->lastResult();
    if (!run) return;
    last_ = std::make_shared<const mr::record::RecordedSession>(
        mr::record::sessionFromRun(*run, std::move(pieces_), grounding_->settings()));
    pieces_.clear();
    saveAction_->setEnabled(true);
}

void SessionRecorder::adopt(const mr::record::RecordedSession& replayed) {
    last_ = std::make_shared<const mr::record::RecordedSession>(replayed);
    saveAction_->setEnabled(grounding_->lastResult() != nullptr);
}

std::optional<mr::record::RecordedSession> SessionRecorder::lastSession() const {
    // A replayed or another image's result is not this recording's (its run is gone).
    if (!last_ || grounding_->lastResult() == nullptr) return std::nullopt;
    mr::record::RecordedSession s = *last_;
    const auto run = grounding_->lastResult();
    const bool sameSlice = editor_->hasReview() && editor_->reviewSlice() == run->image.slice;
    if (sameSlice) {
        std::vector<uint8_t> mask = editor_->sliceMask(run->image.slice);
        if (mask.size() == size_t(s.image.width) * size_t(s.image.height))
            s.finalMask = mr::Mask{s.image.width, s.image.height, std::move(mask)};
    }
    return s;
}

void SessionRecorder::chooseFileAndSave() {
    if (!lastSession()) {
        Q_EMIT message(tr("Ask a question first: a session records one question and its answer."));
        return;
    }
    QSettings settings;
    const QString folder =
        settings.value("sessions/folder", QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
            .toString();
    const QString path = QFileDialog::getSaveFileName(window_, tr("Save Session"), folder + "/session.mrsession",
                                                      tr("MedReasoner sessions (*.mrsession)"));
    if (path.isEmpty()) return;
    settings.setValue("sessions/folder", QFileInfo(path).absolutePath());
    saveTo(path);
}

void SessionRecorder::saveTo(const QString& path) {
    const std::optional<mr::record::RecordedSession> session = lastSession();
    if (!session) return;
    const std::string target = path.toStdString();
    auto s = std::make_shared<const mr::record::RecordedSession>(*session);
    task_->run<int>(
        tr("Saving session %1").arg(QFileInfo(path).fileName()),
        [s, target](const mr::CancelToken&, const mr::ProgressFn&) {
            mr::record::saveSession(target, *s);  // encodes the pictures and writes atomically
            return 0;
        },
        [this, path](int) {
            Q_EMIT message(tr("Session saved: %1").arg(QDir::toNativeSeparators(path)));
            Q_EMIT saved(path);
        });
}

}  // namespace mr::app
