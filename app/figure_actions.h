#pragma once
// File → Export Figure… and Edit → Copy Figure: the current axial slice as displayed, with the
// mask, the box, the key points and a scale bar, beside the question, the trace and the answer,
// drawn by the figure library (figure/) from an engine FigureScene. Export renders and writes off
// the GUI thread; Copy puts a PNG on the clipboard.
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include "engine/session/figure_scene.h"
#include "figure/figure_painter.h"

class QAction;
class QMenu;
class QMenuBar;

namespace mr::app {

class MainWindow;

class FigureActions : public QObject {
    Q_OBJECT
public:
    explicit FigureActions(MainWindow* window);

    // File → Export Figure… into `file`; Edit → Copy Figure into a new Edit menu before `before`.
    void addTo(QMenu* file, QMenuBar* bar, QAction* before);
    QAction* exportAction() const { return export_; }
    QAction* copyAction() const { return copy_; }

    // What the window shows now, as a figure scene; throws mr::Error without an image.
    mr::session::FigureScene sceneNow() const;
    // Writes the figure of sceneNow() to `path` in the background; written() or message() follows.
    void exportTo(const QString& path, const mr::figure::FigureOptions& options);

public Q_SLOTS:
    void exportFigure();  // asks where and how, then exportTo()
    void copyFigure();

Q_SIGNALS:
    void written(const QString& path);
    void message(const QString& text);

private:
    void showProblem(const QString& reason);

    MainWindow* window_;
    QAction* export_ = nullptr;
    QAction* copy_ = nullptr;
    QFutureWatcher<QString> watcher_;  // the export in flight: "" or what went wrong
    QString writing_;
    mr::figure::FigureOptions last_;
};

}  // namespace mr::app
