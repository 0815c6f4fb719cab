#include "widgets/series_picker_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mr::widgets {

SeriesPickerDialog::SeriesPickerDialog(const mr::imaging::DicomScanResult& scan, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Choose a DICOM series"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("%n series found in %1 files.", nullptr, int(scan.series.size())).arg(scan.filesExamined)));
    list_ = new QTreeWidget(this);
    list_->setRootIsDecorated(false);
    list_->setHeaderLabels({tr("Series"), tr("Description"), tr("Modality"), tr("Size"), tr("Slices")});
    for (const auto& s : scan.series) {
        auto* item = new QTreeWidgetItem(list_);
        item->setText(0, QString::number(s.seriesNumber));
        item->setText(1,
                      QString::fromStdString(s.seriesDescription.empty() ? s.studyDescription : s.seriesDescription));
        item->setText(2, QString::fromStdString(s.modality));
        item->setText(3, QStringLiteral("%1 × %2").arg(s.columns).arg(s.rows));
        item->setText(4, QString::number(s.sliceCount));
    }
    list_->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    if (list_->topLevelItemCount() > 0) list_->setCurrentItem(list_->topLevelItem(0));
    layout->addWidget(list_);
    if (!scan.skipped.empty()) {
        layout->addWidget(new QLabel(tr("Skipped %n file(s):", nullptr, int(scan.skipped.size()))));
        auto* skipped = new QPlainTextEdit(this);
        skipped->setReadOnly(true);
        for (const auto& f : scan.skipped) skipped->appendPlainText(QString::fromStdString(f.path + ": " + f.reason));
        skipped->setMaximumHeight(110);
        layout->addWidget(skipped);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(list_, &QTreeWidget::itemDoubleClicked, this, &QDialog::accept);
    buttons->button(QDialogButtonBox::Open)->setEnabled(!scan.series.empty());
    layout->addWidget(buttons);
    resize(640, 360);
}

int SeriesPickerDialog::chosenSeries() const {
    auto* item = list_->currentItem();
    return item ? list_->indexOfTopLevelItem(item) : -1;
}

}  // namespace mr::widgets
