#pragma once
// File > Export Segmentation as DICOM SEG…: what the segment is (a label, free text or from the
// lists, and its coded type from the built-in SNOMED CT terms), who drew it, where the file goes,
// whether the SEG copies the source series' identifiers (needed for a PACS; off by default), and
// optionally a PACS server to store it on.
#include <QDialog>
#include <QString>
#include <QStringList>

#include "widgets/form_footer.h"

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace mr::widgets {

struct SegExportChoice {
    QString path;         // the .dcm file to write
    QString label;        // Segment Label (free text)
    QString term;         // the built-in term's name ("neoplasm", "liver", ...)
    QString annotator;    // content creator
    QString description;  // content description
    bool linkToSource = false;
    int pacsServer = -1;  // index into the servers given, -1: do not store
};

class SegExportDialog : public QDialog {
    Q_OBJECT
public:
    // canLink: the image came from DICOM (its identifiers can be copied). servers: names of the
    // remembered PACS servers.
    SegExportDialog(const SegExportChoice& initial, bool canLink, const QStringList& servers,
                    QWidget* parent = nullptr);
    SegExportChoice choice() const;

private:
    void labelEdited(const QString& label);
    void refresh();

    bool canLink_;
    QComboBox* label_ = nullptr;
    QComboBox* term_ = nullptr;
    QLineEdit* annotator_ = nullptr;
    QLineEdit* description_ = nullptr;
    QLineEdit* path_ = nullptr;
    QRadioButton* deidentified_ = nullptr;
    QRadioButton* linked_ = nullptr;
    QComboBox* pacs_ = nullptr;
    FormFooter footer_;
};

}  // namespace mr::widgets
