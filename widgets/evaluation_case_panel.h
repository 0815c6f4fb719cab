#pragma once
// The Evaluation Case dock: one sample of an evaluation run beside the worklist of its results, with
// the run's scores and failure, which parts of the ground truth and the prediction are drawn (box,
// points and mask of each), the metric the cases are sorted by, and the button that hands the case
// to the editor for correction. It shows plain data and emits what the reader asks for; the app's
// EvaluationCaseController does the rest.
#include <QString>
#include <QWidget>

#include "engine/session/evaluation_case.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace mr::widgets {

class EvaluationCasePanel : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationCasePanel(QWidget* parent = nullptr);

    void setCase(const mr::session::EvaluationCase& c);
    void setLayers(const mr::session::CaseLayers& layers);  // without emitting layersChanged
    mr::session::CaseLayers layers() const;
    void setSortMetric(const QString& metric);  // without emitting sortRequested
    QString sortMetric() const;
    void setCorrectKeyName(const QString& key);  // named on the button's tooltip

    // The metrics a results worklist can be sorted by, worst first: "iou", "pdice", "dice_joint", ...
    static QStringList sortMetrics();
    static QString metricTitle(const QString& metric);  // "IoU", "pDice", "Dice (box + points)", ...

Q_SIGNALS:
    void layersChanged(const mr::session::CaseLayers& layers);
    void sortRequested(const QString& metric);
    void correctRequested();

private:
    QLabel* title_ = nullptr;
    QLabel* scores_ = nullptr;
    QLabel* problems_ = nullptr;
    QComboBox* sort_ = nullptr;
    QCheckBox *truthBox_ = nullptr, *truthPoints_ = nullptr, *truthMask_ = nullptr;
    QCheckBox *predictedBox_ = nullptr, *predictedPoints_ = nullptr, *predictedMask_ = nullptr;
    QPushButton* correct_ = nullptr;
};

}  // namespace mr::widgets
