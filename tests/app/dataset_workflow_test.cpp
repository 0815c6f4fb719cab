// "Correct and keep" through the main window: a DICOM series with patient identifiers is opened,
// the expert segments a box, the user corrects the mask with the brush and saves the sample; the
// dataset browser lists it, reviews it again, changes its status and deletes it. Nothing derived
// from the patient's identifiers may appear in any byte of the dataset folder.
#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "app/background_task.h"
#include "app/dataset_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "app/sample_review_controller.h"
#include "engine/dataset/dataset_store.h"
#include "engine/demo/abdomen_phantom.h"
#include "engine/imaging/dicom_series_writer.h"
#include "widgets/dataset_browser.h"
#include "widgets/multi_planar_view.h"
#include "widgets/reasoning_panel.h"
#include "widgets/review_dialog.h"
#include "widgets/slice_view.h"
#include "tests/support/gestures.h"
#include "tests/support/modal_dialogs.h"

namespace {
const char* kPatientName = "HOLLOWAY^MARGARET";
const char* kPatientId = "MRN-55128-PHI";
const char* kUidRoot = "1.2.826.0.1.3680043.10.1500.918273";

// Every file under `folder` that contains `needle`.
QStringList filesContaining(const QString& folder, const QByteArray& needle) {
    QStringList hits;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle)) hits << f.fileName();
    }
    return hits;
}
}  // namespace

using mr::test::whenDialogShows;

class DatasetWorkflowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void correctSaveBrowseAndDelete() {
        QTemporaryDir dir;
        const QString series = dir.filePath("HOLLOWAY_MARGARET_MRN-55128-PHI");
        mr::demo::PhantomOptions o;
        o.slices = 12;
        o.sliceSpacing = 10.0;  // a thick-slice series that still crosses the lesion
        mr::demo::Phantom p = mr::demo::makeAbdomenPhantom(o);
        mr::imaging::DicomSeriesOptions w;
        w.patientName = kPatientName;
        w.patientId = kPatientId;
        w.uidRoot = kUidRoot;
        w.studyDescription = "ABDOMEN HOLLOWAY";
        mr::imaging::writeDicomSeries(p.ct, series.toStdString(), w);

        mr::app::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy shown(&window, &mr::app::MainWindow::imageShown);
        window.openDicomFolder(series);
        QVERIFY(shown.wait(60000));
        const mr::imaging::Image& image = window.viewer()->image();
        const std::string studyUid = image.metadata().studyInstanceUid, seriesUid = image.metadata().seriesInstanceUid;
        QVERIFY(QString::fromStdString(seriesUid).startsWith(kUidRoot));

        const QString datasetFolder = dir.filePath("dataset");
        auto* dataset = window.dataset();
        QSignalSpy opened(dataset, &mr::app::DatasetController::opened);
        dataset->open(datasetFolder);
        QVERIFY(opened.wait(10000));
        QCOMPARE(opened.first().at(1).toBool(), false);  // read-write

        // The expert (classical, no model file needed) segments a box around the lesion.
        auto* view = window.sliceView();
        const int64_t z = p.lesionCentre[2];
        QVERIFY(z >= 0 && z < o.slices);
        view->setSlice(z);
        const int64_t lx = p.lesionCentre[0], ly = p.lesionCentre[1];
        window.prompts()->setTool(mr::widgets::ViewTool::Box);
        QSignalSpy masks(window.prompts(), &mr::app::PromptController::maskReady);
        mr::test::drag(view, double(lx - 22), double(ly - 22), double(lx + 22), double(ly + 22));
        QVERIFY(masks.wait(60000));
        auto* editor = window.maskEditor();
        QVERIFY(editor->hasReview());
        const std::vector<uint8_t> expert = editor->firstMask();
        QVERIFY(expert[size_t(ly * o.width + lx)] == 1);  // the lesion was found

        // The user adds a stroke with the brush.
        window.prompts()->setTool(mr::widgets::ViewTool::Brush);
        editor->setBrushRadiusMm(4);
        mr::test::drag(view, 10, 10, 30, 10);
        const std::vector<uint8_t> corrected = editor->sliceMask(z);
        QVERIFY(corrected != expert);

