// Folders the app did not make, through the main window as a user meets them: another tool's
// U-MRG folder is imported (every original byte kept) and grows with a saved sample; the dataset
// folder dialog creates a new folder by name and asks before a non-empty folder becomes a dataset;
// the last dataset reopens read-only at start.
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "app/dataset_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "app/sample_review_controller.h"
#include "engine/core/json.h"
#include "engine/demo/abdomen_phantom.h"
#include "widgets/dataset_browser.h"
#include "widgets/multi_planar_view.h"
#include "widgets/review_dialog.h"
#include "widgets/slice_view.h"
#include "tests/app/gestures.h"
#include "tests/support/foreign_umrg_folder.h"
#include "tests/support/modal_dialogs.h"

using mr::test::changedFiles;
using mr::test::snapshotFiles;

namespace {

// Clicks the button named `name` of the message box that shows next; records its text.
void answerMessageBox(const char* name, QString* text = nullptr) {
    mr::test::whenModalShows<QMessageBox>([name, text](QMessageBox* box) {
        box->grab().save(QString(MR_TEST_OUTPUT_DIR) + "/question-" + QString::fromLatin1(name) + ".png");
        if (text) *text = box->text() + "\n" + box->informativeText();
        auto* button = box->findChild<QPushButton*>(name);
        if (button) button->click();
        else box->button(QMessageBox::Cancel)->click();
    });
}

// Types `path` into the dataset folder dialog as a user would and presses Enter.
void typeIntoFolderDialog(const QString& path) {
    mr::test::whenModalShows<QFileDialog>([path](QFileDialog* dialog) {
        auto* name = dialog->findChild<QLineEdit*>("fileNameEdit");
        QVERIFY(name);
        name->setText(path);
        QTest::keyClick(name, Qt::Key_Return);
    });
}

}  // namespace

class ForeignDatasetTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void importedFolderKeepsEveryByteAndGrows() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("other-lab-umrg");
        mr::test::makeForeignUmrgFolder(folder.toStdString());
        const auto before = snapshotFiles(folder.toStdString());

        mr::app::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dataset = window.dataset();
        QSignalSpy opened(dataset, &mr::app::DatasetController::opened);
        QString question;
        answerMessageBox("importButton", &question);
        dataset->open(folder);
        QVERIFY(opened.wait(20000));
        QVERIFY(question.contains("3 U-MRG record(s)"));
        QCOMPARE(opened.first().at(1).toBool(), false);
        QCOMPARE(dataset->samples().size(), size_t(3));

        // A mask on a phantom slice, saved as a new sample.
        mr::demo::PhantomOptions o;
        o.width = o.height = 96;
        o.slices = 4;
        o.pixelSpacing = 3.5;
        const mr::demo::Phantom p = mr::demo::makeAbdomenPhantom(o);
        window.showImage(p.ct, "phantom");
        auto* view = window.sliceView();
        view->setSlice(2);
        window.prompts()->setTool(mr::widgets::ViewTool::Box);
        QSignalSpy masks(window.prompts(), &mr::app::PromptController::maskReady);
        mr::test::drag(view, 30, 30, 60, 60);
        QVERIFY(masks.wait(60000));
        mr::test::whenModalShows<mr::widgets::ReviewDialog>([](mr::widgets::ReviewDialog* dlg) {
            dlg->findChild<QLineEdit*>("question")->setText("Where is the liver lesion?");
            dlg->findChild<QComboBox*>("supercategory")->setCurrentText("abdomen");
            dlg->findChild<QComboBox*>("category")->setCurrentText("liver tumor");
            dlg->findChild<QLineEdit*>("annotator")->setText("annotator-3");
            dlg->accept();
        });
        QSignalSpy saved(dataset, &mr::app::DatasetController::saved);
        window.review()->saveSample();
        QVERIFY(saved.wait(20000));
        const QString id = saved.first().first().toString();
        QCOMPARE(id, QString("000013"));  // after the other tool's numeric id 12

        // Every original byte is kept; the listing shows the three records and the new sample.
        QCOMPARE(QString::fromStdString(changedFiles(before, snapshotFiles(folder.toStdString()))), QString());
        QTRY_COMPARE(window.datasetBrowser()->list()->topLevelItemCount(), 4);
        window.datasetBrowser()->setFilters("imported", "", "");
        QCOMPARE(window.datasetBrowser()->visibleCount(), 3);
        window.datasetBrowser()->setFilters("", "", "");

        // The exports hold both, the other tool's extra fields where COCO has room for them.
        QSignalSpy exported(dataset, &mr::app::DatasetController::exported);
        dataset->exportTo("coco", dir.filePath("coco.json"));
        dataset->exportTo("png", dir.filePath("png"));
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 2, 20000);
        const mr::json::Value coco = mr::json::parseFile(dir.filePath("coco.json").toStdString());
        QCOMPARE(coco.at("annotations").size(), size_t(4));
        bool extraKept = false;
        for (size_t i = 0; i < coco.at("images").size(); ++i)
            if (coco.at("images")[i].at("file_name").asString() == "images/liver_001.png")
                extraKept = coco.at("annotations")[i].at("attributes").at("source_dataset").asString() == "LiTS";
        QVERIFY(extraKept);
        QVERIFY(QFile::exists(dir.filePath("png/liver_001.png")));
        QVERIFY(QFile::exists(dir.filePath("png/" + id + ".png")));
        const auto records = mr::dataset::loadRecords(folder.toStdString() + "/medreasoner_annotations.json");
        QCOMPARE(records.size(), size_t(4));
    }

    void folderDialogCreatesNewFoldersAndAsksForOthers() {
        QTemporaryDir dir;
        mr::app::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dataset = window.dataset();
        QSignalSpy opened(dataset, &mr::app::DatasetController::opened);

        // A new folder name, typed: the folder is made and becomes a dataset.
        const QString fresh = dir.filePath("new-dataset");
        typeIntoFolderDialog(fresh);
        window.review()->chooseDataset();
        QVERIFY(opened.wait(20000));
        QCOMPARE(opened.takeFirst().at(0).toString(), fresh);
        QVERIFY(QFileInfo(fresh + "/samples.jsonl").exists() || QFileInfo(fresh + "/.medreasoner").isDir());

        // An unrelated folder with content: asked first; declining writes nothing.
        const QString home = dir.filePath("home");
        mr::test::writeText((home + "/notes.txt").toStdString(), "private notes\n");
        mr::test::writeText((home + "/photos/a.txt").toStdString(), "x\n");
        const auto before = snapshotFiles(home.toStdString());
        QString asked;
        typeIntoFolderDialog(home);
        answerMessageBox("cancel", &asked);  // no such button: Cancel
        QSignalSpy needed(dataset, &mr::app::DatasetController::choiceNeeded);
        window.review()->chooseDataset();
        QVERIFY(needed.wait(20000));
        QTRY_VERIFY(!asked.isEmpty());
        QVERIFY(asked.contains("notes.txt"));
        QTRY_VERIFY(QApplication::activeModalWidget() == nullptr);
        QCOMPARE(snapshotFiles(home.toStdString()), before);
        QVERIFY(!QFileInfo(home + "/.medreasoner").exists());

        // Agreeing makes the dataset inside it, leaving what was there alone.
        typeIntoFolderDialog(home);
        answerMessageBox("createButton");
        window.review()->chooseDataset();
        QVERIFY(opened.wait(20000));
        QCOMPARE(opened.takeFirst().at(1).toBool(), false);
        QCOMPARE(QString::fromStdString(changedFiles(before, snapshotFiles(home.toStdString()))), QString());
        QVERIFY(QFileInfo(home + "/.medreasoner").isDir());
    }

    void lastDatasetReopensReadOnlyAtStart() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("remembered");
        mr::test::makeForeignUmrgFolder(folder.toStdString());
        const auto before = snapshotFiles(folder.toStdString());
        QSettings().setValue("dataset/folder", folder);
        mr::app::MainWindow window;
        QSignalSpy opened(window.dataset(), &mr::app::DatasetController::opened);
        window.show();
        QVERIFY(opened.wait(20000));
        QCOMPARE(opened.first().at(1).toBool(), true);  // read-only
        QVERIFY(window.dataset()->foreignView());
        QCOMPARE(window.dataset()->samples().size(), size_t(3));
        QCOMPARE(snapshotFiles(folder.toStdString()), before);
        QSettings().remove("dataset/folder");
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    ForeignDatasetTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "foreign_dataset_test.moc"
