#pragma once
// Records every question asked while it streams (the pieces of text with their times) and keeps
// the last finished run as a session; File → Save Session… writes it with the mask as the user has
// corrected it. Saving runs on the window's BackgroundTask.
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "engine/record/recorded_session.h"

class QAction;

namespace mr::app {

class BackgroundTask;
class GroundingController;
class MaskEditor;

class SessionRecorder : public QObject {
    Q_OBJECT
public:
    SessionRecorder(GroundingController* grounding, MaskEditor* editor, BackgroundTask* task, QWidget* window,
                    QObject* parent = nullptr);

    // File → Save Session…, enabled once a run has finished.
    QAction* saveAction() const { return saveAction_; }
    // The last finished run with the current corrections as its final mask; nullopt before one.
    std::optional<mr::record::RecordedSession> lastSession() const;
    // A replayed session becomes the last one (saved again with the user's corrections).
    void adopt(const mr::record::RecordedSession& replayed);
    // Writes lastSession() to `path` off the GUI thread; saved() or the task's failure follows.
    void saveTo(const QString& path);

public Q_SLOTS:
    void chooseFileAndSave();

Q_SIGNALS:
    void saved(const QString& path);
    void message(const QString& text);

private:
    void finishRecording();

    GroundingController* grounding_;
    MaskEditor* editor_;
    BackgroundTask* task_;
    QWidget* window_;
    QAction* saveAction_;
    std::vector<mr::record::TracePiece> pieces_;               // of the run streaming now
    std::shared_ptr<const mr::record::RecordedSession> last_;  // the last finished run, without corrections
};

}  // namespace mr::app
