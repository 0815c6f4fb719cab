#include "widgets/evaluation_report_dialog.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <memory>

#include "engine/eval/results_store.h"
#include "engine/eval/summary.h"

namespace mr::widgets {

namespace {

using mr::json::Value;

constexpr int kHistogramBins = 10;

const Value* numberAt(const Value* obj, const char* key) {
    if (!obj) return nullptr;
    const Value* v = obj->find(key);
    return v && v->isNumber() ? v : nullptr;
}

double numberOr(const Value* obj, const char* key, double fallback) {
    const Value* v = numberAt(obj, key);
    return v ? v->asDouble() : fallback;
}

QString fixed(const Value* obj, const char* key, int decimals = 4) {
    const Value* v = numberAt(obj, key);
    return v ? QString::number(v->asDouble(), 'f', decimals) : QStringLiteral("—");
}

QString percent(double fraction) { return QString::number(100.0 * fraction, 'f', 1) + QStringLiteral(" %"); }

// Sorts by the number in Qt::UserRole (missing values first), names by text.
class SortItem : public QTableWidgetItem {
public:
    using QTableWidgetItem::QTableWidgetItem;
    bool operator<(const QTableWidgetItem& other) const override {
        const QVariant a = data(Qt::UserRole), b = other.data(Qt::UserRole);
        if (a.isValid() || b.isValid()) {
            const double lo = -std::numeric_limits<double>::infinity();
            return (a.isValid() ? a.toDouble() : lo) < (b.isValid() ? b.toDouble() : lo);
        }
        return text().localeAwareCompare(other.text()) < 0;
    }
};

QTableWidgetItem* numberItem(const Value* obj, const char* key, int decimals = 4) {
    auto* item = new SortItem(fixed(obj, key, decimals));
    if (const Value* v = numberAt(obj, key)) item->setData(Qt::UserRole, v->asDouble());
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidget* makeTable(const QStringList& headers, const QString& objectName) {
    auto* t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    t->verticalHeader()->setVisible(false);
    t->horizontalHeader()->setHighlightSections(false);
    return t;
}

// The name column takes the spare width; numbers keep the width of their contents.
void finishTable(QTableWidget* t) {
    QHeaderView* h = t->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::ResizeToContents);
    h->setSectionResizeMode(0, QHeaderView::Stretch);
}

// One bar per bin over [lo, hi]; values outside are clamped into the end bins.
QVector<int> histogram(const std::vector<double>& values, double lo, double hi, int bins) {
    QVector<int> counts(bins, 0);
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        int b = int(std::floor((v - lo) / (hi - lo) * bins));
        counts[std::clamp(b, 0, bins - 1)]++;
    }
    return counts;
}

QChartView* makeChartView(QChart* chart, const QString& objectName) {
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* view = new QChartView(chart);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(240);
    return view;
}

// The bin a value falls in (values outside [0, 1] in the end bins), as histogram() counts it.
int binOf(double v) { return std::clamp(int(std::floor(v * kHistogramBins)), 0, kHistogramBins - 1); }

// `onBin` is called with the bin of a bar the user clicks.
QChartView* histogramView(const QString& title, const QString& setName, const std::vector<double>& values,
                          const QColor& color, const QString& objectName, const std::function<void(int)>& onBin) {
    const QVector<int> counts = histogram(values, 0.0, 1.0, kHistogramBins);
    auto* set = new QBarSet(setName);
    QObject::connect(set, &QBarSet::clicked, set, onBin);
    set->setColor(color);
    set->setBorderColor(color.darker(130));
    QStringList bins;
    int maxCount = 0;
    for (int b = 0; b < kHistogramBins; ++b) {
        *set << counts[b];
        maxCount = std::max(maxCount, counts[b]);
        bins << QString::number(double(b) / kHistogramBins, 'f', 1);
    }
    auto* series = new QBarSeries;
    series->append(set);
    series->setBarWidth(0.95);
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->addSeries(series);
    chart->legend()->setVisible(false);
    auto* x = new QBarCategoryAxis;
    x->append(bins);
    x->setTitleText(EvaluationReportDialog::tr("lower edge of the bin (bins of 0.1)"));
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = new QValueAxis;
    y->setRange(0, std::max(1, maxCount));
    y->setLabelFormat(QStringLiteral("%d"));
    y->setTickCount(std::min(6, std::max(2, maxCount + 1)));
    y->setTitleText(EvaluationReportDialog::tr("samples"));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    return makeChartView(chart, objectName);
}

}  // namespace

