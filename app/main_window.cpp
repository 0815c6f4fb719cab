#include "app/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QToolButton>
#include <QUndoStack>
#include <QUndoView>

#include "app/action_keys.h"
#include "app/background_task.h"
#include "app/dataset_controller.h"
#include "app/engine_settings_store.h"
#include "app/figure_actions.h"
#include "app/grounding_controller.h"
#include "app/mask_editor.h"
#include "app/mask_tools_bar.h"
#include "app/pacs_controller.h"
#include "app/presentation_mode.h"
#include "app/prompt_controller.h"
#include "app/sample_review_controller.h"
#include "app/segmentation_controller.h"
#include "app/session_recorder.h"
#include "app/session_replay_controller.h"
#include "app/volume_propagation_controller.h"
#include "app/window_preset_names.h"
#include "app/evaluation_case_controller.h"
#include "app/second_reading_controller.h"
#include "app/worklist_controller.h"
#include "widgets/dataset_browser.h"
#include "engine/ground/model_set.h"
#include "widgets/engine_settings_dialog.h"
#include "widgets/evaluation_report_dialog.h"
#include "widgets/query_bar.h"
#include "widgets/reasoning_panel.h"
#include "engine/demo/demo_case.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/image_reader.h"
#include "engine/imaging/label_map.h"
#include "widgets/label_overlay_panel.h"
#include "widgets/multi_planar_view.h"
#include "widgets/series_picker_dialog.h"
#include "widgets/shortcuts_dialog.h"
#include "widgets/slice_view.h"

