// Recorded sessions through the main window (issue 21): a live run of the tiny reasoner (and of a
// served reasoner that answers, so the box, points and mask are there too) is recorded, saved and
// replayed instantly in a fresh window; the Reasoning panel's text and the slice view's pixels
// equal the live run's exactly. The demo tour plays with no model configured, labelled as scripted.
#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/background_task.h"
#include "app/grounding_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/session_recorder.h"
#include "app/session_replay_controller.h"
#include "engine/imaging/image_reader.h"
#include "engine/record/recorded_session.h"
#include "tests/engine/ground/fakes.h"
#include "tests/support/served_reasoner.h"
#include "widgets/multi_planar_view.h"
#include "widgets/reasoning_panel.h"
#include "widgets/slice_view.h"

namespace {

// What the window shows that a replay must reproduce.
struct Shown {
    QString text;
    QImage pixels;  // the slice view: image, box, points, mask, corner texts
    std::vector<uint8_t> mask;
    bool hasReview = false;
};

Shown shown(mr::app::MainWindow& w) {
    QApplication::processEvents();
    Shown s;
    s.text = w.reasoningPanel()->rawText();
    s.pixels = w.sliceView()->grabFramebuffer();
    s.hasReview = w.maskEditor()->hasReview();
    if (s.hasReview) s.mask = w.maskEditor()->sliceMask(0);
    return s;
}

void saveShot(mr::app::MainWindow& w, const QString& name) {
    QPixmap shot = w.grab();
    QPainter(&shot).drawImage(w.sliceView()->mapTo(&w, QPoint(0, 0)), w.sliceView()->grabFramebuffer());
    shot.save(QStringLiteral(MR_TEST_OUTPUT_DIR "/%1.png").arg(name));
}

}  // namespace

class SessionReplayTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString picture_;

    // Asks `settings`' reasoner about the picture in `w` and saves the session; returns its path.
    QString askAndSave(mr::app::MainWindow& w, const mr::session::EngineSettings& settings, const QString& name,
                       QString* outcome) {
        w.grounding()->applySettings(settings);
        QSignalSpy finished(w.grounding(), &mr::app::GroundingController::finished);
        w.grounding()->ask(QStringLiteral("Where is the lesion?"));
        if (!finished.wait(180000)) return {};
        *outcome = finished.first().at(0).toString();
        for (int i = 0; i < 3000 && w.task()->busy(); ++i) QTest::qWait(10);
        const QString path = dir_.filePath(name);
        QSignalSpy saved(w.recorder(), &mr::app::SessionRecorder::saved);
        w.recorder()->saveTo(path);
        if (!saved.wait(30000)) return {};
        return path;
    }

    // Shows the picture as the live window does (the corner caption as a replay names it).
    void showPicture(mr::app::MainWindow& w) {
        mr::imaging::Image image = mr::imaging::readImage(picture_.toStdString());
        image.metadata().seriesDescription = "recorded session";
        w.showImage(image, picture_);
    }

    // Replays `path` instantly in a fresh window and compares with what the live window showed.
    void replayMatches(const Shown& live, const QString& path, const QString& shotName) {
        mr::app::MainWindow fresh;
        fresh.show();
        QVERIFY(QTest::qWaitForWindowExposed(&fresh));
        fresh.replay()->bar()->setSpeed(mr::app::ReplaySpeed::Instant);
        QSignalSpy done(fresh.replay(), &mr::app::SessionReplayController::finished);
        fresh.replay()->openAndPlay(path);
        QVERIFY(done.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!fresh.task()->busy(), 30000);
        const Shown replayed = shown(fresh);
        QCOMPARE(replayed.text, live.text);
        QCOMPARE(replayed.hasReview, live.hasReview);
        QVERIFY(replayed.mask == live.mask);
        QCOMPARE(replayed.pixels.size(), live.pixels.size());
        QVERIFY2(replayed.pixels == live.pixels, "the replayed slice view differs from the live one");
        QVERIFY(!fresh.reasoningPanel()->notice().isEmpty());
        saveShot(fresh, shotName);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        picture_ = dir_.filePath(QStringLiteral("lesion.png"));
        cv::Mat img(160, 200, CV_8UC3, cv::Scalar(30, 35, 40));
        cv::rectangle(img, cv::Point(70, 50), cv::Point(129, 109), cv::Scalar(200, 215, 230), cv::FILLED);
        QVERIFY(cv::imwrite(picture_.toStdString(), img));
    }

    void replayOfTheTinyReasonerEqualsTheLiveRun() {
        mr::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        showPicture(w);
        mr::session::EngineSettings tiny;
        tiny.models.reasoner.folder = MR_FIXTURES_DIR "/qwen2_5_vl-tiny";
        tiny.models.reasoner.device = "cpu";
        tiny.ask.maxNewTokens = 24;
        QString outcome;
        const QString path = askAndSave(w, tiny, QStringLiteral("tiny.mrsession"), &outcome);
        QVERIFY(!path.isEmpty());
        const Shown live = shown(w);
        QVERIFY(!live.text.isEmpty());

        // The file holds the stream piece by piece, timed, and what the panel showed.
        const mr::record::RecordedSession s = mr::record::loadSession(path.toStdString());
        QCOMPARE(QString::fromStdString(s.traceText()), live.text);
        QVERIFY2(s.trace.size() >= 3, qPrintable(QString("%1 pieces").arg(s.trace.size())));
        for (size_t i = 1; i < s.trace.size(); ++i) QVERIFY(s.trace[i].ms >= s.trace[i - 1].ms);
        QCOMPARE(QString::fromStdString(s.outcome), outcome);
        QVERIFY(!s.scripted);
        QCOMPARE(s.settings, tiny);
        replayMatches(live, path, QStringLiteral("replayed-tiny"));
    }

    void replayOfAnAnswerShowsTheSameBoxPointsAndMask() {
        mr::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        showPicture(w);
        const std::string answer =
            "<think>The bright square in the middle.</think><answer>{\"bbox\": [68, 52, 127, 115], "
            "\"points_1\": [90, 80], \"points_2\": [105, 90]}</answer>";
        mr::test::ServedReasoner served(std::make_shared<mr::ground::testing::ScriptedReasoner>(answer, 196, 168),
                                        "answering");
        QString outcome;
        const QString path = askAndSave(w, mr::test::askThroughServer(served.url, QStringLiteral("answering")),
                                        QStringLiteral("answer.mrsession"), &outcome);
        QCOMPARE(outcome, QStringLiteral("mask"));
        const Shown live = shown(w);
        QVERIFY(live.hasReview);
        QVERIFY(std::count(live.mask.begin(), live.mask.end(), 1) > 1000);
        QVERIFY(w.sliceView()->promptMarkers().box.has_value());
        replayMatches(live, path, QStringLiteral("replayed-answer"));
    }

    void demoTourPlaysWithNoModel() {
        mr::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.grounding()->applySettings(mr::session::EngineSettings{});
        QVERIFY(!w.grounding()->reasonerConfigured());
        w.replay()->bar()->setSpeed(mr::app::ReplaySpeed::Double);
        QStringList snapshots;
        QObject::connect(w.reasoningPanel()->traceView(), &QTextEdit::textChanged, [&] {
            const QString t = w.reasoningPanel()->rawText();
            if (snapshots.isEmpty() || snapshots.last() != t) snapshots << t;
        });
        QSignalSpy done(w.replay(), &mr::app::SessionReplayController::finished);
        QCOMPARE(w.replay()->tourMenu()->actions().size(), 3);
        w.replay()->tourMenu()->actions().first()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.reasoningPanel()->rawText().size() > 200, 60000);
        QVERIFY(w.replay()->playing());
        QCOMPARE(w.reasoningPanel()->notice(), mr::app::SessionReplayController::scriptedNotice());
        QVERIFY(w.replay()->bar()->isVisible());
        saveShot(w, QStringLiteral("demo-tour-playing"));
        QVERIFY(done.wait(60000));
        QVERIFY2(snapshots.size() >= 20, qPrintable(QString("text arrived in %1 steps").arg(snapshots.size())));
        // The whole loop: question, trace, box and points, mask; the label stays.
        QVERIFY(w.reasoningPanel()->question().contains(QStringLiteral("biopsy")));
        QVERIFY(w.reasoningPanel()->answerText().contains(QStringLiteral("bbox")));
        QVERIFY(w.sliceView()->promptMarkers().box.has_value());
        QCOMPARE(w.sliceView()->promptMarkers().points.size(), size_t(2));
        QVERIFY(w.maskEditor()->hasReview());
        const auto mask = w.maskEditor()->sliceMask(0);
        QVERIFY(std::count(mask.begin(), mask.end(), 1) > 50);
        QCOMPARE(w.reasoningPanel()->notice(), mr::app::SessionReplayController::scriptedNotice());
        QVERIFY(!w.replay()->bar()->isVisible());
        saveShot(w, QStringLiteral("demo-tour-done"));
        // The user may save it as usual; the file says it is scripted.
        const auto session = w.recorder()->lastSession();
        QVERIFY(session.has_value());
        QVERIFY(session->scripted);
        QVERIFY(session->finalMask.has_value());

        // Stop ends the next example part way: the text so far stays.
        w.replay()->bar()->setSpeed(mr::app::ReplaySpeed::Original);
        done.clear();
        w.replay()->playTourExample(1);
        QTRY_VERIFY_WITH_TIMEOUT(w.reasoningPanel()->rawText().size() > 20, 30000);
        w.replay()->stop();
        QVERIFY(!w.replay()->playing());
        const QString stopped = w.reasoningPanel()->rawText();
        QTest::qWait(300);
        QCOMPARE(w.reasoningPanel()->rawText(), stopped);
        QVERIFY(!stopped.contains(QStringLiteral("</answer>")));
        QCOMPARE(w.reasoningPanel()->stageState(QStringLiteral("reason")),
                 mr::widgets::ReasoningPanel::StageState::Cancelled);
        QCOMPARE(done.count(), 0);
    }

    void aBrokenSessionFileGivesAMessage() {
        const QString path = dir_.filePath(QStringLiteral("broken.mrsession"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"medreasoner-session\", \"format_version\": \"9.0\"}");
        f.close();
        mr::app::MainWindow w;
        QSignalSpy failed(w.task(), &mr::app::BackgroundTask::failed);
        QTimer closer;
        QObject::connect(&closer, &QTimer::timeout, [] {
            for (QWidget* tl : QApplication::topLevelWidgets())
                if (tl->inherits("QMessageBox")) tl->close();
        });
        closer.start(50);
        w.replay()->openAndPlay(path);
        QVERIFY(failed.wait(20000));
        QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("9.0 is not supported")),
                 qPrintable(failed.first().at(1).toString()));
        QVERIFY(!w.replay()->playing());
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MedReasonerTest");
    QApplication::setApplicationName("MedReasoner Studio Replay Test");
    SessionReplayTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "session_replay_test.moc"
