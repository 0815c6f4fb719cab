#pragma once
// The text column of a figure: paragraphs laid out once at a fixed width (QTextLayout), measured,
// optionally cut to their first lines, and drawn. Fonts are sized in pixels so the layout is the
// same on a QImage, an SVG and a PDF page.
#include <QColor>
#include <QFont>
#include <QString>
#include <QTextLayout>

#include <memory>
#include <vector>

class QPainter;

namespace mr::figure {

class FigureText {
public:
    explicit FigureText(double width) : width_(width) {}

    // A paragraph (its line breaks kept), cut to `maxLines` lines when that is > 0. Returns the
    // number of lines left out.
    int add(const QString& text, const QFont& font, const QColor& colour, double spaceBefore, int maxLines = 0);
    double height() const { return height_; }
    void paint(QPainter& painter, const QPointF& topLeft) const;

private:
    struct Block {
        std::unique_ptr<QTextLayout> layout;
        QColor colour;
        double top = 0;
        int shownLines = 0;
    };
    double width_;
    double height_ = 0;
    std::vector<Block> blocks_;
};

// Fonts of the figure, in pixels.
QFont figureFont(double pixels, bool bold = false, bool monospace = false);

}  // namespace mr::figure
