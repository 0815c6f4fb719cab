// The worklist as a reader uses it: a folder of three studies opened as a worklist, stepped with N
// and Shift+N, a sample saved from one study (its status becomes "saved"), the study opened again
// with that sample's mask over it, the app restarted at the case the reader stopped at, and a
// dataset opened as a worklist with each sample's question in the query bar.
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include "app/background_task.h"
#include "app/dataset_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/sample_review_controller.h"
#include "app/worklist_controller.h"
#include "engine/imaging/nifti.h"
#include "engine/dataset/sample.h"
#include "engine/session/worklist_progress.h"
#include "widgets/query_bar.h"
#include "widgets/reasoning_panel.h"
#include "widgets/review_dialog.h"
#include "widgets/worklist_panel.h"
#include "tests/support/main_window_fixture.h"
#include "tests/support/modal_dialogs.h"

using mr::session::CaseStatus;

class WorklistTest : public QObject {
    Q_OBJECT

    QTemporaryDir root_;
    QString studies_, dataset_;

    // Three small CT studies whose pixel values differ, so each is recognisable on screen.
    void writeStudies() {
        studies_ = root_.filePath("studies");
        QDir().mkpath(studies_);
        const char* names[] = {"case1.nii.gz", "case2.nii.gz", "case10.nii.gz"};
        for (int i = 0; i < 3; ++i) {
            mr::imaging::Image ct = mr::test::smallCtPhantom().ct;
            ct.data<int16_t>()[0] = int16_t(1000 + i);  // a mark in the corner voxel
            mr::imaging::writeNifti(ct, (studies_ + "/" + names[i]).toStdString());
        }
    }

    static QString titleOf(mr::app::MainWindow& w) { return w.windowTitle().section(QStringLiteral(" — "), 0, 0); }

    // Steps with a key and waits for the case's image.
    static void press(mr::app::MainWindow& w, Qt::Key key, Qt::KeyboardModifiers mods, const QString& expected) {
        // As a reader at the keyboard: the window active, the focus in the image.
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.sliceView()->setFocus();
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        QTest::keyClick(w.sliceView(), key, mods);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QCOMPARE(titleOf(w), expected);
    }

    static void acceptReviewDialog(const QString& question) {
        mr::test::whenModalShows<mr::widgets::ReviewDialog>([question](mr::widgets::ReviewDialog* dlg) {
            dlg->findChild<QLineEdit*>("question")->setText(question);
            dlg->findChild<QComboBox*>("supercategory")->setCurrentText("abdomen");
            dlg->findChild<QComboBox*>("category")->setCurrentText("liver");
            dlg->findChild<QLineEdit*>("annotator")->setText("reader-1");
            dlg->accept();
        });
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QDir(mr::app::WorklistController::progressFolder()).removeRecursively();
        QVERIFY(root_.isValid());
        writeStudies();
        dataset_ = root_.filePath("dataset");
    }

    void stepThroughStudiesAndSaveOne() {
        mr::app::MainWindow w;
        w.resize(1280, 800);
        QVERIFY(mr::test::showActive(w));
        auto* worklist = w.findChild<mr::app::WorklistController*>();
        QVERIFY(worklist);
        auto* panel = worklist->panel();

        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        worklist->openStudies(studies_);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QVERIFY(worklist->dock()->isVisible());
        QCOMPARE(panel->count(), 3);
        QCOMPARE(panel->list()->item(2)->text().section(' ', -1), QStringLiteral("case10.nii.gz"));  // natural order
        QCOMPARE(titleOf(w), QStringLiteral("case1.nii.gz"));
        QCOMPARE(panel->positionText(), QStringLiteral("Case 1 of 3 · 0 saved"));
        QVERIFY(!worklist->previousAction()->isEnabled());

        w.sliceView()->setFocus();
        press(w, Qt::Key_N, Qt::NoModifier, QStringLiteral("case2.nii.gz"));
        QCOMPARE(panel->positionText(), QStringLiteral("Case 2 of 3 · 0 saved"));
        press(w, Qt::Key_N, Qt::ShiftModifier, QStringLiteral("case1.nii.gz"));
        press(w, Qt::Key_N, Qt::NoModifier, QStringLiteral("case2.nii.gz"));

        // A mask on slice 2 of case2, saved as a sample: the case is "saved".
        QSignalSpy opened(w.dataset(), &mr::app::DatasetController::opened);
        w.dataset()->open(dataset_);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1, 20000);
        std::vector<uint8_t> mask(64 * 64, 0);
        for (int y = 20; y < 34; ++y)
            for (int x = 24; x < 40; ++x) mask[size_t(y * 64 + x)] = 1;
        w.maskEditor()->applyExpertMask(2, mask, QStringLiteral("Segment"), true);
        QSignalSpy saved(w.dataset(), &mr::app::DatasetController::saved);
        acceptReviewDialog(QStringLiteral("Where is the liver?"));
        w.review()->saveSample();
        QTRY_VERIFY_WITH_TIMEOUT(saved.count() == 1, 20000);
        QCOMPARE(worklist->progress().statusOf("case2.nii.gz"), CaseStatus::Saved);
        QCOMPARE(panel->positionText(), QStringLiteral("Case 2 of 3 · 1 saved"));