EvaluationReportDialog::EvaluationReportDialog(const Value& summary, const QString& title,
                                               const std::vector<Value>& results, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("EvaluationReportDialog"));
    setWindowTitle(tr("Evaluation Report — %1").arg(title));
    auto* layout = new QVBoxLayout(this);

    auto* heading = new QLabel(title);
    heading->setObjectName(QStringLiteral("titleLabel"));
    QFont f = heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.35);
    f.setBold(true);
    heading->setFont(f);
    layout->addWidget(heading);

    const QString problem = validateSummary(summary);
    if (!problem.isEmpty()) {
        auto* error = new QLabel(tr("This summary cannot be shown: %1").arg(problem));
        error->setObjectName(QStringLiteral("errorLabel"));
        error->setWordWrap(true);
        layout->addWidget(error);
    } else {
        buildHeadline(summary);
        tabs_ = new QTabWidget;
        tabs_->setObjectName(QStringLiteral("tabs"));
        tabs_->addTab(makeGroupTable(summary.find("per_supercategory"), QStringLiteral("superCategoryTable"),
                                     tr("Super-category")),
                      tr("By super-category"));
        tabs_->addTab(makeGroupTable(summary.find("per_category"), QStringLiteral("categoryTable"), tr("Category")),
                      tr("By category"));
        tabs_->addTab(makeGroupTable(summary.find("per_modality"), QStringLiteral("modalityTable"), tr("Modality")),
                      tr("By modality"));
        tabs_->addTab(makeChartsTab(summary, results), tr("Charts"));
        if (!results.empty()) tabs_->addTab(makeFailedSamplesTable(results), tr("Failed samples"));
        tabs_->addTab(makeDetailsTab(summary), tr("Rewards, failures, latency"));
        layout->addWidget(tabs_, 1);
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    openHtml_ = buttons->addButton(tr("Open HTML Report"), QDialogButtonBox::ActionRole);
    openHtml_->setObjectName(QStringLiteral("openHtmlButton"));
    openHtml_->setToolTip(
        tr("Opens report.html (self-contained, with every chart and the failed samples) in "
           "the web browser"));
    openHtml_->setVisible(false);
    connect(openHtml_, &QPushButton::clicked, this, &EvaluationReportDialog::openHtml);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(1040, 760);
}

