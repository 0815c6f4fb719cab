// Evaluation report dialog (offscreen): per-sample results are scored with the engine (metrics and
// rewards), summarised and written as a results folder like `medreasoner score` does; the dialog's
// headline, tables and charts must match the summary; openFolder() shows it (recomputing a missing
// summary.json) or a clear error for a missing folder, a corrupt or foreign summary.json.
#include <QApplication>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

#include "engine/core/files.h"
#include "engine/eval/metrics.h"
#include "engine/eval/report.h"
#include "engine/eval/results_store.h"
#include "engine/eval/rewards.h"
#include "engine/eval/summary.h"
#include "widgets/evaluation_report_dialog.h"

using mr::json::Value;
using mr::widgets::EvaluationReport;
using mr::widgets::EvaluationReportDialog;
using namespace mr::eval;

namespace {

std::string answer(double x1, double y1, double x2, double y2, double px1, double py1, double px2, double py2) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "<think>look</think><answer>{\"bbox\": [%g, %g, %g, %g], \"points_1\": [%g, %g], "
                  "\"points_2\": [%g, %g]}</answer>",
                  x1, y1, x2, y2, px1, py1, px2, py2);
    return buf;
}

// Eleven samples over three super-categories, four categories and three modalities: good, shifted
// and unparsable answers; Dice for most; stage timings.
std::vector<Value> makeResults() {
    const char* supers[] = {"abdomen", "brain", "chest"};
    const char* cats[] = {"kidney", "liver", "lung nodule", "tumor"};
    const char* mods[] = {"CT", "MRI", "X-ray"};
    std::vector<Value> results;
    for (int i = 0; i < 11; ++i) {
        const double x1 = 10 + i, y1 = 8, x2 = x1 + 30, y2 = y1 + 24;
        GroundTruth gt{{x1, y1, x2, y2}, {{{x1 + 5, y1 + 5}, {x2 - 5, y2 - 5}}}};
        const double shift = 2.5 * i;
        const bool parsed = i % 5 != 3;
        const std::string out = parsed ? answer(x1 + shift, y1, x2 + shift, y2, x1 + 5 + shift, y1 + 5, x2 - 5, y2 - 5)
                                       : "<think>unsure</think> no answer";
        Value r = Value::object();
        r.set("id", std::to_string(i));
        r.set("category", cats[i % 4]);
        r.set("supercategory", supers[i % 3]);
        r.set("modality", mods[(i / 2) % 3]);
        r.set("output", out);
        r.set("parse_ok", parsed);
        r.set("failure_kind", parsed ? "" : "no_answer");
        const mr::Box pb{x1 + shift, y1, x2 + shift, y2};
        const PointPair pp{{{x1 + 5 + shift, y1 + 5}, {x2 - 5, y2 - 5}}};
        r.set("iou", parsed ? boxIoU(pb, gt.bbox) : 0.0);
        r.set("pdice", parsed ? pointDice(pp, gt.points) : 0.0);
        if (i != 4) {
            const double d = parsed ? 0.95 - 0.07 * i : 0.0;
            r.set("dice_bbox", d);
            r.set("dice_points", d * 0.9);
            r.set("dice_joint", std::min(1.0, d * 1.02));
        }
        r.set("reward_soft", computeReward(out, gt, RewardMode::Soft).toJson());
        r.set("reward_hard", computeReward(out, gt, RewardMode::Hard).toJson());
        Value t = Value::object();
        t.set("reason", 800.0 + 37 * i);
        t.set("segment", 40.0 + i);
        r.set("timings_ms", t);
        r.set("latency_ms", 840.0 + 38 * i);
        results.push_back(r);
    }
    return results;
}

QString num(const Value& group, const char* key) { return QString::number(group.at(key).asDouble(), 'f', 4); }

template <typename T>
T* child(QObject* parent, const char* name) {
    T* w = parent->findChild<T*>(QString::fromLatin1(name));
    if (!w) qWarning("no child %s", name);
    return w;
}

EvaluationReportDialog* openDialog() {
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* d = qobject_cast<EvaluationReportDialog*>(w); d && d->isVisible()) return d;
    return nullptr;
}

QMessageBox* openError() {
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* b = qobject_cast<QMessageBox*>(w); b && b->isVisible() && b->objectName() == "evaluationReportError")
            return b;
    return nullptr;
}

