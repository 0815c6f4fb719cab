#include "widgets/multi_planar_view.h"

#include <QGridLayout>
#include <QLabel>

namespace mr::widgets {

MultiPlanarView::MultiPlanarView(QWidget* parent) : QWidget(parent) {
    grid_ = new QGridLayout(this);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(2);
    for (SliceOrientation o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
        auto* v = new SliceView(this);
        v->setOrientation(o);
        views_[size_t(o)] = v;
        connect(v, &SliceView::cursorOverVoxel, this, &MultiPlanarView::cursorOverVoxel);
        connect(v, &SliceView::cursorLeftImage, this, &MultiPlanarView::cursorLeftImage);
        connect(v, &SliceView::windowLevelChanged, this, [this, v](double c, double w) {
            if (syncing_) return;
            syncing_ = true;
            for (SliceView* other : views_)
                if (other != v) other->setWindowLevel({c, w});
            syncing_ = false;
            updateInfo();
            Q_EMIT windowLevelChanged(c, w);
        });
        connect(v, &SliceView::sliceChanged, this, [this, o](qint64 i) { onSliceChanged(o, i); });
        connect(v, &SliceView::voxelPicked, this, [this](qint64 x, qint64 y, qint64 z) { setCrosshair({x, y, z}); });
    }
    info_ = new QLabel(this);
    info_->setObjectName("imageInfoPanel");
    info_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    info_->setMargin(12);
    info_->setWordWrap(true);
    info_->setStyleSheet("QLabel { background: #101820; color: #d7e6ff; }");
    arrange();
}

void MultiPlanarView::setImage(const mr::imaging::Image& image) {
    crosshair_.reset();
    for (SliceView* v : views_) v->setImage(image);
    const auto& g = image.geometry();
    // A 2D image has nothing to show across slices: only the axial view makes sense.
    if (g.size[2] == 1) setLayoutMode(Layout::Single, SliceOrientation::Axial);
    crosshair_ = std::array<int64_t, 3>{g.size[0] / 2, g.size[1] / 2, g.size[2] / 2};
    for (SliceView* v : views_) v->setCrosshair(crosshair_);
    updateInfo();
}

void MultiPlanarView::setLabelMap(const mr::imaging::Image& labels, const mr::imaging::LabelTable& table) {
    for (SliceView* v : views_) v->setLabelMap(labels, table);
}
void MultiPlanarView::setLabelVisible(int value, bool visible) {
    for (SliceView* v : views_) v->setLabelVisible(value, visible);
}
void MultiPlanarView::setOverlayOpacity(double opacity) {
    for (SliceView* v : views_) v->setOverlayOpacity(opacity);
}
void MultiPlanarView::setDisplayStyle(const DisplayStyle& style) {
    for (SliceView* v : views_) v->setDisplayStyle(style);
}
void MultiPlanarView::setOverlayOutline(bool outline) {
    for (SliceView* v : views_) v->setOverlayOutline(outline);
}
void MultiPlanarView::setPromptMarkers(const PromptMarkers& markers) {
    for (SliceView* v : views_) v->setPromptMarkers(markers);
}
void MultiPlanarView::clearPromptMarkers() {
    for (SliceView* v : views_) v->clearPromptMarkers();
}
void MultiPlanarView::setWindowLevel(const mr::imaging::WindowLevel& w) { primaryView()->setWindowLevel(w); }
void MultiPlanarView::setInverted(bool inverted) {
    for (SliceView* v : views_) v->setInverted(inverted);
}
void MultiPlanarView::setCrosshairVisible(bool visible) {
    for (SliceView* v : views_) v->setCrosshairVisible(visible);
}

void MultiPlanarView::resetViews() {
    for (SliceView* v : views_) v->resetView();
}

void MultiPlanarView::setCrosshair(const std::array<int64_t, 3>& voxel) {
    crosshair_ = voxel;
    syncing_ = true;
    for (SliceView* v : views_) {
        v->setCrosshair(voxel);
        v->setSlice(voxel[size_t(axesOf(v->orientation()).slice)]);
    }
    syncing_ = false;
}

void MultiPlanarView::centreOn(const std::array<double, 3>& voxel) {
    setCrosshair({int64_t(std::lround(voxel[0])), int64_t(std::lround(voxel[1])), int64_t(std::lround(voxel[2]))});
    primaryView()->centreOn(voxel);
}

void MultiPlanarView::onSliceChanged(SliceOrientation o, int64_t index) {
    if (syncing_ || !crosshair_) return;
    (*crosshair_)[size_t(axesOf(o).slice)] = index;
    for (SliceView* v : views_) v->setCrosshair(crosshair_);
}

void MultiPlanarView::setLayoutMode(Layout layout, SliceOrientation single) {
    layout_ = layout;
    single_ = single;
    arrange();
    primaryView()->setFocus();
}

void MultiPlanarView::arrange() {
    while (grid_->count() > 0) grid_->takeAt(0);
    for (SliceView* v : views_) v->hide();
    info_->hide();
    if (layout_ == Layout::Single) {
        grid_->addWidget(views_[size_t(single_)], 0, 0);
        views_[size_t(single_)]->show();
    } else {
        grid_->addWidget(views_[0], 0, 0);
        grid_->addWidget(views_[1], 0, 1);
        grid_->addWidget(views_[2], 1, 0);
        grid_->addWidget(info_, 1, 1);
        for (SliceView* v : views_) v->show();
        info_->show();
    }
}

void MultiPlanarView::updateInfo() {
    const auto& img = image();
    if (img.empty()) {
        info_->clear();
        return;
    }
    const auto& g = img.geometry();
    const auto& m = img.metadata();
    const auto w = primaryView()->windowLevel();
    QString html = QStringLiteral("<h3>%1</h3>").arg(QString::fromStdString(m.seriesDescription).toHtmlEscaped());
    auto row = [&](const QString& k, const QString& v) {
        html += QStringLiteral("<b>%1</b> %2<br>").arg(k, v.toHtmlEscaped());
    };
    row(tr("Modality"), QString::fromStdString(m.modality));
    if (!m.bodyPart.empty()) row(tr("Body part"), QString::fromStdString(m.bodyPart));
    row(tr("Voxels"), QStringLiteral("%1 × %2 × %3").arg(g.size[0]).arg(g.size[1]).arg(g.size[2]));
    row(tr("Spacing"), QStringLiteral("%1 × %2 × %3 mm")
                           .arg(g.spacing[0], 0, 'g', 4)
                           .arg(g.spacing[1], 0, 'g', 4)
                           .arg(g.spacing[2], 0, 'g', 4));
    row(tr("Type"), QString::fromLatin1(mr::imaging::pixelTypeName(img.pixelType())));
    if (!img.isColor()) row(tr("Window"), tr("W %1 / L %2").arg(w.width, 0, 'f', 0).arg(w.center, 0, 'f', 0));
    for (const auto& warning : m.warnings) row(tr("Note"), QString::fromStdString(warning));
    html += "<p style='color:#8aa'>" + tr("Shift+click a view to move the crosshair.") + "</p>";
    info_->setText(html);
}

}  // namespace mr::widgets
