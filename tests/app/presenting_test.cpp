// Presenting as a presenter does it. Presentation mode: F5 in, the room's view at 1920×1080 and
// 1280×720 (screenshots written to the test output folder), Ctrl+= / Ctrl+- for the text, Esc out,
// and the window exactly as it was afterwards. Figures: File → Export Figure… through its dialog,
// Edit → Copy Figure onto the clipboard.
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QMenuBar>
#include <QPainter>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextBrowser>
#include <QToolBar>
#include <QtTest>

#include <cmath>

#include "app/figure_actions.h"
#include "app/presentation_mode.h"
#include "app/grounding_controller.h"
#include "app/replay_bar.h"
#include "app/session_replay_controller.h"
#include "tests/support/demo_scene.h"
#include "tests/support/main_window_fixture.h"
#include "widgets/multi_planar_view.h"
#include "widgets/figure_export_dialog.h"
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

// The entry `text` of the menu bar's menu `menu`, as a user finds it.
QAction* menuEntry(mr::app::MainWindow& w, const QString& menu, const QString& text) {
    for (QAction* m : w.menuBar()->actions())
        if (m->menu() && m->text().remove('&') == menu)
            for (QAction* a : m->menu()->actions())
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
double boxLineWidth(mr::widgets::SliceView* view, const mr::Box& box, const QColor& colour) {
    const QImage frame = view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
    int64_t hits = 0;
    for (int y = 0; y < frame.height(); ++y)
        for (int x = 0; x < frame.width(); ++x) {
            const QColor c = frame.pixelColor(x, y);
            hits += std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                        std::abs(c.blue() - colour.blue()) <
                    40;
        }
    const QPointF a = view->widgetPosOf(box.x1, box.y1), b = view->widgetPosOf(box.x2, box.y2);
    const double perimeter = 2 * (std::abs(b.x() - a.x()) + std::abs(b.y() - a.y()));
    const double dpr = view->devicePixelRatioF();  // hits are device pixels; the box is in logical ones
    return double(hits) / (perimeter * dpr * dpr);
}

}  // namespace

class PresentationModeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().remove("presentation/fontScale");  // the font scale a previous run chose
    }

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

    // A presenter plays the demo tour in this mode: the replay bar (stop, speed) stays, and leaving
    // the mode after the replay ended does not bring it back from the saved window state.
    void theReplayBarStaysWhilePresenting() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        w.grounding()->applySettings(mr::session::EngineSettings{});
        w.replay()->bar()->setSpeed(mr::app::ReplaySpeed::Original);
        QSignalSpy done(w.replay(), &mr::app::SessionReplayController::finished);
        w.replay()->tourMenu()->actions().first()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w.replay()->playing(), 30000);
        QVERIFY(w.replay()->bar()->isVisible());
        w.presentation()->toggleAction()->trigger();
        QTRY_VERIFY(w.presentation()->isActive());
        QApplication::processEvents();
        QVERIFY(w.replay()->playing());
        QVERIFY(w.replay()->bar()->isVisible());
        QVERIFY(!w.statusBar()->isVisible());
        w.replay()->bar()->setSpeed(mr::app::ReplaySpeed::Instant);
        QVERIFY(done.count() > 0 || done.wait(60000));
        QTRY_VERIFY(!w.replay()->bar()->isVisible());
        w.presentation()->toggleAction()->trigger();
        QTRY_VERIFY(!w.presentation()->isActive());
        QApplication::processEvents();
        QVERIFY(!w.replay()->bar()->isVisible());
        QVERIFY(w.statusBar()->isVisible());
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

    void exportFigureThroughTheDialogAndCopyIt() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        mr::test::showDemoScene(w);
        QAction* exportEntry = menuEntry(w, "File", "Export Figure…");
        QAction* copyEntry = menuEntry(w, "Edit", "Copy Figure");
        QVERIFY(exportEntry && copyEntry);
        const QString path = QStringLiteral(MR_TEST_OUTPUT_DIR "/figure-from-menu.svg");
        QFile::remove(path);
        bool answered = false;
        QTimer::singleShot(0, [&] {
            auto* dialog = qobject_cast<mr::widgets::FigureExportDialog*>(QApplication::activeModalWidget());
            if (!dialog) return;
            auto* buttons = dialog->findChild<QDialogButtonBox*>();
            dialog->findChild<QLineEdit*>("figurePath")->setText(QStringLiteral("figure.jpg"));
            answered = !buttons->button(QDialogButtonBox::Save)->isEnabled();  // not a figure format
            dialog->findChild<QLineEdit*>("figurePath")->setText(path);
            auto* layout = dialog->findChild<QComboBox*>("figureLayout");
            layout->setCurrentIndex(layout->findText("Stacked"));
            auto* trace = dialog->findChild<QComboBox*>("figureTrace");
            trace->setCurrentIndex(trace->findText("First lines only"));
            buttons->button(QDialogButtonBox::Save)->click();
        });
        QSignalSpy written(w.figures(), &mr::app::FigureActions::written);
        exportEntry->trigger();
        QVERIFY2(answered, "the dialog opened and refused a .jpg name");
        QVERIFY(written.wait(30000));
        QFile svg(path);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray content = svg.readAll();
        QVERIFY(content.startsWith("<?xml"));
        QVERIFY(content.contains("Where would you biopsy"));  // the question
        QVERIFY(content.contains("hypodense"));               // the trace
        QVERIFY(content.contains("points_1"));                // the answer
        QVERIFY(content.contains(" mm<"));                    // the scale bar knows the spacing

        QApplication::clipboard()->clear();
        copyEntry->trigger();
        const QImage copied = QApplication::clipboard()->image();
        QVERIFY(!copied.isNull());
        QVERIFY(copied.width() > 800);
    }
};

QTEST_MAIN(PresentationModeTest)
#include "presenting_test.moc"
