// Mask → Propagate Through Volume with the tiny MedSAM2 fixture on its 12-slice volume, driven as
// the app does: the action's availability (expert, 2-D image), a mask on the key slice carried
// through the volume in the background, the result equal to the engine's own call, ONE undo step
// that undo and redo replay exactly, every slice still editable, re-propagating from an edited
// slice updating the rest, and Cancel leaving the mask as it was. A screenshot of the three
// orientations goes to MR_TEST_OUTPUT_DIR.
#include <QAction>
#include <QApplication>
#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

#include "app/background_task.h"
#include "app/mask_editor.h"
#include "app/mask_volume_edit_command.h"
#include "app/volume_propagation_controller.h"
#include "engine/edit/mask_volume.h"
#include "engine/segment/sam2/sam2_model.h"
#include "engine/segment/sam2/volume_propagation.h"
#include "widgets/multi_planar_view.h"
#include "widgets/slice_view.h"
#include "tests/support/medsam2_volume.h"

using mr::widgets::SliceOrientation;
namespace s2 = mr::segment::sam2;

namespace {
constexpr int kDepth = mr::test::kMedSam2Depth, kKey = mr::test::kMedSam2KeySlice;
}  // namespace

class VolumePropagationTest : public QObject {
    Q_OBJECT

    QWidget* window_ = nullptr;
    mr::widgets::MultiPlanarView* viewer_ = nullptr;
    mr::app::MaskEditor* editor_ = nullptr;
    mr::app::BackgroundTask* task_ = nullptr;
    mr::app::VolumePropagationController* controller_ = nullptr;
    mr::imaging::Image volume_;
    mr::ground::ExpertSettings medsam2_;
    std::vector<uint8_t> keyMask_;

    std::vector<std::vector<uint8_t>> masks() const {
        std::vector<std::vector<uint8_t>> all;
        for (int z = 0; z < kDepth; ++z) all.push_back(editor_->sliceMask(z));
        return all;
    }

    // What the engine gives for this key slice, mask and range, called directly.
    std::vector<uint8_t> engineResult(int key, const std::vector<uint8_t>& mask, int first, int last) const {
        s2::Sam2LoadOptions load;
        load.device = mr::nn::parseDeviceChoice("cpu");
        auto model = s2::loadSam2Model(medsam2_.checkpoint, load);
        s2::PropagationRequest req;
        req.prompt.slice = key;
        req.prompt.mask = mr::Mask{int(volume_.width()), int(volume_.height()), mask};
        req.firstSlice = first;
        req.lastSlice = last;
        const s2::GrayVolumeView view{volume_.bytes(), int(volume_.width()), int(volume_.height()), kDepth};
        return s2::propagateThroughVolume(*model, view, req).mask;
    }

