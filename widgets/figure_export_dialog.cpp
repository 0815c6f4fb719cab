#include "widgets/figure_export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace mr::widgets {

FigureExportDialog::FigureExportDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export Figure"));
    path_ = new QLineEdit(this);
    path_->setObjectName("figurePath");
    path_->setMinimumWidth(360);
    path_->setPlaceholderText(tr("figure.png, figure.svg or figure.pdf"));
    auto* browse = new QPushButton(tr("&Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path_, 1);
    pathRow->addWidget(browse);
    layout_ = new QComboBox(this);
    layout_->setObjectName("figureLayout");
    layout_->addItem(tr("Side by side"), int(mr::figure::FigureLayout::SideBySide));
    layout_->addItem(tr("Stacked"), int(mr::figure::FigureLayout::Stacked));
    trace_ = new QComboBox(this);
    trace_->setObjectName("figureTrace");
    trace_->addItem(tr("Full trace"), true);
    trace_->addItem(tr("First lines only"), false);
    lines_ = new QSpinBox(this);
    lines_->setObjectName("figureTraceLines");
    lines_->setRange(1, 200);
    lines_->setValue(8);
    lines_->setSuffix(tr(" lines"));
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* form = new QFormLayout(this);
    form->addRow(tr("&File:"), pathRow);
    form->addRow(tr("&Layout:"), layout_);
    form->addRow(tr("&Trace:"), trace_);
    form->addRow(tr("Trimmed to:"), lines_);
    form->addRow(buttons_);
    connect(browse, &QPushButton::clicked, this, &FigureExportDialog::browse);
    connect(path_, &QLineEdit::textChanged, this, &FigureExportDialog::refresh);
    connect(trace_, &QComboBox::currentIndexChanged, this, &FigureExportDialog::refresh);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refresh();
}

void FigureExportDialog::setPath(const QString& path) { path_->setText(path); }

QString FigureExportDialog::path() const { return path_->text().trimmed(); }

void FigureExportDialog::setOptions(const mr::figure::FigureOptions& o) {
    layout_->setCurrentIndex(layout_->findData(int(o.layout)));
    trace_->setCurrentIndex(trace_->findData(o.fullTrace));
    lines_->setValue(o.traceLines);
}

mr::figure::FigureOptions FigureExportDialog::options() const {
    mr::figure::FigureOptions o;
    o.layout = mr::figure::FigureLayout(layout_->currentData().toInt());
    o.fullTrace = trace_->currentData().toBool();
    o.traceLines = lines_->value();
    return o;
}

void FigureExportDialog::browse() {
    const QString png = tr("PNG image (*.png)"), svg = tr("SVG drawing (*.svg)"), pdf = tr("PDF document (*.pdf)");
    const QString suffix = QFileInfo(path()).suffix().toLower();
    QString filter = suffix == "svg" ? svg : suffix == "pdf" ? pdf : png;
    QString chosen =
        QFileDialog::getSaveFileName(this, tr("Export Figure"), path(), png + ";;" + svg + ";;" + pdf, &filter);
    if (chosen.isEmpty()) return;
    // The filter names the format when the name has no extension of its own.
    if (!QStringList{"png", "svg", "pdf"}.contains(QFileInfo(chosen).suffix().toLower()))
        chosen += filter == svg ? ".svg" : filter == pdf ? ".pdf" : ".png";
    path_->setText(chosen);
}

void FigureExportDialog::refresh() {
    const QString suffix = QFileInfo(path()).suffix().toLower();
    buttons_->button(QDialogButtonBox::Save)->setEnabled(QStringList{"png", "svg", "pdf"}.contains(suffix));
    lines_->setEnabled(!trace_->currentData().toBool());
}

}  // namespace mr::widgets
