// The figure of a grounding result as PNG, SVG and PDF: each file read back by a reader of its
// own (QImage, an XML parser, Poppler's pdftoppm), with the mask, the box and the text on it; the
// layouts and the trimmed trace; scenes that cannot be drawn and names that are no figure format.
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>
#include <set>

#include "engine/core/error.h"
#include "figure/figure_file.h"

using mr::figure::FigureLayout;
using mr::figure::FigureOptions;
using mr::figure::FigurePainter;

namespace {

const QString kOut = QStringLiteral(MR_TEST_OUTPUT_DIR);

// A 200×160 gray ramp with a round mask, a box around it, two points, 0.8 mm pixels, and a trace
// long enough to be trimmed.
mr::session::FigureScene scene() {
    mr::session::FigureScene s;
    s.image.width = 200, s.image.height = 160;
    s.image.rgb.resize(200 * 160 * 3);
    s.mask = {200, 160, std::vector<uint8_t>(200 * 160, 0)};
    for (int y = 0; y < 160; ++y)
        for (int x = 0; x < 200; ++x) {
            const auto i = size_t(y * 200 + x);
            for (int c = 0; c < 3; ++c) s.image.rgb[i * 3 + size_t(c)] = uint8_t(40 + x / 2);
            s.mask.pixels[i] = std::hypot(x - 100, y - 80) < 30 ? 1 : 0;
        }
    s.box = mr::Box{64, 46, 136, 114};
    s.points = {{92, 80}, {110, 84}};
    s.pixelSpacingMm = std::array<double, 2>{0.8, 0.8};
    s.title = "Test case · slice 3 of 6";
    s.question = "Where would you biopsy to confirm the suspected malignancy?";
    for (int i = 1; i <= 30; ++i) s.think += "Step " + std::to_string(i) + ": the lesion's margin is irregular.\n";
    s.answer = R"({"bbox":[64,46,136,114],"points_1":[92,80],"points_2":[110,84]})";
    return s;
}

// Pixels within `tolerance` (sum over RGB) of `colour`.
int pixelsNear(const QImage& image, const QColor& colour, int tolerance = 30) {
    int n = 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x) {
            const QColor c = rgb.pixelColor(x, y);
            n += std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                     std::abs(c.blue() - colour.blue()) <=
                 tolerance;
        }
    return n;
}

int distinctColours(const QImage& image) {
    std::set<QRgb> colours;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); y += 2)
        for (int x = 0; x < rgb.width(); x += 2) colours.insert(rgb.pixel(x, y));
    return int(colours.size());
}

}  // namespace

class FigureTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pngHasTheImageMaskBoxAndText() {
        const QString path = kOut + "/figure.png";
        mr::figure::writeFigure(FigurePainter(scene(), {}), path.toStdString());
        QImage png(path);
        QVERIFY(!png.isNull());
        QVERIFY2(distinctColours(png) > 100, "not blank");
        QVERIFY2(pixelsNear(png, QColor(0, 200, 255)) > 200, "the mask's outline");
        QVERIFY2(pixelsNear(png, QColor(255, 214, 0)) > 200, "the box");
        QVERIFY2(pixelsNear(png, QColor(255, 59, 92)) > 50, "the points");
        // The mask tints its inside, not the rest: image pixel (100, 100) lies inside the circle,
        // (10, 10) outside (the image is 720 px wide at 32 px from the edges, the PNG twice as large).
        auto at = [&](int x, int y) { return png.pixelColor(int((32 + x * 3.6) * 2), int((32 + y * 3.6) * 2)); };
        QVERIFY2(at(100, 100).blue() > at(100, 100).red() + 50, "inside the mask");
        QVERIFY2(std::abs(at(10, 10).blue() - at(10, 10).red()) < 5, "outside the mask");
        // Dark text on the white column to the right of the image.
        const QImage column = png.copy(png.width() * 2 / 3, 0, png.width() / 3, png.height() / 3);
        QVERIFY(pixelsNear(column, QColor(28, 32, 38), 60) > 100);
    }

    void svgIsXmlWithTheImagePathsAndText() {
        const QString path = kOut + "/figure.svg";
        mr::figure::writeFigure(FigurePainter(scene(), {}), path.toStdString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QMap<QString, int> elements;
        QString text;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) ++elements[xml.name().toString()];
            if (xml.isCharacters()) text += xml.text();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(elements.value("svg") == 1);
        QVERIFY(elements.value("image") >= 1);
        QVERIFY(elements.value("path") >= 1);      // the mask's outline
        QVERIFY(elements.value("rect") >= 2);      // the page and the box
        QCOMPARE(elements.value("circle"), 2);     // the key points
        QVERIFY(elements.value("polyline") >= 1);  // the scale bar
        QVERIFY(elements.value("text") >= 5);
        QVERIFY(text.contains("biopsy"));
        QVERIFY(text.contains("Step 30"));
        QVERIFY(text.contains("16 mm") || text.contains("20 mm") || text.contains("50 mm"));  // the scale bar
    }

    void pdfRendersANonBlankPage() {
        if (QString(MR_PDFTOPPM).isEmpty() || !QFile::exists(MR_PDFTOPPM))
            QSKIP("pdftoppm (poppler-utils) is not installed; scripts/setup.sh installs it");
        const QString path = kOut + "/figure.pdf";
        mr::figure::writeFigure(FigurePainter(scene(), {}), path.toStdString());
        QFile pdf(path);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QFile::remove(kOut + "/figure-page-1.png");
        QProcess render;
        render.start(MR_PDFTOPPM, {"-png", "-r", "50", "-singlefile", path, kOut + "/figure-page"});
        QVERIFY(render.waitForFinished(60000));
        QCOMPARE(render.exitCode(), 0);
        const QImage page(kOut + "/figure-page.png");
        QVERIFY(!page.isNull());
        QVERIFY2(distinctColours(page) > 50, "the page is not blank");
        QVERIFY(pixelsNear(page, QColor(255, 214, 0), 60) > 10);  // the box survives the PDF round trip
    }

    void layoutsAndTrimmedTrace() {
        const mr::session::FigureScene s = scene();
        const QSizeF side = FigurePainter(s, {FigureLayout::SideBySide, true, 8}).size();
        const QSizeF stacked = FigurePainter(s, {FigureLayout::Stacked, true, 8}).size();
        QVERIFY(side.width() > stacked.width());
        QVERIFY(stacked.height() > side.height());
        const QSizeF trimmed = FigurePainter(s, {FigureLayout::Stacked, false, 4}).size();
        QVERIFY2(trimmed.height() < stacked.height() - 300, qPrintable(QString::number(trimmed.height())));
        QByteArray svg = QByteArray::fromStdString(mr::figure::figureBytes(
            FigurePainter(s, {FigureLayout::Stacked, false, 4}), mr::figure::FigureFormat::Svg));
        QVERIFY(svg.contains("Step 4"));
        QVERIFY(!svg.contains("Step 5:"));
        QVERIFY(svg.contains("26 more lines"));
        // Without a known spacing the scale bar is in pixels.
        mr::session::FigureScene pixels = s;
        pixels.pixelSpacingMm.reset();
        svg = QByteArray::fromStdString(
            mr::figure::figureBytes(FigurePainter(pixels, {}), mr::figure::FigureFormat::Svg));
        QVERIFY(svg.contains(" px"));
    }

    void badScenesAndNamesAreClearErrors() {
        auto fails = [](const mr::session::FigureScene& s, const char* words) {
            try {
                FigurePainter figure(s, {});
            } catch (const mr::Error& e) {
                return QString(e.what()).contains(words);
            }
            return false;
        };
        mr::session::FigureScene s = scene();
        s.mask.width = 100;
        QVERIFY(fails(s, "mask"));
        s = scene();
        s.box = mr::Box{10, 10, 260, 40};
        QVERIFY(fails(s, "box"));
        s = scene();
        s.points.push_back({-1, 5});
        QVERIFY(fails(s, "point"));
        s = scene();
        s.image.rgb.resize(10);
        QVERIFY(fails(s, "bytes"));
        QVERIFY(fails(mr::session::FigureScene{}, "no image"));
        QVERIFY_THROWS_EXCEPTION(mr::Error, mr::figure::figureFormatOf("figure.jpg"));
        QVERIFY_THROWS_EXCEPTION(mr::Error, mr::figure::figureFormatOf("figure"));
        QVERIFY(mr::figure::figureFormatOf("dir.v2/Figure.PDF") == mr::figure::FigureFormat::Pdf);
    }
};

QTEST_MAIN(FigureTest)
#include "figure_test.moc"
