#include "widgets/seg_export_dialog.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "engine/imaging/segment_terms.h"
#include "widgets/umrg_categories.h"

namespace mr::widgets {

SegExportDialog::SegExportDialog(const SegExportChoice& initial, bool canLink, const QStringList& servers,
                                 QWidget* parent)
    : QDialog(parent), canLink_(canLink) {
    setWindowTitle(tr("Export Segmentation as DICOM SEG"));
    auto* form = new QFormLayout(this);
    label_ = new QComboBox(this);
    label_->setObjectName("segLabel");
    label_->setEditable(true);
    for (const auto& group : umrgCategories()) label_->addItems(group.categories);
    label_->setCurrentText(initial.label);
    term_ = new QComboBox(this);
    term_->setObjectName("segTerm");
    for (const auto& t : mr::imaging::segmentTerms())
        term_->addItem(tr("%1 (SNOMED CT %2, %3)")
                           .arg(QString::fromStdString(t.type.meaning), QString::fromStdString(t.type.value),
                                QString::fromStdString(t.category.meaning)),
                       QString::fromStdString(t.name));
    annotator_ = new QLineEdit(initial.annotator, this);
    annotator_->setObjectName("segAnnotator");
    annotator_->setPlaceholderText(tr("Family^Given"));
    description_ = new QLineEdit(initial.description, this);
    path_ = new QLineEdit(initial.path, this);
    path_->setObjectName("segPath");
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path_, 1);
    pathRow->addWidget(browse);
    deidentified_ = new QRadioButton(tr("De-identified: new UIDs, no patient or study data"), this);
    deidentified_->setObjectName("segDeidentified");
    linked_ = new QRadioButton(tr("Linked to the source series: copies patient, study and frame of reference"), this);
    linked_->setObjectName("segLinked");
    (initial.linkToSource && canLink ? linked_ : deidentified_)->setChecked(true);
    linked_->setEnabled(canLink);
    auto* identity = new QVBoxLayout;
    identity->addWidget(deidentified_);
    identity->addWidget(linked_);
    pacs_ = new QComboBox(this);
    pacs_->setObjectName("segPacs");
    pacs_->addItem(tr("Do not store"), -1);
    for (int i = 0; i < servers.size(); ++i) pacs_->addItem(servers[i], i);
    pacs_->setCurrentIndex(std::max(0, pacs_->findData(initial.pacsServer)));
    pacs_->setEnabled(canLink && !servers.isEmpty());
    form->addRow(tr("Segment label"), label_);
    form->addRow(tr("Coded type"), term_);
    form->addRow(tr("Annotator"), annotator_);
    form->addRow(tr("Description"), description_);
    form->addRow(tr("File"), pathRow);
    form->addRow(tr("Identifiers"), identity);
    form->addRow(tr("Also store on PACS"), pacs_);
    footer_ = FormFooter(this, form, QStringLiteral("segNote"), tr("Export"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getSaveFileName(this, tr("DICOM SEG File"), path_->text(), tr("DICOM (*.dcm)"));
        if (!p.isEmpty()) path_->setText(p.endsWith(".dcm", Qt::CaseInsensitive) ? p : p + ".dcm");
    });
    connect(label_, &QComboBox::currentTextChanged, this, &SegExportDialog::labelEdited);
    connect(path_, &QLineEdit::textChanged, this, &SegExportDialog::refresh);
    connect(linked_, &QRadioButton::toggled, this, &SegExportDialog::refresh);
    connect(pacs_, &QComboBox::currentIndexChanged, this, &SegExportDialog::refresh);
    labelEdited(label_->currentText());
    if (!initial.term.isEmpty()) term_->setCurrentIndex(std::max(0, term_->findData(initial.term)));
    refresh();
}

void SegExportDialog::labelEdited(const QString& label) {
    const auto& term = mr::imaging::segmentTermFor(label.toStdString());
    term_->setCurrentIndex(std::max(0, term_->findData(QString::fromStdString(term.name))));
    refresh();
}

void SegExportDialog::refresh() {
    // A PACS files a SEG under its study: storing needs the source's identifiers.
    const bool storing = pacs_->currentData().toInt() >= 0;
    if (storing) linked_->setChecked(true);
    deidentified_->setEnabled(!storing);
    QString note;
    if (!canLink_)
        note = tr("The image did not come from DICOM: the SEG is de-identified and cannot be stored on a PACS.");
    else if (linked_->isChecked())
        note = tr("The SEG carries the patient's identifiers: share it only where they may go.");
    footer_.showNote(note, !path_->text().trimmed().isEmpty() && !label_->currentText().trimmed().isEmpty());
}

SegExportChoice SegExportDialog::choice() const {
    SegExportChoice c;
    c.path = path_->text().trimmed();
    c.label = label_->currentText().trimmed();
    c.term = term_->currentData().toString();
    c.annotator = annotator_->text().trimmed();
    c.description = description_->text().trimmed();
    c.linkToSource = linked_->isChecked();
    c.pacsServer = pacs_->currentData().toInt();
    return c;
}

}  // namespace mr::widgets
