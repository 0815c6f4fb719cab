// The main window's keys and menus as a new user tries them: real key events on the active
// window (redo, full screen, zoom, docks), and what each toolbar button says about its key.
#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QDockWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QToolBar>
#include <QUndoStack>
#include <QtTest>

#include "app/grounding_controller.h"
#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "tests/support/gestures.h"
#include "tests/support/main_window_fixture.h"
#include "widgets/multi_planar_view.h"
#include "widgets/reasoning_panel.h"

using mr::widgets::ViewTool;

class MainWindowKeysTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void bothRedoKeysRedoAMaskEdit() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        const mr::demo::Phantom p = mr::test::smallCtPhantom();
        mr::test::showImageFocused(w, p.ct);
        auto* view = w.sliceView();
        w.prompts()->setTool(ViewTool::Brush);
        mr::test::drag(view, 20, 20, 40, 30);
        QUndoStack* stack = w.maskEditor()->undoStack();
        QCOMPARE(stack->count(), 1);
        QCOMPARE(stack->index(), 1);
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stack->index(), 0);
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(stack->index(), 1);
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stack->index(), 0);
        QTest::keyClick(view, Qt::Key_Y, Qt::ControlModifier);
        QCOMPARE(stack->index(), 1);
    }

    void everyDockHasAViewEntryAndAskingShowsTheReasoning() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        QMenu* view = nullptr;
        for (QAction* a : w.menuBar()->actions())
            if (a->text().remove('&') == "View") view = a->menu();
        QVERIFY(view);
        const auto docks = w.findChildren<QDockWidget*>();
        QVERIFY(docks.size() >= 4);
        for (QDockWidget* dock : docks)
            QVERIFY2(view->actions().contains(dock->toggleViewAction()), qPrintable(dock->windowTitle()));
        auto* reasoning = qobject_cast<QDockWidget*>(w.reasoningPanel()->parentWidget());
        QVERIFY(reasoning);
        reasoning->close();
        QVERIFY(!reasoning->isVisible());
        reasoning->toggleViewAction()->trigger();  // View → Reasoning
        QTRY_VERIFY(reasoning->isVisible());
        // Asking with the panel closed opens it (the controller says it is busy when a question starts).
        reasoning->close();
        Q_EMIT w.grounding()->busyChanged(true);
        QTRY_VERIFY(reasoning->isVisible());
        Q_EMIT w.grounding()->busyChanged(false);
    }

    void f11TogglesFullScreenAndCtrlEqualsZooms() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        mr::test::showImageFocused(w, mr::test::smallCtPhantom().ct);
        QAction* full = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text().remove('&') == "Full Screen") full = a;
        QVERIFY(full);
        QCOMPARE(full->shortcut(), QKeySequence(Qt::Key_F11));  // the key the menu shows
        QTest::keyClick(w.sliceView(), Qt::Key_F11);
        QTRY_VERIFY(w.isFullScreen());
        QTest::keyClick(w.sliceView(), Qt::Key_F11);
        QTRY_VERIFY(!w.isFullScreen());

        const double zoom = w.sliceView()->zoom();
        QTest::keyClick(w.sliceView(), Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY2(w.sliceView()->zoom() > zoom * 1.2, "Ctrl+= zooms in");
        QAction* zoomIn = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text().remove('&') == "Zoom In") zoomIn = a;
        QVERIFY(zoomIn && zoomIn->shortcuts().contains(QKeySequence(QKeySequence::ZoomIn)));  // Ctrl++ stays
        QTest::keyClick(w.sliceView(), Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(w.sliceView()->zoom() < zoom * 1.1);
    }

    void everyToolbarActionNamesItsKey() {
        mr::app::MainWindow w;
        int named = 0;
        for (QToolBar* bar : w.findChildren<QToolBar*>())
            for (QAction* a : bar->actions()) {
                if (a->shortcut().isEmpty()) continue;
                const QString key = a->shortcut().toString(QKeySequence::NativeText);
                QVERIFY2(a->toolTip().count("(" + key) == 1, qPrintable(a->toolTip() + " lacks " + key));
                QVERIFY(a->toolTip().endsWith(")"));
                ++named;
            }
        QVERIFY2(named >= 12, qPrintable(QString::number(named)));  // prompt tools, mask tools, Segment, Clear
    }

    // Presets: each once; a CT without a stored window opens in a soft-tissue window.
    void windowPresetsAreUniqueAndCtOpensInSoftTissue() {
        mr::app::MainWindow w;
        mr::demo::Phantom p = mr::test::smallCtPhantom();  // stores Abdomen (W400/L40) and Liver
        auto presetNames = [&] {
            QStringList names;
            for (QAction* a : w.findChildren<QAction*>())
                if (a->menu() && a->text().remove('&') == "Window Presets")
                    for (QAction* preset : a->menu()->actions())
                        if (!preset->isSeparator()) names << preset->text();
            return names;
        };
        w.showImage(p.ct, "phantom.dcm");
        QStringList names = presetNames();
        QCOMPARE(names.removeDuplicates(), 0);
        QCOMPARE(names.size(), 6);  // Abdomen, Liver, Brain, Lung, Bone, Full Range
        QVERIFY(names.first().startsWith("Abdomen"));

        p.ct.metadata().windows.clear();
        w.showImage(p.ct, "no-window.dcm");
        QCOMPARE(w.sliceView()->windowLevel(), (mr::imaging::WindowLevel{40, 400}));
        names = presetNames();
        QCOMPARE(names.removeDuplicates(), 0);
        QCOMPARE(names.size(), 6);  // the five standard CT presets, Full Range
    }

    void anotherImageClearsTheQuestionAndTrace() {
        mr::app::MainWindow w;
        const mr::demo::Phantom p = mr::test::smallCtPhantom();
        w.showImage(p.ct, "first.dcm");
        w.reasoningPanel()->setQuestion("Where is the lesion?");
        w.reasoningPanel()->appendText("<think>The liver shows a round lesion.</think>");
        w.reasoningPanel()->finishText();
        QVERIFY(!w.reasoningPanel()->question().isEmpty());
        w.showImage(p.ct, "second.dcm");
        QVERIFY(w.reasoningPanel()->question().isEmpty());
        QVERIFY(w.reasoningPanel()->rawText().isEmpty());
        QVERIFY(w.reasoningPanel()->traceView()->toPlainText().trimmed().isEmpty());
        QVERIFY(!w.grounding()->lastResult());
    }

    void intensityRangeTakesLargeValues() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        auto* limit = w.findChild<QCheckBox*>("intensityLimit");
        auto* high = w.findChild<QDoubleSpinBox*>("intensityHigh");
        QVERIFY(limit && high);
        QTest::mouseClick(limit, Qt::LeftButton, {}, QPoint(8, limit->height() / 2));
        QVERIFY(limit->isChecked() && high->isEnabled());
        high->setFocus();
        high->selectAll();
        QTest::keyClicks(high, "2500000");
        QTest::keyClick(high, Qt::Key_Return);
        QCOMPARE(high->value(), 2500000.0);
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MedReasonerTest");
    QApplication::setApplicationName("MedReasoner Studio Keys Test");
    MainWindowKeysTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "main_window_keys_test.moc"
