// The evaluation case viewer as a reader uses it: a run scored by `medreasoner score` on a
// small dataset opened as a worklist, worst first; each case shows the ground truth and the
// prediction over the image with the reasoner's text and the scores; the parts toggle; the cases
// sort by another metric; D puts the prediction in the editor, which saves to a dataset; and the
// report dialog's failed samples and chart bars open their cases.
#include <QApplication>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>

#include "app/cli/command.h"
#include "app/dataset_controller.h"
#include "app/evaluation_case_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "app/sample_review_controller.h"
#include "app/worklist_controller.h"
#include "engine/core/json.h"
#include "engine/dataset/dataset_store.h"
#include "engine/dataset/umrg_records.h"
#include "tests/support/labels_shown.h"
#include "tests/support/main_window_fixture.h"
#include "tests/support/modal_dialogs.h"
#include "tests/support/screenshots.h"
#include "widgets/evaluation_case_panel.h"
#include "widgets/evaluation_report_dialog.h"
#include "widgets/multi_planar_view.h"
#include "widgets/reasoning_panel.h"
#include "widgets/review_dialog.h"
#include "widgets/slice_view.h"
#include "widgets/worklist_panel.h"

using namespace mr::session;

class EvaluationCaseTest : public QObject {
    Q_OBJECT

    QTemporaryDir root_;
    QString dataset_, results_;

    // Three samples of a bright square: "1" answered exactly (its mask too), "2" with a shifted box
    // and a mask of half the square, "3" with no answer. Scored into results_ as `score` does.
    void makeRun() {
        dataset_ = root_.filePath("scored");
        results_ = root_.filePath("results");
        QDir().mkpath(dataset_ + "/images");
        QDir().mkpath(dataset_ + "/masks");
        QDir().mkpath(dataset_ + "/predicted");
        std::vector<mr::dataset::UmrgRecord> records;
        std::ofstream predictions((dataset_ + "/predictions.jsonl").toStdString());
        for (int i = 1; i <= 3; ++i) {
            const QString id = QString::number(i);
            QImage image(64, 48, QImage::Format_RGB888);
            image.fill(QColor(40, 40, 40));
            QPainter(&image).fillRect(QRect(16, 12, 24, 20), QColor(220, 220, 220));
            QVERIFY(image.save(dataset_ + "/images/" + id + ".png"));
            QImage truth(64, 48, QImage::Format_Grayscale8);
            truth.fill(0);
            QPainter(&truth).fillRect(QRect(16, 12, 24, 20), Qt::white);
            QVERIFY(truth.save(dataset_ + "/masks/" + id + ".png"));
            mr::dataset::UmrgRecord r;
            r.id = id.toStdString();
            r.image = "images/" + r.id + ".png";
            r.mask = "masks/" + r.id + ".png";
            r.question = "Which region is bright, case " + r.id + "?";
            r.bbox2d = {16, 12, 40, 32};
            r.point2d = {{{20, 16}, {34, 26}}};
            r.category = "lesion";
            r.supercategory = "abdomen";
            records.push_back(r);

            mr::json::Value p = mr::json::Value::object();
            p.set("id", r.id);
            const char* boxes[] = {"[16, 12, 40, 32]", "[24, 12, 48, 32]"};
            const char* firstPoints[] = {"[20, 16]", "[28, 18]"};  // the second answer misses the first point
            p.set("output", i == 3 ? std::string("<think>I cannot tell.</think> no answer")
                                   : std::string("<think>The bright square is the lesion.</think><answer>{\"bbox\": ") +
                                         boxes[i - 1] + ", \"points_1\": " + firstPoints[i - 1] +
                                         ", \"points_2\": [34, 26]}</answer>");
            if (i < 3) {
                QImage predicted(64, 48, QImage::Format_Grayscale8);
                predicted.fill(0);
                QPainter(&predicted).fillRect(QRect(16, 12, i == 1 ? 24 : 12, 20), Qt::white);
                QVERIFY(predicted.save(dataset_ + "/predicted/" + id + ".png"));
                p.set("mask", "predicted/" + r.id + ".png");
            }
            predictions << mr::json::dump(p) << "\n";
        }
        predictions.close();
        mr::dataset::saveRecords((dataset_ + "/annotations.json").toStdString(), records);
        // `medreasoner score DATASET PREDICTIONS --out RESULTS`, run in-process.
        QCOMPARE(mr::cli::command("score").run({dataset_.toStdString(), (dataset_ + "/predictions.jsonl").toStdString(),
                                                "--out", results_.toStdString(), "--quiet"}),
                 0);
    }