        // Away and back: case2 opens with the saved sample's mask over its slice.
        press(w, Qt::Key_N, Qt::NoModifier, QStringLiteral("case10.nii.gz"));
        const std::vector<uint8_t> other = w.maskEditor()->sliceMask(2);
        QVERIFY(std::all_of(other.begin(), other.end(), [](uint8_t v) { return v == 0; }));
        press(w, Qt::Key_N, Qt::ShiftModifier, QStringLiteral("case2.nii.gz"));
        QTRY_COMPARE_WITH_TIMEOUT(w.maskEditor()->sliceMask(2), mask, 20000);
        QCOMPARE(w.queryBar()->text(), QStringLiteral("Where is the liver?"));

        // The reader widens the mask and saves again: revision 2 of the same sample, with the
        // change against revision 1 in the dialog and the history kept.
        std::vector<uint8_t> wider = mask;
        for (int y = 20; y < 34; ++y)
            for (int x = 40; x < 46; ++x) wider[size_t(y * 64 + x)] = 1;
        w.maskEditor()->applySliceMasks({{2, wider}}, QStringLiteral("Widen"));
        QString statistics, title;
        mr::test::whenModalShows<mr::widgets::ReviewDialog>([&](mr::widgets::ReviewDialog* dlg) {
            statistics = dlg->findChild<QLabel*>("reviewStatistics")->text();
            title = dlg->windowTitle();
            dlg->findChild<QLineEdit*>("annotator")->setText("reader-2");
            dlg->findChild<QWidget*>("note")->setProperty("plainText", QStringLiteral("the rim too"));
            dlg->grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/revision-dialog.png"));
            dlg->accept();
        });
        QSignalSpy revised(w.dataset(), &mr::app::DatasetController::revised);
        w.review()->saveSample();
        QTRY_VERIFY_WITH_TIMEOUT(revised.count() == 1, 20000);
        QCOMPARE(title, QStringLiteral("Save Revision 2 of the Sample"));
        QVERIFY2(statistics.contains(QStringLiteral("Against revision 1: Dice 0.842, 84 pixels changed")),
                 qPrintable(statistics));
        const mr::dataset::Sample* sample = w.dataset()->find(QStringLiteral("000001"));
        QVERIFY(sample);
        QCOMPARE(sample->revisions.size(), size_t(2));
        QCOMPARE(sample->revisions[1].annotator, std::string("reader-2"));
        QCOMPARE(sample->revisions[1].note, std::string("the rim too"));
        QCOMPARE(sample->revisions[0].maskFile, std::string("masks/000001.png"));
        QCOMPARE(sample->maskFile, std::string("masks/000001_r2.png"));
        // The export takes the latest revision.
        QSignalSpy exported(w.dataset(), &mr::app::DatasetController::exported);
        const QString pngs = root_.filePath("export");
        w.dataset()->exportTo(QStringLiteral("png"), pngs);
        QTRY_VERIFY_WITH_TIMEOUT(exported.count() == 1, 20000);
        const QImage out = QImage(pngs + "/000001.png").convertToFormat(QImage::Format_Grayscale8);
        QCOMPARE(out.size(), QSize(64, 64));
        QCOMPARE(qGray(out.pixel(43, 25)), 255);  // in the widened part
        QCOMPARE(qGray(out.pixel(50, 25)), 0);
        QPixmap shot = w.grab();
        QPainter(&shot).drawImage(w.sliceView()->mapTo(&w, QPoint(0, 0)), w.sliceView()->grabFramebuffer());
        shot.save(QStringLiteral(MR_TEST_OUTPUT_DIR "/worklist-studies.png"));
        worklist->waitForWrites();
        w.dataset()->waitForPending();
        // The studies' folder is only read: nothing added, nothing changed.
        QCOMPARE(QDir(studies_).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList({"case1.nii.gz", "case10.nii.gz", "case2.nii.gz"}));
    }

    void resumesWhereTheReaderStopped() {
        // The last session ended on case2: a new window (a restart) reopens the worklist there.
        mr::app::MainWindow w;
        w.resize(1280, 800);
        QVERIFY(mr::test::showActive(w));
        auto* worklist = w.findChild<mr::app::WorklistController*>();
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        worklist->restoreLast();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QCOMPARE(titleOf(w), QStringLiteral("case2.nii.gz"));
        QCOMPARE(worklist->current(), 1);
        QCOMPARE(worklist->progress().statusOf("case1.nii.gz"), CaseStatus::Opened);
        QCOMPARE(worklist->progress().statusOf("case10.nii.gz"), CaseStatus::Opened);
        QCOMPARE(worklist->panel()->positionText(), QStringLiteral("Case 2 of 3 · 1 saved"));
        worklist->waitForWrites();
    }

    void aDatasetWorklistPrefillsEachQuestion() {
        mr::app::MainWindow w;
        w.resize(1280, 800);
        QVERIFY(mr::test::showActive(w));
        auto* worklist = w.findChild<mr::app::WorklistController*>();
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        worklist->openDataset(dataset_);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QCOMPARE(worklist->panel()->count(), 1);
        QCOMPARE(w.queryBar()->text(), QStringLiteral("Where is the liver?"));
        QVERIFY(w.windowTitle().contains(QStringLiteral("000001")));
        QVERIFY(!worklist->nextAction()->isEnabled());
        worklist->waitForWrites();
        w.dataset()->waitForPending();
    }

    void anEvaluationRunOpensWorstFirstWithItsQuestion() {
        const QString results = root_.filePath("results"), images = root_.filePath("scored/images");
        QDir().mkpath(results);
        QDir().mkpath(images);
        for (const char* name : {"7.png", "8.png"}) {
            QImage picture(48, 40, QImage::Format_RGB888);
            picture.fill(QColor(90, 90, 90));
            QVERIFY(picture.save(images + "/" + name));
        }
        QFile lines(results + "/results.jsonl");
        QVERIFY(lines.open(QIODevice::WriteOnly));
        lines.write(R"({"id": "7", "image": "images/7.png", "question": "Where is the aorta?", "iou": 0.8}
{"id": "8", "image": "images/8.png", "question": "Where is the gallbladder?", "iou": 0.05}
)");
        lines.close();
        QFile run(results + "/results.jsonl.run.json");
        QVERIFY(run.open(QIODevice::WriteOnly));
        run.write(QStringLiteral("{\"dataset\": \"%1\"}").arg(root_.filePath("scored")).toUtf8());
        run.close();

        mr::app::MainWindow w;
        w.resize(1280, 800);
        QVERIFY(mr::test::showActive(w));
        auto* worklist = w.findChild<mr::app::WorklistController*>();
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        worklist->openResults(results);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 20000);
        QCOMPARE(titleOf(w), QStringLiteral("8.png"));  // the worst IoU first
        QCOMPARE(w.queryBar()->text(), QStringLiteral("Where is the gallbladder?"));
        QVERIFY(worklist->panel()->list()->item(0)->text().endsWith(QStringLiteral("8 · iou 0.050")));
        press(w, Qt::Key_N, Qt::NoModifier, QStringLiteral("7.png"));
        QCOMPARE(w.queryBar()->text(), QStringLiteral("Where is the aorta?"));
        worklist->waitForWrites();
    }

    void aFolderWithoutStudiesSaysSo() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        auto* worklist = w.findChild<mr::app::WorklistController*>();
        const QString empty = root_.filePath("empty");
        QDir().mkpath(empty);
        QSignalSpy failed(w.task(), &mr::app::BackgroundTask::failed);
        mr::test::whenDialogShows([](QWidget* d) { d->close(); });
        worklist->openStudies(empty);
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 20000);
        QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("no study folder or image file")));
        QVERIFY(!worklist->isOpen());
    }
};

QTEST_MAIN(WorklistTest)
#include "worklist_test.moc"
