#include "widgets/label_overlay_panel.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QListWidget>
#include <QPixmap>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>

namespace mr::widgets {

LabelOverlayPanel::LabelOverlayPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    list_ = new QListWidget(this);
    list_->setObjectName("labelList");
    layout->addWidget(list_);
    auto* form = new QFormLayout;
    opacity_ = new QSlider(Qt::Horizontal, this);
    opacity_->setRange(0, 100);
    opacity_->setValue(45);
    opacity_->setToolTip(tr("Opacity of the filled labels"));
    form->addRow(tr("Opacity"), opacity_);
    outline_ = new QCheckBox(tr("Outline only"), this);
    form->addRow(QString(), outline_);
    layout->addLayout(form);

    connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        Q_EMIT labelVisibilityChanged(item->data(Qt::UserRole).toInt(), item->checkState() == Qt::Checked);
    });
    connect(opacity_, &QSlider::valueChanged, this, [this](int v) { Q_EMIT opacityChanged(v / 100.0); });
    connect(outline_, &QCheckBox::toggled, this, &LabelOverlayPanel::outlineChanged);
}

void LabelOverlayPanel::setLabels(const mr::imaging::LabelTable& table, const std::vector<bool>& present) {
    QSignalBlocker block(list_);
    list_->clear();
    for (size_t v = 1; v < table.size(); ++v) {
        if (v < present.size() && !present[v]) continue;
        const mr::imaging::LabelEntry& s = table[v];
        QPixmap swatch(14, 14);
        swatch.fill(QColor(s.r, s.g, s.b));
        auto* item = new QListWidgetItem(QIcon(swatch),
                                         QStringLiteral("%1  %2").arg(v).arg(QString::fromStdString(s.name)), list_);
        item->setData(Qt::UserRole, int(v));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(s.visible ? Qt::Checked : Qt::Unchecked);
    }
}

void LabelOverlayPanel::setOpacity(double opacity) { opacity_->setValue(int(std::lround(opacity * 100))); }

}  // namespace mr::widgets
