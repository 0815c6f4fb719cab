// The main window as a user meets it: it opens the demo case (generated, written as a DICOM
// series, scanned and loaded off the GUI thread), shows it, and the status bar reports the voxel
// under the cursor with its Hounsfield value.
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QPainter>
#include <QProgressBar>
#include <QTextBrowser>
#include <QtTest>

#include "app/background_task.h"
#include "app/main_window.h"
#include "app/grounding_controller.h"
#include "app/prompt_controller.h"
#include "app/mask_editor.h"
#include "widgets/query_bar.h"
#include "widgets/reasoning_panel.h"
#include <QLineEdit>
#include <QElapsedTimer>
#include "engine/imaging/dicom_series_writer.h"
#include <QTreeWidget>
#include <fstream>
#include "widgets/multi_planar_view.h"
#include "engine/demo/abdomen_phantom.h"
#include "engine/demo/demo_case.h"
#include "widgets/series_picker_dialog.h"
#include "widgets/slice_view.h"
#include "tests/support/gestures.h"

class MainWindowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void opensTheDemoCaseAndReportsHounsfieldUnits() {
        mr::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        w.openDemoCase();
        QVERIFY(shown.wait(240000));
        // The label map follows the image; its dock changes the view's size, so wait for it.
        QTRY_VERIFY_WITH_TIMEOUT(!w.task()->busy(), 60000);
        QApplication::processEvents();
        auto* view = w.sliceView();
        QCOMPARE(view->labelMap().geometry().size, view->image().geometry().size);
        const auto& img = view->image();
        QCOMPARE(img.metadata().modality, std::string("CT"));
        QCOMPARE(img.depth(), int64_t(160));

        // The loaded series equals the phantom voxel for voxel (DICOM round trip).
        mr::demo::Phantom p = mr::demo::makeAbdomenPhantom();
        const auto [lx, ly, lz] = p.lesionCentre;
        QCOMPARE(img.value(lx, ly, lz), p.ct.value(lx, ly, lz));
        QCOMPARE(img.value(10, 200, 3), p.ct.value(10, 200, 3));

        view->setSlice(lz);
        QTest::mouseMove(view, view->widgetPosOf(double(lx), double(ly)).toPoint());
        auto* value = w.findChild<QLabel*>("voxelValueLabel");
        QVERIFY(value);
        QTRY_VERIFY(value->text().contains("HU"));
        QVERIFY2(value->text().startsWith(QString::number(qint64(img.value(lx, ly, lz)))), qPrintable(value->text()));
        auto* pos = w.findChild<QLabel*>("voxelPositionLabel");
        QVERIFY(pos->text().contains(QString("(%1, %2, %3)").arg(lx).arg(ly).arg(lz)));

