// Mask editing as a user does it: real mouse and key events on the axial view for every tool, and
// for each one Undo restores the exact pixels before it and Redo the exact pixels after.
#include <QApplication>
#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

#include "app/mask_edit_command.h"
#include "app/mask_editor.h"
#include "engine/demo/abdomen_phantom.h"
#include "engine/edit/intensity_range.h"
#include "engine/edit/mask_volume.h"
#include "tests/support/gestures.h"
#include "widgets/multi_planar_view.h"

using mr::widgets::SliceOrientation;
using mr::widgets::ViewTool;

class MaskEditorTest : public QObject {
    Q_OBJECT

    mr::demo::Phantom phantom_;
    mr::widgets::MultiPlanarView* viewer_ = nullptr;
    mr::app::MaskEditor* editor_ = nullptr;
    mr::widgets::SliceView* view_ = nullptr;
    int64_t z_ = 0;
    QAction* undo_ = nullptr;
    QAction* redo_ = nullptr;

    std::vector<uint8_t> mask() const { return editor_->sliceMask(z_); }
    uint8_t at(int x, int y) const { return mask()[size_t(y) * size_t(phantom_.ct.width()) + size_t(x)]; }
    QPoint pos(double x, double y) const { return view_->widgetPosOf(x, y).toPoint(); }

    // Runs a user action and checks it is one named command that undo and redo replay exactly.
    template <class Action>
    std::vector<uint8_t> checkUndoRedo(const QString& name, Action action) {
        const std::vector<uint8_t> before = mask();
        const int commands = editor_->undoStack()->count();
        action();
        QApplication::processEvents();
        const std::vector<uint8_t> after = mask();
        [&] {
            QVERIFY2(after != before, qPrintable(name + ": nothing changed"));
            QCOMPARE(editor_->undoStack()->count(), commands + 1);
            QCOMPARE(editor_->undoStack()->text(commands), name);
            undo_->trigger();  // Ctrl+Z (Xvfb has no window manager to make the window active for shortcuts)
            QVERIFY2(mask() == before, qPrintable(name + ": undo"));
            redo_->trigger();
            QVERIFY2(mask() == after, qPrintable(name + ": redo"));
            // Only the change is kept: far less than a copy of the 128×128 slice.
            auto* cmd = static_cast<const mr::app::MaskEditCommand*>(editor_->undoStack()->command(commands));
            QVERIFY(cmd->patch().memoryBytes() < size_t(phantom_.ct.width() * phantom_.ct.height()) / 2);
        }();
        return after;
    }

private Q_SLOTS:
    void initTestCase() {
        mr::demo::PhantomOptions o;
        o.width = o.height = 128;
        o.slices = 12;
        o.pixelSpacing = 2.5;
        o.sliceSpacing = 5;
        phantom_ = mr::demo::makeAbdomenPhantom(o);
        // Anisotropic pixels: a brush circle in millimetres is an ellipse of pixels.
        phantom_.ct.geometry().spacing[1] = 5.0;
        z_ = o.slices / 2;

        auto* window = new QWidget;
        window->resize(640, 640);
        viewer_ = new mr::widgets::MultiPlanarView(window);
        viewer_->resize(640, 640);
        editor_ = new mr::app::MaskEditor(viewer_, window);
        // As in the main window: undo/redo are window shortcuts.
        undo_ = editor_->undoStack()->createUndoAction(window);
        redo_ = editor_->undoStack()->createRedoAction(window);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        viewer_->setImage(phantom_.ct);
        editor_->resetForImage();
        view_ = viewer_->view(SliceOrientation::Axial);
        view_->setSlice(z_);
        viewer_->view(SliceOrientation::Coronal)->setSlice(30);
        QApplication::processEvents();
    }
    void cleanupTestCase() { delete viewer_->window(); }

    void brushStrokePaintsACapsuleAndUndoes() {
        view_->setViewTool(ViewTool::Brush);
        editor_->setBrushRadiusMm(5.0);  // 2 px across, 1 px down
        checkUndoRedo("Brush", [&] { mr::test::drag(view_, 30, 30, 60, 30); });
        // The whole segment is painted (no gaps however fast the mouse moved), within the radius.
        for (int x = 30; x <= 60; ++x) QVERIFY2(at(x, 30) == 1, qPrintable(QString::number(x)));
        QCOMPARE(int(at(45, 31)), 1);
        QCOMPARE(int(at(45, 32)), 0);  // 5 mm = 1 row of 5 mm pixels
        QCOMPARE(int(at(45 + 0, 28)), 0);
    }

