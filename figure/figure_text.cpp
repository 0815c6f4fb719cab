#include "figure/figure_text.h"

#include <QFontDatabase>
#include <QPainter>
#include <QTextOption>

namespace mr::figure {

QFont figureFont(double pixels, bool bold, bool monospace) {
    QFont f = monospace ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : QFont();
    if (monospace) {
        f.setFamilies({f.family(), QStringLiteral("DejaVu Sans Mono"), QStringLiteral("monospace")});
        f.setStyleHint(QFont::Monospace);
    }
    f.setPixelSize(int(pixels + 0.5));
    f.setBold(bold);
    return f;
}

int FigureText::add(const QString& text, const QFont& font, const QColor& colour, double spaceBefore, int maxLines) {
    if (text.isEmpty()) return 0;
    QString paragraph = text;
    paragraph.replace(QLatin1Char('\n'), QChar::LineSeparator);  // QTextLayout breaks lines only at these
    Block block;
    block.layout = std::make_unique<QTextLayout>(paragraph, font);
    block.colour = colour;
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    block.layout->setTextOption(option);
    block.layout->setCacheEnabled(true);
    double y = 0;
    int lines = 0;
    block.layout->beginLayout();
    for (QTextLine line = block.layout->createLine(); line.isValid(); line = block.layout->createLine()) {
        line.setLineWidth(width_);
        line.setPosition(QPointF(0, y));
        y += line.height();
        ++lines;
    }
    block.layout->endLayout();
    block.shownLines = maxLines > 0 && lines > maxLines ? maxLines : lines;
    double shownHeight = 0;
    for (int i = 0; i < block.shownLines; ++i) shownHeight += block.layout->lineAt(i).height();
    block.top = height_ + spaceBefore;
    height_ = block.top + shownHeight;
    const int leftOut = lines - block.shownLines;
    blocks_.push_back(std::move(block));
    return leftOut;
}

void FigureText::paint(QPainter& p, const QPointF& topLeft) const {
    for (const Block& b : blocks_) {
        p.setPen(b.colour);
        for (int i = 0; i < b.shownLines; ++i) b.layout->lineAt(i).draw(&p, topLeft + QPointF(0, b.top));
    }
}

}  // namespace mr::figure
