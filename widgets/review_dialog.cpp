#include "widgets/review_dialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "widgets/umrg_categories.h"

namespace mr::widgets {

using mr::dataset::ReviewStatus;

ReviewDialog::ReviewDialog(const ReviewSummary& summary, const ReviewChoice& initial, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(summary.revision > 0 ? tr("Save Revision %1 of the Sample").arg(summary.revision)
                                        : tr("Save Sample to Dataset"));
    auto* layout = new QVBoxLayout(this);

    auto* stats = new QLabel(this);
    stats->setObjectName("reviewStatistics");
    if (summary.revision > 0)
        stats->setText(tr("Against revision %1: Dice %2, %3 pixels changed. Say in the note what changed.")
                           .arg(summary.revision - 1)
                           .arg(summary.dice, 0, 'f', 3)
                           .arg(summary.pixelsChanged));
    else
        stats->setText(tr("Against the expert's first mask: Dice %1, %n pixel(s) changed, %2 s of review.", nullptr,
                          int(summary.pixelsChanged))
                           .arg(summary.dice, 0, 'f', 3)
                           .arg(summary.seconds, 0, 'f', 0));
    stats->setWordWrap(true);
    layout->addWidget(stats);
    layout->addWidget(buildTraceState(summary.traceState));
    layout->addLayout(buildStatusRow(summary, initial));
    layout->addLayout(buildForm(initial));

    problem_ = new QLabel(this);
    problem_->setObjectName("reviewProblem");
    problem_->setStyleSheet(QStringLiteral("color: #d9534f"));
    problem_->hide();
    layout->addWidget(problem_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ReviewDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, sizeHint().height());
}

QLabel* ReviewDialog::buildTraceState(const std::string& state) {
    // What the saved sample will say about its reasoning trace; a trace that is not complete is
    // flagged, so an unusable trace is never paired with a mask unnoticed.
    auto* label = new QLabel(this);
    label->setObjectName("reviewTraceState");
    label->setWordWrap(true);
    label->setProperty("traceState", QString::fromStdString(state));
    if (state == "complete") {
        label->setText(tr("Reasoning trace: complete (a well-formed answer)."));
    } else if (state == "stopped") {
        label->setText(
            tr("Warning: the reasoning trace was stopped before its answer was complete. It is saved "
               "as it is, marked as stopped; do not use it as a reasoning example."));
    } else if (state == "malformed") {
        label->setText(
            tr("Warning: the reasoning trace is malformed (no usable answer). It is saved as it is, "
               "marked as malformed; do not use it as a reasoning example."));
    } else {
        label->setText(tr("No reasoning trace: the mask comes from manual prompts only."));
    }
    if (state == "stopped" || state == "malformed")
        label->setStyleSheet(
            QStringLiteral("QLabel { color: #8a4b00; background: #fff3d6; border: 1px solid #e0b050;"
                           " border-radius: 3px; padding: 4px; }"));
    return label;
}

QLayout* ReviewDialog::buildStatusRow(const ReviewSummary& summary, const ReviewChoice& initial) {
    status_ = new QButtonGroup(this);
    auto* statusRow = new QHBoxLayout;
    const std::pair<ReviewStatus, QString> statuses[] = {
        {ReviewStatus::Accepted, tr("&Accept: the mask is right as given")},
        {ReviewStatus::Corrected, tr("&Correct: keep my corrected mask")},
        {ReviewStatus::Rejected, tr("&Reject: the answer is wrong")},
    };
    for (const auto& [s, text] : statuses) {
        auto* b = new QRadioButton(text, this);
        b->setObjectName(QStringLiteral("status_%1").arg(QString::fromLatin1(mr::dataset::reviewStatusName(s))));
        status_->addButton(b, int(s));
        statusRow->addWidget(b);
    }
    const ReviewStatus preset = summary.pixelsChanged > 0 && initial.status == ReviewStatus::Accepted
                                    ? ReviewStatus::Corrected
                                    : initial.status;
    status_->button(int(preset))->setChecked(true);
    return statusRow;
}

QLayout* ReviewDialog::buildForm(const ReviewChoice& initial) {
    auto* form = new QFormLayout;
    question_ = new QLineEdit(QString::fromStdString(initial.question), this);
    question_->setObjectName("question");
    supercategory_ = new QComboBox(this);
    supercategory_->setObjectName("supercategory");
    supercategory_->setEditable(true);
    for (const auto& s : umrgCategories()) supercategory_->addItem(s.name);
    category_ = new QComboBox(this);
    category_->setObjectName("category");
    category_->setEditable(true);
    modality_ = new QComboBox(this);
    modality_->setObjectName("modality");
    modality_->setEditable(true);
    modality_->addItems(
        {"CT", "MR", "X-ray", "Ultrasound", "PET", "Endoscopy", "Dermoscopy", "Fundus", "OCT", "Microscopy"});
    annotator_ = new QLineEdit(QString::fromStdString(initial.annotator), this);
    annotator_->setObjectName("annotator");
    note_ = new QPlainTextEdit(QString::fromStdString(initial.note), this);
    note_->setObjectName("note");
    note_->setPlaceholderText(tr("Optional: why it was corrected or rejected, anything a reviewer should know"));
    note_->setMaximumHeight(80);
    form->addRow(tr("&Question"), question_);
    form->addRow(tr("Super-ca&tegory"), supercategory_);
    form->addRow(tr("Cate&gory"), category_);
    form->addRow(tr("&Modality"), modality_);
    form->addRow(tr("A&nnotator"), annotator_);
    form->addRow(tr("N&ote"), note_);

    connect(supercategory_, &QComboBox::currentTextChanged, this, &ReviewDialog::fillCategories);
    // Picking a category of another list moves the super-category with it.
    connect(category_, &QComboBox::textActivated, this, [this](const QString& c) {
        const QString super = umrgSupercategoryOf(c);
        if (!super.isEmpty() && super != supercategory_->currentText()) {
            const QSignalBlocker block(supercategory_);
            supercategory_->setCurrentText(super);
        }
    });
    supercategory_->setCurrentText(initial.supercategory.empty() ? umrgCategories().front().name
                                                                 : QString::fromStdString(initial.supercategory));
    fillCategories(supercategory_->currentText());
    category_->setCurrentText(QString::fromStdString(initial.category));
    modality_->setCurrentText(QString::fromStdString(initial.modality));
    return form;
}

void ReviewDialog::fillCategories(const QString& supercategory) {
    const QString typed = category_->currentText();
    category_->clear();
    for (const auto& s : umrgCategories())
        if (s.name == supercategory) category_->addItems(s.categories);
    category_->setCurrentText(typed);
}

ReviewChoice ReviewDialog::choice() const {
    ReviewChoice c;
    c.status = ReviewStatus(status_->checkedId());
    c.question = question_->text().trimmed().toStdString();
    c.supercategory = supercategory_->currentText().trimmed().toStdString();
    c.category = category_->currentText().trimmed().toStdString();
    c.modality = modality_->currentText().trimmed().toStdString();
    c.annotator = annotator_->text().trimmed().toStdString();
    c.note = note_->toPlainText().trimmed().toStdString();
    return c;
}

void ReviewDialog::accept() {
    const ReviewChoice c = choice();
    QString problem;
    if (c.question.empty()) problem = tr("Write the question this sample answers.");
    else if (c.category.empty() || c.supercategory.empty())
        problem = tr("Choose or type a category and a super-category.");
    else if (c.annotator.empty()) problem = tr("Enter the annotator's name or initials.");
    if (!problem.isEmpty()) {
        problem_->setText(problem);
        problem_->show();
        return;
    }
    QDialog::accept();
}

}  // namespace mr::widgets
