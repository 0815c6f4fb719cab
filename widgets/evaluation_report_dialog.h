#pragma once
// Evaluation Report: shows the summary of an evaluation run (engine/eval/summary.h) in a dialog:
// headline numbers, one sortable table per grouping (super-category, category, modality), reward
// parts and failure kinds, and Qt Charts (mean IoU / pDice÷2 / Dice per super-category; IoU and
// Dice histograms from the per-sample results when they are given). openFolder() is the one call
// the app needs: it reads a results folder off the GUI thread and shows the dialog or an error.
#include <QDialog>
#include <QString>

#include <functional>
#include <vector>

#include "engine/core/json.h"

class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace mr::widgets {

// What a results folder holds, read by EvaluationReportDialog::loadFolder().
struct EvaluationReport {
    QString title;                         // the folder's name
    QString folder;                        // the folder, absolute
    mr::json::Value summary;               // summary.json, or recomputed from results*.jsonl
    std::vector<mr::json::Value> results;  // per-sample results (empty when unreadable/absent)
    QString htmlPath;                      // report.html when it exists
    QString warning;                       // a non-fatal problem (e.g. results unreadable)
    QString error;                         // set when nothing can be shown
    bool summaryRecomputed = false;
};

class EvaluationReportDialog : public QDialog {
    Q_OBJECT
public:
    // `summary` as summarize() returns it; `results` (optional) feed the histograms.
    EvaluationReportDialog(const mr::json::Value& summary, const QString& title,
                           const std::vector<mr::json::Value>& results = {}, QWidget* parent = nullptr);

    // Shows the "Open HTML report" button for an existing file (hidden for an empty path).
    void setHtmlReportPath(const QString& path);
    QString htmlReportPath() const { return htmlPath_; }

    // Reads `dir` (or the folder of a file in it): summary.json, else the summary recomputed from
    // its results*.jsonl; the results for the histograms; report.html. Never throws: problems are
    // in `error` / `warning`. Blocking (file I/O): call it off the GUI thread for large runs.
    static EvaluationReport loadFolder(const QString& dir);
    // Empty when `summary` has the structure summarize() writes, else what is wrong.
    static QString validateSummary(const mr::json::Value& summary);

    // Loads `resultsDir` on a worker thread, then shows a non-modal dialog (deleted on close) or a
    // warning box naming the problem. Returns at once. `openCase` (the results folder, a sample id
    // and the metric to sort by) is called when the user asks for a case.
    using OpenCase = std::function<void(const QString& folder, const QString& id, const QString& metric)>;
    static void openFolder(QWidget* parent, const QString& resultsDir, const OpenCase& openCase = {});

Q_SIGNALS:
    // A failed sample activated, or a chart bar clicked (the worst sample of its bin or group), with
    // the metric it was chosen by ("iou", "dice_joint", ...).
    void caseRequested(const QString& id, const QString& metric);

private:
    void buildHeadline(const mr::json::Value& summary);
    QTableWidget* makeGroupTable(const mr::json::Value* groups, const QString& objectName, const QString& header);
    QWidget* makeDetailsTab(const mr::json::Value& summary);
    QWidget* makeChartsTab(const mr::json::Value& summary, const std::vector<mr::json::Value>& results);
    QWidget* makeFailedSamplesTable(const std::vector<mr::json::Value>& results);
    // Emits caseRequested for the sample lowest in `key` among those `among` accepts, if any.
    void requestWorst(const std::vector<mr::json::Value>& results, const char* key,
                      const std::function<bool(const mr::json::Value&)>& among);
    void openHtml();

    QTabWidget* tabs_ = nullptr;
    QPushButton* openHtml_ = nullptr;
    QString htmlPath_;
};

}  // namespace mr::widgets