void EvaluationReportDialog::buildHeadline(const Value& s) {
    const Value* m = s.find("metrics");
    auto* frame = new QFrame;
    frame->setObjectName(QStringLiteral("headline"));
    frame->setFrameShape(QFrame::StyledPanel);
    auto* grid = new QGridLayout(frame);
    grid->setHorizontalSpacing(24);
    grid->setVerticalSpacing(10);
    int tile = 0;
    auto add = [&](const QString& caption, const QString& value, const char* objectName, const QString& tip = {}) {
        auto* box = new QVBoxLayout;
        box->setSpacing(2);
        auto* c = new QLabel(caption);
        c->setEnabled(false);  // the palette's muted text colour
        auto* v = new QLabel(value);
        v->setObjectName(QString::fromLatin1(objectName));
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont f = v->font();
        f.setPointSizeF(f.pointSizeF() * 1.25);
        f.setBold(true);
        v->setFont(f);
        if (!tip.isEmpty()) c->setToolTip(tip), v->setToolTip(tip);
        box->addWidget(c);
        box->addWidget(v);
        grid->addLayout(box, tile / 4, tile % 4);
        ++tile;
    };
    const int64_t total = s.get("total_samples", int64_t(0));
    const int64_t failures = s.get("parse_failures", int64_t(0));
    add(tr("Samples"), QString::number(total), "samplesValue");
    add(tr("Parse failures"), tr("%1 (%2)").arg(failures).arg(percent(numberOr(&s, "parse_failure_rate", 0.0))),
        "parseFailuresValue",
        tr("Answers without a usable <answer> object; they count with IoU = pDice = 0. Missing predictions: %1.")
            .arg(s.get("missing_predictions", int64_t(0))));
    add(tr("Mean IoU"), fixed(m, "mean_iou"), "meanIouValue");
    add(tr("IoU ≥ 0.5"), numberAt(m, "iou_at_0_5") ? percent(numberOr(m, "iou_at_0_5", 0)) : QStringLiteral("—"),
        "iouHitValue");
    add(tr("Mean pDice (0–2)"), fixed(m, "mean_pdice"), "meanPdiceValue",
        tr("MedReasoner's two-point score: 2·|A∩B| / (|A∪B| + 1e-5) of the two circles spanned by the point "
           "pairs, so it ranges from 0 to 2 (2: identical points)."));
    add(tr("Mean Dice: box / points / box+points"),
        QStringLiteral("%1 / %2 / %3")
            .arg(fixed(m, "mean_dice_bbox"), fixed(m, "mean_dice_points"), fixed(m, "mean_dice_joint")),
        "meanDiceValue", tr("Mask Dice of the expert prompted with the box, the two points, and both."));
    add(tr("Mean reward: soft / hard"),
        QStringLiteral("%1 / %2").arg(fixed(m, "mean_reward_soft"), fixed(m, "mean_reward_hard")), "rewardValue");
    const Value* lat = s.find("latency_ms");
    add(tr("Latency p50 / p90 / p99"),
        lat && lat->isObject()
            ? tr("%1 / %2 / %3 ms").arg(fixed(lat, "p50", 0), fixed(lat, "p90", 0), fixed(lat, "p99", 0))
            : tr("not recorded"),
        "latencyValue");
    for (int c = 0; c < 4; ++c) grid->setColumnStretch(c, 1);
    static_cast<QVBoxLayout*>(layout())->addWidget(frame);
}

QTableWidget* EvaluationReportDialog::makeGroupTable(const Value* groups, const QString& objectName,
                                                     const QString& header) {
    // Two-line headers keep the number columns narrow enough for the dialog.
    auto* t = makeTable(
        {header, tr("Samples"), tr("Mean\nIoU"), tr("IoU\n≥ 0.5"), tr("pDice\n(0–2)"), tr("Dice\nbox"),
         tr("Dice\npoints"), tr("Dice\nbox+points"), tr("Reward\nsoft"), tr("Reward\nhard"), tr("Parse\nfailures")},
        objectName);
    const QStringList tips{QString(),
                           tr("Samples in the group"),
                           tr("Mean box IoU (failed samples count as 0)"),
                           tr("Share of samples with IoU ≥ 0.5"),
                           tr("Mean two-point score; it ranges from 0 to 2 (failed samples count as 0)"),
                           tr("Mean mask Dice with the box prompt"),
                           tr("Mean mask Dice with the two points"),
                           tr("Mean mask Dice with the box and the points"),
                           tr("Mean soft-mode reward"),
                           tr("Mean hard-mode reward"),
                           tr("Answers that could not be parsed")};
    for (int c = 1; c < tips.size(); ++c) t->horizontalHeaderItem(c)->setToolTip(tips[c]);
    if (groups && groups->isObject()) {
        t->setRowCount(int(groups->size()));
        int row = 0;
        for (const auto& [name, g] : groups->items()) {
            t->setItem(row, 0, new SortItem(QString::fromStdString(name)));
            t->setItem(row, 1, numberItem(&g, "count", 0));
            int col = 2;
            for (const char* k : {"mean_iou", "iou_at_0_5", "mean_pdice", "mean_dice_bbox", "mean_dice_points",
                                  "mean_dice_joint", "mean_reward_soft", "mean_reward_hard"})
                t->setItem(row, col++, numberItem(&g, k));
            t->setItem(row, col, numberItem(&g, "parse_failures", 0));
            ++row;
        }
    }
    t->setSortingEnabled(true);
    t->sortByColumn(0, Qt::AscendingOrder);
    finishTable(t);
    return t;
}

