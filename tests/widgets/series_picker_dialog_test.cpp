// Choosing a series of a scanned DICOM folder: one row per series (number, description, modality,
// size, slices), the skipped files with their reasons, and the chosen row as an index.
#include <QApplication>
#include <QDialogButtonBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QtTest>

#include "tests/support/screenshots.h"
#include "widgets/series_picker_dialog.h"

using mr::widgets::SeriesPickerDialog;

class SeriesPickerDialogTest : public QObject {
    Q_OBJECT

    static mr::imaging::DicomScanResult scan() {
        mr::imaging::DicomScanResult r;
        mr::imaging::DicomSeriesSummary a;
        a.seriesNumber = 2;
        a.seriesDescription = "Portal venous";
        a.modality = "CT";
        a.columns = 512;
        a.rows = 384;
        a.sliceCount = 120;
        mr::imaging::DicomSeriesSummary b = a;
        b.seriesNumber = 5;
        b.seriesDescription.clear();
        b.studyDescription = "Abdomen study";  // shown when the series has no description
        b.modality = "MR";
        b.sliceCount = 30;
        r.series = {a, b};
        r.skipped = {{"/data/notes.dcm", "not a DICOM file"}};
        r.filesExamined = 151;
        return r;
    }

private Q_SLOTS:
    void listsTheSeriesAndTheSkippedFiles() {
        SeriesPickerDialog dialog(scan());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        mr::test::saveScreenshot(&dialog, "series-picker");
        auto* tree = dialog.findChild<QTreeWidget*>();
        QCOMPARE(tree->topLevelItemCount(), 2);
        const QTreeWidgetItem* first = tree->topLevelItem(0);
        QCOMPARE(first->text(0), QString("2"));
        QCOMPARE(first->text(1), QString("Portal venous"));
        QCOMPARE(first->text(2), QString("CT"));
        QCOMPARE(first->text(3), QString::fromUtf8("512 × 384"));
        QCOMPARE(first->text(4), QString("120"));
        QCOMPARE(tree->topLevelItem(1)->text(1), QString("Abdomen study"));
        auto* skipped = dialog.findChild<QPlainTextEdit*>();
        QVERIFY(skipped);
        QVERIFY(skipped->toPlainText().contains("/data/notes.dcm: not a DICOM file"));
        QCOMPARE(dialog.chosenSeries(), 0);  // the first is preselected
    }

    void theChosenRowIsTheSeriesIndex() {
        SeriesPickerDialog dialog(scan());
        auto* tree = dialog.findChild<QTreeWidget*>();
        tree->setCurrentItem(tree->topLevelItem(1));
        QCOMPARE(dialog.chosenSeries(), 1);
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Open)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void nothingToOpenWithoutSeries() {
        mr::imaging::DicomScanResult empty;
        empty.skipped = {{"a.txt", "not a DICOM file"}};
        SeriesPickerDialog dialog(empty);
        QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Open)->isEnabled());
        QCOMPARE(dialog.chosenSeries(), -1);
    }
};

QTEST_MAIN(SeriesPickerDialogTest)
#include "series_picker_dialog_test.moc"
