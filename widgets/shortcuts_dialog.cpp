#include "widgets/shortcuts_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace mr::widgets {

ShortcutsDialog::ShortcutsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Keyboard and Mouse Shortcuts"));
    const std::pair<QString, QString> rows[] = {
        {tr("Next / previous slice"), tr("Mouse wheel, ↑ / ↓, → / ←")},
        {tr("Jump ten percent of the slices"), tr("Page Up / Page Down")},
        {tr("First / last slice"), tr("Home / End")},
        {tr("Window / level"), tr("Left-drag (right: wider, down: higher level)")},
        {tr("Window presets"), tr("1 – 9")},
        {tr("Invert gray scale"), tr("I")},
        {tr("Zoom"), tr("Ctrl+wheel, right-drag, Ctrl++ / Ctrl+-")},
        {tr("Pan"), tr("Middle-drag")},
        {tr("Move the crosshair"), tr("Shift+click")},
        {tr("Reset view"), tr("R")},
        {tr("Single view: axial / coronal / sagittal"), tr("F6 / F7 / F8")},
        {tr("2 × 2 layout"), tr("F9")},
        {tr("Show / hide the label overlay"), tr("L")},
        {tr("Full screen"), tr("F11")},
        {tr("Presentation mode: enter / leave"), tr("F5 / F5 or Esc")},
        {tr("Presentation mode: larger / smaller text"), tr("Ctrl+= or Ctrl++ / Ctrl+-")},
        {tr("Open image / DICOM folder"), tr("Ctrl+O / Ctrl+Shift+O")},
        {tr("Navigate / box / foreground / background point"), tr("V / B / F / G")},
        {tr("Brush / eraser"), tr("P / E")},
        {tr("Brush size"), tr("Shift+wheel")},
        {tr("Polygon fill / cut (click corners; double-click or Enter closes, Esc drops, Backspace undoes a corner)"),
         tr("O / Shift+O")},
        {tr("Lasso fill / cut (drag around)"), tr("K / Shift+K")},
        {tr("Undo / redo a mask edit"), tr("Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y")},
        {tr("Save the reviewed sample to the dataset"), tr("Ctrl+S")},
        {tr("Worklist: next / previous case"), tr("N / Shift+N")},
        {tr("Evaluation case: correct the prediction for the dataset"), tr("D")},
        {tr("Adjudication: keep the first reader's / the second reader's / the edited mask"),
         tr("Ctrl+1 / Ctrl+2 / Ctrl+3")},
        {tr("In the save dialog: accept / correct / reject"), tr("Alt+A / Alt+C / Alt+R")},
    };
    auto* table = new QTableWidget(int(std::size(rows)), 2, this);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    int r = 0;
    for (const auto& [action, keys] : rows) {
        table->setItem(r, 0, new QTableWidgetItem(action));
        table->setItem(r, 1, new QTableWidgetItem(keys));
        ++r;
    }
    // The keys keep their whole width; the descriptions take the rest and wrap, so the key
    // column is always in view and no text is cut.
    table->setWordWrap(true);
    table->setTextElideMode(Qt::ElideNone);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    // Wide enough for the keys and a readable description column beside them.
    table->resizeColumnToContents(1);
    const int keysWidth = table->columnWidth(1);
    const int actionWidth = std::max(320, fontMetrics().averageCharWidth() * 42);
    resize(keysWidth + actionWidth + 60, 560);
}

}  // namespace mr::widgets
