#include "app/session_replay_controller.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QTimer>

#include <cmath>
#include <cstring>
#include <limits>

#include "app/background_task.h"
#include "app/grounding_controller.h"
#include "app/main_window.h"
#include "app/session_recorder.h"
#include "engine/record/demo_tour.h"
#include "engine/record/session_from_run.h"
#include "widgets/reasoning_panel.h"

namespace mr::app {

namespace {
double speedFactor(ReplaySpeed speed) {
    switch (speed) {
        case ReplaySpeed::Double: return 2;
        case ReplaySpeed::Instant: return std::numeric_limits<double>::infinity();
        default: return 1;
    }
}
}  // namespace

SessionReplayController::SessionReplayController(MainWindow* window, SessionRecorder* recorder, QObject* parent)
    : QObject(parent), window_(window), panel_(window->reasoningPanel()), recorder_(recorder) {
    replayAction_ = new QAction(tr("Re&play Session…"), this);
    replayAction_->setObjectName("replaySessionAction");
    replayAction_->setToolTip(tr("Play a saved session back through the Reasoning panel, with no model"));
    connect(replayAction_, &QAction::triggered, this, &SessionReplayController::chooseFileAndPlay);
    tourMenu_ = new QMenu(tr("&Demo Tour"), window);
    tourMenu_->setObjectName("demoTourMenu");
    const std::vector<std::string> questions = mr::record::demoTourQuestions();  // the examples' own words
    for (int i = 0; i < int(questions.size()); ++i)
        tourMenu_->addAction(QStringLiteral("&%1. %2").arg(i + 1).arg(QString::fromStdString(questions[size_t(i)])),
                             this, [this, i] { playTourExample(i); });
    tourMenu_->setToolTipsVisible(true);
    tourMenu_->menuAction()->setToolTip(tr("Scripted examples on the demo CT: the whole loop without any model"));

    bar_ = new ReplayBar(window);
    window->addToolBar(Qt::TopToolBarArea, bar_);
    bar_->hide();
    connect(bar_, &ReplayBar::stopRequested, this, &SessionReplayController::stop);
    connect(bar_, &ReplayBar::speedChanged, this, [this](ReplaySpeed speed) {
        if (!playing()) return;
        rebase(speedFactor(speed));
        step();
    });
    timer_ = new QTimer(this);
    timer_->setSingleShot(true);
    connect(timer_, &QTimer::timeout, this, &SessionReplayController::step);

    // A live question or another image ends a replay and its band.
    connect(window->grounding(), &GroundingController::asked, this, [this] {
        stop();
        panel_->setNotice({});
    });
    connect(window, &MainWindow::imageShown, this, [this] {
        if (showingImage_) return;
        stop();
        panel_->setNotice({});
    });
}

mr::imaging::Image SessionReplayController::replayedImage(const mr::record::RecordedSession& s) {
    mr::imaging::Geometry g;
    g.size = {s.image.width, s.image.height, 1};
    mr::imaging::Image image(mr::imaging::PixelType::Rgb8, g);
    std::memcpy(image.bytes(), s.image.rgb.data(), image.byteSize());
    image.metadata().modality = "OT";
    image.metadata().photometric = "RGB";
    image.metadata().seriesDescription = "recorded session";
    return image;
}

QString SessionReplayController::scriptedNotice() { return tr("Scripted example, not model output"); }

void SessionReplayController::chooseFileAndPlay() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(window_, tr("Replay Session"),
                                                      settings.value("sessions/folder", QDir::homePath()).toString(),
                                                      tr("MedReasoner sessions (*.mrsession);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue("sessions/folder", QFileInfo(path).absolutePath());
    openAndPlay(path);
}

void SessionReplayController::openAndPlay(const QString& path) {
    const std::string p = path.toStdString();
    window_->task()->run<std::shared_ptr<mr::record::RecordedSession>>(
        tr("Opening session %1").arg(QFileInfo(path).fileName()),
        [p](const mr::CancelToken&, const mr::ProgressFn&) {
            return std::make_shared<mr::record::RecordedSession>(mr::record::loadSession(p));
        },
        [this, path](std::shared_ptr<mr::record::RecordedSession> s) { play(*s, QFileInfo(path).fileName()); });
}

void SessionReplayController::playTourExample(int index) {
    if (!tour_.empty()) {
        playIndex(index);
        return;
    }
    window_->task()->run<std::vector<mr::record::RecordedSession>>(
        tr("Preparing the demo tour"),
        [](const mr::CancelToken& cancel, const mr::ProgressFn&) { return mr::record::demoTourSessions(cancel); },
        [this, index](std::vector<mr::record::RecordedSession> tour) {
            tour_ = std::move(tour);
            playIndex(index);
        });
}

void SessionReplayController::playIndex(int index) {
    if (index < 0 || size_t(index) >= tour_.size()) return;
    play(tour_[size_t(index)], tr("Demo tour, example %1 of %2").arg(index + 1).arg(tour_.size()));
}

void SessionReplayController::play(const mr::record::RecordedSession& session, const QString& title) {
    stop();
    showingImage_ = true;
    window_->showImage(replayedImage(session), title);
    showingImage_ = false;
    session_ = std::make_shared<const mr::record::RecordedSession>(session);
    next_ = 0;
    panel_->clear();
    panel_->setQuestion(QString::fromStdString(session.question));
    panel_->setNotice(session.scripted ? scriptedNotice() : tr("Replay of a recorded session: no model is running."));
    panel_->setStage(QStringLiteral("reason"), QString(), true, 0);
    bar_->setTitle(tr("Replaying: %1").arg(title));
    bar_->show();
    baseMs_ = 0;
    factor_ = speedFactor(bar_->speed());
    clock_.start();
    step();
}

double SessionReplayController::sessionMsNow() const {
    if (std::isinf(factor_)) return std::numeric_limits<double>::infinity();
    return baseMs_ + double(clock_.elapsed()) * factor_;
}

void SessionReplayController::rebase(double factor) {
    baseMs_ = std::min(sessionMsNow(), session_->durationMs());
    clock_.restart();
    factor_ = factor;
}

void SessionReplayController::step() {
    if (!session_) return;
    const double now = sessionMsNow();
    const auto& pieces = session_->trace;
    while (next_ < pieces.size() && pieces[next_].ms <= now)
        panel_->appendText(QString::fromStdString(pieces[next_++].text));
    if (next_ >= pieces.size()) {
        finish();
        return;
    }
    const double waitMs = (pieces[next_].ms - now) / factor_;
    timer_->start(int(std::ceil(std::max(0.0, waitMs))));
}

void SessionReplayController::finish() {
    const auto session = session_;
    session_.reset();
    timer_->stop();
    bar_->hide();
    panel_->finishText();
    const double ms = session->durationMs();
    panel_->setStage(QStringLiteral("reason"), QString(), false, ms);
    panel_->setStage(QStringLiteral("done"), QString(), false, ms);
    // The end as a live run's: box and points, the summary, the expert's mask as a new review.
    window_->grounding()->showFinishedRun(
        std::make_shared<const mr::ground::GroundingResult>(mr::record::runFromSession(*session)));
    recorder_->adopt(*session);
    Q_EMIT finished();
}

void SessionReplayController::stop() {
    if (!session_) return;
    session_.reset();
    timer_->stop();
    bar_->hide();
    panel_->finishText();
    panel_->setCancelled();
}

}  // namespace mr::app
