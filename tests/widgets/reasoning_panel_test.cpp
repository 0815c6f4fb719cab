// The reasoning panel fed the way the grounding pipeline feeds it (offscreen): text streamed in
// deltas that split the tags anywhere still shows the think and answer parts distinctly, the
// answer's coordinates are links that emit coordinateClicked, format problems and failures show
// in bands while the trace stays, and the stage strip reports states and timings.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QtTest>

#include "tests/support/screenshots.h"

#include "widgets/reasoning_panel.h"

using mr::widgets::ReasoningPanel;
using Section = ReasoningPanel::Section;
using StageState = ReasoningPanel::StageState;

namespace {

struct Run {
    QString text;
    Section section;
    QTextCharFormat format;
    int position;
};

// Every fragment of the trace document with the section its format says it belongs to.
QVector<Run> runs(const QTextDocument* doc) {
    QVector<Run> out;
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextFragment f = it.fragment();
            out.append({f.text(), Section(f.charFormat().intProperty(ReasoningPanel::kSectionProperty)), f.charFormat(),
                        f.position()});
        }
    return out;
}

QString textOf(const QVector<Run>& all, Section section) {
    QString s;
    for (const Run& r : all)
        if (r.section == section) s += r.text;
    return s;
}

const char* kStream[] = {"<thi",
                         "nk>abc",
                         " def</th",
                         "ink>\n<ans",
                         "wer>{'bbox':[1",
                         "2,3",
                         "4, 56.5,78],'points_1':[30,40],",
                         "\"points_2\": [ -5 , 6e1 ]}</ans",
                         "wer>"};

}  // namespace

class ReasoningPanelTest : public QObject {
    Q_OBJECT

    void stream(ReasoningPanel& panel) {
        for (const char* delta : kStream) panel.appendText(QString::fromUtf8(delta));
    }

private Q_SLOTS:
    void initTestCase() { QDir().mkpath(QStringLiteral(MR_TEST_OUTPUT_DIR)); }

    void thinkAndAnswerAreDistinctWhileTagsAreSplit() {
        ReasoningPanel panel;
        panel.appendText(QStringLiteral("<thi"));
        QCOMPARE(panel.traceView()->toPlainText(), QString());  // may be a tag: held back
        panel.appendText(QStringLiteral("nk>abc</th"));
        // The think part shows muted before it is closed.
        QVector<Run> all = runs(panel.traceView()->document());
        QCOMPARE(textOf(all, Section::Think), QStringLiteral("abc"));
        panel.appendText(QStringLiteral("ink><answer>{'bbox':[1,2,3,4]"));
        all = runs(panel.traceView()->document());
        QCOMPARE(textOf(all, Section::Think), QStringLiteral("abc"));
        QCOMPARE(textOf(all, Section::Answer), QStringLiteral("{'bbox':[1,2,3,4]"));  // unfinished answer shows
        QVERIFY(!panel.traceView()->toPlainText().contains(QLatin1Char('<')));        // no tags shown
        QCOMPARE(panel.thinkText(), QStringLiteral("abc"));

        // Distinct looks: the answer is monospace in a highlighted box, the think part is muted.
        QColor thinkColor, otherColor;
        for (const Run& r : all) {
            if (r.section == Section::Think) {
                QVERIFY(!r.format.fontFixedPitch());
                thinkColor = r.format.foreground().color();
            }
            if (r.section == Section::Answer) QVERIFY(r.format.fontFixedPitch());
        }
        const QColor text = panel.palette().color(QPalette::Text);
        QVERIFY(thinkColor.isValid() && thinkColor != text);
        QTextCursor c(panel.traceView()->document());
        bool inFrame = false;
        for (const Run& r : all)
            if (r.section == Section::Answer) {
                c.setPosition(r.position);
                QTextFrame* frame = c.currentFrame();
                inFrame = frame != panel.traceView()->document()->rootFrame() &&
                          frame->frameFormat().background().style() != Qt::NoBrush;
            }
        QVERIFY(inFrame);
    }