    static std::vector<int> labelsShown(mr::app::MainWindow& w) {
        return mr::test::labelsShown(w.sliceView()->labelMap());
    }

    static QString openedId(mr::app::WorklistController* worklist) {
        return QString::fromStdString(worklist->worklist().cases[size_t(worklist->current())].key);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(root_.isValid());
        makeRun();
        QVERIFY(QFile::exists(results_ + "/results.jsonl"));
        QVERIFY(QFile::exists(results_ + "/report.html"));  // as `score` writes for a whole run
    }

    void init() { QSettings().clear(); }

    void eachCaseShowsTruthAndPredictionWorstFirst() {
        mr::app::MainWindow w;
        w.resize(1400, 860);
        QVERIFY(mr::test::showActive(w));
        auto* worklist = w.worklist();
        auto* cases = w.evaluationCase();
        QSignalSpy shown(cases, &mr::app::EvaluationCaseController::caseShown);
        worklist->openResults(results_);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 20000);
        // Worst IoU first: "3" (no answer, 0), then "2" (shifted box), then "1".
        QCOMPARE(shown.last().at(0).toString(), QStringLiteral("3"));
        auto* panel = cases->panel();
        QVERIFY(panel->findChild<QLabel*>("caseTitle")->text().contains(QStringLiteral("no_answer")));
        QCOMPARE(labelsShown(w), (std::vector<int>{kTruthMask, kTruthBox, kTruthPoints}));  // nothing predicted

        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.sliceView()->setFocus();
        QTest::keyClick(w.sliceView(), Qt::Key_N);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 2, 20000);
        QCOMPARE(shown.last().at(0).toString(), QStringLiteral("2"));
        QCOMPARE(labelsShown(w),
                 (std::vector<int>{kBothMasks, kTruthMask, kTruthBox, kTruthPoints, kPredictedBox, kPredictedPoints}));
        QVERIFY(w.reasoningPanel()->thinkText().contains(QStringLiteral("The bright square is the lesion.")));
        QCOMPARE(w.reasoningPanel()->question(), QStringLiteral("Which region is bright, case 2?"));
        const QString scores = panel->findChild<QLabel*>("caseScores")->text();
        QVERIFY2(scores.contains(QStringLiteral("0.500")), qPrintable(scores));  // IoU: the box half off
        QVERIFY2(scores.contains(QStringLiteral("0.667")), qPrintable(scores));  // Dice: 2·240 / (240 + 480)
        QVERIFY(w.findChild<QDockWidget*>("evaluationCaseDock")->isVisible());
        mr::test::saveScreenshot(&w, QStringLiteral("evaluation_case"));

        // Each part toggles: without the truth's mask the prediction's shows whole, then nothing.
        panel->findChild<QCheckBox*>("showTruthMask")->click();
        QCOMPARE(labelsShown(w),
                 (std::vector<int>{kPredictedMask, kTruthBox, kTruthPoints, kPredictedBox, kPredictedPoints}));
        for (const char* name :
             {"showTruthBox", "showTruthPoints", "showPredictedBox", "showPredictedPoints", "showPredictedMask"})
            panel->findChild<QCheckBox*>(name)->click();
        QVERIFY(labelsShown(w).empty());

        // Sorted by pDice: the same case stays open, the order changes ("3", then "1" and "2" tie).
        auto* sort = panel->findChild<QComboBox*>("caseSortMetric");
        sort->setCurrentIndex(sort->findData(QStringLiteral("pdice")));
        Q_EMIT sort->activated(sort->currentIndex());
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 3, 20000);
        QCOMPARE(worklist->resultsMetric(), QStringLiteral("pdice"));
        QCOMPARE(openedId(worklist), QStringLiteral("2"));
        QVERIFY(worklist->panel()->list()->item(0)->text().contains(QStringLiteral("3 · pdice 0.000")));
        QVERIFY(worklist->panel()->list()->item(2)->text().contains(QStringLiteral("1 · pdice")));
        worklist->waitForWrites();
    }

    void oneKeyPutsTheCaseInTheEditorForTheDataset() {
        mr::app::MainWindow w;
        w.resize(1400, 860);
        QVERIFY(mr::test::showActive(w));
        const QString target = root_.filePath("corrections");
        QSignalSpy opened(w.dataset(), &mr::app::DatasetController::opened);
        w.dataset()->open(target);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1, 20000);
        auto* cases = w.evaluationCase();
        QSignalSpy shown(cases, &mr::app::EvaluationCaseController::caseShown);
        w.worklist()->openResults(results_, QStringLiteral("iou"), QStringLiteral("2"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 20000);
        QCOMPARE(shown.last().at(0).toString(), QStringLiteral("2"));

        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.sliceView()->setFocus();
        QTest::keyClick(w.sliceView(), Qt::Key_D);
        QTRY_VERIFY_WITH_TIMEOUT(w.maskEditor()->hasReview(), 20000);
        const std::vector<uint8_t> mask = w.maskEditor()->sliceMask(0);
        QCOMPARE(int(std::count(mask.begin(), mask.end(), 1)), 12 * 20);  // the predicted half square
        QVERIFY(w.prompts()->prompts().box.has_value());
        QCOMPARE(w.prompts()->prompts().box->x1, 24.0);
        // The truth stays in view to correct against; the prediction is the editable mask now.
        QCOMPARE(labelsShown(w), (std::vector<int>{kTruthMask, kTruthBox, kTruthPoints}));
        mr::test::saveScreenshot(&w, QStringLiteral("evaluation_case_correcting"));

        QSignalSpy saved(w.dataset(), &mr::app::DatasetController::saved);
        mr::test::whenModalShows<mr::widgets::ReviewDialog>([](mr::widgets::ReviewDialog* dlg) {
            QCOMPARE(dlg->findChild<QLineEdit*>("question")->text(), QStringLiteral("Which region is bright, case 2?"));
            dlg->findChild<QComboBox*>("supercategory")->setCurrentText("abdomen");
            dlg->findChild<QComboBox*>("category")->setCurrentText("liver");
            dlg->findChild<QLineEdit*>("annotator")->setText("reader-1");
            dlg->accept();
        });
        w.review()->saveSample();
        QTRY_VERIFY_WITH_TIMEOUT(saved.count() == 1, 20000);
        w.dataset()->waitForPending();
        const auto store = mr::dataset::DatasetStore::open(target.toStdString(), mr::dataset::StoreAccess::ReadOnly);
        QCOMPARE(int(store->samples().size()), 1);
        const mr::dataset::Sample& s = store->samples()[0];
        QCOMPARE(s.question, std::string("Which region is bright, case 2?"));
        QVERIFY(s.rawOutput.find("The bright square is the lesion.") != std::string::npos);
        QVERIFY(s.bbox && s.bbox->x1 == 24.0);
        w.worklist()->waitForWrites();
    }

    void theReportOpensFailedSamplesAndChartBarsAsCases() {
        mr::app::MainWindow w;
        w.resize(1400, 860);
        QVERIFY(mr::test::showActive(w));
        // As File → Open Evaluation Report… opens it: the folder read off the GUI thread, a case asked
        // for opens in the worklist of that folder.
        mr::widgets::EvaluationReportDialog::openFolder(
            &w, results_, [&w](const QString& folder, const QString& id, const QString& metric) {
                w.worklist()->openResults(folder, metric, id);
            });
        QTRY_VERIFY_WITH_TIMEOUT(w.findChild<mr::widgets::EvaluationReportDialog*>(), 20000);
        auto& report = *w.findChild<mr::widgets::EvaluationReportDialog*>();
        QSignalSpy shown(w.evaluationCase(), &mr::app::EvaluationCaseController::caseShown);

        // The failed samples: only "3"; Enter on its row opens it.
        auto* failed = report.findChild<QTableWidget*>("failedSamplesTable");
        QVERIFY(failed);
        QCOMPARE(failed->rowCount(), 1);
        QCOMPARE(failed->item(0, 0)->text(), QStringLiteral("3"));
        auto* tabs = report.findChild<QTabWidget*>("tabs");
        tabs->setCurrentIndex(tabs->indexOf(failed));
        mr::test::saveScreenshot(&report, QStringLiteral("report_failed_samples"));
        Q_EMIT failed->itemActivated(failed->item(0, 1));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 20000);
        QCOMPARE(shown.last().at(0).toString(), QStringLiteral("3"));

        // The IoU histogram's bar of [0.9, 1.0] holds only "1".
        auto* histogram = report.findChild<QChartView*>("iouHistogram");
        QVERIFY(histogram);
        auto* bars = qobject_cast<QBarSeries*>(histogram->chart()->series().at(0));
        Q_EMIT bars->barSets().at(0)->clicked(9);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 2, 20000);
        QCOMPARE(shown.last().at(0).toString(), QStringLiteral("1"));
        QCOMPARE(w.worklist()->resultsMetric(), QStringLiteral("iou"));
        // A super-category bar: that group's worst case.
        auto* groups =
            qobject_cast<QBarSeries*>(report.findChild<QChartView*>("superCategoryChart")->chart()->series().at(0));
        Q_EMIT groups->barSets().at(0)->clicked(0);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 3, 20000);
        QCOMPARE(shown.last().at(0).toString(), QStringLiteral("3"));
        w.worklist()->waitForWrites();
    }

    void aRunWhoseRecordsAreGoneSaysSoInTheDock() {
        const QString moved = root_.filePath("moved-results");
        QDir().mkpath(moved);
        QFile::copy(results_ + "/results.jsonl", moved + "/results.jsonl");
        QFile run(moved + "/results.jsonl.run.json");
        QVERIFY(run.open(QIODevice::WriteOnly));
        // The images are there but not the records: the case opens, and cannot be compared.
        const QString imagesOnly = root_.filePath("images-only");
        QDir().mkpath(imagesOnly + "/images");
        for (const char* name : {"1.png", "2.png", "3.png"})
            QVERIFY(QFile::copy(dataset_ + "/images/" + name, imagesOnly + "/images/" + name));
        run.write(QStringLiteral("{\"dataset\": \"%1\"}").arg(imagesOnly).toUtf8());
        run.close();
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        QSignalSpy message(w.evaluationCase(), &mr::app::EvaluationCaseController::message);
        w.worklist()->openResults(moved);
        QTRY_VERIFY_WITH_TIMEOUT(message.count() >= 1, 20000);
        QVERIFY(message.last().at(0).toString().contains(QStringLiteral("cannot be shown")));
        QVERIFY(!w.evaluationCase()->currentCase());
        QVERIFY(!w.evaluationCase()->correctAction()->isEnabled());
        w.worklist()->waitForWrites();
    }
};

QTEST_MAIN(EvaluationCaseTest)
#include "evaluation_case_test.moc"
