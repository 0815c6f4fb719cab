// Presentation mode as a presenter uses it: F5 in, the room's view at 1920×1080 and 1280×720
// (screenshots written to the test output folder), Ctrl+= / Ctrl+- for the text, Esc out, and
// the window exactly as it was afterwards.
#include <QApplication>
#include <QDockWidget>
#include <QMenuBar>
#include <QPainter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextBrowser>
#include <QToolBar>
#include <QtTest>

#include <cmath>

#include "app/presentation_mode.h"
#include "tests/support/demo_scene.h"
#include "tests/support/main_window_fixture.h"
#include "widgets/multi_planar_view.h"
#include "widgets/query_bar.h"

namespace {

struct Look {
    QByteArray state;
    QRect geometry;
    bool statusBar = false;
    QMap<QString, bool> docks, toolBars;
    double panelPoints = 0;
    QList<QKeySequence> zoomInKeys;
};

QAction* actionNamed(QWidget& w, const QString& text) {
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text().remove('&') == text) return a;
    return nullptr;
}

Look lookOf(mr::app::MainWindow& w) {
    Look l;
    l.state = w.saveState();
    l.geometry = w.geometry();
    l.statusBar = w.statusBar()->isVisible();
    for (QDockWidget* d : w.findChildren<QDockWidget*>()) l.docks[d->objectName()] = d->isVisible();
    for (QToolBar* t : w.findChildren<QToolBar*>()) l.toolBars[t->windowTitle()] = t->isVisible();
    l.panelPoints = w.reasoningPanel()->traceView()->font().pointSizeF();
    l.zoomInKeys = actionNamed(w, "Zoom In")->shortcuts();
    return l;
}

// The window as the room sees it: widgets and the slice view's OpenGL frame in one picture.
QImage screenshot(mr::app::MainWindow& w) {
    QPixmap shot = w.grab();
    QPainter(&shot).drawImage(w.sliceView()->mapTo(&w, QPoint(0, 0)), w.sliceView()->grabFramebuffer());
    return shot.toImage();
}

// The box's drawn line width in screen pixels: pixels of its colour over the box's perimeter.
double boxLineWidth(mr::widgets::SliceView* view, const std::array<double, 4>& box, const QColor& colour) {
    const QImage frame = view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    int64_t hits = 0;
    for (int y = 0; y < frame.height(); ++y)
        for (int x = 0; x < frame.width(); ++x) {
            const QColor c = frame.pixelColor(x, y);
            hits += std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                        std::abs(c.blue() - colour.blue()) <
                    40;
        }
    const QPointF a = view->widgetPosOf(box[0], box[1]), b = view->widgetPosOf(box[2], box[3]);
    const double perimeter = 2 * (std::abs(b.x() - a.x()) + std::abs(b.y() - a.y()));
    const double dpr = view->devicePixelRatioF();  // hits are device pixels; the box is in logical ones
    return double(hits) / (perimeter * dpr * dpr);
}

}  // namespace

class PresentationModeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void f5EntersEscLeavesAndEverythingComesBack() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        mr::test::showImageFocused(w, mr::test::smallCtPhantom().ct);
        auto* mode = w.presentation();
        QVERIFY(mode->toggleAction()->isCheckable());
        QCOMPARE(mode->toggleAction()->shortcut(), QKeySequence(Qt::Key_F5));
        QVERIFY(actionNamed(w, "Presentation Mode") == mode->toggleAction());  // View → Presentation Mode
        const Look before = lookOf(w);
        QVERIFY(before.statusBar);
        QVERIFY(before.docks.value("reasoningDock"));

        QTest::keyClick(w.sliceView(), Qt::Key_F5);
        QTRY_VERIFY(mode->isActive());
        QVERIFY(mode->toggleAction()->isChecked());
        QApplication::processEvents();
        QVERIFY(!w.statusBar()->isVisible());
        for (QDockWidget* d : w.findChildren<QDockWidget*>())
            QCOMPARE(d->isVisible(), d->objectName() == "reasoningDock");
        for (QToolBar* t : w.findChildren<QToolBar*>()) QVERIFY2(!t->isVisible(), qPrintable(t->windowTitle()));
        const double presentingPoints = w.reasoningPanel()->traceView()->font().pointSizeF();
        QVERIFY2(presentingPoints >= before.panelPoints * 1.5, qPrintable(QString::number(presentingPoints)));
        QVERIFY(w.queryBar()->font().pointSizeF() > QApplication::font().pointSizeF());
        const mr::widgets::DisplayStyle style = w.sliceView()->displayStyle();
        QVERIFY(style.boxPenWidth > mr::widgets::DisplayStyle::everyday().boxPenWidth);
        QVERIFY(style.maskBorderVoxels > 1);
        QVERIFY2(w.sliceView()->cursor().pixmap().width() >= 48, "the pointer is enlarged");

        // Ctrl+= / Ctrl+- scale the text, not the image.
        const double zoom = w.sliceView()->zoom();
        QTest::keyClick(w.sliceView(), Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY(w.reasoningPanel()->traceView()->font().pointSizeF() > presentingPoints * 1.1);
        QCOMPARE(w.sliceView()->zoom(), zoom);
        QTest::keyClick(w.sliceView(), Qt::Key_Minus, Qt::ControlModifier);
        QTest::keyClick(w.sliceView(), Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(w.reasoningPanel()->traceView()->font().pointSizeF() < presentingPoints);
        QCOMPARE(w.sliceView()->zoom(), zoom);

        QTest::keyClick(w.sliceView(), Qt::Key_Escape);
        QTRY_VERIFY(!mode->isActive());
        QVERIFY(!mode->toggleAction()->isChecked());
        QApplication::processEvents();
        const Look after = lookOf(w);
        QCOMPARE(after.statusBar, before.statusBar);
        QCOMPARE(after.docks, before.docks);
        QCOMPARE(after.toolBars, before.toolBars);
        QCOMPARE(after.panelPoints, before.panelPoints);
        QCOMPARE(after.zoomInKeys, before.zoomInKeys);
        QTRY_COMPARE(w.geometry(), before.geometry);
        QVERIFY(w.sliceView()->displayStyle().boxPenWidth == mr::widgets::DisplayStyle::everyday().boxPenWidth);
        QVERIFY(w.sliceView()->cursor().pixmap().isNull());
        // Ctrl+= zooms the image again; Esc no longer belongs to the mode.
        QTest::keyClick(w.sliceView(), Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY(w.sliceView()->zoom() > zoom * 1.2);
        QTest::keyClick(w.sliceView(), Qt::Key_Escape);
        QVERIFY(!mode->isActive());
    }

    void escDropsAPolygonInProgressBeforeLeaving() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        mr::test::showImageFocused(w, mr::test::smallCtPhantom().ct);
        w.presentation()->setActive(true);
        w.prompts()->setTool(mr::widgets::ViewTool::PolygonFill);
        auto* view = w.sliceView();
        QTest::mouseClick(view, Qt::LeftButton, {}, view->widgetPosOf(20, 20).toPoint());
        QTest::mouseClick(view, Qt::LeftButton, {}, view->widgetPosOf(40, 20).toPoint());
        QTest::keyClick(view, Qt::Key_Escape);
        QVERIFY2(w.presentation()->isActive(), "the first Esc drops the polygon");
        QTest::keyClick(view, Qt::Key_Escape);
        QTRY_VERIFY(!w.presentation()->isActive());
    }

    void screenshots_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1920x1080") << QSize(1920, 1080);
        QTest::newRow("1280x720") << QSize(1280, 720);
    }

    void screenshots() {
        QFETCH(QSize, size);
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        const mr::test::DemoScene scene = mr::test::showDemoScene(w);
        QVERIFY(w.sliceView()->maskLayer().has_value());
        const double everydayWidth =
            boxLineWidth(w.sliceView(), scene.box, mr::widgets::DisplayStyle::everyday().boxColour);

        w.presentation()->setActive(true);
        w.resize(size);  // the projector's size (Xvfb has no window manager to apply full screen)
        QTRY_COMPARE(w.size(), size);
        QApplication::processEvents();
        const QImage shot = screenshot(w);
        const QString path =
            QStringLiteral(MR_TEST_OUTPUT_DIR "/presentation-%1x%2.png").arg(size.width()).arg(size.height());
        QVERIFY(shot.save(path));
        QCOMPARE(shot.size(), size * w.devicePixelRatioF());

        QVERIFY(!w.statusBar()->isVisible());
        auto* dock = qobject_cast<QDockWidget*>(w.reasoningPanel()->parentWidget());
        QVERIFY(dock && dock->isVisible());
        // The image large, the Reasoning panel beside it taking about a third of the width.
        QVERIFY2(w.sliceView()->width() > dock->width(), qPrintable(QString::number(dock->width())));
        QVERIFY2(std::abs(dock->width() - 0.36 * size.width()) < 0.05 * size.width(),
                 qPrintable(QString::number(dock->width())));
        QVERIFY(w.sliceView()->height() > size.height() * 0.75);
        // The overlays: thicker box lines in the presentation colour.
        const double presentingWidth =
            boxLineWidth(w.sliceView(), scene.box, mr::widgets::DisplayStyle::presentation().boxColour);
        QVERIFY2(presentingWidth >= 4 && presentingWidth > 1.8 * everydayWidth,
                 qPrintable(QString("%1 vs %2").arg(presentingWidth).arg(everydayWidth)));
        w.presentation()->setActive(false);
        QTRY_VERIFY(w.statusBar()->isVisible());
    }
};

QTEST_MAIN(PresentationModeTest)
#include "presentation_mode_test.moc"
