// A propagated mask through "Correct and keep" in the main window: the tiny MedSAM2 fixture carries
// a mask through its 12-slice volume, the sample is saved, and the dataset holds the volume mask as
// a NIfTI label map on the source's grid (geometry and every voxel checked). Reviewing the sample
// again over its series brings the whole volume mask back, shown in all three orientations, and
// deleting the sample removes the file.
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include "app/dataset_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/sample_review_controller.h"
#include "app/volume_propagation_controller.h"
#include "engine/edit/mask_volume.h"
#include "engine/imaging/nifti.h"
#include "widgets/dataset_browser.h"
#include "widgets/multi_planar_view.h"
#include "widgets/review_dialog.h"
#include "widgets/slice_view.h"
#include "tests/support/medsam2_volume.h"
#include "tests/support/modal_dialogs.h"

using mr::widgets::SliceOrientation;

class VolumeDatasetTest : public QObject {
    Q_OBJECT

    static std::vector<std::vector<uint8_t>> masksOf(const mr::app::MaskEditor& editor) {
        std::vector<std::vector<uint8_t>> all;
        for (int z = 0; z < mr::test::kMedSam2Depth; ++z) all.push_back(editor.sliceMask(z));
        return all;
    }

    static void acceptReviewDialog() {
        mr::test::whenModalShows<mr::widgets::ReviewDialog>([](mr::widgets::ReviewDialog* dlg) {
            dlg->findChild<QLineEdit*>("question")->setText("Which organ holds the bright lesion?");
            dlg->findChild<QComboBox*>("supercategory")->setCurrentText("abdomen");
            dlg->findChild<QComboBox*>("category")->setCurrentText("liver tumor");
            dlg->findChild<QLineEdit*>("annotator")->setText("annotator-3");
            dlg->accept();
            QVERIFY2(!dlg->isVisible(), "the review dialog refused the answers");
        });
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void propagateSaveReopenAndDelete() {
        QTemporaryDir dir;
        mr::imaging::Image volume = mr::test::medsam2Volume();
        volume.geometry().spacing = {0.8, 0.9, 2.5};
        volume.geometry().origin = {12.5, -40, 7.5};
        volume.geometry().direction = {1, 0, 0, 0, 0, 1, 0, -1, 0};  // a coronal acquisition
        volume.metadata().source = dir.filePath("ct.nii.gz").toStdString();
        const int key = mr::test::kMedSam2KeySlice;

        mr::app::MainWindow window;
        window.resize(1100, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showImage(volume, dir.filePath("ct.nii.gz"));
        window.viewer()->setLayoutMode(mr::widgets::MultiPlanarView::Layout::Grid);
        auto* propagation = window.findChild<mr::app::VolumePropagationController*>();
        QVERIFY(propagation);
        propagation->setExpertSettings(mr::test::medsam2Expert());

        // A mask on the key slice starts the review; MedSAM2 carries it through the volume.
        auto* editor = window.maskEditor();
        editor->applyExpertMask(key, mr::test::medsam2KeyMask(volume), QStringLiteral("Segment"), true);
        window.viewer()->view(SliceOrientation::Axial)->setSlice(key);
        QSignalSpy propagated(propagation, &mr::app::VolumePropagationController::propagated);
        QVERIFY(propagation->propagate(0, mr::test::kMedSam2Depth - 1));
        QVERIFY(propagated.wait(120000));
        const auto masks = masksOf(*editor);
        int64_t first = -1, last = -1;
        for (int z = 0; z < mr::test::kMedSam2Depth; ++z)
            if (std::count(masks[size_t(z)].begin(), masks[size_t(z)].end(), 1) > 0) {
                if (first < 0) first = z;
                last = z;
            }
        QVERIFY(first < key && last > key);  // the mask reached slices on both sides

        // Save it.
        auto* dataset = window.dataset();
        QSignalSpy opened(dataset, &mr::app::DatasetController::opened);
        const QString folder = dir.filePath("dataset");
        dataset->open(folder);
        QVERIFY(opened.wait(10000));
        acceptReviewDialog();
        QSignalSpy saved(dataset, &mr::app::DatasetController::saved);
        window.review()->saveSample();
        QVERIFY(saved.wait(20000));
        const QString id = saved.first().first().toString();
        const mr::dataset::Sample* sample = dataset->find(id);
        QVERIFY(sample && sample->volumeMask);
        QCOMPARE(sample->volumeMask->firstSlice, first);
        QCOMPARE(sample->volumeMask->lastSlice, last);
        QCOMPARE(sample->source.slice, int64_t(key));

        // On disk: a uint8 label map with the source's geometry and every slice's mask.
        const std::string file = dataset->absolutePath(sample->volumeMask->file).toStdString();
        const mr::imaging::Image nii = mr::imaging::readNifti(file);
        QCOMPARE(nii.pixelType(), mr::imaging::PixelType::UInt8);
        QVERIFY(nii.geometry().size == volume.geometry().size);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(std::abs(nii.geometry().spacing[size_t(i)] - volume.geometry().spacing[size_t(i)]) < 1e-5);
            QVERIFY(std::abs(nii.geometry().origin[size_t(i)] - volume.geometry().origin[size_t(i)]) < 1e-4);
        }
        for (int i = 0; i < 9; ++i)
            QVERIFY(std::abs(nii.geometry().direction[size_t(i)] - volume.geometry().direction[size_t(i)]) < 1e-5);
        const size_t n = nii.sliceBytes();
        for (int z = 0; z < mr::test::kMedSam2Depth; ++z)
            QVERIFY2(std::equal(masks[size_t(z)].begin(), masks[size_t(z)].end(), nii.bytes() + size_t(z) * n),
                     qPrintable(QStringLiteral("slice %1").arg(z)));

        // Open the series again (the mask starts empty), then review the sample: the volume mask
        // comes back on every slice and every view shows it.
        window.showImage(volume, dir.filePath("ct.nii.gz"));
        QVERIFY(editor->volume()->sliceEmpty(key));
        Q_EMIT window.datasetBrowser()->openRequested(id);
        QTRY_VERIFY_WITH_TIMEOUT(masksOf(*editor) == masks, 20000);
        QCOMPARE(editor->reviewSlice(), int64_t(key));
        QCOMPARE(window.viewer()->view(SliceOrientation::Axial)->slice(), int64_t(key));
        for (SliceOrientation o : {SliceOrientation::Axial, SliceOrientation::Coronal, SliceOrientation::Sagittal}) {
            const auto& layer = window.viewer()->view(o)->maskLayer();
            QVERIFY(layer && layer->volume.get() == editor->volume());
        }
        QTest::qWait(200);
        window.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/volume-dataset-review.png"));

        // Deleting the sample removes its volume file (the app wrote it).
        dataset->remove(id);
        QTRY_VERIFY_WITH_TIMEOUT(dataset->find(id) == nullptr, 10000);
        QVERIFY(!std::filesystem::exists(file));
    }
};

QTEST_MAIN(VolumeDatasetTest)
#include "volume_dataset_test.moc"