QWidget* EvaluationReportDialog::makeChartsTab(const Value& s, const std::vector<Value>& results) {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);

    // Mean IoU, pDice ÷ 2 and Dice (box+points) per super-category, all on a 0–1 axis.
    auto* iou = new QBarSet(tr("Mean IoU"));
    auto* pdice = new QBarSet(tr("Mean pDice ÷ 2"));
    auto* dice = new QBarSet(tr("Mean Dice (box+points)"));
    iou->setColor(QColor(0x4e, 0x79, 0xa7));
    pdice->setColor(QColor(0xf2, 0x8e, 0x2b));
    dice->setColor(QColor(0x59, 0xa1, 0x4f));
    QStringList names;
    bool anyDice = false;
    if (const Value* groups = s.find("per_supercategory"); groups && groups->isObject())
        for (const auto& [name, g] : groups->items()) {
            names << QString::fromStdString(name);
            *iou << numberOr(&g, "mean_iou", 0.0);
            *pdice << numberOr(&g, "mean_pdice", 0.0) / 2.0;
            anyDice |= numberAt(&g, "mean_dice_joint") != nullptr;
            *dice << numberOr(&g, "mean_dice_joint", 0.0);
        }
    auto* bars = new QBarSeries;
    bars->append(iou);
    bars->append(pdice);
    if (anyDice) bars->append(dice);
    else delete dice;
    auto* chart = new QChart;
    chart->setTitle(tr("Per super-category (pDice halved to share the 0–1 axis)"));
    chart->addSeries(bars);
    auto* x = new QBarCategoryAxis;
    x->append(names);
    chart->addAxis(x, Qt::AlignBottom);
    bars->attachAxis(x);
    auto* y = new QValueAxis;
    y->setRange(0.0, 1.0);
    y->setTickCount(6);
    y->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(y, Qt::AlignLeft);
    bars->attachAxis(y);
    // A bar opens the worst sample (by IoU) of its super-category.
    for (QBarSet* set : {iou, pdice, dice})
        connect(set, &QBarSet::clicked, this, [this, names, results](int index) {
            if (index < 0 || index >= names.size()) return;
            const std::string name = names[index].toStdString();
            requestWorst(results, "iou", [&](const Value& r) { return r.get("supercategory", "") == name; });
        });
    layout->addWidget(makeChartView(chart, QStringLiteral("superCategoryChart")), 3);

    if (results.empty()) {
        auto* note = new QLabel(tr("Histograms of IoU and Dice need the per-sample results (results.jsonl)."));
        note->setObjectName(QStringLiteral("histogramNote"));
        note->setAlignment(Qt::AlignCenter);
        layout->addWidget(note);
        return page;
    }
    std::vector<double> ious, dices;
    const char* diceKey = nullptr;  // One Dice per sample: box+points when there, else box, else points.
    for (const Value& r : results) {
        ious.push_back(numberOr(&r, "iou", 0.0));
        for (const char* k : {"dice_joint", "dice_bbox", "dice_points"})
            if (const Value* d = numberAt(&r, k)) {
                dices.push_back(d->asDouble());
                if (!diceKey) diceKey = k;
                break;
            }
    }
    // A bar opens the worst sample of its bin.
    const auto binRequest = [this, results](const char* key) {
        return [this, results, key](int bin) {
            requestWorst(results, key, [&](const Value& r) {
                const Value* v = numberAt(&r, key);
                return v && binOf(v->asDouble()) == bin;
            });
        };
    };
    auto* row = new QHBoxLayout;
    row->addWidget(histogramView(tr("IoU of %n sample(s)", nullptr, int(ious.size())), tr("IoU"), ious,
                                 QColor(0x4e, 0x79, 0xa7), QStringLiteral("iouHistogram"), binRequest("iou")));
    if (!dices.empty()) {
        row->addWidget(histogramView(tr("Mask Dice of %n sample(s)", nullptr, int(dices.size())), tr("Dice"), dices,
                                     QColor(0x59, 0xa1, 0x4f), QStringLiteral("diceHistogram"), binRequest(diceKey)));
    } else {
        auto* note = new QLabel(tr("No sample has a mask: no Dice histogram."));
        note->setObjectName(QStringLiteral("histogramNote"));
        note->setAlignment(Qt::AlignCenter);
        row->addWidget(note);
    }
    layout->addLayout(row, 2);
    return page;
}

