#pragma once
// File → Export Figure…: where to write the figure (its extension picks PNG, SVG or PDF), the text
// beside or below the image, and the whole trace or its first lines.
#include <QDialog>

#include "figure/figure_painter.h"

class QComboBox;
class QLineEdit;
class QSpinBox;
class QDialogButtonBox;

namespace mr::widgets {

class FigureExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit FigureExportDialog(QWidget* parent = nullptr);

    void setPath(const QString& path);
    QString path() const;
    void setOptions(const mr::figure::FigureOptions& options);
    mr::figure::FigureOptions options() const;

private:
    void browse();
    void refresh();  // OK only with a .png, .svg or .pdf name; the line count only when trimmed

    QLineEdit* path_ = nullptr;
    QComboBox* layout_ = nullptr;
    QComboBox* trace_ = nullptr;
    QSpinBox* lines_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace mr::widgets