namespace mr::app {

namespace {
constexpr int kMaxRecent = 10;
const char* kRecentKey = "recentFiles";
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("MedReasoner Studio"));
    buildCentre();
    buildReasoningDock();
    buildLabelsDock();
    buildHistoryAndDatasetDocks();
    recorder_ = new SessionRecorder(grounding_, editor_, task_, this, this);  // File → Save/Replay Session
    replay_ = new SessionReplayController(this, recorder_, this);
    connect(recorder_, &SessionRecorder::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    worklist_ = new WorklistController(this);  // File → Open Worklist and its dock
    connect(pacs_, &PacsController::worklistRequested, worklist_, &WorklistController::openPacsStudies);
    connect(worklist_, &WorklistController::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    secondReading_ = new SecondReadingController(this);
    connect(secondReading_, &SecondReadingController::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    evaluationCase_ = new EvaluationCaseController(this, worklist_);
    connect(evaluationCase_, &EvaluationCaseController::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    buildMenus();
    buildStatusBar();
    connect(viewer_, &mr::widgets::MultiPlanarView::cursorOverVoxel, this, &MainWindow::showVoxel);
    connect(viewer_, &mr::widgets::MultiPlanarView::cursorLeftImage, this, [this] {
        positionLabel_->clear();
        valueLabel_->clear();
    });
    connect(viewer_, &mr::widgets::MultiPlanarView::windowLevelChanged, this, [this](double c, double w) {
        windowLabel_->setText(tr("W %1 / L %2").arg(w, 0, 'f', 0).arg(c, 0, 'f', 0));
    });
    connect(task_, &BackgroundTask::failed, this, &MainWindow::showError);
    resize(1280, 860);
}

void MainWindow::buildCentre() {
    // Centre: the question above the image.
    auto* centre = new QWidget(this);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    queryBar_ = new mr::widgets::QueryBar(centre);
    viewer_ = new mr::widgets::MultiPlanarView(centre);
    centreLayout->addWidget(queryBar_);
    centreLayout->addWidget(viewer_, 1);
    setCentralWidget(centre);
    // A first start shows what to open rather than a black area; the names are the menus'.
    const QString hint = tr("Open an image or a DICOM folder to begin:\nFile → Open Image… (%1) or File → Open DICOM "
                            "Folder… (%2)\n\nor try File → Open Demo Case.")
                             .arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText),
                                  QKeySequence(tr("Ctrl+Shift+O")).toString(QKeySequence::NativeText));
    for (auto o : {mr::widgets::SliceOrientation::Axial, mr::widgets::SliceOrientation::Coronal,
                   mr::widgets::SliceOrientation::Sagittal})
        viewer_->view(o)->setEmptyHint(hint);
    task_ = new BackgroundTask(this);
    editor_ = new MaskEditor(viewer_, this);
    prompts_ = new PromptController(viewer_, task_, editor_, this);
}

void MainWindow::buildReasoningDock() {
    // Beside the viewer: the reasoning trace as it streams.
    reasoning_ = new mr::widgets::ReasoningPanel(this);
    reasoningDock_ = new QDockWidget(tr("Reasoning"), this);
    reasoningDock_->setObjectName("reasoningDock");
    reasoningDock_->setWidget(reasoning_);
    addDockWidget(Qt::RightDockWidgetArea, reasoningDock_);
    grounding_ = new GroundingController(viewer_, reasoning_, task_, prompts_, this);
    {
        QSettings s;
        grounding_->applySettings(loadEngineSettings(s));
    }
    connect(queryBar_, &mr::widgets::QueryBar::askRequested, grounding_, &GroundingController::ask);
    connect(queryBar_, &mr::widgets::QueryBar::cancelRequested, grounding_, &GroundingController::cancel);
    connect(queryBar_, &mr::widgets::QueryBar::settingsRequested, this, &MainWindow::showEngineSettings);
    connect(queryBar_, &mr::widgets::QueryBar::hint, this,
            [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    connect(grounding_, &GroundingController::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    connect(grounding_, &GroundingController::busyChanged, queryBar_, &mr::widgets::QueryBar::setBusy);
    connect(grounding_, &GroundingController::busyChanged, this, [this](bool busy) {
        if (!busy) return;
        reasoningDock_->show();  // answers never stream into a closed panel
        reasoningDock_->raise();
    });
    refreshQueryAvailability();
}

void MainWindow::buildLabelsDock() {
    layers_ = new mr::widgets::LabelOverlayPanel(this);
    layersDock_ = new QDockWidget(tr("Labels"), this);
    layersDock_->setObjectName("labelsDock");
    layersDock_->setWidget(layers_);
    addDockWidget(Qt::RightDockWidgetArea, layersDock_);
    tabifyDockWidget(reasoningDock_, layersDock_);
    layersDock_->hide();  // shown when a label map is loaded
    connect(layers_, &mr::widgets::LabelOverlayPanel::labelVisibilityChanged, viewer_,
            &mr::widgets::MultiPlanarView::setLabelVisible);
    connect(layers_, &mr::widgets::LabelOverlayPanel::opacityChanged, viewer_,
            &mr::widgets::MultiPlanarView::setOverlayOpacity);
    connect(layers_, &mr::widgets::LabelOverlayPanel::outlineChanged, viewer_,
            &mr::widgets::MultiPlanarView::setOverlayOutline);
}

void MainWindow::buildHistoryAndDatasetDocks() {
    // The edit history and the dataset: docks beside the viewer.
    historyDock_ = new QDockWidget(tr("Edit History"), this);
    historyDock_->setObjectName("historyDock");
    auto* history = new QUndoView(editor_->undoStack(), historyDock_);
    history->setEmptyLabel(tr("<no mask>"));
    historyDock_->setWidget(history);
    addDockWidget(Qt::RightDockWidgetArea, historyDock_);
    tabifyDockWidget(reasoningDock_, historyDock_);
    dataset_ = new DatasetController(this);
    browser_ = new mr::widgets::DatasetBrowser(this);
    datasetDock_ = new QDockWidget(tr("Dataset"), this);
    datasetDock_->setObjectName("datasetDock");
    datasetDock_->setWidget(browser_);
    addDockWidget(Qt::RightDockWidgetArea, datasetDock_);
    tabifyDockWidget(reasoningDock_, datasetDock_);
    reasoningDock_->raise();
    review_ = new SampleReviewController(this, editor_, dataset_, browser_);
    connect(review_, &SampleReviewController::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    connect(editor_, &MaskEditor::message, this, [this](const QString& m) { statusBar()->showMessage(m, 6000); });
    connect(dataset_, &DatasetController::saved, this, [this] { datasetDock_->show(); });
    pacs_ = new PacsController(this, task_, this);
    segmentation_ = new SegmentationController(this, pacs_, this);
    connect(pacs_, &PacsController::seriesRetrieved, this, &MainWindow::openDicomFolder);
    auto showMessage = [this](const QString& m) { statusBar()->showMessage(m, 8000); };
    connect(pacs_, &PacsController::message, this, showMessage);
    connect(segmentation_, &SegmentationController::message, this, showMessage);
    {
        // Reopen the last dataset read-only: it opens for saving when a sample is saved (and asks
        // first where the folder needs a decision), so a launch never writes anywhere.
        const QString last = QSettings().value("dataset/folder").toString();
        if (!last.isEmpty() && QFileInfo(last).isDir()) dataset_->openReadOnly(last);
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent* e) {
    // Saves in flight finish before the window goes: an acknowledged save is on disk.
    dataset_->waitForPending();
    QMainWindow::closeEvent(e);
}

mr::widgets::SliceView* MainWindow::sliceView() const { return viewer_->primaryView(); }

void MainWindow::buildMenus() {
    buildFileMenu();
    buildViewMenu();
    buildMaskTools(buildPromptTools());
    nameKeysInToolTips(this);

    QMenu* engine = menuBar()->addMenu(tr("&Engine"));
    engine->addAction(tr("Engine &Settings…"), this, &MainWindow::showEngineSettings);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), this, [this] { mr::widgets::ShortcutsDialog(this).exec(); })
        ->setShortcut(QKeySequence::HelpContents);
    help->addMenu(replay_->tourMenu());
    QAction* about = help->addAction(tr("&About MedReasoner Studio"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::buildFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openImage = file->addAction(tr("&Open Image…"), this, &MainWindow::chooseImageFile);
    openImage->setShortcut(QKeySequence::Open);
    QAction* openDicom = file->addAction(tr("Open &DICOM Folder…"), this, &MainWindow::chooseDicomFolder);
    openDicom->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open D&emo Case"), this, &MainWindow::openDemoCase);
    file->addAction(tr("Open &Label Map…"), this, &MainWindow::chooseLabelMap);
    file->addAction(tr("Open from &PACS…"), pacs_, &PacsController::showBrowser)->setObjectName("openPacsAction");
    file->addAction(tr("Open Segmentation (DICOM SE&G)…"), segmentation_, &SegmentationController::openSegmentation);
    file->addAction(tr("E&xport Segmentation as DICOM SEG…"), segmentation_,
                    &SegmentationController::exportSegmentation);
    file->addSeparator();
    file->addAction(tr("Open or Create &Dataset…"), review_, &SampleReviewController::chooseDataset)
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    QAction* save = file->addAction(tr("&Save Sample to Dataset…"), review_, &SampleReviewController::saveSample);
    save->setShortcut(QKeySequence::Save);
    save->setObjectName("saveSampleAction");
    worklist_->addTo(file);
    file->addAction(tr("Open E&valuation Report…"), this, [this] {
        QSettings s;
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Evaluation Report"),
                                                              s.value("lastFolder", QDir::homePath()).toString());
        // A failed sample or a chart bar opens its case in the worklist of this run.
        if (!dir.isEmpty())
            mr::widgets::EvaluationReportDialog::openFolder(
                this, dir, [this](const QString& folder, const QString& id, const QString& metric) {
                    worklist_->openResults(folder, metric, id);
                });
    });
    figures_ = new FigureActions(this);  // File → Export Figure…, and the Edit menu after File
    figures_->addTo(file, menuBar(), nullptr);
    connect(figures_, &FigureActions::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    file->addSeparator();
    file->addActions({recorder_->saveAction(), replay_->replayAction()});
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    refreshRecentMenu();
}

void MainWindow::buildViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    presetsMenu_ = view->addMenu(tr("&Window Presets"));
    QAction* invert = view->addAction(tr("&Invert Gray Scale"), viewer_, &mr::widgets::MultiPlanarView::setInverted);
    invert->setCheckable(true);
    invert->setShortcut(QKeySequence(tr("I")));
    QAction* reset = view->addAction(tr("&Reset View"), this, [this, invert] {
        viewer_->resetViews();
        invert->setChecked(false);
    });
    reset->setShortcut(QKeySequence(tr("R")));
    QAction* zoomIn =
        view->addAction(tr("Zoom &In"), this, [this] { sliceView()->setZoom(sliceView()->zoom() * 1.25); });
    zoomIn->setShortcuts(uniqueKeys({QKeySequence::keyBindings(QKeySequence::ZoomIn), {QKeySequence(tr("Ctrl+="))}}));
    QAction* zoomOut =
        view->addAction(tr("Zoom &Out"), this, [this] { sliceView()->setZoom(sliceView()->zoom() / 1.25); });
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    view->addSeparator();
    using Layout = mr::widgets::MultiPlanarView::Layout;
    using Orientation = mr::widgets::SliceOrientation;
    auto* layouts = new QActionGroup(this);
    auto addLayout = [&](const QString& name, const char* key, Layout l, Orientation o) {
        QAction* a = view->addAction(name, this, [this, l, o] { viewer_->setLayoutMode(l, o); });
        a->setCheckable(true);
        a->setShortcut(QKeySequence(QString::fromLatin1(key)));
        layouts->addAction(a);
        return a;
    };
    addLayout(tr("&Axial"), "F6", Layout::Single, Orientation::Axial)->setChecked(true);  // F5: presentation
    addLayout(tr("&Coronal"), "F7", Layout::Single, Orientation::Coronal);
    addLayout(tr("&Sagittal"), "F8", Layout::Single, Orientation::Sagittal);
    addLayout(tr("&2 × 2 Layout"), "F9", Layout::Grid, Orientation::Axial);
    QAction* crosshair = view->addAction(tr("Cross&hair"), viewer_, &mr::widgets::MultiPlanarView::setCrosshairVisible);
    crosshair->setCheckable(true);
    crosshair->setChecked(true);
    overlayAction_ = view->addAction(tr("&Label Overlay"), this, [this](bool on) {
        viewer_->setOverlayOpacity(on ? 0.45 : 0.0);
        layers_->setOpacity(on ? 0.45 : 0.0);
    });
    overlayAction_->setCheckable(true);
    overlayAction_->setChecked(true);
    overlayAction_->setShortcut(QKeySequence(tr("L")));
    // Every dock, so a closed one can be opened again.
    for (QDockWidget* dock : findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly))
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    QAction* full =
        view->addAction(tr("&Full Screen"), this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    full->setCheckable(true);
    full->setShortcuts(uniqueKeys({{QKeySequence(Qt::Key_F11)}, QKeySequence::keyBindings(QKeySequence::FullScreen)}));
    presentation_ = new PresentationMode(this, viewer_, reasoningDock_, {reasoning_, queryBar_});
    presentation_->addActions(view);
    refreshWindowPresets();
}

QActionGroup* MainWindow::buildPromptTools() {
    // Manual prompting: box and points on an axial slice, then the segmentation expert.
    QMenu* prompt = menuBar()->addMenu(tr("&Prompt"));
    QToolBar* bar = addToolBar(tr("Prompt"));
    bar->setObjectName("promptToolBar");
    auto* tools = new QActionGroup(this);
    using Tool = mr::widgets::ViewTool;
    auto addTool = [&](const QString& name, const QString& tip, const char* key, Tool tool) {
        QAction* a = prompt->addAction(name, this, [this, tool] { prompts_->setTool(tool); });
        a->setCheckable(true);
        a->setShortcut(QKeySequence(QString::fromLatin1(key)));
        a->setToolTip(tip);
        tools->addAction(a);
        bar->addAction(a);
        return a;
    };
    navigateAction_ = addTool(tr("&Navigate"), tr("Left-drag changes window/level"), "V", Tool::Navigate);
    navigateAction_->setChecked(true);
    addTool(tr("&Box"), tr("Drag a box around the target"), "B", Tool::Box);
    addTool(tr("&Foreground Point"), tr("Click a point inside the target"), "F", Tool::PositivePoint);
    addTool(tr("Back&ground Point"), tr("Click a point outside the target"), "G", Tool::NegativePoint);
    prompt->addSeparator();
    bar->addSeparator();
    QAction* segment = prompt->addAction(tr("&Segment"), prompts_, &PromptController::runExpert);
    segment->setShortcut(QKeySequence(tr("Ctrl+Return")));
    segment->setToolTip(tr("Run the segmentation expert on the prompts"));
    bar->addAction(segment);
    QAction* clear = prompt->addAction(tr("&Clear Prompts"), prompts_, &PromptController::clearPrompts);
    clear->setShortcut(QKeySequence(tr("Ctrl+Backspace")));
    bar->addAction(clear);
    connect(prompts_, &PromptController::message, this,
            [this](const QString& m) { statusBar()->showMessage(m, 6000); });
    return tools;
}

void MainWindow::buildMaskTools(QActionGroup* tools) {
    QMenu* mask = menuBar()->addMenu(tr("&Mask"));
    maskBar_ = new MaskToolsBar(editor_, prompts_, tools, mask, this);
    addToolBarBreak();  // its own row: the prompt and mask tools do not fit one row on a laptop screen
    addToolBar(maskBar_);
    // The intensity limit starts from what the user sees.
    connect(viewer_, &mr::widgets::MultiPlanarView::windowLevelChanged, maskBar_,
            [this](double c, double w) { maskBar_->suggestIntensityRange(c - w / 2, c + w / 2); });
    // Undo/redo on the image reach the mask even while the view has focus.
    for (QAction* a : {maskBar_->undoAction(), maskBar_->redoAction()}) a->setShortcutContext(Qt::WindowShortcut);
    propagation_ = new VolumePropagationController(viewer_, editor_, task_, this);
    propagation_->setExpertSettings(grounding_->settings().models.expert);
    mask->addSeparator();
    mask->addAction(propagation_->action());
    connect(propagation_, &VolumePropagationController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
}

void MainWindow::buildStatusBar() {
    positionLabel_ = new QLabel(this);
    valueLabel_ = new QLabel(this);
    windowLabel_ = new QLabel(this);
    taskLabel_ = new QLabel(this);
    positionLabel_->setObjectName("voxelPositionLabel");
    valueLabel_->setObjectName("voxelValueLabel");
    windowLabel_->setObjectName("windowLevelLabel");
    progress_ = new QProgressBar(this);
    progress_->setObjectName("taskProgress");
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(220);
    progress_->setTextVisible(false);
    cancelButton_ = new QToolButton(this);
    cancelButton_->setText(tr("Cancel"));
    cancelButton_->setToolTip(tr("Stop the running task"));
    statusBar()->addWidget(positionLabel_);
    statusBar()->addWidget(valueLabel_);
    statusBar()->addPermanentWidget(taskLabel_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
    statusBar()->addPermanentWidget(windowLabel_);
    auto showBusy = [this](bool busy) {
        progress_->setVisible(busy);
        cancelButton_->setVisible(busy);
        taskLabel_->setVisible(busy);
    };
    showBusy(false);
    connect(cancelButton_, &QToolButton::clicked, task_, &BackgroundTask::cancel);
    connect(task_, &BackgroundTask::started, this, [this, showBusy](const QString& what) {
        taskLabel_->setText(what);
        progress_->setValue(0);
        showBusy(true);
    });
    connect(task_, &BackgroundTask::progress, this, [this](double f, const QString& step) {
        progress_->setValue(int(f * 1000));
        if (!step.isEmpty()) taskLabel_->setText(step);
    });
    connect(task_, &BackgroundTask::finished, this, [this, showBusy] {
        progress_->reset();  // empty for the next task, whether this one finished, stopped or failed
        showBusy(false);
    });
    connect(task_, &BackgroundTask::cancelled, this,
            [this](const QString& what) { statusBar()->showMessage(tr("Cancelled: %1").arg(what), 4000); });
}

void MainWindow::showVoxel(const mr::widgets::VoxelUnderCursor& v) {
    positionLabel_->setText(tr("Voxel (%1, %2, %3)  ·  %4, %5, %6 mm")
                                .arg(v.x)
                                .arg(v.y)
                                .arg(v.z)
                                .arg(v.patientMm[0], 0, 'f', 1)
                                .arg(v.patientMm[1], 0, 'f', 1)
                                .arg(v.patientMm[2], 0, 'f', 1));
    const auto& image = viewer_->image();
    if (v.label >= 0) {
        const auto& table = sliceView()->labelTable();
        const QString name = size_t(v.label) < table.size() ? QString::fromStdString(table[size_t(v.label)].name)
                                                            : QString::number(v.label);
        positionLabel_->setText(positionLabel_->text() + "  ·  " + (v.label == 0 ? tr("no label") : name));
    }
    if (image.isColor()) {
        valueLabel_->setText(tr("RGB %1, %2, %3").arg(v.rgb[0]).arg(v.rgb[1]).arg(v.rgb[2]));
    } else {
        const QString units = QString::fromStdString(image.metadata().units);
        const bool integral = image.pixelType() != mr::imaging::PixelType::Float32;
        const QString value = integral ? QString::number(qint64(v.value)) : QString::number(v.value, 'g', 6);
        valueLabel_->setText(units.isEmpty() ? tr("Value %1").arg(value) : tr("%1 %2").arg(value, units));
    }
}

void MainWindow::chooseImageFile() {
    QSettings s;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Image"), s.value("lastFolder", QDir::homePath()).toString(),
        tr("Medical images (*.dcm *.nii *.nii.gz *.png *.jpg *.jpeg *.bmp *.tif *.tiff);;All files (*)"));
    if (path.isEmpty()) return;
    s.setValue("lastFolder", QFileInfo(path).absolutePath());
    openPath(path);
}

void MainWindow::chooseDicomFolder() {
    QSettings s;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open DICOM Folder"),
                                                             s.value("lastFolder", QDir::homePath()).toString());
    if (folder.isEmpty()) return;
    s.setValue("lastFolder", folder);
    openDicomFolder(folder);
}

void MainWindow::openPath(const QString& path) {
    if (QFileInfo(path).isDir()) {
        openDicomFolder(path);
        return;
    }
    const std::string p = path.toStdString();
    task_->run<mr::imaging::Image>(
        tr("Opening %1").arg(QFileInfo(path).fileName()),
        [p](const mr::CancelToken& c, const mr::ProgressFn& progress) {
            return mr::imaging::readImage(p, c, progress);
        },
        [this, path](mr::imaging::Image image) {
            rememberRecent(path);
            showImage(image, path);
        });
}

void MainWindow::openDicomFolder(const QString& folder) {
    const std::string f = folder.toStdString();
    task_->run<mr::imaging::DicomScanResult>(
        tr("Scanning %1").arg(QDir(folder).dirName()),
        [f](const mr::CancelToken& c, const mr::ProgressFn& p) { return mr::imaging::scanDicomFolder(f, c, p); },
        [this, folder](mr::imaging::DicomScanResult scan) {
            if (scan.series.empty()) {
                showError(folder,
                          tr("No DICOM image series found (%n file(s) skipped).", nullptr, int(scan.skipped.size())));
                return;
            }
            int chosen = 0;
            if (scan.series.size() > 1 || !scan.skipped.empty()) {
                mr::widgets::SeriesPickerDialog picker(scan, this);
                if (picker.exec() != QDialog::Accepted || picker.chosenSeries() < 0) return;
                chosen = picker.chosenSeries();
            }
            const mr::imaging::DicomSeriesSummary series = scan.series[size_t(chosen)];
            task_->run<mr::imaging::Image>(
                tr("Loading %n slice(s)", nullptr, int(series.sliceCount)),
                [series](const mr::CancelToken& c, const mr::ProgressFn& p) {
                    return mr::imaging::readDicomSeries(series, c, p);
                },
                [this, folder](mr::imaging::Image image) {
                    rememberRecent(folder);
                    showImage(image, folder);
                });
        });
}

void MainWindow::openDemoCase() {
    const std::string root =
        (QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/demo-case").toStdString();
    task_->run<mr::demo::DemoCase>(
        tr("Preparing the demo case"),
        [root](const mr::CancelToken& c, const mr::ProgressFn& p) { return mr::demo::ensureDemoCase(root, c, p); },
        [this](mr::demo::DemoCase demo) {
            pendingLabels_ = QString::fromStdString(demo.labelsPath);
            openDicomFolder(QString::fromStdString(demo.dicomFolder));
        });
}

void MainWindow::chooseLabelMap() {
    if (viewer_->image().empty()) {
        showError(tr("Open Label Map"), tr("Open an image first: a label map belongs to an image."));
        return;
    }
    QSettings s;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Label Map"), s.value("lastFolder", QDir::homePath()).toString(),
                                     tr("NIfTI label maps (*.nii *.nii.gz);;All files (*)"));
    if (!path.isEmpty()) openLabelMap(path);
}

void MainWindow::openLabelMap(const QString& path) {
    const std::string p = path.toStdString();
    task_->run<mr::imaging::LabelMap>(
        tr("Opening label map %1").arg(QFileInfo(path).fileName()),
        [p](const mr::CancelToken& c, const mr::ProgressFn& progress) {
            return mr::imaging::readLabelMap(p, c, progress);
        },
        [this](mr::imaging::LabelMap map) {
            try {
                showLabelMap(map);
            } catch (const mr::Error& e) {
                showError(tr("Open Label Map"), QString::fromStdString(e.what()));
            }
        });
}

void MainWindow::showLabelMap(const mr::imaging::LabelMap& map) {
    viewer_->setLabelMap(map.labels, map.table);
    layers_->setLabels(map.table, map.present);
    layersDock_->show();
    overlayAction_->setChecked(true);
}

void MainWindow::showImage(const mr::imaging::Image& image, const QString& source) {
    prompts_->clearPrompts();
    grounding_->startOver();
    viewer_->setImage(image);
    editor_->resetForImage();
    propagation_->updateAvailability();
    layersDock_->hide();
    sliceView()->setFocus();
    refreshWindowPresets();
    const auto& g = image.geometry();
    setWindowTitle(tr("%1 — MedReasoner Studio").arg(QFileInfo(source).fileName()));
    statusBar()->showMessage(tr("%1 × %2 × %3 voxels, %4 × %5 × %6 mm")
                                 .arg(g.size[0])
                                 .arg(g.size[1])
                                 .arg(g.size[2])
                                 .arg(g.spacing[0], 0, 'g', 4)
                                 .arg(g.spacing[1], 0, 'g', 4)
                                 .arg(g.spacing[2], 0, 'g', 4),
                             6000);
    for (const auto& w : image.metadata().warnings) statusBar()->showMessage(QString::fromStdString(w), 8000);
    if (!pendingLabels_.isEmpty()) {
        const QString labels = pendingLabels_;
        pendingLabels_.clear();
        openLabelMap(labels);
    }
    Q_EMIT imageShown(source);
}

void MainWindow::refreshWindowPresets() {
    presetsMenu_->clear();
    const auto& image = viewer_->image();
    if (image.empty() || image.isColor()) {
        presetsMenu_->setEnabled(false);
        return;
    }
    presetsMenu_->setEnabled(true);
    int n = 0;
    for (const auto& p : mr::imaging::windowPresets(image)) {
        QAction* a = presetsMenu_->addAction(
            tr("%1 (W %2, L %3)").arg(windowPresetName(p.name)).arg(p.width).arg(p.center), this, [this, p] {
                viewer_->setWindowLevel({p.center, p.width});
            });
        if (n < 9) a->setShortcut(QKeySequence(QString::number(++n)));
    }
    presetsMenu_->addSeparator();
    presetsMenu_->addAction(tr("Full Range"), this, [this] {
        auto [lo, hi] = viewer_->image().valueRange();
        viewer_->setWindowLevel({(lo + hi) / 2, std::max(hi - lo, 1.0)});
    });
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings s;
    QStringList recent = s.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    s.setValue(kRecentKey, recent);
    refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString& path : recent)
        recentMenu_->addAction(QDir::toNativeSeparators(path), this, [this, path] { openPath(path); });
    if (!recent.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("Clear List"), this, [this] {
            QSettings().remove(kRecentKey);
            refreshRecentMenu();
        });
    }
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::refreshQueryAvailability() {
    queryBar_->setAvailability(grounding_->reasonerConfigured(), grounding_->reasonerProblem());
}

void MainWindow::showEngineSettings() {
    mr::widgets::EngineSettingsDialog dialog(this);
    dialog.setSettings(grounding_->settings());
    dialog.setLoadedModel(grounding_->loadedModelSummary());
    auto toList = [](const std::vector<std::string>& v) {
        QStringList l;
        for (const auto& s : v) l << QString::fromStdString(s);
        return l;
    };
    dialog.setValidators(
        [toList](const QString& folder) { return toList(mr::ground::validateReasonerFolder(folder.toStdString())); },
        [toList](const QString& path, const QString& type) {
            mr::ground::ExpertSettings e;
            try {
                e.type = mr::ground::parseExpertType(type.toStdString());
            } catch (const mr::Error& err) {
                return QStringList{QString::fromStdString(err.what())};
            }
            e.checkpoint = path.toStdString();
            return toList(mr::ground::validateExpertSettings(e));
        });
    dialog.setServerValidator([toList](const mr::session::EngineSettings& chosen) {
        return toList(mr::serve::validateRemoteSettings(chosen.models.reasoner.server));
    });
    if (dialog.exec() != QDialog::Accepted) return;
    const mr::session::EngineSettings chosen = dialog.settings();
    QSettings s;
    saveEngineSettings(s, chosen);
    if (task_->busy()) {
        task_->cancel();
        task_->wait();
    }
    grounding_->applySettings(chosen);
    propagation_->setExpertSettings(chosen.models.expert);
    refreshQueryAvailability();
    statusBar()->showMessage(tr("Engine settings saved; models load when first used."), 6000);
}

void MainWindow::showError(const QString& what, const QString& reason) {
    statusBar()->showMessage(tr("Could not complete: %1").arg(what), 8000);
    QMessageBox::warning(this, tr("MedReasoner Studio"), tr("%1\n\n%2").arg(what, reason));
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About MedReasoner Studio"),
                       tr("<h3>MedReasoner Studio %1</h3>"
                          "<p>Ask an implicit clinical question about a medical image. A multimodal reasoner "
                          "explains its reasoning and grounds the answer as a box and two key points; a promptable "
                          "segmentation expert turns them into a mask you can correct and keep.</p>"
                          "<p>For research and education. Not a medical device; not for diagnosis.</p>")
                           .arg(QApplication::applicationVersion()));
}

}  // namespace mr::app
