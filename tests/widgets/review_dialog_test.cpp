// Saving a reviewed result: the dialog pre-fills the reviewer's last choices, proposes "Correct"
// when pixels changed, offers the U-MRG category lists (a category moves its super-category with
// it), and will not close without a question, a category and an annotator.
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QtTest>

#include "tests/support/screenshots.h"
#include "widgets/review_dialog.h"
#include "widgets/umrg_categories.h"

using mr::dataset::ReviewChoice;
using mr::dataset::ReviewStatus;
using mr::dataset::ReviewSummary;
using mr::widgets::ReviewDialog;

class ReviewDialogTest : public QObject {
    Q_OBJECT

    static ReviewChoice lastChoice() {
        ReviewChoice c;
        c.question = "Where would you biopsy?";
        c.supercategory = "abdomen";
        c.category = "liver tumor";
        c.modality = "CT";
        c.annotator = "AB";
        return c;
    }

private Q_SLOTS:
    void prefillsAndProposesCorrectWhenPixelsChanged() {
        ReviewSummary summary;
        summary.dice = 0.9123;
        summary.pixelsChanged = 42;
        summary.seconds = 31;
        ReviewDialog dialog(summary, lastChoice());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        mr::test::saveScreenshot(&dialog, "review-dialog");
        const QString stats = dialog.findChild<QLabel*>("reviewStatistics")->text();
        QVERIFY2(stats.contains("0.912") && stats.contains("42") && stats.contains("31 s"), qPrintable(stats));
        const ReviewChoice c = dialog.choice();
        QCOMPARE(c.status, ReviewStatus::Corrected);
        QCOMPARE(c.question, lastChoice().question);
        QCOMPARE(c.category, std::string("liver tumor"));
        QCOMPARE(c.supercategory, std::string("abdomen"));
        QCOMPARE(c.modality, std::string("CT"));
        QCOMPARE(c.annotator, std::string("AB"));
        // Unchanged pixels keep the reviewer's status.
        ReviewDialog untouched(ReviewSummary{}, lastChoice());
        QCOMPARE(untouched.choice().status, ReviewStatus::Accepted);
    }

    void categoriesFollowTheSupercategory() {
        ReviewDialog dialog(ReviewSummary{}, ReviewChoice{});
        auto* super = dialog.findChild<QComboBox*>("supercategory");
        auto* category = dialog.findChild<QComboBox*>("category");
        QCOMPARE(super->currentText(), mr::widgets::umrgCategories().front().name);
        super->setCurrentText("chest");
        QVERIFY(category->findText("lung nodule") >= 0);
        QCOMPARE(category->findText("liver"), -1);
        // Picking a category of another list moves the super-category with it.
        category->setCurrentText("melanoma");
        Q_EMIT category->textActivated("melanoma");
        QCOMPARE(super->currentText(), QString("skin"));
        QCOMPARE(mr::widgets::umrgSupercategoryOf("melanoma"), QString("skin"));
        QCOMPARE(mr::widgets::umrgSupercategoryOf("not a listed category"), QString());
    }

    void showsTheTraceStateAndWarnsWhenItIsNotComplete() {
        for (const char* state : {"complete", "stopped", "malformed", ""}) {
            ReviewSummary summary;
            summary.traceState = state;
            ReviewDialog dialog(summary, lastChoice());
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            auto* label = dialog.findChild<QLabel*>("reviewTraceState");
            QVERIFY(label && label->isVisible());
            const QString text = label->text();
            const bool warned = text.startsWith("Warning");
            QCOMPARE(warned, std::string(state) == "stopped" || std::string(state) == "malformed");
            if (*state) QVERIFY2(text.contains(state), qPrintable(text));
            else QVERIFY2(text.contains("No reasoning trace"), qPrintable(text));
            if (std::string(state) == "stopped") mr::test::saveScreenshot(&dialog, "review-dialog-stopped-trace");
        }
    }

    void proposesTheCategoryOfTheSampleNotTheLastOne() {
        const mr::widgets::UmrgProposal last{"abdomen", "liver tumor"};
        // Another question about the aorta: the aorta, not the last sample's liver tumor.
        auto p = mr::widgets::proposeUmrgCategory("Where would you place the aortic stent? Show the aorta.",
                                                  "Where would you biopsy?", last);
        QCOMPARE(p.category, QString("aorta"));
        QCOMPARE(p.supercategory, QString("abdomen"));
        // The longest name wins ("kidney tumor" over "kidney").
        QCOMPARE(mr::widgets::umrgCategoryNamedIn("Which Kidney Tumor is larger?"), QString("kidney tumor"));
        // Nothing named: no proposal; the same question again: the last choice.
        p = mr::widgets::proposeUmrgCategory("What looks abnormal here?", "Where would you biopsy?", last);
        QVERIFY(p.category.isEmpty() && p.supercategory.isEmpty());
        p = mr::widgets::proposeUmrgCategory("Where would you biopsy? ", "where would you biopsy?", last);
        QCOMPARE(p.category, QString("liver tumor"));
        // The dialog shows what it is given: no category for an unrelated sample.
        ReviewChoice fresh;
        fresh.question = "What looks abnormal here?";
        ReviewDialog dialog(ReviewSummary{}, fresh);
        QCOMPARE(dialog.choice().category, std::string());
    }

    void refusesToCloseWithoutTheRequiredFields() {
        ReviewDialog dialog(ReviewSummary{}, ReviewChoice{});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* problem = dialog.findChild<QLabel*>("reviewProblem");
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY(problem->isVisible());
        QVERIFY(problem->text().contains("question"));
        dialog.findChild<QLineEdit*>("question")->setText("  Which organ filters the blood?  ");
        dialog.findChild<QComboBox*>("category")->setCurrentText("kidney");
        dialog.accept();
        QVERIFY(problem->text().contains("annotator"));
        dialog.findChild<QLineEdit*>("annotator")->setText("CD");
        dialog.findChild<QRadioButton*>("status_rejected")->setChecked(true);
        dialog.findChild<QPlainTextEdit*>("note")->setPlainText("wrong organ");
        dialog.accept();
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const ReviewChoice c = dialog.choice();
        QCOMPARE(c.question, std::string("Which organ filters the blood?"));  // trimmed
        QCOMPARE(c.status, ReviewStatus::Rejected);
        QCOMPARE(c.note, std::string("wrong organ"));
    }
};

QTEST_MAIN(ReviewDialogTest)
#include "review_dialog_test.moc"
