// What a new radiologist meets first (issue 20, second part), driven through the main window as
// a user would: the hint on a blank start, Enter on an empty question, no patient letters on a
// picture, brush strokes kept through a refinement, the expert's score as it gave it with a
// warning for a mask that covers most of the image, and the 2 × 2 layout's headers.
#include <QApplication>
#include <QLineEdit>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "engine/demo/abdomen_phantom.h"
#include "engine/segment/segmentation_expert.h"
#include "tests/support/gestures.h"
#include "tests/support/main_window_fixture.h"
#include "widgets/multi_planar_view.h"
#include "widgets/query_bar.h"

using mr::widgets::SliceOrientation;
using mr::widgets::ViewTool;

namespace {
// Bright pixels (text is drawn light over the image) in a rectangle of a view's frame.
int litPixels(const QImage& frame, const QRect& r) {
    int n = 0;
    for (int y = std::max(0, r.top()); y <= std::min(frame.height() - 1, r.bottom()); ++y)
        for (int x = std::max(0, r.left()); x <= std::min(frame.width() - 1, r.right()); ++x)
            n += qGray(frame.pixel(x, y)) > 150;
    return n;
}

void saveWindow(mr::app::MainWindow& w, const QString& name) {
    QPixmap shot = w.grab();
    for (auto o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
        auto* v = w.viewer()->view(o);
        if (v->isVisible()) QPainter(&shot).drawImage(v->mapTo(&w, QPoint(0, 0)), v->grabFramebuffer());
    }
    shot.save(QStringLiteral(MR_TEST_OUTPUT_DIR "/%1.png").arg(name));
}

int64_t count(const std::vector<uint8_t>& mask) { return std::count(mask.begin(), mask.end(), uint8_t(1)); }
}  // namespace

class FirstUseTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aBlankStartSaysWhatToOpen() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        auto* view = w.sliceView();
        QVERIFY(view->emptyHint().contains("Open Image"));
        QVERIFY(view->emptyHint().contains("Ctrl+O"));
        QVERIFY(view->emptyHint().contains("Open Demo Case"));
        QApplication::processEvents();
        const QImage frame = view->grabFramebuffer();
        saveWindow(w, "first-start");
        // The hint is drawn in the middle of the otherwise black view.
        const QRect middle(frame.width() / 4, frame.height() / 3, frame.width() / 2, frame.height() / 3);
        QVERIFY2(litPixels(frame, middle) > 50, "no hint in the middle of the empty view");
    }

    void enterOnAnEmptyQuestionExplains() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        auto* edit = w.queryBar()->findChild<QLineEdit*>("questionEdit");
        edit->setFocus();
        w.queryBar()->setAvailability(true);
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY2(w.statusBar()->currentMessage().contains("Type a question"),
                 qPrintable(w.statusBar()->currentMessage()));
    }

    void aPictureShowsNoPatientLetters() {
        QTemporaryDir dir;
        QImage picture(96, 96, QImage::Format_RGB32);
        picture.fill(Qt::black);  // black, so any letter drawn over it shows
        const QString path = dir.filePath("photo.png");
        QVERIFY(picture.save(path));
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        w.openPath(path);
        QVERIFY(shown.wait(20000));
        QVERIFY(!w.viewer()->image().metadata().orientationKnown);
        QApplication::processEvents();
        const QImage frame = w.sliceView()->grabFramebuffer();
        saveWindow(w, "picture-no-letters");
        // The left and right letters would sit mid-height at the edges.
        const int h = frame.height();
        QCOMPARE(litPixels(frame, QRect(0, h / 2 - 20, 30, 40)), 0);
        QCOMPARE(litPixels(frame, QRect(frame.width() - 30, h / 2 - 20, 30, 40)), 0);
        // The CT phantom has its orientation: its letters are there.
        w.showImage(mr::test::smallCtPhantom().ct, "phantom.dcm");
        QApplication::processEvents();
        const QImage ct = w.sliceView()->grabFramebuffer();
        QVERIFY(litPixels(ct, QRect(0, ct.height() / 2 - 20, 30, 40)) > 0);
    }

    void brushStrokesSurviveARefinement() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        const mr::demo::Phantom p = mr::test::smallCtPhantom();
        mr::test::showImageFocused(w, p.ct);
        auto* view = w.sliceView();
        const int64_t z = 3;
        view->setSlice(z);
        QSignalSpy masks(w.prompts(), &mr::app::PromptController::maskReady);
        w.prompts()->setTool(ViewTool::Box);
        mr::test::drag(view, 0, 0, 40, 63);  // the left part of the slice; the brush goes right of it
        QVERIFY(masks.wait(30000));
        auto* editor = w.maskEditor();
        const std::vector<uint8_t> expert = editor->sliceMask(z);
        // A pixel deep inside the expert's mask, where the eraser will go.
        int64_t sx = 0, sy = 0, n = 0;
        for (int64_t y = 0; y < 64; ++y)
            for (int64_t x = 0; x < 64; ++x)
                if (expert[size_t(y * 64 + x)]) sx += x, sy += y, ++n;
        QVERIFY2(n > 20, qPrintable(QString("%1 px: ").arg(n) + w.statusBar()->currentMessage()));
        const int64_t cx = sx / n, cy = sy / n;
        QCOMPARE(expert[size_t(cy * 64 + cx)], uint8_t(1));

        // A brush stroke far outside the box, then an eraser stroke through the expert's mask.
        w.prompts()->setTool(ViewTool::Brush);
        editor->setBrushRadiusMm(5);
        mr::test::drag(view, 44, 60, 60, 60);
        w.prompts()->setTool(ViewTool::Eraser);
        mr::test::drag(view, double(cx), double(cy - 1), double(cx), double(cy + 1));
        const std::vector<uint8_t> edited = editor->sliceMask(z);
        const size_t painted = size_t(60 * 64 + 52), erased = size_t(cy * 64 + cx);
        QCOMPARE(edited[painted], uint8_t(1));
        QCOMPARE(edited[erased], uint8_t(0));

        // A foreground point refines through the expert: the stroke and the erasure stay.
        w.prompts()->setTool(ViewTool::PositivePoint);
        QTest::mouseClick(view, Qt::LeftButton, {}, view->widgetPosOf(double(cx + 3), double(cy + 3)).toPoint());
        QVERIFY(masks.wait(30000));
        const std::vector<uint8_t> refined = editor->sliceMask(z);
        QCOMPARE(refined[painted], uint8_t(1));
        QCOMPARE(refined[erased], uint8_t(0));
        QVERIFY(count(refined) > 0);
        // Undo takes the refinement back to the edited slice exactly (when it changed anything;
        // otherwise it added no step).
        QUndoStack* stack = editor->undoStack();
        QCOMPARE(stack->count(), refined == edited ? 3 : 4);
        if (refined != edited) {
            QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
            QVERIFY(editor->sliceMask(z) == edited);
        }

        // Without keeping them, the expert's mask alone would have dropped both edits: a new
        // review on the same prompts shows what the expert draws by itself.
        QCOMPARE(expert[painted], uint8_t(0));
    }

    void theExpertScoreIsShownAsGivenAndAHugeMaskIsFlagged() {
        // The classical expert has no learned score: no "quality 1.00".
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        const mr::demo::Phantom p = mr::test::smallCtPhantom();
        mr::test::showImageFocused(w, p.ct);
        auto* view = w.sliceView();
        view->setSlice(3);
        QSignalSpy masks(w.prompts(), &mr::app::PromptController::maskReady);
        w.prompts()->setTool(ViewTool::Box);
        mr::test::drag(view, 0, 0, 63, 63);  // a box round the whole slice
        QVERIFY(masks.wait(30000));
        const QString status = w.statusBar()->currentMessage();
        QVERIFY2(status.contains("no score") && !status.contains("1.00"), qPrintable(status));
        const std::vector<uint8_t> mask = w.maskEditor()->sliceMask(3);
        const double covered = double(count(mask)) / double(mask.size());
        QVERIFY2(status.contains("covers") == (covered > 0.6),
                 qPrintable(QString("%1 covered: %2").arg(covered).arg(status)));
        saveWindow(w, "expert-score");

        // A learned score is shown as the model gave it, even above 1; the coverage in percent.
        mr::segment::MaskPrediction pred;
        pred.width = 10;
        pred.height = 10;
        pred.masks = {std::vector<uint8_t>(100, 0), std::vector<uint8_t>(100, 1)};
        pred.scores = {0.5f, 1.0625f};
        pred.best = 1;
        QCOMPARE(mr::app::PromptController::scoreText(pred, "sam"), QString("predicted IoU 1.06"));
        QCOMPARE(mr::app::PromptController::coverageWarning(pred),
                 QString("The mask covers 100 % of the image — check the prompts"));
        std::fill(pred.masks[1].begin(), pred.masks[1].begin() + 45, uint8_t(0));
        QCOMPARE(mr::app::PromptController::coverageWarning(pred), QString());  // 55 %: fine
    }

    // No header text runs into the plane's name in any pane of the 2 × 2 layout, at the default
    // size and a small one (screenshots for a person to look at).
    void gridLayoutHeadersStayApart() {
        mr::app::MainWindow w;
        QVERIFY(mr::test::showActive(w));
        w.showImage(mr::test::smallCtPhantom().ct, "phantom.dcm");
        w.viewer()->setLayoutMode(mr::widgets::MultiPlanarView::Layout::Grid);
        for (QSize size : {QSize(1280, 860), QSize(900, 620)}) {
            w.resize(size);
            QApplication::processEvents();
            QTest::qWait(50);
            saveWindow(w, QString("grid-%1x%2").arg(size.width()).arg(size.height()));
            for (auto o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
                auto* v = w.viewer()->view(o);
                QVERIFY(v->isVisible());
                const QImage frame = v->grabFramebuffer();
                const QFontMetrics fm(v->font());
                const QString names[] = {"Axial", "Coronal", "Sagittal"};
                const int planeLeft = frame.width() - 8 - fm.horizontalAdvance(names[int(o)]);
                const int gap = litPixels(frame, QRect(planeLeft - 5, 4, 4, fm.height() + 2));
                QVERIFY2(
                    gap == 0,
                    qPrintable(
                        QString("%1 at %2 px wide: text runs into its name").arg(names[int(o)]).arg(frame.width())));
            }
        }
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MedReasonerTest");
    QApplication::setApplicationName("MedReasoner Studio First Use Test");
    FirstUseTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "first_use_test.moc"
