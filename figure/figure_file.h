#pragma once
// A figure as a file: PNG (QImage), SVG (QSvgGenerator) or PDF (QPdfWriter), chosen by the file
// name's extension, each drawn by the same FigurePainter and written atomically.
#include <QImage>

#include <string>

#include "figure/figure_painter.h"

namespace mr::figure {

enum class FigureFormat { Png, Svg, Pdf };

// By the extension (.png, .svg, .pdf, any case); throws mr::Error naming the file otherwise.
FigureFormat figureFormatOf(const std::string& path);

// The figure as a picture, `scale` device pixels per logical pixel (2: crisp on slides).
QImage figureImage(const FigurePainter& figure, double scale = 2);
// The file's bytes in `format`.
std::string figureBytes(const FigurePainter& figure, FigureFormat format);
// Writes the figure to `path` in the format its extension names (mr::writeFileAtomic: readers see
// the old file or the new one). Throws mr::Error when the format is unknown or the disk fails.
void writeFigure(const FigurePainter& figure, const std::string& path);

}  // namespace mr::figure
