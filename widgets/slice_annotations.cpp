#include "widgets/slice_annotations.h"

#include <QFont>
#include <QFontMetrics>
#include <QLineF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace mr::widgets {

namespace {

const QColor kTextColour(215, 230, 255);

// A round length (1, 2, 5 × 10^n mm) at least `mm`.
double niceLength(double mm) {
    for (double n : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0})
        if (n >= mm) return n;
    return 1000.0;
}

// A point is drawn on the slices within half a voxel of it.
bool onThisSlice(const SliceViewport& vp, const std::array<double, 3>& voxel) {
    return std::abs(voxel[size_t(vp.axes().slice)] - double(vp.slice)) <= 0.5;
}

}  // namespace

QString orientationLetter(const std::array<double, 3>& d) {
    int best = 0;
    for (int i = 1; i < 3; ++i)
        if (std::abs(d[size_t(i)]) > std::abs(d[size_t(best)])) best = i;
    const char* pos[] = {"L", "P", "S"};
    const char* neg[] = {"R", "A", "I"};
    return d[size_t(best)] >= 0 ? pos[best] : neg[best];
}

SliceAnnotations::SliceAnnotations(QPainter& painter, const SliceViewport& viewport, const DisplayStyle& style)
    : p_(painter),
      vp_(viewport),
      style_(style),
      area_(QRectF(0, 0, viewport.width, viewport.height).adjusted(8, 6, -8, -6)) {}

void SliceAnnotations::drawCrosshair(const std::array<int64_t, 3>& c) {
    const QPointF at = vp_.widgetPosOfVoxel({double(c[0]), double(c[1]), double(c[2])});
    p_.setPen(QPen(QColor(255, 210, 60, 170), 1, Qt::DashLine));
    p_.drawLine(QPointF(0, at.y()), QPointF(vp_.width, at.y()));
    p_.drawLine(QPointF(at.x(), 0), QPointF(at.x(), vp_.height));
}

void SliceAnnotations::drawPromptMarkers(const PromptMarkers& markers) {
    const double z = double(markers.slice);
    if (markers.box) drawBoxMarker(*markers.box, z);
    // The numbers grow with the points (the presentation style's are larger).
    QFont numbers = p_.font();
    numbers.setPointSizeF(numbers.pointSizeF() * std::max(1.0, style_.pointRadius / 6.0));
    numbers.setBold(style_.pointRadius > 6);
    p_.setFont(numbers);
    int n = 0;
    for (const auto& pt : markers.points) {
        ++n;
        const std::array<double, 3> v{pt.x, pt.y, z};
        if (!onThisSlice(vp_, v)) continue;
        const QPointF at = vp_.widgetPosOfVoxel(v);
        const double r = style_.pointRadius;
        p_.setPen(QPen(style_.pointOutlineColour, style_.pointOutlineWidth));
        p_.setBrush(pt.positive ? style_.positivePointColour : style_.negativePointColour);
        p_.drawEllipse(at, r, r);
        p_.setPen(Qt::white);
        p_.drawText(at + QPointF(r + 2, -r - 2), QString::number(n));
    }
}

void SliceAnnotations::drawBoxMarker(const mr::Box& b, double z) {
    p_.setPen(QPen(style_.boxColour, style_.boxPenWidth));
    p_.setBrush(Qt::NoBrush);
    if (vp_.orientation == SliceOrientation::Axial) {
        if (double(vp_.slice) == z)
            p_.drawRect(
                QRectF(vp_.widgetPosOfVoxel({b.x1, b.y1, z}), vp_.widgetPosOfVoxel({b.x2, b.y2, z})).normalized());
        return;
    }
    // The box is a segment in a plane that crosses it.
    const int crossAxis = vp_.axes().slice;  // 1 (coronal: fixed y) or 0 (sagittal: fixed x)
    const double lo = crossAxis == 1 ? b.y1 : b.x1, hi = crossAxis == 1 ? b.y2 : b.x2;
    const double slice = double(vp_.slice);
    if (slice < lo || slice > hi) return;
    std::array<double, 3> a{}, e{};
    a[size_t(crossAxis)] = e[size_t(crossAxis)] = slice;
    const int along = crossAxis == 1 ? 0 : 1;
    a[size_t(along)] = crossAxis == 1 ? b.x1 : b.y1;
    e[size_t(along)] = crossAxis == 1 ? b.x2 : b.y2;
    a[2] = e[2] = z;
    p_.drawLine(vp_.widgetPosOfVoxel(a), vp_.widgetPosOfVoxel(e));
}

void SliceAnnotations::drawCaption(const SliceCaption& caption, const QFont& font) {
    QFont f = font;
    f.setPointSizeF(std::max(8.0, f.pointSizeF()));
    p_.setFont(f);
    drawCornerTexts(caption);
    if (caption.orientationKnown && (vp_.size[2] > 1 || vp_.orientation == SliceOrientation::Axial))
        drawOrientationLetters(caption.direction);
    drawScaleBar();
}

void SliceAnnotations::shadowText(const QRectF& r, int flags, const QString& s) {
    p_.setPen(QColor(0, 0, 0, 220));
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
            if (dx || dy) p_.drawText(r.translated(dx, dy), flags, s);
    p_.setPen(kTextColour);
    p_.drawText(r, flags, s);
}

