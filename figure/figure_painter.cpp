#include "figure/figure_painter.h"

#include <QBitmap>
#include <QImage>
#include <QPaintDevice>
#include <QPainter>
#include <QPainterPath>
#include <QRegion>

#include <algorithm>
#include <cmath>

#include "figure/figure_text.h"

namespace mr::figure {

namespace {

constexpr double kMargin = 32, kGap = 28;
constexpr double kImageSide = 720;  // the image's longer side on the figure
constexpr double kTextWidth = 620;  // the text column beside the image
const QColor kInk(28, 32, 38), kMuted(96, 104, 114), kThink(70, 78, 90), kAnswerInk(90, 62, 0);
const QColor kMaskColour(0, 200, 255), kBoxColour(255, 214, 0), kPointColour(255, 59, 92);

QString text(const std::string& s) { return QString::fromStdString(s).trimmed(); }

// A round length (1, 2, 5 × 10^n) at least `length`.
double niceLength(double length) {
    const double decade = std::pow(10.0, std::floor(std::log10(std::max(length, 1e-9))));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * decade >= length) return m * decade;
    return 10 * decade;
}

// The mask's outline as one path in image pixels (one square per pixel, merged).
QPainterPath maskPath(const mr::Mask& mask) {
    QImage bits(mask.width, mask.height, QImage::Format_MonoLSB);
    bits.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});  // index 1 is black: Qt::color1, inside the region
    bits.fill(0);
    for (int y = 0; y < mask.height; ++y)
        for (int x = 0; x < mask.width; ++x)
            if (mask.pixels[size_t(y) * size_t(mask.width) + size_t(x)]) bits.setPixel(x, y, 1);
    QPainterPath path;
    path.addRegion(QRegion(QBitmap::fromImage(bits)));
    return path.simplified();
}

}  // namespace

struct FigurePainter::Layout {
    QSizeF size;
    QRectF image;
    QPointF textAt;
    std::shared_ptr<FigureText> text;
};

FigurePainter::FigurePainter(const mr::session::FigureScene& scene, const FigureOptions& options)
    : scene_(scene), options_(options) {
    mr::session::checkFigureScene(scene_);
    options_.traceLines = std::max(1, options_.traceLines);
}

FigurePainter::Layout FigurePainter::layout() const {
    Layout l;
    const double k = kImageSide / std::max(scene_.image.width, scene_.image.height);
    const QSizeF imageSize(scene_.image.width * k, scene_.image.height * k);
    const bool side = options_.layout == FigureLayout::SideBySide;
    const double textWidth = side ? kTextWidth : std::max(imageSize.width(), kTextWidth);
    l.text = std::make_shared<FigureText>(textWidth);
    FigureText& t = *l.text;
    t.add(text(scene_.title), figureFont(22, true), kInk, 0);
    if (!scene_.question.empty()) {
        t.add(tr("QUESTION"), figureFont(13, true), kMuted, 14);
        t.add(text(scene_.question), figureFont(19), kInk, 4);
    }
    if (!scene_.think.empty()) {
        t.add(tr("REASONING"), figureFont(13, true), kMuted, 14);
        const int leftOut =
            t.add(text(scene_.think), figureFont(16), kThink, 4, options_.fullTrace ? 0 : options_.traceLines);
        if (leftOut > 0)
            t.add(leftOut == 1 ? tr("… 1 more line of the trace not shown")
                               : tr("… %1 more lines of the trace not shown").arg(leftOut),
                  figureFont(14), kMuted, 2);
    }
    if (!scene_.answer.empty()) {
        t.add(tr("ANSWER"), figureFont(13, true), kMuted, 14);
        t.add(text(scene_.answer), figureFont(15, false, true), kAnswerInk, 4);
    }
    l.image = QRectF(QPointF(kMargin, kMargin), imageSize);
    if (side) {
        l.textAt = QPointF(l.image.right() + kGap, kMargin);
        l.size =
            QSizeF(l.textAt.x() + textWidth + kMargin, kMargin + std::max(imageSize.height(), t.height()) + kMargin);
    } else {
        l.textAt = QPointF(kMargin, l.image.bottom() + kGap);
        l.size = QSizeF(kMargin + textWidth + kMargin, l.textAt.y() + t.height() + kMargin);
    }
    return l;
}

