#include "figure/figure_file.h"

#include <QBuffer>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "engine/core/error.h"
#include "engine/core/files.h"

namespace mr::figure {

namespace {

constexpr int kPdfDpi = 300;

std::string bytesOf(const QByteArray& a) { return std::string(a.constData(), size_t(a.size())); }

std::string svgBytes(const FigurePainter& figure) {
    const QSizeF size = figure.size();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    svg.setResolution(96);
    svg.setTitle(QStringLiteral("MedReasoner Studio figure"));
    {
        QPainter p(&svg);
        p.setRenderHint(QPainter::Antialiasing);
        figure.paint(p);
    }
    return bytesOf(buffer.data());
}

std::string pdfBytes(const FigurePainter& figure) {
    const QSizeF size = figure.size();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter pdf(&buffer);
    pdf.setResolution(kPdfDpi);
    // One page exactly the figure's size: logical pixels are 1/96 inch, PDF points 1/72.
    pdf.setPageSize(QPageSize(size * 72.0 / 96.0, QPageSize::Point, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(QStringLiteral("MedReasoner Studio figure"));
    pdf.setCreator(QStringLiteral("MedReasoner Studio"));
    figure.paintOn(pdf);
    return bytesOf(buffer.data());
}

std::string pngBytes(const FigurePainter& figure) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!figureImage(figure).save(&buffer, "PNG")) throw mr::Error("figure: the PNG could not be encoded");
    return bytesOf(buffer.data());
}

}  // namespace

FigureFormat figureFormatOf(const std::string& path) {
    const size_t dot = path.find_last_of('.');
    const size_t slash = path.find_last_of('/');
    std::string ext =
        dot == std::string::npos || (slash != std::string::npos && dot < slash) ? "" : path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == "png") return FigureFormat::Png;
    if (ext == "svg") return FigureFormat::Svg;
    if (ext == "pdf") return FigureFormat::Pdf;
    throw mr::Error(path + ": a figure is written as .png, .svg or .pdf");
}

QImage figureImage(const FigurePainter& figure, double scale) {
    const QSizeF size = figure.size() * scale;
    QImage image(int(std::ceil(size.width())), int(std::ceil(size.height())), QImage::Format_RGB32);
    image.fill(Qt::white);
    figure.paintOn(image);
    return image;
}

std::string figureBytes(const FigurePainter& figure, FigureFormat format) {
    switch (format) {
        case FigureFormat::Png: return pngBytes(figure);
        case FigureFormat::Svg: return svgBytes(figure);
        case FigureFormat::Pdf: return pdfBytes(figure);
    }
    throw mr::Error("figure: unknown format");
}

void writeFigure(const FigurePainter& figure, const std::string& path) {
    const FigureFormat format = figureFormatOf(path);
    mr::writeFileAtomic(path, figureBytes(figure, format));
}

}  // namespace mr::figure
