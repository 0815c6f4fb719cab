#pragma once
// Lets the user choose one series from a scanned DICOM folder: description, modality, size and
// slice count per series, plus the files that were skipped and why.
#include <QDialog>

#include "engine/imaging/dicom_scanner.h"

class QTreeWidget;

namespace mr::widgets {

class SeriesPickerDialog : public QDialog {
    Q_OBJECT
public:
    SeriesPickerDialog(const mr::imaging::DicomScanResult& scan, QWidget* parent = nullptr);
    // Index into scan.series of the chosen series (valid after exec() returned Accepted).
    int chosenSeries() const;

private:
    QTreeWidget* list_ = nullptr;
};

}  // namespace mr::widgets