QSizeF FigurePainter::size() const { return layout().size; }

void FigurePainter::paint(QPainter& p) const {
    const Layout l = layout();
    p.save();
    p.fillRect(QRectF(QPointF(0, 0), l.size), Qt::white);
    paintImage(p, l.image);
    l.text->paint(p, l.textAt);
    p.restore();
}

void FigurePainter::paintOn(QPaintDevice& device) const {
    const QSizeF s = size();
    QPainter p(&device);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    const double scale = std::min(device.width() / s.width(), device.height() / s.height());
    p.scale(scale, scale);
    paint(p);
}

void FigurePainter::paintImage(QPainter& p, const QRectF& target) const {
    const mr::RgbImage& im = scene_.image;
    const QImage picture(im.rgb.data(), im.width, im.height, im.width * 3, QImage::Format_RGB888);
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);  // pixels stay pixels
    p.drawImage(target, picture);
    const double k = target.width() / im.width;
    const QTransform toFigure = QTransform::fromTranslate(target.left(), target.top()).scale(k, k);
    if (!scene_.mask.pixels.empty()) {
        const QPainterPath outline = toFigure.map(maskPath(scene_.mask));
        QColor fill = kMaskColour;
        fill.setAlpha(90);
        p.setBrush(fill);
        p.setPen(QPen(kMaskColour, 2.5));
        p.drawPath(outline);
    }
    p.setBrush(Qt::NoBrush);
    if (scene_.box) {
        const QPointF a = toFigure.map(QPointF(scene_.box->x1, scene_.box->y1));
        const QPointF b = toFigure.map(QPointF(scene_.box->x2, scene_.box->y2));
        p.setPen(QPen(kBoxColour, 3));
        p.drawRect(QRectF(a, b).normalized());
    }
    p.setFont(figureFont(15, true));
    int n = 0;
    for (const mr::Point& pt : scene_.points) {
        const QPointF at = toFigure.map(QPointF(pt.x, pt.y));
        p.setPen(QPen(Qt::white, 2));
        p.setBrush(kPointColour);
        p.drawEllipse(at, 7, 7);
        p.drawText(at + QPointF(10, -9), QString::number(++n));
    }
    paintScaleBar(p, target, k);
    p.restore();
}

// A round length near a fifth of the image's width, in mm when the spacing is known, else pixels.
void FigurePainter::paintScaleBar(QPainter& p, const QRectF& target, double k) const {
    const double unitsPerPixel = scene_.pixelSpacingMm ? (*scene_.pixelSpacingMm)[0] : 1.0;
    const double length = niceLength(scene_.image.width / 5.0 * unitsPerPixel);
    const double onFigure = length / unitsPerPixel * k;
    const QPointF a(target.left() + 16, target.bottom() - 18), b = a + QPointF(onFigure, 0);
    const QString label =
        scene_.pixelSpacingMm ? tr("%1 mm").arg(length, 0, 'g', 4) : tr("%1 px").arg(length, 0, 'g', 6);
    p.setPen(QPen(Qt::black, 6, Qt::SolidLine, Qt::FlatCap));
    p.drawLine(a, b);
    p.setPen(QPen(Qt::white, 3, Qt::SolidLine, Qt::FlatCap));
    p.drawLine(a, b);
    p.setFont(figureFont(14, true));
    const QRectF labelBox(a.x(), a.y() - 26, std::max(onFigure, 80.0), 20);
    p.setPen(Qt::black);
    p.drawText(labelBox.translated(1, 1), Qt::AlignLeft | Qt::AlignBottom, label);
    p.setPen(Qt::white);
    p.drawText(labelBox, Qt::AlignLeft | Qt::AlignBottom, label);
}

}  // namespace mr::figure