    void tagLikeTextThatIsNotATagIsShown() {
        ReasoningPanel panel;
        panel.appendText(QStringLiteral("<think>size <"));
        panel.appendText(QStringLiteral("5 mm, a<b</think>"));
        QCOMPARE(panel.thinkText(), QStringLiteral("size <5 mm, a<b"));
        QCOMPARE(textOf(runs(panel.traceView()->document()), Section::Think), QStringLiteral("size <5 mm, a<b"));
        panel.appendText(QStringLiteral("tail </th"));
        panel.finishText();  // the end of the stream shows what was held back
        QVERIFY(panel.traceView()->toPlainText().endsWith(QStringLiteral("tail </th")));
    }

    void coordinatesAreLinksThatEmitTheirNumbers() {
        ReasoningPanel panel;
        panel.resize(480, 520);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        stream(panel);
        QCOMPARE(panel.coordinateLinks(), (QStringList{"coord:12,34", "coord:56.5,78", "coord:30,40", "coord:-5,6e1"}));
        QCOMPARE(panel.answerText(),
                 QStringLiteral("{'bbox':[12,34, 56.5,78],'points_1':[30,40],\"points_2\": [ -5 , 6e1 ]}"));

        QSignalSpy clicked(&panel, &ReasoningPanel::coordinateClicked);
        // A real click on the second corner's link in the browser.
        QTextBrowser* view = panel.traceView();
        int linkPos = -1;
        for (const Run& r : runs(view->document()))
            if (r.format.anchorHref() == QLatin1String("coord:56.5,78")) linkPos = r.position;
        QVERIFY(linkPos >= 0);
        QTextCursor c(view->document());
        c.setPosition(linkPos + 1);
        const QPoint at = view->cursorRect(c).center();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, at);
        QTRY_COMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toDouble(), 56.5);
        QCOMPARE(clicked.at(0).at(1).toDouble(), 78.0);

        // The public slot, as the browser's anchorClicked would call it.
        QVERIFY(panel.activateLink(QUrl(QStringLiteral("coord:-5,6e1"))));
        QCOMPARE(clicked.count(), 2);
        QCOMPARE(clicked.at(1).at(0).toDouble(), -5.0);
        QCOMPARE(clicked.at(1).at(1).toDouble(), 60.0);
        QVERIFY(!panel.activateLink(QUrl(QStringLiteral("https://example.org"))));
        QCOMPARE(clicked.count(), 2);
    }

    void doubleQuotedAnswerAndTextAroundIt() {
        ReasoningPanel panel;
        panel.appendText(QStringLiteral("Sure.\n<answer>{\"bbox\": [10, 20, 30, 40], \"points_1\": [15, 25]"));
        panel.appendText(QStringLiteral(", \"points_2\": [25, 35]}</answer> trailing"));
        QCOMPARE(panel.coordinateLinks(), (QStringList{"coord:10,20", "coord:30,40", "coord:15,25", "coord:25,35"}));
        const QVector<Run> all = runs(panel.traceView()->document());
        QCOMPARE(textOf(all, Section::Other), QStringLiteral("Sure.trailing"));
        QVERIFY(textOf(all, Section::Think).isEmpty());
    }

    void formatProblemAndFailureShowWhileTheTraceStays() {
        ReasoningPanel panel;
        panel.resize(480, 560);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setQuestion(QStringLiteral("Where would you biopsy?"));
        panel.appendText(QStringLiteral("<think>The mass is in the left lobe.</think><answer>{'bbox': [1, 2,"));
        panel.finishText();
        panel.showFormatProblem(QStringLiteral("The answer is not valid JSON (unexpected end at character 14)."));
        auto* band = panel.findChild<QLabel*>("formatBand");
        QVERIFY(band && band->isVisible());
        QVERIFY(band->text().contains(QStringLiteral("not valid JSON")));
        QVERIFY(panel.traceView()->toPlainText().contains(QStringLiteral("The mass is in the left lobe.")));

        panel.setStage(QStringLiteral("segment"), QString(), true, 0);
        panel.setFailed(QStringLiteral("segment"), QStringLiteral("The expert checkpoint is truncated."));
        auto* status = panel.findChild<QLabel*>("statusBand");
        QVERIFY(status && status->isVisible());
        QVERIFY(status->text().contains(QStringLiteral("truncated")));
        QCOMPARE(panel.stageState(QStringLiteral("segment")), StageState::Failed);
        QCoreApplication::processEvents();  // let the stage strip lay out its updated chips
        QVERIFY(panel.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/reasoning_panel_problem.png")));

        panel.clear();
        QVERIFY(!band->isVisible() && !status->isVisible());
        QVERIFY(panel.traceView()->toPlainText().isEmpty());
        QCOMPARE(panel.stageState(QStringLiteral("segment")), StageState::Pending);
    }

    void stagesShowStateAndTiming() {
        ReasoningPanel panel;
        panel.setStage(QStringLiteral("load"), QString(), true, 0);
        QCOMPARE(panel.stageState(QStringLiteral("load")), StageState::Running);
        panel.setStage(QStringLiteral("load"), QString(), false, 1234);
        QCOMPARE(panel.stageState(QStringLiteral("load")), StageState::Finished);
        QCOMPARE(panel.stageText(QStringLiteral("load")), ReasoningPanel::tr("Load model") + QStringLiteral(" 1.2 s"));
        panel.setStage(QStringLiteral("encoding_image"), QString(), false, 420);  // the engine's ids work too
        QCOMPARE(panel.stageText(QStringLiteral("encode")),
                 ReasoningPanel::tr("Encode image") + QStringLiteral(" 420 ms"));
        panel.setStage(QStringLiteral("reason"), QString(), true, 2400);
        panel.setDecodeRate(18.2);
        QCOMPARE(panel.stageText(QStringLiteral("reason")), QStringLiteral("Reasoning 2.4 s \u00b7 18 tok/s"));
        panel.setCancelled();
        QCOMPARE(panel.stageState(QStringLiteral("reason")), StageState::Cancelled);
        panel.setStage(QStringLiteral("done"), QString(), false, 4100);
        QCOMPARE(panel.stageState(QStringLiteral("done")), StageState::Cancelled);  // the run was stopped
        QCOMPARE(panel.stageState(QStringLiteral("segment")), StageState::Pending);

        // Stopped after the engine already reported its last stage: the end shows the stop.
        ReasoningPanel late;
        late.setStage(QStringLiteral("reason"), QString(), false, 900);
        late.setStage(QStringLiteral("done"), QString(), false, 950);
        QCOMPARE(late.stageState(QStringLiteral("done")), StageState::Finished);
        late.setCancelled();
        QCOMPARE(late.stageState(QStringLiteral("done")), StageState::Cancelled);
        QCOMPARE(late.stageState(QStringLiteral("reason")), StageState::Finished);

        // An answer that cannot be read: the run ended, but not with a tick (either order).
        ReasoningPanel malformed;
        malformed.setStage(QStringLiteral("done"), QString(), false, 950);
        malformed.showFormatProblem(QStringLiteral("not valid JSON"));
        QCOMPARE(malformed.stageState(QStringLiteral("done")), StageState::Failed);
        ReasoningPanel malformedFirst;
        malformedFirst.showFormatProblem(QStringLiteral("not valid JSON"));
        malformedFirst.setStage(QStringLiteral("done"), QString(), false, 950);
        QCOMPARE(malformedFirst.stageState(QStringLiteral("done")), StageState::Failed);
    }

    // A chip whose text grows while the run goes (time, rate, precision) is laid out again at
    // its full width: no "Reasoning 7" cut off.
    void stageChipsShowTheirWholeText() {
        ReasoningPanel panel;
        panel.resize(520, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setStage(QStringLiteral("load"), QString(), false, 384);
        panel.setStage(QStringLiteral("reason"), QString(), true, 0);
        QApplication::processEvents();
        panel.setStage(QStringLiteral("reason"), QString(), false, 7300);
        panel.setDecodeRate(45.3);
        panel.setPrecision(QStringLiteral("float32"));
        panel.setStage(QStringLiteral("done"), QString(), false, 7800);
        QApplication::processEvents();
        QApplication::processEvents();
        auto* label = panel.findChild<QLabel*>(QStringLiteral("stage_reason"));
        QVERIFY(label);
        QVERIFY2(label->text().contains("tok/s") && label->text().contains("float32"), qPrintable(label->text()));
        QVERIFY2(label->width() >= label->sizeHint().width(),
                 qPrintable(QString("%1 px for %2 px of text").arg(label->width()).arg(label->sizeHint().width())));
        mr::test::saveScreenshot(&panel, "stage-chips");
    }

    void longTraceStreamsTokenByToken() {
        ReasoningPanel panel;
        panel.resize(440, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QString think;
        for (int i = 0; i < 3000; ++i)
            think += QStringLiteral("token%1 ").arg(i % 97) + (i % 40 == 39 ? QStringLiteral("\n") : QString());
        const QString full =
            QStringLiteral("<think>") + think +
            QStringLiteral("</think><answer>{'bbox':[1,2,3,4],'points_1':[2,3],'points_2':[3,3]}</answer>");
        QElapsedTimer timer;
        timer.start();
        qint64 firstHalfMs = -1;
        for (int i = 0; i < full.size(); i += 3) {
            panel.appendText(full.mid(i, 3));
            if (firstHalfMs < 0 && i >= full.size() / 2) firstHalfMs = timer.elapsed();
        }
        // Appending keeps the cost per delta flat: the second half takes about as long as the first.
        qInfo("streamed %d characters in %lld deltas: %lld ms (first half %lld ms)", int(full.size()),
              (long long)(full.size() + 2) / 3, (long long)timer.elapsed(), (long long)firstHalfMs);
        QCOMPARE(panel.thinkText(), think);
        QCOMPARE(panel.coordinateLinks().size(), 4);
        QCOMPARE(panel.rawText(), full);
    }

    void screenshots() {
        ReasoningPanel panel;
        panel.resize(440, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setQuestion(QStringLiteral("Where would you biopsy to confirm the suspected malignancy?"));
        panel.setStage(QStringLiteral("load"), QString(), false, 850);
        panel.setStage(QStringLiteral("encode"), QString(), false, 310);
        panel.setStage(QStringLiteral("reason"), QString(), false, 2400);
        panel.setDecodeRate(18);
        panel.setStage(QStringLiteral("segment"), QString(), true, 120);
        const QString trace = QStringLiteral(
            "<think>The contrast-enhanced CT shows a hypodense, irregular mass in the pancreatic head with "
            "upstream ductal dilatation. The most solid, enhancing part lies at its anterior margin, away from "
            "the superior mesenteric vessels, which is the safest and most diagnostic target.</think>\n"
            "<answer>{'bbox': [212, 188, 268, 241], 'points_1': [236, 210], 'points_2': [248, 224]}</answer>");
        for (int i = 0; i < trace.size(); i += 7) panel.appendText(trace.mid(i, 7));
        panel.showAnswerSummary(QStringLiteral("Box <a href='coord:212,188'>(212, 188)</a> – (268, 241) · 2 points"));
        QCoreApplication::processEvents();  // let the stage strip lay out its updated chips
        QVERIFY(panel.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/reasoning_panel.png")));

        // A dark palette (applied before the text arrives, as a theme is) keeps the parts apart.
        ReasoningPanel dark;
        QPalette p = dark.palette();
        p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setPalette(p);
        dark.resize(440, 420);
        dark.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dark));
        dark.setQuestion(QStringLiteral("Where would you biopsy to confirm the suspected malignancy?"));
        dark.setStage(QStringLiteral("load"), QString(), false, 850);
        dark.setStage(QStringLiteral("reason"), QString(), true, 900);
        for (int i = 0; i < trace.size(); i += 7) dark.appendText(trace.mid(i, 7));
        dark.showFormatProblem(QStringLiteral("points_2 is missing."));
        QCoreApplication::processEvents();
        QVERIFY(dark.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/reasoning_panel_dark.png")));
    }
};

QTEST_MAIN(ReasoningPanelTest)
#include "reasoning_panel_test.moc"
