#include "widgets/evaluation_case_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace mr::widgets {

EvaluationCasePanel::EvaluationCasePanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(this);
    title_->setObjectName("caseTitle");
    title_->setWordWrap(true);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    scores_ = new QLabel(this);
    scores_->setObjectName("caseScores");
    scores_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problems_ = new QLabel(this);
    problems_->setObjectName("caseProblems");
    problems_->setWordWrap(true);
    problems_->setStyleSheet(QStringLiteral("color: #c0392b"));

    sort_ = new QComboBox(this);
    sort_->setObjectName("caseSortMetric");
    for (const QString& m : sortMetrics()) sort_->addItem(metricTitle(m), m);
    sort_->setToolTip(tr("The cases are listed worst first by this score"));
    auto* sortRow = new QFormLayout;
    sortRow->addRow(tr("Sort cases by"), sort_);

    // One row per side, one column per part: each can be drawn or not.
    auto* parts = new QGroupBox(tr("Show"), this);
    auto* grid = new QGridLayout(parts);
    const auto box = [this](const QString& text, const char* name) {
        auto* b = new QCheckBox(text, this);
        b->setObjectName(QString::fromLatin1(name));
        b->setChecked(true);
        connect(b, &QCheckBox::toggled, this, [this] { Q_EMIT layersChanged(layers()); });
        return b;
    };
    grid->addWidget(new QLabel(tr("Ground truth"), this), 0, 0);
    grid->addWidget(truthBox_ = box(tr("Box"), "showTruthBox"), 0, 1);
    grid->addWidget(truthPoints_ = box(tr("Points"), "showTruthPoints"), 0, 2);
    grid->addWidget(truthMask_ = box(tr("Mask"), "showTruthMask"), 0, 3);
    grid->addWidget(new QLabel(tr("Prediction"), this), 1, 0);
    grid->addWidget(predictedBox_ = box(tr("Box"), "showPredictedBox"), 1, 1);
    grid->addWidget(predictedPoints_ = box(tr("Points"), "showPredictedPoints"), 1, 2);
    grid->addWidget(predictedMask_ = box(tr("Mask"), "showPredictedMask"), 1, 3);

    correct_ = new QPushButton(tr("Correct for the Dataset"), this);
    correct_->setObjectName("caseCorrect");
    layout->addWidget(title_);
    layout->addWidget(scores_);
    layout->addWidget(problems_);
    layout->addLayout(sortRow);
    layout->addWidget(parts);
    layout->addWidget(correct_);
    layout->addStretch(1);
    connect(sort_, &QComboBox::activated, this, [this] { Q_EMIT sortRequested(sortMetric()); });
    connect(correct_, &QPushButton::clicked, this, &EvaluationCasePanel::correctRequested);
    setCorrectKeyName({});
}

QStringList EvaluationCasePanel::sortMetrics() {
    return {QStringLiteral("iou"), QStringLiteral("pdice"), QStringLiteral("dice_joint"), QStringLiteral("dice_bbox"),
            QStringLiteral("dice_points")};
}

QString EvaluationCasePanel::metricTitle(const QString& metric) {
    if (metric == QLatin1String("iou")) return tr("Box IoU");
    if (metric == QLatin1String("pdice")) return tr("pDice");
    if (metric == QLatin1String("dice_joint")) return tr("Dice (box + points)");
    if (metric == QLatin1String("dice_bbox")) return tr("Dice (box)");
    if (metric == QLatin1String("dice_points")) return tr("Dice (points)");
    return metric;
}

void EvaluationCasePanel::setCase(const mr::session::EvaluationCase& c) {
    const QString failure = QString::fromStdString(c.failureKind);
    title_->setText(failure.isEmpty() ? tr("Sample %1").arg(QString::fromStdString(c.id))
                                      : tr("Sample %1 · %2").arg(QString::fromStdString(c.id), failure));
    title_->setToolTip(QString::fromStdString(c.failureReason));
    QString scores;
    for (const auto& [key, value] : c.scores)
        scores += QStringLiteral("%1: <b>%2</b><br>")
                      .arg(metricTitle(QString::fromStdString(key)).toHtmlEscaped())
                      .arg(value, 0, 'f', 3);
    if (!c.predictedMaskKind.empty())
        scores += tr("Predicted mask from the %1 prompt").arg(QString::fromStdString(c.predictedMaskKind));
    scores_->setText(scores);
    QStringList problems;
    for (const std::string& p : c.problems) problems << QString::fromStdString(p).toHtmlEscaped();
    if (!c.failureReason.empty()) problems.prepend(QString::fromStdString(c.failureReason).toHtmlEscaped());
    problems_->setText(problems.join(QStringLiteral("<br>")));
    problems_->setVisible(!problems.isEmpty());
}

void EvaluationCasePanel::setLayers(const mr::session::CaseLayers& l) {
    const std::pair<QCheckBox*, bool> boxes[] = {
        {truthBox_, l.truthBox},         {truthPoints_, l.truthPoints},         {truthMask_, l.truthMask},
        {predictedBox_, l.predictedBox}, {predictedPoints_, l.predictedPoints}, {predictedMask_, l.predictedMask}};
    for (const auto& [box, on] : boxes) {
        const QSignalBlocker quiet(box);
        box->setChecked(on);
    }
}

mr::session::CaseLayers EvaluationCasePanel::layers() const {
    mr::session::CaseLayers l;
    l.truthBox = truthBox_->isChecked();
    l.truthPoints = truthPoints_->isChecked();
    l.truthMask = truthMask_->isChecked();
    l.predictedBox = predictedBox_->isChecked();
    l.predictedPoints = predictedPoints_->isChecked();
    l.predictedMask = predictedMask_->isChecked();
    return l;
}

void EvaluationCasePanel::setSortMetric(const QString& metric) {
    const QSignalBlocker quiet(sort_);
    sort_->setCurrentIndex(std::max(0, sort_->findData(metric)));
}

QString EvaluationCasePanel::sortMetric() const { return sort_->currentData().toString(); }

void EvaluationCasePanel::setCorrectKeyName(const QString& key) {
    const QString tip =
        tr("Put the prediction in the editor to correct it with the ground truth in view; "
           "saving it adds it to the dataset");
    correct_->setToolTip(key.isEmpty() ? tip : tr("%1 (%2)").arg(tip, key));
}

}  // namespace mr::widgets