    // Runs a propagation over [first, last] from `key` and waits for it to become an undo step.
    void propagateFrom(int key, int first, int last) {
        QSignalSpy done(controller_, &mr::app::VolumePropagationController::propagated);
        viewer_->view(SliceOrientation::Axial)->setSlice(key);
        QVERIFY(controller_->propagate(first, last));
        QVERIFY(!controller_->action()->isEnabled());  // one run at a time
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
        QTRY_VERIFY(controller_->action()->isEnabled());
    }

private Q_SLOTS:
    void initTestCase() {
        QDir().mkpath(QStringLiteral(MR_TEST_OUTPUT_DIR));
        volume_ = mr::test::medsam2Volume();
        medsam2_ = mr::test::medsam2Expert();
        keyMask_ = mr::test::medsam2KeyMask(volume_);

        window_ = new QWidget;
        window_->resize(900, 700);
        viewer_ = new mr::widgets::MultiPlanarView(window_);
        viewer_->resize(900, 700);
        editor_ = new mr::app::MaskEditor(viewer_, window_);
        task_ = new mr::app::BackgroundTask(window_);
        controller_ = new mr::app::VolumePropagationController(viewer_, editor_, task_, window_);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_));
    }

    void cleanupTestCase() {
        task_->wait();
        delete window_;
    }

    void theActionSaysWhyItIsUnavailable() {
        QAction* action = controller_->action();
        QVERIFY(!action->isEnabled());  // no image, classical expert
        QVERIFY(action->toolTip().contains(QStringLiteral("MedSAM2")));

        controller_->setExpertSettings(medsam2_);
        mr::imaging::Geometry flat;
        flat.size = {64, 64, 1};
        viewer_->setImage(mr::imaging::Image(mr::imaging::PixelType::UInt8, flat));
        editor_->resetForImage();
        controller_->updateAvailability();
        QVERIFY(!action->isEnabled());
        QVERIFY(action->toolTip().contains(QStringLiteral("2-D")));

        viewer_->setImage(volume_);
        viewer_->setLayoutMode(mr::widgets::MultiPlanarView::Layout::Grid);  // the three orientations
        editor_->resetForImage();
        controller_->updateAvailability();
        QVERIFY(action->isEnabled());

        // Nothing to carry yet: a message, no job.
        QSignalSpy messages(controller_, &mr::app::VolumePropagationController::message);
        viewer_->view(SliceOrientation::Axial)->setSlice(kKey);
        QVERIFY(!controller_->propagate(0, kDepth - 1));
        QCOMPARE(messages.count(), 1);
        QVERIFY(!task_->busy());
    }

    void theMaskIsCarriedThroughTheVolumeAsOneUndoStep() {
        editor_->applyExpertMask(kKey, keyMask_, QStringLiteral("Segment"), true);
        const auto before = masks();
        const int steps = editor_->undoStack()->count();
        propagateFrom(kKey, 1, kDepth - 2);  // a range: the end slices stay as they are
        const auto after = masks();

        QCOMPARE(editor_->undoStack()->count(), steps + 1);
        QCOMPARE(editor_->undoStack()->text(steps), QStringLiteral("Propagate through volume"));
        QVERIFY(after[kKey] == keyMask_);  // the prompt slice keeps the user's mask
        QVERIFY(after[0] == before[0] && after[kDepth - 1] == before[kDepth - 1]);
        const std::vector<uint8_t> expected = engineResult(kKey, keyMask_, 1, kDepth - 2);
        const size_t n = keyMask_.size();
        int nonEmpty = 0;
        for (int z = 1; z < kDepth - 1; ++z) {
            if (z == kKey) continue;
            const std::vector<uint8_t> want(expected.begin() + std::ptrdiff_t(z * n),
                                            expected.begin() + std::ptrdiff_t((z + 1) * n));
            QVERIFY2(after[size_t(z)] == want, qPrintable(QStringLiteral("slice %1").arg(z)));
            nonEmpty += std::count(want.begin(), want.end(), 1) > 0;
        }
        qInfo("propagated to %d of %d other slices in the range", nonEmpty, kDepth - 3);
        QVERIFY(nonEmpty >= 2);

        // The three orientations show it (the mask layer is the editor's volume).
        viewer_->setCrosshair({volume_.width() / 2, volume_.height() / 2, kKey});
        QApplication::processEvents();
        window_->grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/volume_propagation.png"));

        editor_->undoStack()->undo();
        QVERIFY(masks() == before);
        editor_->undoStack()->redo();
        QVERIFY(masks() == after);
    }

    void anEditedSliceIsEditableAndPropagatesAgain() {
        const auto first = masks();
        // Erase the right half of slice 8's mask by hand: its own undo step.
        const int edited = 8;
        std::vector<uint8_t> m = first[edited];
        const int w = int(volume_.width());
        for (size_t i = 0; i < m.size(); ++i)
            if (int(i % size_t(w)) >= w / 2) m[i] = 0;
        const int steps = editor_->undoStack()->count();
        editor_->applyExpertMask(edited, m, QStringLiteral("Erase"), false);
        QCOMPARE(editor_->undoStack()->count(), steps + 1);
        QVERIFY(editor_->sliceMask(edited) == m);

        propagateFrom(edited, 0, kDepth - 1);
        const auto second = masks();
        QCOMPARE(editor_->undoStack()->count(), steps + 2);
        QVERIFY(second[edited] == m);
        const std::vector<uint8_t> expected = engineResult(edited, m, 0, kDepth - 1);
        const size_t n = m.size();
        int changed = 0;
        for (int z = 0; z < kDepth; ++z) {
            if (z == edited) continue;
            QVERIFY(second[size_t(z)] == std::vector<uint8_t>(expected.begin() + std::ptrdiff_t(z * n),
                                                              expected.begin() + std::ptrdiff_t((z + 1) * n)));
            changed += second[size_t(z)] != first[size_t(z)];
        }
        QVERIFY2(changed > 0, "re-propagating from the edited slice changed no other slice");
        window_->grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/volume_propagation_edited.png"));
    }

    void cancelLeavesTheMaskAsItWas() {
        const auto before = masks();
        const int steps = editor_->undoStack()->count();
        QSignalSpy cancelled(task_, &mr::app::BackgroundTask::cancelled);
        viewer_->view(SliceOrientation::Axial)->setSlice(kKey);
        QVERIFY(controller_->propagate(0, kDepth - 1));
        task_->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 60000);
        QCOMPARE(editor_->undoStack()->count(), steps);
        QVERIFY(masks() == before);
        QTRY_VERIFY(controller_->action()->isEnabled());
    }
};

QTEST_MAIN(VolumePropagationTest)
#include "volume_propagation_test.moc"