// Every sample with a failure, worst IoU first; a row activated (double-click, Enter) opens its case.
QWidget* EvaluationReportDialog::makeFailedSamplesTable(const std::vector<Value>& results) {
    auto* t = makeTable({tr("Sample"), tr("Failure"), tr("IoU"), tr("Why")}, QStringLiteral("failedSamplesTable"));
    t->setToolTip(tr("Double-click a sample (or press Enter) to open its case"));
    for (const Value& r : results) {
        if (r.get("failure_kind", "").empty()) continue;
        const int row = t->rowCount();
        t->insertRow(row);
        t->setItem(row, 0, new SortItem(QString::fromStdString(r.get("id", ""))));
        t->setItem(row, 1, new SortItem(QString::fromStdString(r.get("failure_kind", ""))));
        t->setItem(row, 2, numberItem(&r, "iou", 3));
        t->setItem(row, 3, new SortItem(QString::fromStdString(r.get("failure_reason", ""))));
    }
    t->setSortingEnabled(true);
    t->sortItems(2, Qt::AscendingOrder);
    finishTable(t);
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    t->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    connect(t, &QTableWidget::itemActivated, this, [this, t](QTableWidgetItem* item) {
        Q_EMIT caseRequested(t->item(item->row(), 0)->text(), QStringLiteral("iou"));
    });
    return t;
}

void EvaluationReportDialog::requestWorst(const std::vector<Value>& results, const char* key,
                                          const std::function<bool(const Value&)>& among) {
    const Value* worst = nullptr;
    for (const Value& r : results)
        if (among(r) && (!worst || numberOr(&r, key, 0.0) < numberOr(worst, key, 0.0))) worst = &r;
    if (worst) Q_EMIT caseRequested(QString::fromStdString(worst->get("id", "")), QString::fromLatin1(key));
}