void settle(QWidget* w) {
    for (int i = 0; i < 5; ++i) {
        QApplication::processEvents();
        QTest::qWait(20);
    }
    w->update();
}

}  // namespace

class EvaluationReportDialogTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::vector<Value> results_;
    Value summary_;

    QString folder(const char* name) const { return dir_.filePath(QString::fromLatin1(name)); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QDir().mkpath(QStringLiteral(MR_TEST_OUTPUT_DIR));
        results_ = makeResults();
        summary_ = summarize(results_);
        const std::string out = folder("run").toStdString();
        writeReports(out, results_, summary_, "Test run");
        mr::writeFileAtomic(out + "/results.jsonl", toJsonLines(results_));
    }

    void headlineAndTablesMatchTheSummary() {
        EvaluationReportDialog dialog(summary_, QStringLiteral("Test run"), results_);
        const Value& m = summary_.at("metrics");
        QCOMPARE(child<QLabel>(&dialog, "samplesValue")->text(), QStringLiteral("11"));
        QVERIFY(child<QLabel>(&dialog, "parseFailuresValue")->text().startsWith(QStringLiteral("2 (18.2 %")));
        QCOMPARE(child<QLabel>(&dialog, "meanIouValue")->text(), num(m, "mean_iou"));
        QCOMPARE(child<QLabel>(&dialog, "meanPdiceValue")->text(), num(m, "mean_pdice"));
        QCOMPARE(child<QLabel>(&dialog, "meanDiceValue")->text(),
                 num(m, "mean_dice_bbox") + " / " + num(m, "mean_dice_points") + " / " + num(m, "mean_dice_joint"));
        QCOMPARE(child<QLabel>(&dialog, "rewardValue")->text(),
                 num(m, "mean_reward_soft") + " / " + num(m, "mean_reward_hard"));
        const Value& lat = summary_.at("latency_ms");
        QCOMPARE(child<QLabel>(&dialog, "latencyValue")->text(),
                 QStringLiteral("%1 / %2 / %3 ms")
                     .arg(QString::number(lat.at("p50").asDouble(), 'f', 0),
                          QString::number(lat.at("p90").asDouble(), 'f', 0),
                          QString::number(lat.at("p99").asDouble(), 'f', 0)));

        const std::pair<const char*, const char*> tables[] = {{"superCategoryTable", "per_supercategory"},
                                                              {"categoryTable", "per_category"},
                                                              {"modalityTable", "per_modality"}};
        const char* keys[] = {"mean_iou",         "iou_at_0_5",      "mean_pdice",       "mean_dice_bbox",
                              "mean_dice_points", "mean_dice_joint", "mean_reward_soft", "mean_reward_hard"};
        for (const auto& [tableName, key] : tables) {
            auto* t = child<QTableWidget>(&dialog, tableName);
            QVERIFY(t);
            const Value& groups = summary_.at(key);
            QCOMPARE(t->rowCount(), int(groups.size()));
            QCOMPARE(t->columnCount(), 11);
            int row = 0;
            for (const auto& [name, g] : groups.items()) {  // the summary's order is the table's
                QCOMPARE(t->item(row, 0)->text(), QString::fromStdString(name));
                QCOMPARE(t->item(row, 1)->text(), QString::number(g.at("count").asInt()));
                for (int k = 0; k < 8; ++k) QCOMPARE(t->item(row, 2 + k)->text(), num(g, keys[k]));
                QCOMPARE(t->item(row, 10)->text(), QString::number(g.at("parse_failures").asInt()));
                ++row;
            }
            // Sorting by a number column orders by value, not by text.
            t->sortByColumn(2, Qt::DescendingOrder);
            for (int r = 1; r < t->rowCount(); ++r)
                QVERIFY(t->item(r - 1, 2)->data(Qt::UserRole).toDouble() >=
                        t->item(r, 2)->data(Qt::UserRole).toDouble());
            t->sortByColumn(1, Qt::AscendingOrder);
            for (int r = 1; r < t->rowCount(); ++r)
                QVERIFY(t->item(r - 1, 1)->text().toInt() <= t->item(r, 1)->text().toInt());
        }
        QCOMPARE(child<QTableWidget>(&dialog, "rewardPartsTable")->rowCount(), 8);
        auto* failures = child<QTableWidget>(&dialog, "failureKindsTable");
        QCOMPARE(failures->rowCount(), 1);
        QCOMPARE(failures->item(0, 0)->text(), QStringLiteral("no_answer"));
        QCOMPARE(failures->item(0, 1)->text(), QStringLiteral("2"));
        QCOMPARE(child<QTableWidget>(&dialog, "latencyTable")->rowCount(), 3);  // total, reason, segment
        QVERIFY(!child<QPushButton>(&dialog, "openHtmlButton")->isVisibleTo(&dialog));
    }

    void chartsHaveOneBarPerGroupAndSample() {
        EvaluationReportDialog dialog(summary_, QStringLiteral("Test run"), results_);
        auto* bars = child<QChartView>(&dialog, "superCategoryChart");
        QVERIFY(bars);
        QCOMPARE(bars->chart()->series().size(), 1);
        auto* series = qobject_cast<QBarSeries*>(bars->chart()->series().front());
        QVERIFY(series);
        QCOMPARE(series->count(), 3);  // IoU, pDice ÷ 2, Dice (box+points)
        const Value& groups = summary_.at("per_supercategory");
        int i = 0;
        for (const auto& [name, g] : groups.items()) {
            QCOMPARE(series->barSets()[0]->at(i), g.at("mean_iou").asDouble());
            QCOMPARE(series->barSets()[1]->at(i), g.at("mean_pdice").asDouble() / 2);
            QCOMPARE(series->barSets()[2]->at(i), g.at("mean_dice_joint").asDouble());
            ++i;
        }
        for (QBarSet* set : series->barSets()) QCOMPARE(set->count(), int(groups.size()));

        auto total = [](QChartView* v) {
            auto* s = qobject_cast<QBarSeries*>(v->chart()->series().front());
            double n = 0;
            for (int b = 0; b < s->barSets()[0]->count(); ++b) n += s->barSets()[0]->at(b);
            return std::make_pair(s->barSets()[0]->count(), n);
        };
        QCOMPARE(total(child<QChartView>(&dialog, "iouHistogram")), std::make_pair(10, 11.0));
        QCOMPARE(total(child<QChartView>(&dialog, "diceHistogram")), std::make_pair(10, 10.0));  // one has no mask
        // The perfect answer (i = 0) lands in the top IoU bin, the two unparsed ones in the first.
        auto* iou = qobject_cast<QBarSeries*>(child<QChartView>(&dialog, "iouHistogram")->chart()->series().front());
        QVERIFY(iou->barSets()[0]->at(9) >= 1);
        QVERIFY(iou->barSets()[0]->at(0) >= 2);

        // Without per-sample results: the bar chart, and a note instead of the histograms.
        EvaluationReportDialog summaryOnly(summary_, QStringLiteral("Test run"));
        QVERIFY(child<QChartView>(&summaryOnly, "superCategoryChart"));
        QVERIFY(!summaryOnly.findChild<QChartView*>(QStringLiteral("iouHistogram")));
        QVERIFY(child<QLabel>(&summaryOnly, "histogramNote"));
    }

    void openFolderShowsTheDialog() {
        EvaluationReportDialog::openFolder(nullptr, folder("run"));
        QTRY_VERIFY_WITH_TIMEOUT(openDialog() != nullptr, 10000);
        EvaluationReportDialog* dialog = openDialog();
        QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("titleLabel"))->text(), QStringLiteral("run"));
        QVERIFY(child<QPushButton>(dialog, "openHtmlButton")->isVisible());
        QCOMPARE(dialog->htmlReportPath(), QDir(folder("run")).filePath(QStringLiteral("report.html")));
        QVERIFY(!dialog->findChild<QLabel*>(QStringLiteral("noteLabel")));
        QCOMPARE(child<QTableWidget>(dialog, "superCategoryTable")->rowCount(), 3);

        settle(dialog);
        QVERIFY(dialog->grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/evaluation_report_tables.png")));
        auto* tabs = child<QTabWidget>(dialog, "tabs");
        tabs->setCurrentIndex(3);
        settle(dialog);
        QVERIFY(dialog->grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/evaluation_report_charts.png")));
        tabs->setCurrentIndex(4);
        settle(dialog);
        QVERIFY(dialog->grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/evaluation_report_details.png")));
        dialog->close();  // deleted on close
        QTRY_VERIFY(openDialog() == nullptr);
    }

    void missingSummaryIsRecomputedFromTheResults() {
        const QString dir = folder("shards");
        QDir().mkpath(dir);
        std::vector<Value> a(results_.begin(), results_.begin() + 6), b(results_.begin() + 6, results_.end());
        mr::writeFileAtomic((dir + "/results.shard-0-of-2.jsonl").toStdString(), toJsonLines(a));
        mr::writeFileAtomic((dir + "/results.shard-1-of-2.jsonl").toStdString(), toJsonLines(b));
        const EvaluationReport r = EvaluationReportDialog::loadFolder(dir);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.summaryRecomputed);
        QCOMPARE(r.results.size(), results_.size());
        QCOMPARE(mr::json::dump(r.summary), mr::json::dump(summary_));
        QVERIFY(r.htmlPath.isEmpty());

        EvaluationReportDialog::openFolder(nullptr, dir);
        QTRY_VERIFY_WITH_TIMEOUT(openDialog() != nullptr, 10000);
        EvaluationReportDialog* dialog = openDialog();
        QVERIFY(child<QLabel>(dialog, "noteLabel"));
        QVERIFY(!child<QPushButton>(dialog, "openHtmlButton")->isVisible());
        dialog->close();
        QTRY_VERIFY(openDialog() == nullptr);

        // A file in the folder opens the folder.
        const EvaluationReport viaFile = EvaluationReportDialog::loadFolder(folder("run") + "/summary.json");
        QVERIFY2(viaFile.error.isEmpty(), qPrintable(viaFile.error));
        QVERIFY(!viaFile.summaryRecomputed);
        QCOMPARE(mr::json::dump(viaFile.summary), mr::json::dump(summary_));
    }

    void brokenInputsGiveClearErrors() {
        const QString corrupt = folder("corrupt");
        QDir().mkpath(corrupt);
        mr::writeFileAtomic((corrupt + "/summary.json").toStdString(), "{\"total_samples\": 3, \"metrics\": {");
        EvaluationReport r = EvaluationReportDialog::loadFolder(corrupt);
        QVERIFY(r.error.contains(QStringLiteral("summary.json")));
        QVERIFY(r.error.contains(QStringLiteral("cannot be read")));

        const QString foreign = folder("foreign");
        QDir().mkpath(foreign);
        mr::writeFileAtomic((foreign + "/summary.json").toStdString(), "{\"total_samples\": 3, \"metrics\": [1]}");
        r = EvaluationReportDialog::loadFolder(foreign);
        QVERIFY(r.error.contains(QStringLiteral("not an evaluation summary")));
        QVERIFY(r.error.contains(QStringLiteral("metrics")));

        const QString empty = folder("empty");
        QDir().mkpath(empty);
        r = EvaluationReportDialog::loadFolder(empty);
        QVERIFY(r.error.contains(QStringLiteral("no summary.json")));
        r = EvaluationReportDialog::loadFolder(folder("does-not-exist"));
        QVERIFY(r.error.contains(QStringLiteral("does not exist")));

        // openFolder shows the problem in a message box instead of a dialog.
        EvaluationReportDialog::openFolder(nullptr, corrupt);
        QTRY_VERIFY_WITH_TIMEOUT(openError() != nullptr, 10000);
        QVERIFY(openError()->text().contains(QStringLiteral("summary.json")));
        QVERIFY(openDialog() == nullptr);
        openError()->close();
        QTRY_VERIFY(openError() == nullptr);

        // The dialog itself survives anything it is given.
        EvaluationReportDialog bad(mr::json::parse("[1, 2]"), QStringLiteral("bad"));
        QVERIFY(child<QLabel>(&bad, "errorLabel"));
        QVERIFY(!bad.findChild<QTabWidget*>());
        Value partial = summary_;
        partial.set("per_category", Value());
        partial.set("latency_ms", Value());
        partial.set("reward_parts", Value(3));
        EvaluationReportDialog sparse(partial, QStringLiteral("sparse"));
        QVERIFY(!sparse.findChild<QLabel*>(QStringLiteral("errorLabel")));
        QVERIFY(child<QTableWidget>(&sparse, "categoryTable"));
        QCOMPARE(child<QTableWidget>(&sparse, "categoryTable")->rowCount(), 0);
        QCOMPARE(child<QLabel>(&sparse, "latencyValue")->text(), QStringLiteral("not recorded"));
    }
};

QTEST_MAIN(EvaluationReportDialogTest)
#include "evaluation_report_dialog_test.moc"
