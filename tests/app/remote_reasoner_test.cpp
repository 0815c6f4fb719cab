// The app asking through `medreasoner serve` on another port (Engine Settings → Reasoner: Server):
// the trace, the box, the points and the mask it shows are the local path's. With the tiny fixture
// model the streamed trace is compared byte for byte with the app's own local run; a served
// reasoner that writes a real answer (the tiny random model writes none) shows the box, points and
// mask the local pipeline computes for the same picture. Esc closes the stream.
#include <QApplication>
#include <QLineEdit>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/background_task.h"
#include "app/grounding_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/ground/reasoner_image.h"
#include "engine/reason/qwen_reasoner.h"
#include "engine/segment/classical_expert.h"
#include "engine/serve/reasoner_server.h"
#include "tests/engine/ground/fakes.h"
#include "tests/support/served_reasoner.h"
#include "widgets/multi_planar_view.h"
#include "widgets/query_bar.h"
#include "widgets/reasoning_panel.h"
#include "widgets/slice_view.h"

namespace {
using Served = mr::test::ServedReasoner;
std::shared_ptr<mr::segment::SegmentationExpert> classical() { return mr::test::classicalExpert(); }
mr::session::EngineSettings viaServer(const QString& url, const QString& model) {
    return mr::test::askThroughServer(url, model);
}
}  // namespace

class RemoteReasonerGuiTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // Asks through the query bar's controller and waits for the outcome.
    static QString ask(mr::app::MainWindow& w, const mr::session::EngineSettings& settings) {
        w.grounding()->applySettings(settings);
        if (!w.grounding()->reasonerConfigured())
            return QStringLiteral("not configured: ") + w.grounding()->reasonerProblem();
        QSignalSpy finished(w.grounding(), &mr::app::GroundingController::finished);
        w.grounding()->ask(QStringLiteral("Where is the lesion?"));
        if (!finished.wait(180000)) return QStringLiteral("timed out");
        for (int i = 0; i < 3000 && w.task()->busy(); ++i) QTest::qWait(10);
        return finished.first().at(0).toString();
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
    }

    void asksThroughServeAndShowsWhatTheLocalPathShows() {
        // A colour picture: the reasoner sees it as it is (200x160; sent to the server as 196x168).
        const QString picture = dir_.filePath(QStringLiteral("lesion.png"));
        cv::Mat img(160, 200, CV_8UC3, cv::Scalar(30, 35, 40));
        cv::rectangle(img, cv::Point(70, 50), cv::Point(129, 109), cv::Scalar(200, 215, 230), cv::FILLED);
        QVERIFY(cv::imwrite(picture.toStdString(), img));

        mr::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        w.openPath(picture);
        QVERIFY(shown.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!w.task()->busy(), 30000);

        // 1. The tiny model, here and through `serve`: the same streamed trace in the panel.
        const QString tiny = QStringLiteral(MR_FIXTURES_DIR "/qwen2_5_vl-tiny");
        mr::session::EngineSettings local;
        local.models.reasoner.folder = tiny.toStdString();
        local.models.reasoner.device = "cpu";
        local.ask.maxNewTokens = 20;
        const QString localOutcome = ask(w, local);
        const QString localTrace = w.reasoningPanel()->rawText();
        QVERIFY2(!localTrace.isEmpty(), qPrintable(localOutcome));
        mr::reason::ReasonerLoadOptions lo;
        lo.device = "cpu";
        Served tinyServer(std::shared_ptr<mr::reason::Reasoner>(mr::reason::QwenReasoner::load(tiny.toStdString(), lo)),
                          "tiny");
        const QString remoteOutcome = ask(w, viaServer(tinyServer.url, QStringLiteral("tiny")));
        QCOMPARE(remoteOutcome, localOutcome);
        QCOMPARE(w.reasoningPanel()->rawText(), localTrace);
        QVERIFY(w.grounding()->lastResult()->reasonerDescription.find("server") != std::string::npos);

        // Esc closes the stream: the app says cancelled and the server stops generating.
        mr::session::EngineSettings longer = viaServer(tinyServer.url, QStringLiteral("tiny"));
        longer.ask.maxNewTokens = 4000;
        w.grounding()->applySettings(longer);
        w.queryBar()->setAvailability(true);
        auto* edit = w.queryBar()->findChild<QLineEdit*>();
        QVERIFY(edit);
        QSignalSpy finished(w.grounding(), &mr::app::GroundingController::finished);
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral("Where would you biopsy?"));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.reasoningPanel()->rawText().size() > 5, 120000);
        QTest::keyClick(edit, Qt::Key_Escape);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("cancelled"));
        QTRY_COMPARE_WITH_TIMEOUT(tinyServer.server->queueCounts().running, 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.task()->busy(), 30000);

        // 2. A served reasoner that answers: box, points and mask as the local pipeline has them.
        const std::string answer =
            "<think>The bright square in the middle.</think><answer>{\"bbox\": [68, 52, 127, 115], "
            "\"points_1\": [90, 80], \"points_2\": [105, 90]}</answer>";
        auto scripted = std::make_shared<mr::ground::testing::ScriptedReasoner>(answer, 196, 168);
        mr::ground::GroundingRequest request;
        request.image = mr::ground::reasonerImageFromSlice(w.sliceView()->image(), 0);
        request.question = "Where is the lesion?";
        const mr::ground::GroundingResult expected = mr::ground::GroundingPipeline(scripted, classical()).run(request);
        QCOMPARE(QString::fromLatin1(mr::ground::groundingOutcomeName(expected.outcome)), QStringLiteral("mask"));

        Served answering(scripted, "answering");
        QCOMPARE(ask(w, viaServer(answering.url, QStringLiteral("answering"))), QStringLiteral("mask"));
        QCOMPARE(w.reasoningPanel()->rawText(), QString::fromStdString(expected.streamedText));
        const mr::widgets::PromptMarkers& drawn = w.sliceView()->promptMarkers();
        QVERIFY(drawn.box.has_value());
        const auto& a = expected.answer;
        QVERIFY(*drawn.box == *a.box);
        QCOMPARE(drawn.points.size(), size_t(2));
        QCOMPARE(drawn.points[0].x, a.point1->x);
        QCOMPARE(drawn.points[0].y, a.point1->y);
        QCOMPARE(drawn.points[1].x, a.point2->x);
        QCOMPARE(drawn.points[1].y, a.point2->y);
        QVERIFY(w.maskEditor()->hasReview());
        const std::vector<uint8_t> mask = w.maskEditor()->sliceMask(0);
        const std::vector<uint8_t>& expectedMask = *expected.bestMask();
        QCOMPARE(mask.size(), expectedMask.size());
        int differing = 0, foreground = 0;
        for (size_t i = 0; i < mask.size(); ++i) {
            differing += (mask[i] != 0) != (expectedMask[i] != 0);
            foreground += mask[i] != 0;
        }
        QCOMPARE(differing, 0);
        QVERIFY(foreground > 1000);
        QPixmap shot = w.grab();
        QPainter(&shot).drawImage(w.sliceView()->mapTo(&w, QPoint(0, 0)), w.sliceView()->grabFramebuffer());
        shot.save(QStringLiteral(MR_TEST_OUTPUT_DIR "/asked-through-serve.png"));

        // 3. A server that is not there: a clear message in the panel, and the app goes on.
        const QString gone = ask(w, viaServer(QStringLiteral("http://127.0.0.1:1/v1"), QStringLiteral("tiny")));
        QCOMPARE(gone, QStringLiteral("model_load_failed"));
        QCOMPARE(ask(w, viaServer(answering.url, QStringLiteral("answering"))), QStringLiteral("mask"));
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MedReasonerTest");
    QApplication::setApplicationName("MedReasoner Studio Remote Test");
    RemoteReasonerGuiTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "remote_reasoner_test.moc"
