// The PACS browser and DICOM SEG through the main window, against a real Orthanc started here:
// search by patient, double-click the study to open its series, correct a mask, export it as a
// SEG through the dialog and store it on the PACS, open the SEG back over the series as a label
// overlay; a search opened as a worklist, stepped, and resumed. Faults: a store answered with HTTP 500 (the SEG stays on disk and the message says
// where), a SEG over another series (refused with the reason), a wrong password (the browser says
// what to check). Skipped, saying why, when Orthanc cannot start.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/pacs_controller.h"
#include "app/segmentation_controller.h"
#include "app/worklist_controller.h"
#include "engine/demo/abdomen_phantom.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_seg_reader.h"
#include "engine/imaging/dicom_series_writer.h"
#include "engine/pacs/dicomweb_client.h"
#include "tests/engine/pacs/fault_server.h"
#include "tests/engine/pacs/orthanc_server.h"
#include "tests/support/modal_dialogs.h"
#include "tests/support/screenshots.h"
#include "widgets/multi_planar_view.h"
#include "widgets/pacs_browser_dialog.h"
#include "widgets/slice_view.h"
#include "widgets/vtk_gl_widget.h"
#include "widgets/worklist_panel.h"

using mr::pacs::testing::FaultServer;
using mr::pacs::testing::OrthancServer;

namespace {

// A small phantom series (12 slices) with its own patient, written as DICOM.
std::vector<std::string> writeSeries(const QString& folder, const char* patient, int64_t size) {
    mr::demo::PhantomOptions o;
    o.width = o.height = size;
    o.slices = 12;
    o.sliceSpacing = 10.0;
    mr::imaging::DicomSeriesOptions w;
    w.patientName = patient;
    w.patientId = std::string(patient).substr(0, 8);
    w.uidRoot = size == 96 ? "1.2.826.0.1.3680043.10.1500.77" : "1.2.826.0.1.3680043.10.1500.78";
    mr::imaging::writeDicomSeries(mr::demo::makeAbdomenPhantom(o).ct, folder.toStdString(), w);
    return mr::imaging::scanDicomFolder(folder.toStdString()).series.at(0).files;
}

void saveServers(const QList<mr::widgets::PacsServerEntry>& servers) {
    QSettings s;
    mr::widgets::PacsServerEntry::saveAll(s, servers);
}

}  // namespace

class PacsSegWorkflowTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        // Each run retrieves from the PACS, not from what an earlier run cached.
        QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/pacs").removeRecursively();
        orthanc_ = std::make_unique<OrthancServer>(dir_.filePath("orthanc").toStdString());
        if (!orthanc_->start()) return;
        mr::pacs::ServerConfig c;
        c.url = orthanc_->dicomWebUrl();
        c.auth = {mr::pacs::HttpAuth::Kind::Basic, orthanc_->user(), orthanc_->password()};
        files_ = writeSeries(dir_.filePath("series"), "ZZPACS^TEST", 96);
        mr::pacs::DicomWebClient(c).store(files_);
        ::setenv("MR_TEST_PACS_PASSWORD", orthanc_->password().c_str(), 1);
        mr::widgets::PacsServerEntry e;
        e.name = "Test Orthanc";
        e.url = QString::fromStdString(orthanc_->dicomWebUrl());
        e.auth = "basic";
        e.user = QString::fromStdString(orthanc_->user());
        e.secretSource = "env:MR_TEST_PACS_PASSWORD";
        server_ = e;
    }
    void init() {
        if (!orthanc_->running())
            QSKIP(qPrintable("Orthanc cannot start here: " + QString::fromStdString(orthanc_->failure())));
        saveServers({server_});
    }
    void cleanupTestCase() { orthanc_.reset(); }

    void browseOpenExportStoreAndReopen() {
        mr::test::UnexpectedDialogs unexpected;
        mr::app::MainWindow w;
        w.show();
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        w.pacs()->showBrowser();
        auto* browser = w.pacs()->browser();
        QVERIFY(browser);
        // The server list remembers no password.
        QVERIFY(!QSettings().allKeys().join(' ').contains("password", Qt::CaseInsensitive));
        browser->findChild<QLineEdit*>("patientName")->setText("ZZPACS*");
        QTest::mouseClick(browser->findChild<QPushButton*>("searchButton"), Qt::LeftButton);
        auto* studies = browser->findChild<QTableWidget*>("studiesTable");
        QTRY_COMPARE_WITH_TIMEOUT(studies->rowCount(), 1, 20000);
        QCOMPARE(studies->item(0, 0)->text(), QString("ZZPACS, TEST"));
        // Double-click the study: its one image series opens.
        const QRect cell = studies->visualItemRect(studies->item(0, 0));
        // An item view takes a double-click for the row it saw pressed: press first, as a hand does.
        QTest::mouseClick(studies->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(studies->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        const auto& image = w.viewer()->image();
        QCOMPARE(image.depth(), int64_t(12));
        QCOMPARE(image.width(), int64_t(96));

        // A corrected mask on slice 5, exported through the dialog and stored on the PACS.
        std::vector<uint8_t> mask(size_t(96 * 96), 0);
        for (int y = 30; y < 52; ++y)
            for (int x = 40; x < 70; ++x) mask[size_t(y * 96 + x)] = 1;
        w.maskEditor()->applyExpertMask(5, mask, "test mask", true);
        const QString segPath = dir_.filePath("tumor.dcm");
        QSignalSpy exported(w.segmentation(), &mr::app::SegmentationController::exported);
        bool linked = false;
        QString term, dialogName;
        mr::test::whenDialogShows([&](QWidget* modal) {
            dialogName = modal->metaObject()->className();
            if (auto* label = modal->findChild<QComboBox*>("segLabel")) {
                label->setCurrentText("liver tumor");
                modal->findChild<QLineEdit*>("segPath")->setText(segPath);
                modal->findChild<QComboBox*>("segPacs")->setCurrentIndex(1);  // the test server
                linked = modal->findChild<QWidget*>("segLinked")->property("checked").toBool();
                term = modal->findChild<QComboBox*>("segTerm")->currentData().toString();
            }
            static_cast<QDialog*>(modal)->accept();
        });
        w.segmentation()->exportSegmentation();
        QCOMPARE(dialogName, QString("mr::widgets::SegExportDialog"));
        QVERIFY(linked);  // storing on a PACS needs the source's identifiers
        QCOMPARE(term, QString("neoplasm"));
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 30000);
        QCOMPARE(exported.at(0).at(1).toBool(), true);
        mr::pacs::ServerConfig c;
        c.url = orthanc_->dicomWebUrl();
        c.auth = {mr::pacs::HttpAuth::Kind::Basic, orthanc_->user(), orthanc_->password()};
        const auto study = mr::pacs::DicomWebClient(c).findStudies({}).at(0).studyInstanceUid;
        QCOMPARE(mr::pacs::DicomWebClient(c).findSeries(study, "SEG").size(), size_t(1));

        // Open it back over the series: one label, its name, the mask on slice 5.
        w.maskEditor()->resetForImage();
        QSignalSpy opened(w.segmentation(), &mr::app::SegmentationController::opened);
        w.segmentation()->openSegmentationFile(segPath);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
        QCOMPARE(opened.at(0).at(1).toInt(), 1);
        const auto& labels = w.sliceView()->labelMap();
        QCOMPARE(w.sliceView()->labelTable().at(1).name, std::string("liver tumor"));
        const uint8_t* slice5 = labels.data<uint8_t>() + 5 * 96 * 96;
        for (size_t i = 0; i < mask.size(); ++i) QCOMPARE(int(slice5[i]), int(mask[i]));
        QVERIFY2(unexpected.texts().isEmpty(), qPrintable(unexpected.texts().join('\n')));
    }

    void storeFailureKeepsTheSeg() {
        FaultServer broken({{500, "disk is full"}});
        mr::widgets::PacsServerEntry e;
        e.name = "Broken";
        e.url = QString::fromStdString(broken.url());
        saveServers({server_, e});
        mr::app::MainWindow w;
        w.show();
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        w.openDicomFolder(dir_.filePath("series"));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
        std::vector<uint8_t> mask(size_t(96 * 96), 0);
        mask[1000] = 1;
        w.maskEditor()->applyExpertMask(3, mask, "test mask", true);
        QString warning;
        mr::test::whenDialogShows([&warning](QWidget* modal) {
            warning = static_cast<QMessageBox*>(modal)->text();
            static_cast<QDialog*>(modal)->accept();
        });
        QSignalSpy exported(w.segmentation(), &mr::app::SegmentationController::exported);
        mr::widgets::SegExportChoice choice;
        choice.path = dir_.filePath("kept.dcm");
        choice.label = "liver";
        choice.term = "liver";
        choice.linkToSource = true;
        choice.pacsServer = 1;
        w.segmentation()->exportWith(choice);
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 30000);
        QCOMPARE(exported.at(0).at(1).toBool(), false);
        QVERIFY2(exported.at(0).at(2).toString().contains("disk is full"), qPrintable(exported.at(0).at(2).toString()));
        QTRY_VERIFY(!warning.isEmpty());
        QVERIFY2(warning.contains("It is saved at"), qPrintable(warning));
        QVERIFY(QFileInfo::exists(choice.path));
        QVERIFY(mr::imaging::isDicomSegFile(choice.path.toStdString()));
    }

    void segOfAnotherSeriesIsRefused() {
        const QString segPath = dir_.filePath("tumor.dcm");
        if (!QFileInfo::exists(segPath)) QSKIP("needs the SEG of the first test");
        writeSeries(dir_.filePath("other"), "ZZOTHER^PATIENT", 64);
        mr::app::MainWindow w;
        w.show();
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
        w.openDicomFolder(dir_.filePath("other"));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30000);
        QString error;
        mr::test::whenDialogShows([&error](QWidget* modal) {
            error = static_cast<QMessageBox*>(modal)->text();
            static_cast<QDialog*>(modal)->accept();
        });
        w.segmentation()->openSegmentationFile(segPath);
        QTRY_VERIFY_WITH_TIMEOUT(!error.isEmpty(), 30000);
        QVERIFY2(error.contains("does not belong to the open series"), qPrintable(error));
        QVERIFY(w.sliceView()->labelMap().empty());
    }

    void wrongPasswordSaysWhatToCheck() {
        ::setenv("MR_TEST_PACS_PASSWORD", "wrong", 1);
        mr::app::MainWindow w;
        w.show();
        w.pacs()->showBrowser();
        auto* browser = w.pacs()->browser();
        QTest::mouseClick(browser->findChild<QPushButton*>("searchButton"), Qt::LeftButton);
        auto* status = browser->findChild<QLabel*>("pacsStatus");
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains("check the user name and password"), 20000);
        QVERIFY(!status->text().contains("wrong"));
        ::setenv("MR_TEST_PACS_PASSWORD", orthanc_->password().c_str(), 1);
        // The app stays usable: the same browser searches again with the right password.
        QTest::mouseClick(browser->findChild<QPushButton*>("searchButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(browser->findChild<QTableWidget*>("studiesTable")->rowCount() >= 1, 20000);
    }

    // The studies a query found, read one after the other: each opens at its image series, N and
    // Shift+N step, and the same query later resumes at the study open last.
    void aQueryOpensAsAWorklist() {
        mr::pacs::ServerConfig c;
        c.url = orthanc_->dicomWebUrl();
        c.auth = {mr::pacs::HttpAuth::Kind::Basic, orthanc_->user(), orthanc_->password()};
        const char* roots[] = {"1.2.826.0.1.3680043.10.1500.79", "1.2.826.0.1.3680043.10.1500.80"};
        const char* patients[] = {"ZZWORK^ONE", "ZZWORK^TWO"};
        const int64_t sizes[] = {64, 80};
        for (int i = 0; i < 2; ++i) {
            mr::demo::PhantomOptions o;
            o.width = o.height = sizes[i];
            o.slices = 6;
            o.sliceSpacing = 10.0;
            mr::imaging::DicomSeriesOptions wopt;
            wopt.patientName = patients[i];
            wopt.patientId = std::string("ZZW") + char('1' + i);
            wopt.uidRoot = roots[i];
            const QString folder = dir_.filePath(QStringLiteral("work%1").arg(i));
            mr::imaging::writeDicomSeries(mr::demo::makeAbdomenPhantom(o).ct, folder.toStdString(), wopt);
            mr::pacs::DicomWebClient(c).store(mr::imaging::scanDicomFolder(folder.toStdString()).series.at(0).files);
        }
        const auto searchAndOpen = [](mr::app::MainWindow& w) {
            w.pacs()->showBrowser();
            auto* browser = w.pacs()->browser();
            browser->findChild<QLineEdit*>("patientName")->setText("ZZWORK*");
            auto* open = browser->findChild<QPushButton*>("openAsWorklist");
            QVERIFY(!open->isEnabled());  // nothing found yet
            QTest::mouseClick(browser->findChild<QPushButton*>("searchButton"), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(browser->findChild<QTableWidget*>("studiesTable")->rowCount(), 2, 20000);
            QVERIFY(open->isEnabled());
            mr::test::saveScreenshot(browser, QStringLiteral("pacs_browser_worklist"));
            QTest::mouseClick(open, Qt::LeftButton);
        };
        {
            mr::test::UnexpectedDialogs unexpected;
            mr::app::MainWindow w;
            w.show();
            QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);
            searchAndOpen(w);
            QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
            auto* worklist = w.worklist();
            QCOMPARE(worklist->panel()->count(), 2);
            QCOMPARE(worklist->panel()->findChild<QLabel*>("worklistOrigin")->text(),
                     QStringLiteral("PACS search on %1").arg(QString::fromStdString(orthanc_->dicomWebUrl())));
            const int64_t first = w.viewer()->image().width();
            QVERIFY(first == 64 || first == 80);
            QVERIFY(worklist->panel()->list()->item(0)->text().contains(QStringLiteral("ZZWORK, ")));
            worklist->next();
            QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 60000);
            QCOMPARE(w.viewer()->image().width(), first == 64 ? int64_t(80) : int64_t(64));
            QCOMPARE(w.viewer()->image().depth(), int64_t(6));
            mr::test::saveScreenshot(&w, QStringLiteral("pacs_worklist"));
            worklist->waitForWrites();
        }
        // The same query again: at the second study, where the reader stopped.
        mr::app::MainWindow again;
        again.show();
        QSignalSpy shown(&again, &mr::app::MainWindow::imageShown);
        searchAndOpen(again);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        QCOMPARE(again.worklist()->current(), 1);
        again.worklist()->waitForWrites();
    }

private:
    QTemporaryDir dir_;
    std::unique_ptr<OrthancServer> orthanc_;
    std::vector<std::string> files_;
    mr::widgets::PacsServerEntry server_;
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    PacsSegWorkflowTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "pacs_seg_workflow_test.moc"
