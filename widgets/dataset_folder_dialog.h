#pragma once
// The folder dialog of "Open or Create Dataset": Qt's own file dialog in folder mode that also
// takes the name of a folder that does not exist yet (typed into the name field), so a new
// dataset can be named in place. Whether an existing folder may become a dataset is decided after
// it is chosen (the dataset store asks), not here.
#include <QFileDialog>

namespace mr::widgets {

class DatasetFolderDialog : public QFileDialog {
    Q_OBJECT
public:
    DatasetFolderDialog(QWidget* parent, const QString& startFolder);

    // The chosen folder (existing, or new inside an existing one); empty when cancelled.
    static QString getFolder(QWidget* parent, const QString& startFolder);

    void accept() override;
};

}  // namespace mr::widgets