        // Manual prompting with the classical expert (no model needed): a box around the lesion
        // gives a mask that matches the ground-truth lesion on that slice.
        w.prompts()->setTool(mr::widgets::ViewTool::Box);
        QSignalSpy masks(w.prompts(), &mr::app::PromptController::maskReady);
        mr::test::drag(view, double(lx - 22), double(ly - 22), double(lx + 22), double(ly + 22));
        QVERIFY(masks.wait(60000));
        QVERIFY(view->maskLayer().has_value());
        QVERIFY(w.maskEditor()->hasReview());
        QCOMPARE(w.maskEditor()->reviewSlice(), lz);
        const std::vector<uint8_t> mask = w.maskEditor()->sliceMask(lz);
        int64_t inter = 0, sumMask = 0, sumTruth = 0;
        for (int64_t y = 0; y < img.height(); ++y)
            for (int64_t x = 0; x < img.width(); ++x) {
                const bool m = mask[size_t(y * img.width() + x)] != 0;
                const bool t = view->labelMap().value(x, y, lz) == mr::demo::Lesion;
                inter += m && t;
                sumMask += m;
                sumTruth += t;
            }
        const double dice = 2.0 * double(inter) / double(sumMask + sumTruth);
        QVERIFY2(dice > 0.8, qPrintable(QString("Dice %1").arg(dice)));
        QPixmap shot = w.grab();
        QPainter(&shot).drawImage(view->mapTo(&w, QPoint(0, 0)), view->grabFramebuffer());
        shot.save(QString(MR_TEST_OUTPUT_DIR) + "/manual-prompt.png");
    }

    void menusOfferWhatTheFoundationPromises() {
        mr::app::MainWindow w;
        QStringList titles;
        for (QAction* a : w.menuBar()->actions()) titles << a->text().remove('&');
        QCOMPARE(titles,
                 (QStringList{"File", "Edit", "View", "Prompt", "Mask", "Engine", "Help"}));  // Edit: Copy Figure
    }

    void dicomFolderWithSeveralSeriesAsksWhichOne() {
        QTemporaryDir dir;
        for (int i = 0; i < 2; ++i) {
            mr::demo::PhantomOptions o;
            o.width = o.height = 64 + 32 * i;
            o.slices = 6 + i;
            o.pixelSpacing = 5.0;
            mr::demo::Phantom p = mr::demo::makeAbdomenPhantom(o);
            mr::imaging::DicomSeriesOptions w;
            w.uidRoot = "1.2.826.0.1.3680043.10.1500.7" + std::to_string(i);
            w.seriesDescription = "series " + std::to_string(i);
            mr::imaging::writeDicomSeries(p.ct, (dir.path() + QString("/s%1").arg(i)).toStdString(), w);
        }
        std::ofstream(dir.path().toStdString() + "/notes.dcm") << "not a DICOM file";

        mr::app::MainWindow w;
        w.show();
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        int listed = -1;
        QTimer picker;
        QObject::connect(&picker, &QTimer::timeout, [&] {
            for (QWidget* tl : QApplication::topLevelWidgets()) {
                auto* dlg = qobject_cast<mr::widgets::SeriesPickerDialog*>(tl);
                if (!dlg || !dlg->isVisible()) continue;
                auto* tree = dlg->findChild<QTreeWidget*>();
                listed = tree->topLevelItemCount();
                tree->setCurrentItem(tree->topLevelItem(1));
                dlg->accept();
            }
        });
        picker.start(50);
        w.openDicomFolder(dir.path());
        QVERIFY(shown.wait(60000));
        QCOMPARE(listed, 2);
        QCOMPARE(w.sliceView()->image().width(), int64_t(96));
        QCOMPARE(w.sliceView()->image().depth(), int64_t(7));
    }

    void askingStreamsTheTraceAndEscStopsIt() {
        mr::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        w.openDemoCase();
        QVERIFY(shown.wait(240000));
        QTRY_VERIFY_WITH_TIMEOUT(!w.task()->busy(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.sliceView()->labelMap().empty(), 30000);

        // Without a reasoner the bar says so and asking is impossible.
        mr::session::EngineSettings settings;
        w.grounding()->applySettings(settings);
        w.queryBar()->setAvailability(w.grounding()->reasonerConfigured(), w.grounding()->reasonerProblem());
        QVERIFY(!w.queryBar()->isReasonerReady());

        settings.models.reasoner.folder = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";
        settings.ask.maxNewTokens = 24;
        w.grounding()->applySettings(settings);
        QVERIFY2(w.grounding()->reasonerConfigured(), qPrintable(w.grounding()->reasonerProblem()));
        w.queryBar()->setAvailability(true);

        // Ask by typing and pressing Enter; measure how long the event loop ever waits.
        QSignalSpy finished(w.grounding(), &mr::app::GroundingController::finished);
        auto* edit = w.queryBar()->findChild<QLineEdit*>();
        QVERIFY(edit);
        edit->setFocus();
        QTest::keyClicks(edit, "Where is the lesion?");
        QElapsedTimer gap;
        double worstGapMs = 0;
        QTimer ticker;
        QObject::connect(&ticker, &QTimer::timeout, [&] { worstGapMs = std::max(worstGapMs, double(gap.restart())); });
        QStringList snapshots;
        auto* progress = w.findChild<QProgressBar*>("taskProgress");
        QVERIFY(progress);
        int mostProgress = -1;  // the status bar's progress while the trace streams
        // Every change of the trace view, not a timer's samples: a fast model's deltas can all be
        // handled in one pass of the event loop, but each must still reach the view on its own.
        QObject::connect(w.reasoningPanel()->traceView(), &QTextEdit::textChanged, [&] {
            const QString t = w.reasoningPanel()->rawText();
            if (snapshots.isEmpty() || snapshots.last() != t) snapshots << t;
        });
        QObject::connect(progress, &QProgressBar::valueChanged, [&](int value) {
            if (progress->isVisible()) mostProgress = std::max(mostProgress, value);
        });
        gap.start();
        ticker.start(10);
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(finished.wait(180000));
        ticker.stop();
        const QString outcome = finished.first().at(0).toString();
        // The tiny random model writes no valid answer: a clear format message, the trace kept.
        QVERIFY2(outcome == "format_issue" || outcome == "mask", qPrintable(outcome));
        QVERIFY(!w.reasoningPanel()->rawText().isEmpty());
        QVERIFY2(snapshots.size() >= 3, qPrintable(QString("text arrived in %1 steps").arg(snapshots.size())));
        QVERIFY2(worstGapMs < 1500, qPrintable(QString("event loop blocked for %1 ms").arg(worstGapMs)));
        QCOMPARE(w.queryBar()->isBusy(), false);
        // The progress bar advanced with the tokens and is empty and hidden once done.
        QVERIFY2(mostProgress > 0, qPrintable(QString("progress while answering: %1").arg(mostProgress)));
        QVERIFY(!progress->isVisible());
        QVERIFY(progress->value() <= 0);

        // Esc stops a long generation at the next token.
        settings.ask.maxNewTokens = 4000;
        w.grounding()->applySettings(settings);
        finished.clear();
        QTest::keyClicks(edit, "Where would you biopsy?");
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(w.reasoningPanel()->rawText().size() > 5, 120000);
        QTest::keyClick(edit, Qt::Key_Escape);
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(0).toString(), QString("cancelled"));
        QTRY_VERIFY(!progress->isVisible());  // a stop resets it too
        QVERIFY(progress->value() <= 0);
        QPixmap shot = w.grab();
        QPainter(&shot).drawImage(w.sliceView()->mapTo(&w, QPoint(0, 0)), w.sliceView()->grabFramebuffer());
        shot.save(QString(MR_TEST_OUTPUT_DIR) + "/asked.png");
    }

    void badFolderGivesAMessageNotACrash() {
        mr::app::MainWindow w;
        QSignalSpy failed(w.task(), &mr::app::BackgroundTask::failed);
        QTimer::singleShot(0, [] {});
        // A folder with no DICOM in it: the scan finds nothing and the window says so.
        QTemporaryDir empty;
        QTimer closer;
        QObject::connect(&closer, &QTimer::timeout, [] {
            for (QWidget* tl : QApplication::topLevelWidgets())
                if (tl->inherits("QMessageBox")) tl->close();
        });
        closer.start(50);
        w.openPath(empty.path() + "/missing-file.dcm");
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.first().at(1).toString().contains("missing-file.dcm"));
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MedReasonerTest");
    QApplication::setApplicationName("MedReasoner Studio Test");
    MainWindowTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "main_window_test.moc"
