#pragma once
// DICOM SEG in the app: File > Export Segmentation as DICOM SEG… writes the mask on screen (every
// slice drawn on) with the label, coded type, annotator and identity the user chose, and stores
// it on a PACS when asked (a failed store keeps the file and says where); File > Open
// Segmentation (DICOM SEG)… places a SEG over the open series as a label overlay, each segment a
// label with its name and colour, or says why it does not belong there. Disk and network work
// runs on the window's task.
#include <QObject>
#include <QString>

#include "widgets/seg_export_dialog.h"

namespace mr::app {

class MainWindow;
class PacsController;

class SegmentationController : public QObject {
    Q_OBJECT
public:
    SegmentationController(MainWindow* window, PacsController* pacs, QObject* parent = nullptr);

public Q_SLOTS:
    void exportSegmentation();  // asks with the dialog, then exportWith()
    void exportWith(const mr::widgets::SegExportChoice& choice);
    void openSegmentation();  // asks for a file, then openSegmentationFile()
    void openSegmentationFile(const QString& path);

Q_SIGNALS:
    // After a SEG was written: stored on the PACS or not, and why not (empty when not asked).
    void exported(const QString& path, bool stored, const QString& storeProblem);
    void opened(const QString& path, int segments);
    void message(const QString& text);

private:
    MainWindow* window_;
    PacsController* pacs_;
};

}  // namespace mr::app
