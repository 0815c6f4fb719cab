// The slice view's vector layer, drawn into an image without a view: the crosshair and the
// prompt markers land on their voxels, the box shows where another plane cuts it, the corner
// texts and the scale bar are drawn, and the tooltips name the marker under the cursor.
#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QtTest>

#include <algorithm>

#include "widgets/slice_annotations.h"

using namespace mr::widgets;

namespace {
SliceViewport viewport(SliceOrientation o = SliceOrientation::Axial, int64_t slice = 6) {
    SliceViewport vp;
    vp.size = {100, 80, 10};
    vp.spacing = {1, 1, 4};
    vp.orientation = o;
    vp.slice = slice;
    vp.width = 400;
    vp.height = 320;
    return vp;
}

PromptMarkers markers() {
    PromptMarkers m;
    m.slice = 6;
    m.box = mr::Box{20, 10, 60, 50};
    m.points = {{{30, 20, true}, "points_1"}, {{40, 45, false}, {}}};
    return m;
}

QImage canvas(const SliceViewport& vp) {
    QImage image(int(vp.width), int(vp.height), QImage::Format_ARGB32);
    image.fill(Qt::black);
    return image;
}

QRgb at(const QImage& image, QPointF p) { return image.pixel(p.toPoint()); }

// The brightest value of one channel within a pixel of `p` (lines are a pixel or two wide).
int channelNear(const QImage& image, QPointF p, int (*channel)(QRgb)) {
    int best = 0;
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) best = std::max(best, channel(image.pixel(p.toPoint() + QPoint(dx, dy))));
    return best;
}
}  // namespace

class SliceAnnotationsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void crosshairAndMarkersLandOnTheirVoxels() {
        const SliceViewport vp = viewport();
        QImage image = canvas(vp);
        {
            QPainter p(&image);
            SliceAnnotations a(p, vp);
            a.drawCrosshair({70, 60, 6});
            a.drawPromptMarkers(markers());
        }
        image.save(QString(MR_TEST_OUTPUT_DIR) + "/annotations-axial.png");
        // The crosshair's lines cross the whole view through voxel (70, 60).
        const QPointF c = vp.widgetPosOf(70, 60);
        QVERIFY(channelNear(image, QPointF(3, c.y()), qRed) > 100);
        QVERIFY(channelNear(image, QPointF(c.x(), 3), qRed) > 100);
        // A positive point is red, a negative one blue; the box is green.
        QVERIFY(qRed(at(image, vp.widgetPosOf(30, 20))) > 200 && qBlue(at(image, vp.widgetPosOf(30, 20))) < 150);
        QVERIFY(qBlue(at(image, vp.widgetPosOf(40, 45))) > 200);
        QVERIFY(channelNear(image, vp.widgetPosOf(40, 10), qGreen) > 150);  // top edge
        QCOMPARE(channelNear(image, vp.widgetPosOf(40, 30), qGreen), 0);    // inside stays clear
    }

    void markersShowOnlyOnTheirSliceOrWhereAPlaneCutsThem() {
        const SliceViewport other = viewport(SliceOrientation::Axial, 7);
        QImage image = canvas(other);
        {
            QPainter p(&image);
            SliceAnnotations(p, other).drawPromptMarkers(markers());
        }
        QCOMPARE(at(image, other.widgetPosOf(30, 20)), qRgb(0, 0, 0));
        QCOMPARE(at(image, other.widgetPosOf(40, 10)), qRgb(0, 0, 0));
        // The coronal plane y = 30 cuts the box: a segment from x = 20 to 60 on slice z = 6.
        const SliceViewport coronal = viewport(SliceOrientation::Coronal, 30);
        QImage cut = canvas(coronal);
        {
            QPainter p(&cut);
            SliceAnnotations(p, coronal).drawPromptMarkers(markers());
        }
        cut.save(QString(MR_TEST_OUTPUT_DIR) + "/annotations-coronal.png");
        QVERIFY(channelNear(cut, coronal.widgetPosOfVoxel({40, 30, 6}), qGreen) > 150);
        QCOMPARE(channelNear(cut, coronal.widgetPosOfVoxel({70, 30, 6}), qGreen), 0);
    }

    void captionsAndScaleBarAreDrawn() {
        const SliceViewport vp = viewport();
        QImage image = canvas(vp);
        {
            QPainter p(&image);
            SliceCaption caption;
            caption.modality = "CT";
            caption.seriesDescription = "Abdomen";
            caption.window = {40, 400};
            caption.orientationKnown = true;
            SliceAnnotations(p, vp).drawCaption(caption, QApplication::font());
        }
        image.save(QString(MR_TEST_OUTPUT_DIR) + "/annotations-caption.png");
        auto litIn = [&](QRect r) {
            int n = 0;
            for (int y = r.top(); y <= r.bottom(); ++y)
                for (int x = r.left(); x <= r.right(); ++x) n += qGray(image.pixel(x, y)) > 120;
            return n;
        };
        QVERIFY(litIn({0, 0, 120, 30}) > 20);      // modality and series, top left
        QVERIFY(litIn({280, 0, 120, 30}) > 20);    // the plane, top right
        QVERIFY(litIn({0, 270, 150, 50}) > 20);    // slice and zoom, bottom left
        QVERIFY(litIn({250, 270, 150, 50}) > 20);  // window, bottom right
        QVERIFY(litIn({0, 140, 30, 40}) > 5);      // orientation letter, left
        QVERIFY(litIn({150, 240, 100, 40}) > 20);  // the scale bar
    }

    // Text keeps a dark outline on every side, so it reads over white as well as over black.
    void textIsOutlinedAllRound() {
        const SliceViewport vp = viewport();
        auto draw = [&](QColor background) {
            QImage image = canvas(vp);
            image.fill(background);
            QPainter p(&image);
            SliceCaption caption;
            caption.modality = "OT";
            caption.colourImage = true;
            SliceAnnotations(p, vp).drawCaption(caption, QApplication::font());
            return image;
        };
        // Where the modality text (top left) starts: its outline starts a pixel left of and above it.
        const QRect corner(0, 0, 120, 30);
        auto firstColumnAndRow = [&](const QImage& image, auto pred) {
            QPoint first(1000, 1000);
            for (int y = corner.top(); y <= corner.bottom(); ++y)
                for (int x = corner.left(); x <= corner.right(); ++x)
                    if (pred(qGray(image.pixel(x, y)))) first = {std::min(first.x(), x), std::min(first.y(), y)};
            return first;
        };
        const QImage overBlack = draw(Qt::black), overWhite = draw(Qt::white);
        overWhite.save(QString(MR_TEST_OUTPUT_DIR) + "/annotations-outline.png");
        const QPoint text = firstColumnAndRow(overBlack, [](int g) { return g > 120; });
        const QPoint outline = firstColumnAndRow(overWhite, [](int g) { return g < 100; });
        QVERIFY(text.x() < 1000);
        QVERIFY2(outline.x() < text.x() && outline.y() < text.y(),
                 qPrintable(QString("text from (%1, %2), outline from (%3, %4)")
                                .arg(text.x())
                                .arg(text.y())
                                .arg(outline.x())
                                .arg(outline.y())));
    }

    // A picture or a DICOM without Image Orientation (Patient): no A/P/R/L letters at all.
    void noLettersWhenTheOrientationIsUnknown() {
        for (bool known : {true, false}) {
            const SliceViewport vp = viewport();
            QImage image = canvas(vp);
            {
                QPainter p(&image);
                SliceCaption caption;
                caption.modality = "OT";
                caption.colourImage = true;
                caption.orientationKnown = known;
                SliceAnnotations(p, vp).drawCaption(caption, QApplication::font());
            }
            int lit = 0;  // the left and right letters sit mid-height at the edges
            for (QRect r : {QRect(0, 140, 30, 40), QRect(370, 140, 30, 40)})
                for (int y = r.top(); y <= r.bottom(); ++y)
                    for (int x = r.left(); x <= r.right(); ++x) lit += qGray(image.pixel(x, y)) > 120;
            QVERIFY2(known ? lit > 5 : lit == 0, qPrintable(QString("known %1: %2 lit pixels").arg(known).arg(lit)));
        }
    }

    // In a narrow pane (the 2 × 2 layout) a long series name stops short of the plane's name.
    void theSeriesTextNeverRunsIntoThePlaneName() {
        for (int width : {400, 300, 220}) {
            SliceViewport vp = viewport(SliceOrientation::Sagittal, 50);
            vp.width = width;
            QImage image = canvas(vp);
            QFont font = QApplication::font();
            {
                QPainter p(&image);
                SliceCaption caption;
                caption.modality = "CT";
                caption.seriesDescription = "Abdomen portal venous (synthetic phantom) with a long description";
                caption.window = {40, 400};
                SliceAnnotations(p, vp).drawCaption(caption, font);
                font = p.font();
            }
            image.save(QString(MR_TEST_OUTPUT_DIR) + QString("/annotations-header-%1.png").arg(width));
            // Columns with text in the first line: the series text's and the plane name's runs
            // must be separated by a gap of empty columns.
            const QFontMetrics fm(font);
            const int planeLeft = width - 8 - fm.horizontalAdvance(QStringLiteral("Sagittal"));
            auto columnLit = [&](int x) {
                for (int y = 4; y < 6 + fm.height(); ++y)
                    if (qGray(image.pixel(x, y)) > 120) return true;
                return false;
            };
            QVERIFY(columnLit(10));  // the series text is drawn
            for (int x = planeLeft - 5; x < planeLeft - 1; ++x)
                QVERIFY2(
                    !columnLit(x),
                    qPrintable(QString("width %1: text at x %2, plane name from %3").arg(width).arg(x).arg(planeLeft)));
        }
    }

    // In a narrow pane the window text moves into the left block instead of running into "Zoom".
    void bottomTextsNeverOverlap() {
        for (int width : {400, 150}) {
            SliceViewport vp = viewport(SliceOrientation::Sagittal, 50);
            vp.width = width;
            QImage image = canvas(vp);
            {
                QPainter p(&image);
                SliceCaption caption;
                caption.modality = "CT";
                caption.window = {40, 400};
                SliceAnnotations(p, vp).drawCaption(caption, QApplication::font());
            }
            image.save(QString(MR_TEST_OUTPUT_DIR) + QString("/annotations-bottom-%1.png").arg(width));
            int lit = 0;  // the window text's place at the bottom right
            for (int y = int(vp.height) - 24; y < int(vp.height) - 4; ++y)
                for (int x = width - 26; x < width - 8; ++x) lit += qGray(image.pixel(x, y)) > 120;
            QVERIFY2(width == 400 ? lit > 5 : lit == 0, qPrintable(QString("width %1: %2 lit").arg(width).arg(lit)));
        }
    }

    void orientationLettersFollowTheDominantDirection() {
        QCOMPARE(orientationLetter({1, 0, 0}), QString("L"));
        QCOMPARE(orientationLetter({-1, 0, 0}), QString("R"));
        QCOMPARE(orientationLetter({0.2, -0.9, 0.1}), QString("A"));
        QCOMPARE(orientationLetter({0.3, 0.2, 0.9}), QString("S"));
        QCOMPARE(orientationLetter({0, 0.1, -0.8}), QString("I"));
    }

    void tooltipsNameTheMarkerUnderTheCursor() {
        const SliceViewport vp = viewport();
        const PromptMarkers m = markers();
        QCOMPARE(SliceAnnotations::markerTooltip(vp, m, vp.widgetPosOf(30, 20) + QPointF(5, 0)),
                 QString("points_1 positive point: (30.0, 20.0)"));
        QCOMPARE(SliceAnnotations::markerTooltip(vp, m, vp.widgetPosOf(40, 45)),
                 QString("2 negative point: (40.0, 45.0)"));
        QCOMPARE(SliceAnnotations::markerTooltip(vp, m, vp.widgetPosOf(60, 30) + QPointF(3, 0)),
                 QString("Box: (20.0, 10.0) – (60.0, 50.0)"));
        QCOMPARE(SliceAnnotations::markerTooltip(vp, m, vp.widgetPosOf(45, 30)), QString());  // inside the box
        QCOMPARE(SliceAnnotations::markerTooltip(viewport(SliceOrientation::Axial, 7), m, vp.widgetPosOf(30, 20)),
                 QString());
    }
};

QTEST_MAIN(SliceAnnotationsTest)
#include "slice_annotations_test.moc"