    void hiddenPlanesShowTheMaskOnceShown() {
        // Painted while only the axial view was shown: the coronal view shows it in the 2×2 layout.
        viewer_->setLayoutMode(mr::widgets::MultiPlanarView::Layout::Grid);
        auto* coronal = viewer_->view(SliceOrientation::Coronal);  // on row 30 since initTestCase
        QApplication::processEvents();
        const QImage frame = coronal->grabFramebuffer();
        const QRgb c = frame.pixel(coronal->widgetPosOfVoxel({45, 30, double(z_)}).toPoint());
        QVERIFY2(qBlue(c) > qRed(c) + 40, qPrintable(QString::number(c, 16)));
        viewer_->setLayoutMode(mr::widgets::MultiPlanarView::Layout::Single);
        QApplication::processEvents();
    }

    void eraserRemovesAndUndoes() {
        view_->setViewTool(ViewTool::Eraser);
        checkUndoRedo("Erase", [&] {
            QTest::mousePress(view_, Qt::LeftButton, {}, pos(40, 30));
            QTest::mouseRelease(view_, Qt::LeftButton, {}, pos(40, 30));
        });
        QCOMPARE(int(at(40, 30)), 0);
        QCOMPARE(int(at(50, 30)), 1);
    }

    void shiftWheelSizesTheBrush() {
        view_->setViewTool(ViewTool::Brush);
        QSignalSpy sized(editor_, &mr::app::MaskEditor::brushRadiusChanged);
        const double before = view_->brushRadiusMm();
        QWheelEvent wheel(QPointF(pos(64, 64)), view_->mapToGlobal(QPointF(pos(64, 64))), {}, QPoint(0, 120),
                          Qt::NoButton, Qt::ShiftModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view_, &wheel);
        QVERIFY(view_->brushRadiusMm() > before);
        QCOMPARE(viewer_->view(SliceOrientation::Coronal)->brushRadiusMm(), view_->brushRadiusMm());
        QCOMPARE(view_->slice(), z_);  // Shift+wheel does not scroll
        QCOMPARE(sized.count(), 1);
        editor_->setBrushRadiusMm(5.0);
    }

    void polygonFillAndCutByClicks() {
        view_->setViewTool(ViewTool::PolygonFill);
        checkUndoRedo("Fill polygon", [&] {
            for (auto [x, y] : {std::pair{70, 70}, {100, 70}, {100, 100}, {70, 100}})
                QTest::mouseClick(view_, Qt::LeftButton, {}, pos(x, y));
            QTest::keyClick(view_, Qt::Key_Return);
        });
        QCOMPARE(int(at(85, 85)), 1);
        QCOMPARE(int(at(69, 85)), 0);
        view_->setViewTool(ViewTool::PolygonCut);
        checkUndoRedo("Cut polygon", [&] {
            for (auto [x, y] : {std::pair{80, 80}, {90, 80}, {90, 90}})
                QTest::mouseClick(view_, Qt::LeftButton, {}, pos(x, y));
            QTest::mouseDClick(view_, Qt::LeftButton, {}, pos(80, 90));
        });
        QCOMPARE(int(at(85, 85)), 0);  // a hole now
        QCOMPARE(int(at(75, 75)), 1);
        // Esc drops a polygon in progress.
        const auto before = mask();
        view_->setViewTool(ViewTool::PolygonFill);
        for (auto [x, y] : {std::pair{5, 5}, {20, 5}, {20, 20}})
            QTest::mouseClick(view_, Qt::LeftButton, {}, pos(x, y));
        QTest::keyClick(view_, Qt::Key_Escape);
        QTest::keyClick(view_, Qt::Key_Return);
        QVERIFY(mask() == before);
    }

    void fillHolesClosesTheHole() {
        checkUndoRedo("Fill holes", [&] { editor_->fillHoles(); });
        QCOMPARE(int(at(85, 85)), 1);
    }

