#pragma once
// Axial, coronal and sagittal SliceViews of one volume, as one large view or a 2×2 grid (the
// fourth cell describes the image), with a linked crosshair (Shift+click) and a shared
// window/level. Overlays and prompt markers go to every view.
#include <QWidget>
#include <array>
#include <optional>

#include "widgets/slice_view.h"

class QGridLayout;
class QLabel;

namespace mr::widgets {

class MultiPlanarView : public QWidget {
    Q_OBJECT
public:
    enum class Layout { Single, Grid };

    explicit MultiPlanarView(QWidget* parent = nullptr);

    SliceView* view(SliceOrientation o) const { return views_[size_t(o)]; }
    // The view that receives keyboard focus and menu commands: the single one, or the axial one.
    SliceView* primaryView() const { return views_[size_t(single_)]; }
    Layout layoutMode() const { return layout_; }

    void setImage(const mr::imaging::Image& image);
    const mr::imaging::Image& image() const { return primaryView()->image(); }
    void setLabelMap(const mr::imaging::Image& labels, const mr::imaging::LabelTable& table);
    void setLabelVisible(int value, bool visible);
    void setOverlayOpacity(double opacity);
    void setOverlayOutline(bool outline);
    void setPromptMarkers(const PromptMarkers& markers);
    void setDisplayStyle(const DisplayStyle& style);
    void clearPromptMarkers();
    std::optional<std::array<int64_t, 3>> crosshair() const { return crosshair_; }

public Q_SLOTS:
    void setLayoutMode(Layout layout, SliceOrientation single = SliceOrientation::Axial);
    void setWindowLevel(const mr::imaging::WindowLevel& w);
    void setInverted(bool inverted);
    void setCrosshairVisible(bool visible);
    void setCrosshair(const std::array<int64_t, 3>& voxel);  // moves every view's slice through it
    void resetViews();
    // Shows this voxel: each view slices through it; the primary view pans to it.
    void centreOn(const std::array<double, 3>& voxel);

Q_SIGNALS:
    void cursorOverVoxel(const mr::widgets::VoxelUnderCursor& voxel);
    void cursorLeftImage();
    void windowLevelChanged(double center, double width);

private:
    void arrange();
    void updateInfo();
    void onSliceChanged(SliceOrientation o, int64_t index);

    std::array<SliceView*, 3> views_{};
    QLabel* info_ = nullptr;
    QGridLayout* grid_ = nullptr;
    Layout layout_ = Layout::Single;
    SliceOrientation single_ = SliceOrientation::Axial;
    std::optional<std::array<int64_t, 3>> crosshair_;
    bool syncing_ = false;
};

}  // namespace mr::widgets
