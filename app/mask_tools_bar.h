#pragma once
// The mask editing tools as a tool bar and a Mask menu: brush, eraser, polygon and lasso (fill or
// cut), the brush size, an intensity limit for painting, the mask operations, undo/redo and the
// edit history. The tool actions join the window's exclusive tool group (with Navigate and the
// prompt tools), so one left-button tool is active at a time.
#include <QToolBar>

class QActionGroup;
class QCheckBox;
class QDoubleSpinBox;
class QMenu;

namespace mr::app {

class MaskEditor;
class PromptController;

class MaskToolsBar : public QToolBar {
    Q_OBJECT
public:
    MaskToolsBar(MaskEditor* editor, PromptController* prompts, QActionGroup* tools, QMenu* menu,
                 QWidget* parent = nullptr);

    QAction* undoAction() const { return undo_; }
    QAction* redoAction() const { return redo_; }

    // The intensity limit's fields start from the shown window (what the user sees is in range).
    void suggestIntensityRange(double low, double high);

private:
    void addToolActions(PromptController* prompts, QActionGroup* tools, QMenu* menu);
    void addBrushRadius();
    void addIntensityRange();
    void addOperations(QMenu* menu);
    void addUndoRedo(QMenu* menu);
    void applyIntensityRange();

    MaskEditor* editor_;
    QAction* undo_ = nullptr;
    QAction* redo_ = nullptr;
    QDoubleSpinBox* brush_ = nullptr;
    QCheckBox* limit_ = nullptr;
    QDoubleSpinBox* low_ = nullptr;
    QDoubleSpinBox* high_ = nullptr;
};

}  // namespace mr::app
