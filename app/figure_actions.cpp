#include "app/figure_actions.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QtConcurrent>

#include <algorithm>

#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "engine/core/error.h"
#include "engine/dataset/deidentify.h"
#include "engine/imaging/windowing.h"
#include "figure/figure_file.h"
#include "widgets/figure_export_dialog.h"
#include "widgets/multi_planar_view.h"
#include "widgets/reasoning_panel.h"

namespace mr::app {

namespace {
const char* kFolderKey = "figure/lastPath";
}

FigureActions::FigureActions(MainWindow* window) : QObject(window), window_(window) {
    export_ = new QAction(tr("Export &Figure…"), this);
    export_->setObjectName("exportFigureAction");
    connect(export_, &QAction::triggered, this, &FigureActions::exportFigure);
    copy_ = new QAction(tr("Copy &Figure"), this);
    copy_->setObjectName("copyFigureAction");
    connect(copy_, &QAction::triggered, this, &FigureActions::copyFigure);
    connect(&watcher_, &QFutureWatcher<QString>::finished, this, [this] {
        const QString problem = watcher_.result();
        if (problem.isEmpty()) {
            Q_EMIT message(tr("Figure written to %1").arg(QDir::toNativeSeparators(writing_)));
            Q_EMIT written(writing_);
        } else {
            showProblem(problem);
        }
    });
}

void FigureActions::addTo(QMenu* file, QMenuBar* bar, QAction* before) {
    file->addAction(export_);
    QMenu* edit = new QMenu(tr("&Edit"), bar);
    edit->addAction(copy_);
    bar->insertMenu(before, edit);
}

mr::session::FigureScene FigureActions::sceneNow() const {
    const mr::imaging::Image& image = window_->viewer()->image();
    if (image.empty()) throw mr::Error(tr("Open an image first: a figure shows the image on screen.").toStdString());
    const mr::widgets::SliceView* axial = window_->viewer()->view(mr::widgets::SliceOrientation::Axial);
    const int64_t z = axial->slice();
    mr::session::FigureScene s;
    s.image.width = int(image.width()), s.image.height = int(image.height());
    s.image.rgb = mr::imaging::renderSliceRgb(image, z, axial->windowLevel());
    if (axial->inverted() && !image.isColor())
        for (uint8_t& v : s.image.rgb) v = uint8_t(255 - v);
    std::vector<uint8_t> mask = window_->maskEditor()->sliceMask(z);
    if (std::any_of(mask.begin(), mask.end(), [](uint8_t v) { return v != 0; }))
        s.mask = {s.image.width, s.image.height, std::move(mask)};
    const mr::widgets::PromptMarkers& prompts = window_->prompts()->prompts();
    if (prompts.slice == z) {
        s.box = prompts.box;
        for (const auto& p : prompts.points) s.points.push_back({p.x, p.y});
    }
    // A plain picture (OpenCV's "OT", 1 × 1 "mm") has no spacing; scans and the demo CT do.
    const bool picture = image.metadata().modality == "OT" || image.metadata().modality.empty();
    if (!picture || mr::dataset::describeSource(image, z, "").kind != "picture")
        s.pixelSpacingMm = std::array<double, 2>{image.geometry().spacing[0], image.geometry().spacing[1]};
    const QString name = window_->windowTitle().section(QStringLiteral(" — "), 0, 0);
    s.title = tr("%1 · slice %2 of %3").arg(name).arg(z + 1).arg(image.depth()).toStdString();
    const mr::widgets::ReasoningPanel* panel = window_->reasoningPanel();
    s.question = panel->question().toStdString();
    s.think = panel->thinkText().toStdString();
    s.answer = panel->answerText().toStdString();
    return s;
}

void FigureActions::exportTo(const QString& path, const mr::figure::FigureOptions& options) {
    if (watcher_.isRunning()) {
        Q_EMIT message(tr("A figure is still being written"));
        return;
    }
    try {
        mr::figure::figureFormatOf(path.toStdString());
        const mr::figure::FigurePainter figure(sceneNow(), options);
        writing_ = path;
        watcher_.setFuture(QtConcurrent::run([figure, file = path.toStdString()]() -> QString {
            try {
                mr::figure::writeFigure(figure, file);
                return {};
            } catch (const std::exception& e) {
                return QString::fromStdString(e.what());
            }
        }));
    } catch (const mr::Error& e) {
        showProblem(QString::fromStdString(e.what()));
    }
}

void FigureActions::exportFigure() {
    mr::widgets::FigureExportDialog dialog(window_);
    QSettings settings;
    const QString fallback = QDir(QDir::homePath()).filePath(QStringLiteral("figure.png"));
    dialog.setPath(settings.value(kFolderKey, fallback).toString());
    dialog.setOptions(last_);
    if (dialog.exec() != QDialog::Accepted) return;
    last_ = dialog.options();
    settings.setValue(kFolderKey, dialog.path());
    exportTo(dialog.path(), last_);
}

void FigureActions::copyFigure() {
    try {
        const mr::figure::FigurePainter figure(sceneNow(), last_);
        QGuiApplication::clipboard()->setImage(mr::figure::figureImage(figure));
        Q_EMIT message(tr("Figure copied to the clipboard"));
    } catch (const mr::Error& e) {
        showProblem(QString::fromStdString(e.what()));
    }
}

void FigureActions::showProblem(const QString& reason) {
    Q_EMIT message(tr("Could not make the figure"));
    QMessageBox::warning(window_, tr("Export Figure"), tr("The figure was not made.\n\n%1").arg(reason));
}

}  // namespace mr::app