void SliceAnnotations::drawCornerTexts(const SliceCaption& c) {
    const QString names[] = {tr("Axial"), tr("Coronal"), tr("Sagittal")};
    const QString plane = names[int(vp_.orientation)];
    // The series text gets what the plane's name leaves of the line, with a gap between them.
    const QFontMetricsF fm(p_.font());
    const double room = area_.width() - fm.horizontalAdvance(plane) - 2 * fm.averageCharWidth();
    const QString series = QString::fromStdString(c.modality + "  " + c.seriesDescription).trimmed();
    shadowText(area_, Qt::AlignLeft | Qt::AlignTop, room > 0 ? fm.elidedText(series, Qt::ElideRight, room) : QString());
    shadowText(area_, Qt::AlignRight | Qt::AlignTop, plane);
    QString bottomLeft = tr("Slice %1 / %2").arg(vp_.slice + 1).arg(vp_.sliceCount()) + "\n" +
                         tr("Zoom %1%").arg(vp_.zoom * 100, 0, 'f', 0);
    QString bottomRight;
    if (!c.colourImage)
        bottomRight = (c.inverted ? tr("Inverted") + "\n" : QString()) +
                      tr("W %1  L %2").arg(c.window.width, 0, 'f', 0).arg(c.window.center, 0, 'f', 0);
    // In a narrow pane the window text joins the left block rather than running into it.
    auto widest = [&](const QString& text) {
        double w = 0;
        for (const QString& line : text.split('\n')) w = std::max(w, fm.horizontalAdvance(line));
        return w;
    };
    if (!bottomRight.isEmpty() &&
        widest(bottomLeft) + widest(bottomRight) + 2 * fm.averageCharWidth() > area_.width()) {
        bottomLeft = bottomRight + "\n" + bottomLeft;
        bottomRight.clear();
    }
    bottomLines_ = int(bottomLeft.count('\n')) + 1;
    shadowText(area_, Qt::AlignLeft | Qt::AlignBottom, bottomLeft);
    if (!bottomRight.isEmpty()) shadowText(area_, Qt::AlignRight | Qt::AlignBottom, bottomRight);
}

void SliceAnnotations::drawOrientationLetters(const std::array<double, 9>& direction) {
    const SliceAxes ax = vp_.axes();
    auto dirOf = [&](int axis, int sign) {
        return std::array<double, 3>{direction[size_t(axis)] * sign, direction[size_t(3 + axis)] * sign,
                                     direction[size_t(6 + axis)] * sign};
    };
    const QString right = orientationLetter(dirOf(ax.u, ax.uSign)), left = orientationLetter(dirOf(ax.u, -ax.uSign));
    const QString down = orientationLetter(dirOf(ax.v, ax.vSign)), up = orientationLetter(dirOf(ax.v, -ax.vSign));
    const int lineHeight = p_.fontMetrics().height();
    shadowText(area_, Qt::AlignLeft | Qt::AlignVCenter, left);
    shadowText(area_, Qt::AlignRight | Qt::AlignVCenter, right);
    shadowText(area_.adjusted(0, lineHeight + 2, 0, 0), Qt::AlignHCenter | Qt::AlignTop, up);
    shadowText(area_.adjusted(0, 0, 0, -lineHeight - 2), Qt::AlignHCenter | Qt::AlignBottom, down);
}

// A round length near a fifth of the view width.
void SliceAnnotations::drawScaleBar() {
    const double mmpp = vp_.millimetresPerPixel();
    const double mm = niceLength(vp_.width / 5.0 * mmpp);
    const double px = mm / mmpp;
    const double barY = vp_.height - 12.0 - bottomLines_ * p_.fontMetrics().height();
    const QPointF a(vp_.width / 2.0 - px / 2, barY), b(vp_.width / 2.0 + px / 2, barY);
    p_.setPen(QPen(kTextColour, 2));
    p_.drawLine(a, b);
    p_.drawLine(a, a - QPointF(0, 5));
    p_.drawLine(b, b - QPointF(0, 5));
    shadowText(QRectF(a.x() - 40, a.y() - 22, px + 80, 18), Qt::AlignHCenter | Qt::AlignBottom,
               tr("%1 mm").arg(mm, 0, 'g', 4));
}

QString SliceAnnotations::markerTooltip(const SliceViewport& vp, const PromptMarkers& markers, QPointF pos) {
    const double z = double(markers.slice);
    int n = 0;
    for (const auto& pt : markers.points) {
        ++n;
        const std::array<double, 3> v{pt.x, pt.y, z};
        if (!onThisSlice(vp, v) || QLineF(vp.widgetPosOfVoxel(v), pos).length() > 8) continue;
        const QString kind = pt.positive ? tr("positive point") : tr("negative point");
        return tr("%1 %2: (%3, %4)")
            .arg(pt.name.isEmpty() ? QString::number(n) : pt.name, kind)
            .arg(pt.x, 0, 'f', 1)
            .arg(pt.y, 0, 'f', 1);
    }
    if (markers.box && vp.orientation == SliceOrientation::Axial && vp.slice == markers.slice) {
        const auto& b = *markers.box;
        const QRectF r =
            QRectF(vp.widgetPosOfVoxel({b.x1, b.y1, z}), vp.widgetPosOfVoxel({b.x2, b.y2, z})).normalized();
        const bool nearEdge = r.adjusted(-5, -5, 5, 5).contains(pos) && !r.adjusted(5, 5, -5, -5).contains(pos);
        if (nearEdge)
            return tr("Box: (%1, %2) – (%3, %4)")
                .arg(b.x1, 0, 'f', 1)
                .arg(b.y1, 0, 'f', 1)
                .arg(b.x2, 0, 'f', 1)
                .arg(b.y2, 0, 'f', 1);
    }
    return {};
}

}  // namespace mr::widgets
