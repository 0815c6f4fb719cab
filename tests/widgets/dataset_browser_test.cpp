// The Dataset dock: the samples with their status, modality, category and Dice; the header's
// counts; filters; the actions a reviewer takes (review, change status, delete after a confirmation
// that names what happens to the files) and that a read-only dataset withholds; and thumbnails of
// the image with its mask, made off the GUI thread.
#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "tests/support/modal_dialogs.h"
#include "tests/support/screenshots.h"
#include "widgets/dataset_browser.h"

using mr::dataset::ReviewStatus;
using mr::dataset::Sample;
using mr::widgets::DatasetBrowser;

class DatasetBrowserTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    Sample sample(const std::string& id, ReviewStatus status, const std::string& modality,
                  const std::string& category) {
        Sample s;
        s.id = id;
        s.status = status;
        s.modality = modality;
        s.category = category;
        s.supercategory = "abdomen";
        s.question = "Where is the " + category + "?";
        s.dice = 0.875;
        s.imageFile = "images/" + id + ".png";
        s.maskFile = "masks/" + id + ".png";
        if (status != ReviewStatus::Imported) s.firstMaskFile = "masks/" + id + "_first.png";
        else s.importedRecord = mr::json::Value::object();
        s.modifiedAt = "2026-01-02T03:04:05Z";
        return s;
    }

    std::vector<Sample> samples() {
        return {sample("000001", ReviewStatus::Accepted, "CT", "liver"),
                sample("000002", ReviewStatus::Corrected, "CT", "kidney"),
                sample("000003", ReviewStatus::Rejected, "MR", "liver"),
                sample("lits_7", ReviewStatus::Imported, "CT", "liver tumor")};
    }

    QTreeWidgetItem* row(DatasetBrowser& b, const QString& id) {
        for (int i = 0; i < b.list()->topLevelItemCount(); ++i)
            if (b.list()->topLevelItem(i)->text(0) == id) return b.list()->topLevelItem(i);
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QDir(dir_.path()).mkpath("images");
        QDir(dir_.path()).mkpath("masks");
        for (const char* id : {"000001", "000002", "000003", "lits_7"}) {
            QImage image(40, 30, QImage::Format_RGB32);
            image.fill(QColor(100, 100, 100));
            image.save(dir_.filePath(QString("images/%1.png").arg(id)));
            QImage mask(40, 30, QImage::Format_Grayscale8);
            mask.fill(0);
            for (int y = 10; y < 20; ++y)
                for (int x = 10; x < 30; ++x) mask.setPixel(x, y, 255);
            mask.save(dir_.filePath(QString("masks/%1.png").arg(id)));
        }
    }

    void withoutADatasetItSaysSo() {
        DatasetBrowser b;
        QVERIFY(b.findChild<QLabel*>("datasetHeader")->text().contains("No dataset is open"));
        QCOMPARE(b.list()->topLevelItemCount(), 0);
        QVERIFY(!b.findChild<QPushButton*>("exportButton")->isEnabled());
        QVERIFY(!b.findChild<QPushButton*>("reviewButton")->isEnabled());
    }

    void listsTheSamplesWithCountsAndThumbnails() {
        DatasetBrowser b;
        b.resize(720, 360);
        b.show();
        QVERIFY(QTest::qWaitForWindowExposed(&b));
        b.setDataset(dir_.path(), false, samples());
        QCOMPARE(b.list()->topLevelItemCount(), 4);
        const QString header = b.findChild<QLabel*>("datasetHeader")->text();
        QVERIFY2(header.contains("4 sample(s): 1 accepted, 1 corrected, 1 rejected") && header.contains("1 imported"),
                 qPrintable(header));
        QTreeWidgetItem* first = row(b, "000001");
        QCOMPARE(first->text(1), QString("Accepted"));
        QCOMPARE(first->text(2), QString("CT"));
        QCOMPARE(first->text(4), QString("0.875"));
        QCOMPARE(row(b, "lits_7")->text(4), QString::fromUtf8("–"));  // an imported record has no first mask
        QVERIFY(b.findChild<QPushButton*>("exportButton")->isEnabled());
        // Thumbnails arrive from a worker thread.
        QTRY_VERIFY(!first->icon(0).isNull());
        mr::test::saveScreenshot(&b, "dataset-browser");
        const QImage thumb =
            DatasetBrowser::makeThumbnail(dir_.filePath("images/000001.png"), dir_.filePath("masks/000001.png"), 40);
        QCOMPARE(thumb.size(), QSize(40, 30));
        QVERIFY(qBlue(thumb.pixel(20, 15)) > qRed(thumb.pixel(20, 15)) + 60);  // tinted where the mask is
        QCOMPARE(QColor(thumb.pixel(2, 2)), QColor(100, 100, 100));
        QVERIFY(DatasetBrowser::makeThumbnail(dir_.filePath("images/missing.png"), QString(), 40).isNull());
    }

    void filtersHideWhatDoesNotMatch() {
        DatasetBrowser b;
        b.setDataset(dir_.path(), false, samples());
        b.setFilters("rejected", "", "");
        QCOMPARE(b.visibleCount(), 1);
        QVERIFY(!row(b, "000003")->isHidden());
        b.setFilters("", "CT", "liver");
        QCOMPARE(b.visibleCount(), 1);
        QVERIFY(!row(b, "000001")->isHidden());
        b.setFilters("", "CT", "");
        QCOMPARE(b.visibleCount(), 3);
        b.setFilters("", "", "");
        QCOMPARE(b.visibleCount(), 4);
    }

    void actionsOnTheSelectedSample() {
        DatasetBrowser b;
        b.setDataset(dir_.path(), false, samples());
        QSignalSpy open(&b, &DatasetBrowser::openRequested), status(&b, &DatasetBrowser::statusChangeRequested),
            deleted(&b, &DatasetBrowser::deleteRequested);
        b.selectId("000002");
        QCOMPARE(b.selectedId(), QString("000002"));
        b.findChild<QPushButton*>("reviewButton")->click();
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().at(0).toString(), QString("000002"));
        Q_EMIT b.list()->itemDoubleClicked(row(b, "000003"), 0);
        QCOMPARE(open.last().at(0).toString(), QString("000003"));
        b.selectId("000002");
        QMenu* menu = b.findChild<QPushButton*>("statusButton")->menu();
        menu->actions().at(2)->trigger();  // Rejected
        QCOMPARE(status.count(), 1);
        QCOMPARE(status.first().at(1).value<ReviewStatus>(), ReviewStatus::Rejected);

        // Deleting asks first; an imported record's files are said to stay where they are.
        QString question;
        mr::test::whenModalShows<QMessageBox>([&](QMessageBox* box) {
            question = box->text();
            box->button(QMessageBox::Cancel)->click();
        });
        b.selectId("lits_7");
        b.findChild<QPushButton*>("deleteButton")->click();
        QVERIFY(question.contains("stay where they are"));
        QCOMPARE(deleted.count(), 0);
        mr::test::whenModalShows<QMessageBox>([&](QMessageBox* box) {
            question = box->text();
            box->button(QMessageBox::Yes)->click();
        });
        b.selectId("000001");
        b.findChild<QPushButton*>("deleteButton")->click();
        QVERIFY(question.contains("cannot be undone"));
        QCOMPARE(deleted.count(), 1);
        QCOMPARE(deleted.first().at(0).toString(), QString("000001"));
    }

    void aReadOnlyDatasetOffersNoChanges() {
        DatasetBrowser b;
        b.setDataset(dir_.path(), true, samples());
        b.selectId("000001");
        QVERIFY(b.findChild<QLabel*>("datasetHeader")->text().contains("read-only"));
        QVERIFY(b.findChild<QPushButton*>("reviewButton")->isEnabled());
        QVERIFY(!b.findChild<QPushButton*>("statusButton")->isEnabled());
        QVERIFY(!b.findChild<QPushButton*>("deleteButton")->isEnabled());
    }
};

QTEST_MAIN(DatasetBrowserTest)
#include "dataset_browser_test.moc"
