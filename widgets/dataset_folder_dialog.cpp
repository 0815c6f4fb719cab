#include "widgets/dataset_folder_dialog.h"

#include <QFileInfo>

namespace mr::widgets {

DatasetFolderDialog::DatasetFolderDialog(QWidget* parent, const QString& startFolder)
    : QFileDialog(parent, tr("Open or Create a Dataset Folder"), startFolder) {
    setObjectName("datasetFolderDialog");
    setFileMode(QFileDialog::Directory);
    setOption(QFileDialog::ShowDirsOnly, true);
    // Qt's own dialog everywhere: the same behaviour on every desktop, and under test.
    setOption(QFileDialog::DontUseNativeDialog, true);
    setLabelText(QFileDialog::FileName, tr("Folder:"));
    setLabelText(QFileDialog::Accept, tr("Choose"));
}

QString DatasetFolderDialog::getFolder(QWidget* parent, const QString& startFolder) {
    DatasetFolderDialog dialog(parent, startFolder);
    if (dialog.exec() != QDialog::Accepted) return {};
    const QStringList files = dialog.selectedFiles();
    return files.isEmpty() ? QString() : QFileInfo(files.first()).absoluteFilePath();
}

void DatasetFolderDialog::accept() {
    // A typed name of a folder that does not exist yet, inside one that does: a new dataset.
    // (Qt's folder mode refuses it with "Directory not found".)
    const QStringList files = selectedFiles();
    if (files.size() == 1) {
        const QFileInfo info(files.first());
        if (!info.exists() && QFileInfo(info.absolutePath()).isDir()) {
            QDialog::accept();
            return;
        }
    }
    QFileDialog::accept();
}

}  // namespace mr::widgets
