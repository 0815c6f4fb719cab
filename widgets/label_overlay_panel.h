#pragma once
// Controls for a label-map overlay: one checkable row per label (colour swatch and name),
// global opacity and filled/outline. It only emits what the user chose; the view applies it.
#include <QWidget>
#include <vector>

#include "engine/imaging/label_map.h"

class QCheckBox;
class QListWidget;
class QSlider;

namespace mr::widgets {

class LabelOverlayPanel : public QWidget {
    Q_OBJECT
public:
    explicit LabelOverlayPanel(QWidget* parent = nullptr);
    // Lists labels 1..n of the table (value 0 is background); `present` marks values that occur in
    // the map (the others are left out).
    void setLabels(const mr::imaging::LabelTable& table, const std::vector<bool>& present);
    void setOpacity(double opacity);

Q_SIGNALS:
    void labelVisibilityChanged(int value, bool visible);
    void opacityChanged(double opacity);
    void outlineChanged(bool outline);

private:
    QListWidget* list_ = nullptr;
    QSlider* opacity_ = nullptr;
    QCheckBox* outline_ = nullptr;
};

}  // namespace mr::widgets
