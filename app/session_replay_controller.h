#pragma once
// File → Replay Session… and Help → Demo Tour: plays a recorded session back through the same
// Reasoning panel and overlays a live run uses, with no model loaded. The recorded picture is
// shown, the text pieces reach the panel through its streaming entry point at the original pace,
// twice as fast or at once (a QTimer paces them; the GUI thread never waits), and at the end the
// box, points and mask appear through the grounding controller as a live run's do. Scripted
// examples (the demo tour) carry a persistent "Scripted example, not model output" band.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

#include "app/replay_bar.h"
#include "engine/imaging/image.h"
#include "engine/record/recorded_session.h"

class QAction;
class QMenu;
class QTimer;

namespace mr::widgets {
class ReasoningPanel;
}

namespace mr::app {

class MainWindow;
class SessionRecorder;

class SessionReplayController : public QObject {
    Q_OBJECT
public:
    SessionReplayController(MainWindow* window, SessionRecorder* recorder, QObject* parent = nullptr);

    QAction* replayAction() const { return replayAction_; }  // File → Replay Session…
    QMenu* tourMenu() const { return tourMenu_; }            // Help → Demo Tour, one entry per example
    ReplayBar* bar() const { return bar_; }
    bool playing() const { return session_ != nullptr; }

    // The picture a session shows in the viewer: its RGB image as a one-slice colour image.
    static mr::imaging::Image replayedImage(const mr::record::RecordedSession& session);
    // The panel's band for a scripted session.
    static QString scriptedNotice();

public Q_SLOTS:
    void chooseFileAndPlay();
    void openAndPlay(const QString& path);  // reads the file off the GUI thread, then plays it
    void play(const mr::record::RecordedSession& session, const QString& title);
    void playTourExample(int index);  // makes the tour's sessions on first use (a second or two)
    void stop();                      // the text so far stays; the panel says it stopped

Q_SIGNALS:
    void finished();  // the whole session was shown (not after stop())

private:
    void step();
    void finish();
    void rebase(double factor);  // a new speed counts from the session time reached so far
    double sessionMsNow() const;
    void playIndex(int index);

    MainWindow* window_;
    mr::widgets::ReasoningPanel* panel_;
    SessionRecorder* recorder_;
    ReplayBar* bar_;
    QAction* replayAction_;
    QMenu* tourMenu_;
    QTimer* timer_;
    std::shared_ptr<const mr::record::RecordedSession> session_;  // the one playing; null when idle
    size_t next_ = 0;                                             // its next piece
    double baseMs_ = 0;                                           // session time at the last rebase
    QElapsedTimer clock_;                                         // wall time since then
    double factor_ = 1;                                           // session ms per wall ms (inf: at once)
    bool showingImage_ = false;
    std::vector<mr::record::RecordedSession> tour_;
};

}  // namespace mr::app