        // Save: the dialog proposes "corrected" because pixels changed; fill it in as a user would.
        QString proposed;
        whenDialogShows([&](QWidget* modal) {
            auto* dlg = qobject_cast<mr::widgets::ReviewDialog*>(modal);
            QVERIFY(dlg);
            proposed = QString::fromLatin1(mr::dataset::reviewStatusName(dlg->choice().status));
            dlg->findChild<QLineEdit*>("question")->setText("Where is the lesion that should be biopsied?");
            dlg->findChild<QComboBox*>("supercategory")->setCurrentText("abdomen");
            dlg->findChild<QComboBox*>("category")->setCurrentText("liver tumor");
            dlg->findChild<QLineEdit*>("annotator")->setText("annotator-7");
            dlg->grab().save(QString(MR_TEST_OUTPUT_DIR) + "/review-dialog.png");
            dlg->accept();
        });
        QSignalSpy saved(dataset, &mr::app::DatasetController::saved);
        window.review()->saveSample();
        QVERIFY(saved.wait(20000));
        QCOMPARE(proposed, QString("corrected"));
        const QString id = saved.first().first().toString();

        // The browser lists it; the stored masks are exactly the expert's and the corrected one.
        auto* browser = window.datasetBrowser();
        QTRY_COMPARE(browser->list()->topLevelItemCount(), 1);
        QTRY_VERIFY(!browser->list()->topLevelItem(0)->icon(0).isNull());  // the thumbnail, read off the GUI thread
        browser->resize(520, 300);
        browser->grab().save(QString(MR_TEST_OUTPUT_DIR) + "/dataset-browser.png");
        const mr::dataset::Sample* sample = dataset->find(id);
        QVERIFY(sample);
        QCOMPARE(sample->status, mr::dataset::ReviewStatus::Corrected);
        QCOMPARE(sample->source.slice, z);
        QCOMPARE(sample->modality, std::string("CT"));
        QVERIFY(sample->dice < 1.0 && sample->pixelsChanged > 0);
        // The ground truth follows the corrected mask: its box now reaches the brush stroke.
        QVERIFY(sample->truthBox && sample->truthPoints.size() == 2);
        QVERIFY(sample->truthBox->x1 <= 10 && sample->truthBox->y1 <= 10);
        QVERIFY(sample->truthBox->x2 >= double(lx) && sample->truthBox->y2 >= double(ly));
        auto bits = [](const QString& path) {
            const QImage m = QImage(path).convertToFormat(QImage::Format_Grayscale8);
            std::vector<uint8_t> v;
            for (int y = 0; y < m.height(); ++y)
                for (int x = 0; x < m.width(); ++x) v.push_back(m.constScanLine(y)[x] ? 1 : 0);
            return v;
        };
        QVERIFY(bits(dataset->absolutePath(sample->maskFile)) == corrected);
        QVERIFY(bits(dataset->absolutePath(sample->firstMaskFile)) == expert);
        QCOMPARE(sample->traceState, std::string());  // manual prompts: no trace to qualify

        // The next sample is of something else: the dialog does not offer the last category
        // ("liver tumor" for an unrelated structure), and it says there is no trace.
        view->setSlice(z - 1);
        window.prompts()->setTool(mr::widgets::ViewTool::Box);
        mr::test::drag(view, 20, 20, 40, 40);
        QVERIFY(masks.wait(60000));
        QString offeredCategory = "unset", traceText;
        whenDialogShows([&](QWidget* modal) {
            auto* dlg = qobject_cast<mr::widgets::ReviewDialog*>(modal);
            QVERIFY(dlg);
            offeredCategory = QString::fromStdString(dlg->choice().category);
            traceText = dlg->findChild<QLabel*>("reviewTraceState")->text();
            dlg->reject();
        });
        window.review()->saveSample();
        QTRY_VERIFY(offeredCategory != "unset");
        QCOMPARE(offeredCategory, QString());
        QVERIFY2(traceText.contains("No reasoning trace"), qPrintable(traceText));

