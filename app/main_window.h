#pragma once
// The main window: menus, the central slice view and a status bar with the voxel under the
// cursor. Loading runs on a BackgroundTask so the window never freezes.
#include <QMainWindow>

#include "engine/imaging/image.h"
#include "engine/imaging/label_map.h"

class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;

namespace mr::widgets {
class DatasetBrowser;
class LabelOverlayPanel;
class QueryBar;
class ReasoningPanel;
class MultiPlanarView;
class SliceView;
struct VoxelUnderCursor;
}  // namespace mr::widgets

namespace mr::app {

class BackgroundTask;
class DatasetController;
class GroundingController;
class MaskEditor;
class MaskToolsBar;
class PacsController;
class FigureActions;
class PresentationMode;
class PromptController;
class SampleReviewController;
class SegmentationController;
class SessionRecorder;
class SessionReplayController;
class VolumePropagationController;
class WorklistController;
class EvaluationCaseController;
class SecondReadingController;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    mr::widgets::MultiPlanarView* viewer() const { return viewer_; }
    mr::widgets::SliceView* sliceView() const;  // the primary (focused) view
    BackgroundTask* task() const { return task_; }
    PromptController* prompts() const { return prompts_; }
    GroundingController* grounding() const { return grounding_; }
    mr::widgets::QueryBar* queryBar() const { return queryBar_; }
    mr::widgets::ReasoningPanel* reasoningPanel() const { return reasoning_; }
    MaskEditor* maskEditor() const { return editor_; }
    MaskToolsBar* maskTools() const { return maskBar_; }
    DatasetController* dataset() const { return dataset_; }
    mr::widgets::DatasetBrowser* datasetBrowser() const { return browser_; }
    SampleReviewController* review() const { return review_; }
    PacsController* pacs() const { return pacs_; }
    SegmentationController* segmentation() const { return segmentation_; }
    SessionRecorder* recorder() const { return recorder_; }
    SessionReplayController* replay() const { return replay_; }
    PresentationMode* presentation() const { return presentation_; }
    FigureActions* figures() const { return figures_; }
    WorklistController* worklist() const { return worklist_; }
    EvaluationCaseController* evaluationCase() const { return evaluationCase_; }
    SecondReadingController* secondReading() const { return secondReading_; }

    // Shows an image (the mask editor starts empty) and a label map over it (with the image's
    // dimensions; mr::Error otherwise).
    void showImage(const mr::imaging::Image& image, const QString& source);
    void showLabelMap(const mr::imaging::LabelMap& map);

public Q_SLOTS:
    void showEngineSettings();

public Q_SLOTS:
    // A file (2D image, NIfTI, one DICOM file) or a folder (scanned for DICOM series).
    void openPath(const QString& path);
    void openDicomFolder(const QString& folder);
    // Generates the demo case on first use (in the app's data folder) and opens it with its labels.
    void openDemoCase();
    // A uint8 label map (NIfTI) with the current image's dimensions; a labels.json beside it
    // (value, name, color) names and colours the labels.
    void openLabelMap(const QString& path);

Q_SIGNALS:
    void imageShown(const QString& source);  // after a new image reached the view

private:
    void buildCentre();
    void buildReasoningDock();
    void buildLabelsDock();
    void buildHistoryAndDatasetDocks();
    void buildMenus();
    void buildFileMenu();
    void buildViewMenu();
    class QActionGroup* buildPromptTools();  // the prompt menu and tool bar; the tools' exclusive group
    void buildStatusBar();
    void chooseLabelMap();
    void buildMaskTools(class QActionGroup* tools);
    void closeEvent(QCloseEvent* e) override;
    void rememberRecent(const QString& path);
    void refreshRecentMenu();
    void refreshWindowPresets();
    void showVoxel(const mr::widgets::VoxelUnderCursor& v);
    void chooseImageFile();
    void chooseDicomFolder();
    void showAbout();
    void showError(const QString& what, const QString& reason);

    mr::widgets::MultiPlanarView* viewer_ = nullptr;
    mr::widgets::LabelOverlayPanel* layers_ = nullptr;
    QDockWidget* layersDock_ = nullptr;
    QAction* overlayAction_ = nullptr;
    QString pendingLabels_;  // label map to open once the image it belongs to is shown
    BackgroundTask* task_ = nullptr;
    PromptController* prompts_ = nullptr;
    GroundingController* grounding_ = nullptr;
    mr::widgets::QueryBar* queryBar_ = nullptr;
    mr::widgets::ReasoningPanel* reasoning_ = nullptr;
    QDockWidget* reasoningDock_ = nullptr;
    MaskEditor* editor_ = nullptr;
    VolumePropagationController* propagation_ = nullptr;  // Mask → Propagate Through Volume
    MaskToolsBar* maskBar_ = nullptr;
    QDockWidget* historyDock_ = nullptr;
    DatasetController* dataset_ = nullptr;
    mr::widgets::DatasetBrowser* browser_ = nullptr;
    QDockWidget* datasetDock_ = nullptr;
    SampleReviewController* review_ = nullptr;
    PacsController* pacs_ = nullptr;
    SegmentationController* segmentation_ = nullptr;
    SessionRecorder* recorder_ = nullptr;
    SessionReplayController* replay_ = nullptr;
    PresentationMode* presentation_ = nullptr;
    FigureActions* figures_ = nullptr;
    WorklistController* worklist_ = nullptr;  // File → Open Worklist, the Worklist dock
    EvaluationCaseController* evaluationCase_ = nullptr;  // an evaluation run's case: truth beside prediction
    SecondReadingController* secondReading_ = nullptr;    // blind readings and adjudication
    void refreshQueryAvailability();
    QAction* navigateAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* presetsMenu_ = nullptr;
    QLabel* positionLabel_ = nullptr;
    QLabel* valueLabel_ = nullptr;
    QLabel* windowLabel_ = nullptr;
    QLabel* taskLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancelButton_ = nullptr;
};

}  // namespace mr::app
