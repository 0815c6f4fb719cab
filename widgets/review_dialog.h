#pragma once
// Saving a reviewed result to the dataset: accept the expert's mask as it is, keep the user's
// correction, or reject the answer (kept for analysis, never used as ground truth); with the
// question, a category and super-category from the U-MRG lists (or typed), the modality, the
// annotator and an optional note.
#include <QDialog>

#include "engine/dataset/review.h"

class QButtonGroup;
class QComboBox;
class QLabel;
class QLayout;
class QLineEdit;
class QPlainTextEdit;

namespace mr::widgets {

using mr::dataset::ReviewChoice;
using mr::dataset::ReviewSummary;

class ReviewDialog : public QDialog {
    Q_OBJECT
public:
    // `initial` pre-fills the fields; its status is replaced by Corrected when pixels changed.
    ReviewDialog(const ReviewSummary& summary, const ReviewChoice& initial, QWidget* parent = nullptr);

    ReviewChoice choice() const;

    void accept() override;  // refuses to close without a question, a category and an annotator

private:
    QLabel* buildTraceState(const std::string& state);
    QLayout* buildStatusRow(const ReviewSummary& summary, const ReviewChoice& initial);
    QLayout* buildForm(const ReviewChoice& initial);
    void fillCategories(const QString& supercategory);

    QButtonGroup* status_ = nullptr;
    QLineEdit* question_ = nullptr;
    QComboBox* supercategory_ = nullptr;
    QComboBox* category_ = nullptr;
    QComboBox* modality_ = nullptr;
    QLineEdit* annotator_ = nullptr;
    QPlainTextEdit* note_ = nullptr;
    QLabel* problem_ = nullptr;
};

}  // namespace mr::widgets