QWidget* EvaluationReportDialog::makeDetailsTab(const Value& s) {
    auto* page = new QWidget;
    auto* layout = new QGridLayout(page);

    // Mean of every reward part, soft and hard.
    auto* rewards = makeTable({tr("Reward part"), tr("Soft"), tr("Hard")}, QStringLiteral("rewardPartsTable"));
    const Value* parts = s.find("reward_parts");
    const Value* soft = parts ? parts->find("soft") : nullptr;
    const Value* hard = parts ? parts->find("hard") : nullptr;
    if (soft && soft->isObject()) {
        rewards->setRowCount(int(soft->size()));
        int row = 0;
        for (const auto& [name, v] : soft->items()) {
            rewards->setItem(row, 0, new SortItem(QString::fromStdString(name)));
            rewards->setItem(row, 1, numberItem(soft, name.c_str()));
            rewards->setItem(row, 2, numberItem(hard, name.c_str()));
            ++row;
        }
    }
    finishTable(rewards);
    auto* rewardsBox = new QGroupBox(tr("Mean reward parts"));
    (new QVBoxLayout(rewardsBox))->addWidget(rewards);
    layout->addWidget(rewardsBox, 0, 0, 2, 1);

    auto* failures = makeTable({tr("Failure"), tr("Samples")}, QStringLiteral("failureKindsTable"));
    if (const Value* kinds = s.find("failure_kinds"); kinds && kinds->isObject()) {
        failures->setRowCount(int(kinds->size()));
        int row = 0;
        for (const auto& [name, v] : kinds->items()) {
            failures->setItem(row, 0, new SortItem(QString::fromStdString(name)));
            failures->setItem(row, 1, numberItem(kinds, name.c_str(), 0));
            ++row;
        }
    }
    failures->setSortingEnabled(true);
    finishTable(failures);
    auto* failuresBox = new QGroupBox(tr("Failures by kind"));
    (new QVBoxLayout(failuresBox))->addWidget(failures);
    layout->addWidget(failuresBox, 0, 1);

    auto* latency = makeTable({tr("Stage"), tr("Samples"), tr("Mean"), tr("p50"), tr("p90"), tr("p99"), tr("Max")},
                              QStringLiteral("latencyTable"));
    if (const Value* lat = s.find("latency_ms"); lat && lat->isObject()) {
        std::vector<std::pair<QString, const Value*>> rows{{tr("total"), lat}};
        if (const Value* st = lat->find("stages"); st && st->isObject())
            for (const auto& [name, v] : st->items()) rows.emplace_back(QString::fromStdString(name), &v);
        latency->setRowCount(int(rows.size()));
        for (int r = 0; r < int(rows.size()); ++r) {
            latency->setItem(r, 0, new SortItem(rows[size_t(r)].first));
            latency->setItem(r, 1, numberItem(rows[size_t(r)].second, "count", 0));
            int col = 2;
            for (const char* k : {"mean", "p50", "p90", "p99", "max"})
                latency->setItem(r, col++, numberItem(rows[size_t(r)].second, k, 1));
        }
    }
    finishTable(latency);
    auto* latencyBox = new QGroupBox(tr("Latency (ms)"));
    (new QVBoxLayout(latencyBox))->addWidget(latency);
    layout->addWidget(latencyBox, 1, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);
    return page;
}

void EvaluationReportDialog::setHtmlReportPath(const QString& path) {
    htmlPath_ = path;
    openHtml_->setVisible(!path.isEmpty() && QFileInfo(path).isFile());
}

void EvaluationReportDialog::openHtml() {
    if (htmlPath_.isEmpty()) return;
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(htmlPath_)))
        QMessageBox::warning(this, windowTitle(), tr("No program could open %1.").arg(htmlPath_));
}

QString EvaluationReportDialog::validateSummary(const Value& s) {
    if (!s.isObject()) return tr("it is not a JSON object.");
    const Value* total = s.find("total_samples");
    if (!total || !total->isNumber()) return tr("\"total_samples\" is missing or not a number.");
    const Value* m = s.find("metrics");
    if (!m || !m->isObject()) return tr("\"metrics\" is missing or not an object.");
    for (const char* k : {"per_supercategory", "per_category", "per_modality"}) {
        const Value* g = s.find(k);
        if (!g || g->isNull()) continue;  // shown as an empty table
        if (!g->isObject()) return tr("\"%1\" is not an object.").arg(QString::fromLatin1(k));
        for (const auto& [name, v] : g->items())
            if (!v.isObject())
                return tr("the entry \"%1\" of \"%2\" is not an object.")
                    .arg(QString::fromStdString(name), QString::fromLatin1(k));
    }
    return {};
}

