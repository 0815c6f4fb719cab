// The main window's keys and menus as a new user tries them: real key events on the active
// window (redo, full screen, zoom, docks), and what each toolbar button says about its key.
#include <QApplication>
#include <QDockWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QToolBar>
#include <QUndoStack>
#include <QtTest>

#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "tests/support/gestures.h"
#include "tests/support/main_window_fixture.h"
#include "widgets/multi_planar_view.h"

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