    void lassoFillAndCut() {
        view_->setViewTool(ViewTool::LassoFill);
        checkUndoRedo("Fill polygon", [&] {
            QTest::mousePress(view_, Qt::LeftButton, {}, pos(10, 70));
            for (auto [x, y] : {std::pair{30, 70}, {30, 90}, {10, 90}}) QTest::mouseMove(view_, pos(x, y));
            QTest::mouseRelease(view_, Qt::LeftButton, {}, pos(10, 90));
        });
        QCOMPARE(int(at(20, 80)), 1);
        view_->setViewTool(ViewTool::LassoCut);
        checkUndoRedo("Cut polygon", [&] {
            QTest::mousePress(view_, Qt::LeftButton, {}, pos(5, 75));
            for (auto [x, y] : {std::pair{35, 75}, {35, 85}, {5, 85}}) QTest::mouseMove(view_, pos(x, y));
            QTest::mouseRelease(view_, Qt::LeftButton, {}, pos(5, 85));
        });
        QCOMPARE(int(at(20, 80)), 0);
        QCOMPARE(int(at(20, 72)), 1);
    }

    void keepLargestComponentAndSmooth() {
        checkUndoRedo("Keep largest component", [&] { editor_->keepLargestComponent(); });
        QCOMPARE(int(at(85, 85)), 1);  // the 30×30 square stays
        QCOMPARE(int(at(20, 72)), 0);  // the lasso's strip goes
        // A one-pixel speck goes when smoothing; the square stays.
        view_->setViewTool(ViewTool::Brush);
        editor_->setBrushRadiusMm(0.1);
        QTest::mouseClick(view_, Qt::LeftButton, {}, pos(40, 100));
        QCOMPARE(int(at(40, 100)), 1);
        checkUndoRedo("Smooth", [&] { editor_->smooth(); });
        QCOMPARE(int(at(40, 100)), 0);
        QCOMPARE(int(at(85, 85)), 1);
        editor_->setBrushRadiusMm(5.0);
    }

    void paintingStaysInTheIntensityRange() {
        editor_->clearSlice();
        const mr::edit::IntensityRange liver{20, 120};
        editor_->setIntensityRange(liver);
        view_->setViewTool(ViewTool::Brush);
        editor_->setBrushRadiusMm(40);
        const auto [lx, ly, lz] = phantom_.liverSample;
        Q_UNUSED(lz);
        const auto painted = checkUndoRedo("Brush", [&] {
            QTest::mousePress(view_, Qt::LeftButton, {}, pos(double(lx), double(ly)));
            QTest::mouseRelease(view_, Qt::LeftButton, {}, pos(double(lx), double(ly)));
        });
        const auto allowed = mr::edit::allowedPixels(phantom_.ct, z_, liver);
        int64_t inside = 0;
        for (size_t i = 0; i < painted.size(); ++i) {
            QVERIFY(!painted[i] || allowed[i]);
            inside += painted[i];
        }
        QVERIFY(inside > 20);
        editor_->setIntensityRange(std::nullopt);
        editor_->setBrushRadiusMm(5.0);
    }

    void expertMasksAreUndoableAndStartTheReview() {
        std::vector<uint8_t> expert(size_t(phantom_.ct.width() * phantom_.ct.height()), 0);
        for (int y = 50; y < 60; ++y)
            for (int x = 50; x < 60; ++x) expert[size_t(y * 128 + x)] = 1;
        editor_->applyExpertMask(z_, expert, "Expert's mask", true);
        QCOMPARE(editor_->undoStack()->count(), 1);  // a new review starts a new history
        QVERIFY(editor_->hasReview());
        QCOMPARE(editor_->reviewSlice(), z_);
        QVERIFY(editor_->firstMask() == expert);
        QVERIFY(mask() == expert);
        std::vector<uint8_t> refined = expert;
        refined[size_t(55 * 128 + 61)] = 1;
        checkUndoRedo("Refine with positive point",
                      [&] { editor_->applyExpertMask(z_, refined, "Refine with positive point", false); });
        QVERIFY(editor_->firstMask() == expert);  // the first mask stays for the edit statistics
        // A mask of the wrong size is refused, not applied.
        QSignalSpy messages(editor_, &mr::app::MaskEditor::message);
        editor_->applyExpertMask(z_, std::vector<uint8_t>(10, 1), "bad", false);
        QCOMPARE(messages.count(), 1);
        QVERIFY(mask() == refined);
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    MaskEditorTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "mask_editor_test.moc"