        // No patient identifier, UID or source path in any file of the dataset.
        for (const QByteArray& phi : {QByteArray(kPatientName), QByteArray("HOLLOWAY"), QByteArray(kPatientId),
                                      QByteArray("55128"), QByteArray(kUidRoot), QByteArray::fromStdString(studyUid),
                                      QByteArray::fromStdString(seriesUid), series.toUtf8()})
            QVERIFY2(filesContaining(datasetFolder, phi).isEmpty(),
                     qPrintable(phi + " found in " + filesContaining(datasetFolder, phi).join(", ")));

        // Exports for other tools, on the dataset's worker.
        QSignalSpy exported(dataset, &mr::app::DatasetController::exported);
        dataset->exportTo("coco", dir.filePath("coco.json"));
        dataset->exportTo("png", dir.filePath("png"));
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 2, 20000);
        QFile coco(dir.filePath("coco.json"));
        QVERIFY(coco.open(QIODevice::ReadOnly));
        const QByteArray cocoText = coco.readAll();
        QVERIFY(cocoText.contains("\"counts\"") && cocoText.contains("liver tumor"));
        QVERIFY(bits(dir.filePath("png/" + id + ".png")) == corrected);

        // A second writer on the same folder is refused; reading it works and round-trips.
        QVERIFY_THROWS_EXCEPTION(mr::dataset::DatasetLockedError,
                                 mr::dataset::DatasetStore::open(datasetFolder.toStdString()));
        auto reader = mr::dataset::DatasetStore::open(datasetFolder.toStdString(), mr::dataset::StoreAccess::ReadOnly);
        QCOMPARE(reader->samples().size(), size_t(1));
        QCOMPARE(reader->samples()[0].question, std::string("Where is the lesion that should be biopsied?"));

        // Review it again from the browser: the saved image, the final mask editable, the
        // expert's first mask as an outline.
        shown.clear();
        Q_EMIT browser->openRequested(id);
        QVERIFY(shown.wait(20000));
        QTRY_VERIFY(editor->hasReview());
        QVERIFY(editor->sliceMask(0) == corrected);
        QVERIFY(editor->firstMask() == expert);
        QVERIFY(!window.sliceView()->labelMap().empty());
        QTest::qWait(200);  // let the docks lay out before the screenshot
        QPixmap shot = window.grab();
        QPainter(&shot).drawImage(window.sliceView()->mapTo(&window, QPoint(0, 0)),
                                  window.sliceView()->grabFramebuffer());
        shot.save(QString(MR_TEST_OUTPUT_DIR) + "/dataset-review.png");
        // Saving the sample under review again offers a new revision of it (not a duplicate);
        // cancelled, nothing is written.
        QString revisionTitle;
        whenDialogShows([&](QWidget* modal) {
            revisionTitle = modal->windowTitle();
            qobject_cast<QDialog*>(modal)->reject();
        });
        window.review()->saveSample();
        QTRY_VERIFY(!revisionTitle.isEmpty());
        QCOMPARE(revisionTitle, QStringLiteral("Save Revision 2 of the Sample"));
        dataset->waitForPending();
        QVERIFY(dataset->find(id)->revisions.empty());
        QCOMPARE(dataset->samples().size(), size_t(1));

        // Change its status, then delete it after confirming.
        QSignalSpy changed(dataset, &mr::app::DatasetController::samplesChanged);
        Q_EMIT browser->statusChangeRequested(id, mr::dataset::ReviewStatus::Rejected);
        QVERIFY(changed.wait(10000));
        QCOMPARE(dataset->find(id)->status, mr::dataset::ReviewStatus::Rejected);
        browser->setFilters("accepted", "", "");
        QCOMPARE(browser->visibleCount(), 0);
        browser->setFilters("rejected", "CT", "liver tumor");
        QCOMPARE(browser->visibleCount(), 1);
        browser->selectId(id);
        whenDialogShows([](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            QVERIFY(box);
            box->button(QMessageBox::Yes)->click();
        });
        changed.clear();
        browser->findChild<QPushButton*>("deleteButton")->click();
        QVERIFY(changed.wait(10000));
        QVERIFY(dataset->samples().empty());
        QCOMPARE(browser->list()->topLevelItemCount(), 0);
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    DatasetWorkflowTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "dataset_workflow_test.moc"
