#include "app/mask_tools_bar.h"

#include <QActionGroup>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMenu>
#include <QUndoStack>

#include "app/mask_editor.h"
#include "app/prompt_controller.h"

namespace mr::app {

using Tool = mr::widgets::ViewTool;

MaskToolsBar::MaskToolsBar(MaskEditor* editor, PromptController* prompts, QActionGroup* tools, QMenu* menu,
                           QWidget* parent)
    : QToolBar(tr("Mask"), parent), editor_(editor) {
    setObjectName("maskToolBar");
    addToolActions(prompts, tools, menu);
    addSeparator();
    addBrushRadius();
    addIntensityRange();
    menu->addSeparator();
    addSeparator();
    addOperations(menu);
    menu->addSeparator();
    addUndoRedo(menu);
}

// One checkable action per mask tool, in the menu and on the bar, exclusive with the other tools.
void MaskToolsBar::addToolActions(PromptController* prompts, QActionGroup* tools, QMenu* menu) {
    auto addTool = [&](const QString& name, const QString& tip, const QString& key, Tool tool) {
        QAction* a = menu->addAction(name, prompts, [prompts, tool] { prompts->setTool(tool); });
        a->setCheckable(true);
        a->setShortcut(QKeySequence(key));
        a->setToolTip(tip);  // the window adds the key (nameKeysInToolTips)
        a->setObjectName(QStringLiteral("maskTool%1").arg(int(tool)));
        tools->addAction(a);
        addAction(a);
        return a;
    };
    addTool(tr("&Brush"), tr("Paint the mask; Shift+wheel sets the size"), QStringLiteral("P"), Tool::Brush);
    addTool(tr("&Eraser"), tr("Erase the mask; Shift+wheel sets the size"), QStringLiteral("E"), Tool::Eraser);
    addTool(tr("&Polygon Fill"), tr("Click corners, double-click or Enter to fill"), QStringLiteral("O"),
            Tool::PolygonFill);
    addTool(tr("Polygon &Cut"), tr("Click corners, double-click or Enter to cut"), QStringLiteral("Shift+O"),
            Tool::PolygonCut);
    addTool(tr("&Lasso Fill"), tr("Drag around a region to fill it"), QStringLiteral("K"), Tool::LassoFill);
    addTool(tr("Lasso C&ut"), tr("Drag around a region to cut it"), QStringLiteral("Shift+K"), Tool::LassoCut);
}

void MaskToolsBar::addBrushRadius() {
    brush_ = new QDoubleSpinBox(this);
    brush_->setObjectName("brushRadius");
    brush_->setRange(0.1, 200);
    brush_->setDecimals(1);
    brush_->setSuffix(tr(" mm"));
    brush_->setValue(5);
    brush_->setToolTip(tr("Brush and eraser radius (Shift+wheel on the image)"));
    addWidget(new QLabel(tr("Radius "), this));
    addWidget(brush_);
    connect(brush_, &QDoubleSpinBox::valueChanged, editor_, &MaskEditor::setBrushRadiusMm);
    connect(editor_, &MaskEditor::brushRadiusChanged, brush_, [this](double mm) {
        const QSignalBlocker block(brush_);
        brush_->setValue(mm);
    });
}

// "Only [low] – [high]": painting and filling limited to pixels in an intensity range.
void MaskToolsBar::addIntensityRange() {
    limit_ = new QCheckBox(tr("Only "), this);
    limit_->setObjectName("intensityLimit");
    limit_->setToolTip(tr("Paint and fill only pixels with values in this range (HU for CT)"));
    low_ = new QDoubleSpinBox(this);
    high_ = new QDoubleSpinBox(this);
    low_->setObjectName("intensityLow");
    high_->setObjectName("intensityHigh");
    for (QDoubleSpinBox* s : {low_, high_}) {
        s->setRange(-1e9, 1e9);  // dose maps and other float images go far beyond HU
        s->setDecimals(0);
        s->setEnabled(false);
    }
    low_->setValue(-100);
    high_->setValue(200);
    addWidget(limit_);
    addWidget(low_);
    addWidget(new QLabel(QStringLiteral(" – "), this));
    addWidget(high_);
    connect(limit_, &QCheckBox::toggled, this, &MaskToolsBar::applyIntensityRange);
    connect(low_, &QDoubleSpinBox::valueChanged, this, &MaskToolsBar::applyIntensityRange);
    connect(high_, &QDoubleSpinBox::valueChanged, this, &MaskToolsBar::applyIntensityRange);
}

void MaskToolsBar::addOperations(QMenu* menu) {
    auto addOperation = [&](const QString& name, const QString& tip, void (MaskEditor::*slot)()) {
        QAction* a = menu->addAction(name, editor_, slot);
        a->setToolTip(tip);
        addAction(a);
        return a;
    };
    addOperation(tr("Fill &Holes"), tr("Fill the holes inside the mask on this slice"), &MaskEditor::fillHoles);
    addOperation(tr("Keep Lar&gest Part"), tr("Keep only the largest connected part on this slice"),
                 &MaskEditor::keepLargestComponent);
    addOperation(tr("S&mooth"), tr("Smooth the mask's outline on this slice"), &MaskEditor::smooth);
    menu->addAction(tr("Clear Mask on This Slice"), editor_, &MaskEditor::clearSlice);
}

void MaskToolsBar::addUndoRedo(QMenu* menu) {
    undo_ = editor_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo_->setShortcut(QKeySequence::Undo);
    redo_ = editor_->undoStack()->createRedoAction(this, tr("&Redo"));
    // Both common redo keys, each once: QKeySequence::Redo is Ctrl+Shift+Z on X11, and listing it
    // beside an explicit Ctrl+Shift+Z made that key ambiguous (so it did nothing).
    redo_->setShortcuts({QKeySequence(QStringLiteral("Ctrl+Shift+Z")), QKeySequence(QStringLiteral("Ctrl+Y"))});
    menu->addAction(undo_);
    menu->addAction(redo_);
}

void MaskToolsBar::suggestIntensityRange(double low, double high) {
    if (limit_->isChecked()) return;  // the user's own range stays
    low_->setValue(low);
    high_->setValue(high);
}

void MaskToolsBar::applyIntensityRange() {
    low_->setEnabled(limit_->isChecked());
    high_->setEnabled(limit_->isChecked());
    if (!limit_->isChecked()) editor_->setIntensityRange(std::nullopt);
    else
        editor_->setIntensityRange(
            mr::edit::IntensityRange{std::min(low_->value(), high_->value()), std::max(low_->value(), high_->value())});
}

}  // namespace mr::app
