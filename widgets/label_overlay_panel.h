#pragma once
// Controls for a label-map overlay: one checkable row per label (colour swatch and name),
// global opacity and filled/outline. It only emits what the user chose; the view applies it.
#include <QWidget>
#include <vector>

#include "widgets/slice_view.h"

class QCheckBox;
class QListWidget;
class QSlider;

namespace mr::widgets {

class LabelOverlayPanel : public QWidget {
    Q_OBJECT
public:
    explicit LabelOverlayPanel(QWidget* parent = nullptr);
    // Lists labels 1..n (value 0 is background); `present` marks values that occur in the map.
    void setLabels(const std::vector<LabelStyle>& styles, const std::vector<bool>& present);
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
