#pragma once
// Lays its items out left to right and wraps to the next line when the width runs out, so a strip
// of chips fits a narrow side panel. Each item gets its widget's current size hint (a chip whose
// text grows is laid out again at its new width), at most the width available.
#include <QLayout>
#include <QList>

namespace mr::widgets {

class FlowLayout : public QLayout {
public:
    FlowLayout(QWidget* parent, int spacing);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override { items_.append(item); }
    int count() const override { return int(items_.size()); }
    QLayoutItem* itemAt(int i) const override { return i >= 0 && i < items_.size() ? items_[i] : nullptr; }
    QLayoutItem* takeAt(int i) override { return i >= 0 && i < items_.size() ? items_.takeAt(i) : nullptr; }
    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return arrange(QRect(0, 0, width, 0), false); }
    void setGeometry(const QRect& rect) override;
    QSize sizeHint() const override { return minimumSize(); }
    QSize minimumSize() const override;

private:
    // Places the items in `rect` (when `apply`); returns the height they need.
    int arrange(const QRect& rect, bool apply) const;
    static QSize itemSize(QLayoutItem* item);

    QList<QLayoutItem*> items_;
    int spacing_;
};

}  // namespace mr::widgets