EvaluationReport EvaluationReportDialog::loadFolder(const QString& dirOrFile) {
    EvaluationReport r;
    const QFileInfo info(dirOrFile);
    const QString dir = info.isFile() ? info.absolutePath() : info.absoluteFilePath();
    r.title = QDir(dir).dirName();
    r.folder = dir;
    if (!QFileInfo(dir).isDir()) {
        r.error = tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(dir));
        return r;
    }
    const QDir d(dir);

    // Per-sample results: results.jsonl when there (a merged or unsharded run), else the shards.
    QString resultsProblem;
    try {
        const QString main = d.filePath(QStringLiteral("results.jsonl"));
        std::vector<std::string> files;
        if (QFileInfo(main).isFile()) files.push_back(main.toStdString());
        else files = mr::eval::findResultsFiles(dir.toStdString());
        std::vector<std::vector<Value>> parts;
        for (const auto& f : files) parts.push_back(mr::eval::readResults(f));
        r.results = parts.size() == 1 ? std::move(parts.front()) : mr::eval::mergeResults(parts);
    } catch (const std::exception& e) {
        resultsProblem = QString::fromStdString(e.what());
        r.results.clear();
    }

    const QString summaryPath = d.filePath(QStringLiteral("summary.json"));
    if (QFileInfo::exists(summaryPath)) {
        try {
            r.summary = mr::json::parseFile(summaryPath.toStdString());
        } catch (const std::exception& e) {
            r.error = tr("%1 cannot be read: %2")
                          .arg(QDir::toNativeSeparators(summaryPath), QString::fromStdString(e.what()));
            return r;
        }
        if (const QString p = validateSummary(r.summary); !p.isEmpty()) {
            r.error = tr("%1 is not an evaluation summary: %2").arg(QDir::toNativeSeparators(summaryPath), p);
            return r;
        }
    } else if (!r.results.empty()) {
        try {
            r.summary = mr::eval::summarize(r.results);
            r.summaryRecomputed = true;
        } catch (const std::exception& e) {
            r.error = tr("The results in %1 cannot be summarised: %2")
                          .arg(QDir::toNativeSeparators(dir), QString::fromStdString(e.what()));
            return r;
        }
    } else {
        r.error = tr("%1 holds no evaluation report: there is no summary.json and no readable results "
                     "(%2). Choose the --out folder of medreasoner score, eval or report.")
                      .arg(QDir::toNativeSeparators(dir),
                           resultsProblem.isEmpty() ? tr("the results files are empty") : resultsProblem);
        return r;
    }
    if (!resultsProblem.isEmpty() && !r.summaryRecomputed)
        r.warning =
            tr("The per-sample results cannot be read (%1), so the histograms are not shown.").arg(resultsProblem);
    const QString html = d.filePath(QStringLiteral("report.html"));
    if (QFileInfo(html).isFile()) r.htmlPath = html;
    return r;
}

void EvaluationReportDialog::openFolder(QWidget* parent, const QString& resultsDir, const OpenCase& openCase) {
    auto report = std::make_shared<EvaluationReport>();
    QPointer<QWidget> guard(parent);
    const bool hadParent = parent != nullptr;
    QThread* worker = QThread::create([report, resultsDir] { *report = loadFolder(resultsDir); });
    QApplication::setOverrideCursor(Qt::BusyCursor);
    // The worker object lives on the GUI thread, so this runs there once the loading is done.
    QObject::connect(worker, &QThread::finished, worker, [report, guard, hadParent, worker, openCase] {
        QApplication::restoreOverrideCursor();
        worker->deleteLater();
        if (hadParent && !guard) return;  // the window that asked is gone
        if (!report->error.isEmpty()) {
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Open Evaluation Report"), report->error,
                                        QMessageBox::Ok, guard.data());
            box->setObjectName(QStringLiteral("evaluationReportError"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            return;
        }
        auto* dialog = new EvaluationReportDialog(report->summary, report->title, report->results, guard.data());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setHtmlReportPath(report->htmlPath);
        if (openCase)
            connect(dialog, &EvaluationReportDialog::caseRequested, dialog,
                    [openCase, folder = report->folder](const QString& id, const QString& metric) {
                        openCase(folder, id, metric);
                    });
        QString note = report->warning;
        if (report->summaryRecomputed)
            note = tr("summary.json is missing: the summary was recomputed from the per-sample results.");
        if (!note.isEmpty()) {
            auto* label = new QLabel(note);
            label->setObjectName(QStringLiteral("noteLabel"));
            label->setWordWrap(true);
            static_cast<QVBoxLayout*>(dialog->layout())->insertWidget(1, label);
        }
        dialog->show();
    });
    worker->start();
}

}  // namespace mr::widgets
