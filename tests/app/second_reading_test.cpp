// The second reader and the adjudicator as they work: a dataset whose samples a first reader saved
// is read again blind (the first mask hidden: no overlay, no mask in the editor) and the reading
// saved with Ctrl+S; then both masks show with their agreement and the decision keys; Ctrl+2 keeps
// the second reader's mask; a second sample is adjudicated from the adjudication queue with the
// mask as edited (Ctrl+3). The store holds the readings and the adjudications with who decided.
#include <QApplication>
#include <QDockWidget>
#include <QInputDialog>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include "app/dataset_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/second_reading_controller.h"
#include "app/worklist_controller.h"
#include "engine/dataset/dataset_store.h"
#include "engine/session/mask_comparison.h"
#include "engine/session/worklist_progress.h"
#include "tests/support/labels_shown.h"
#include "tests/support/main_window_fixture.h"
#include "tests/support/modal_dialogs.h"
#include "tests/support/screenshots.h"
#include "widgets/dataset_browser.h"
#include "widgets/query_bar.h"
#include "widgets/second_reading_panel.h"
#include "widgets/slice_view.h"
#include "widgets/worklist_panel.h"

using namespace mr::session;

namespace {
constexpr int kW = 64, kH = 48;

// A rectangle [x1, x2) × [y1, y2) of a kW × kH mask.
std::vector<uint8_t> rectangle(int x1, int y1, int x2, int y2) {
    std::vector<uint8_t> m(size_t(kW * kH), 0);
    for (int y = y1; y < y2; ++y)
        for (int x = x1; x < x2; ++x) m[size_t(y * kW + x)] = 1;
    return m;
}

std::vector<int> labelsShown(mr::app::MainWindow& w) { return mr::test::labelsShown(w.sliceView()->labelMap()); }

void answerName(const QString& name) {
    mr::test::whenModalShows<QInputDialog>([name](QInputDialog* d) {
        d->setTextValue(name);
        d->accept();
    });
}

void pressInWindow(mr::app::MainWindow& w, Qt::Key key, Qt::KeyboardModifiers mods) {
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.sliceView()->setFocus();
    QTest::keyClick(w.sliceView(), key, mods);
}
}  // namespace

class SecondReadingTest : public QObject {
    Q_OBJECT

    QTemporaryDir root_;
    QString dataset_;
    std::string firstId_, secondId_;

    // Two samples saved by "first-reader", each with a 20 × 16 square as its mask.
    void makeDataset() {
        dataset_ = root_.filePath("dataset");
        auto store = mr::dataset::DatasetStore::open(dataset_.toStdString());
        for (int i = 0; i < 2; ++i) {
            mr::dataset::Sample s;
            s.question = i == 0 ? "Where is the lesion?" : "Which kidney is enlarged?";
            s.category = "lesion";
            s.supercategory = "abdomen";
            s.annotator = "first-reader";
            s.source.kind = "picture";
            s.source.size = {kW, kH, 1};
            mr::dataset::SamplePixels p;
            p.width = kW;
            p.height = kH;
            p.rgb.assign(size_t(kW * kH * 3), 50);
            for (int y = 10; y < 30; ++y)
                for (int x = 20; x < 44; ++x)
                    for (int c = 0; c < 3; ++c) p.rgb[size_t((y * kW + x) * 3 + c)] = 200;
            p.firstMask = p.finalMask = rectangle(20, 10, 40, 26);
            (i == 0 ? firstId_ : secondId_) = store->append(s, p).id;
        }
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(root_.isValid());
        makeDataset();
    }

    void init() { QSettings().clear(); }

    void aBlindReadingThenTheComparisonAndTheSecondReadersMaskKept() {
        mr::app::MainWindow w;
        w.resize(1400, 860);
        QVERIFY(mr::test::showActive(w));
        auto* reading = w.secondReading();
        QSignalSpy shown(reading, &mr::app::SecondReadingController::shown);
        w.worklist()->openBlindReading(dataset_);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 20000);
        QCOMPARE(shown.last().at(0).toString(), QString::fromStdString(firstId_));
        // Blind: the question, the image, and nothing of the first reader's mask.
        QVERIFY(reading->readingBlind());
        QCOMPARE(w.queryBar()->text(), QStringLiteral("Where is the lesion?"));
        QVERIFY(labelsShown(w).empty());
        QVERIFY(!w.maskEditor()->hasReview());
        QVERIFY(w.findChild<QDockWidget*>("secondReadingDock")->isVisible());
        // Nor does the Dataset dock show it: no masks on the thumbnails, no Review.
        auto* browser = w.datasetBrowser();
        QTRY_VERIFY_WITH_TIMEOUT(browser->blind() && browser->list()->topLevelItemCount() == 2, 20000);
        browser->selectId(QString::fromStdString(secondId_));
        QVERIFY(!browser->findChild<QPushButton*>("reviewButton")->isEnabled());
        QSignalSpy reviewAsked(browser, &mr::widgets::DatasetBrowser::openRequested);
        Q_EMIT browser->list()->itemDoubleClicked(browser->list()->currentItem(), 0);
        QCOMPARE(reviewAsked.count(), 0);
        // The thumbnail is the image alone: none of the mask's cyan tint.
        QTreeWidgetItem* row = browser->list()->currentItem();
        QTRY_VERIFY_WITH_TIMEOUT(!row->icon(0).isNull(), 20000);
        const QImage thumb = row->icon(0).pixmap(browser->list()->iconSize()).toImage();
        bool tinted = false;
        for (int y = 0; y < thumb.height(); ++y)
            for (int x = 0; x < thumb.width(); ++x) tinted |= qBlue(thumb.pixel(x, y)) > qRed(thumb.pixel(x, y)) + 40;
        QVERIFY(!tinted);
        mr::test::saveScreenshot(&w, QStringLiteral("second_reading_blind"));

        // The second reader's mask (as the expert would give it), shifted by 4 pixels; Ctrl+S.
        w.maskEditor()->applyExpertMask(0, rectangle(24, 10, 44, 26), QStringLiteral("Expert's mask"), true);
        answerName(QStringLiteral("second-reader"));
        QSignalSpy saved(w.dataset(), &mr::app::DatasetController::readingSaved);
        pressInWindow(w, Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(saved.count() == 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 2, 20000);
        QVERIFY(reading->comparing());
        QCOMPARE(labelsShown(w), (std::vector<int>{kInBoth, kOnlyInFirst, kOnlyInSecond}));
        const QString agreement = reading->panel()->findChild<QLabel*>("readingState")->text();
        QVERIFY2(agreement.contains(QStringLiteral("0.800")), qPrintable(agreement));  // 2·256 / (320 + 320)
        QVERIFY(agreement.contains(QStringLiteral("first-reader")) &&
                agreement.contains(QStringLiteral("second-reader")));
        QCOMPARE(w.worklist()->panel()->positionText(), QStringLiteral("Case 1 of 2 · 1 saved"));
        mr::test::saveScreenshot(&w, QStringLiteral("second_reading_comparison"));

        answerName(QStringLiteral("adjudicator"));
        QSignalSpy adjudicated(w.dataset(), &mr::app::DatasetController::adjudicated);
        pressInWindow(w, Qt::Key_2, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(adjudicated.count() == 1, 20000);
        w.dataset()->waitForPending();
        w.worklist()->waitForWrites();
        const auto store = mr::dataset::DatasetStore::open(dataset_.toStdString(), mr::dataset::StoreAccess::ReadOnly);
        const mr::dataset::Sample* s = store->find(firstId_);
        QVERIFY(s);
        QCOMPARE(int(s->readings.size()), 1);
        QCOMPARE(s->readings[0].annotator, std::string("second-reader"));
        QCOMPARE(s->readings[0].firstReader, std::string("first-reader"));
        QVERIFY(!s->revisions.empty());
        QCOMPARE(s->revisions.back().decision, std::string("second"));
        QCOMPARE(s->revisions.back().annotator, std::string("adjudicator"));
    }

    void theAdjudicationQueueKeepsTheMaskAsEdited() {
        {  // a reading of the other sample, taken elsewhere
            auto store = mr::dataset::DatasetStore::open(dataset_.toStdString());
            store->addReading(secondId_, "third-reader", rectangle(20, 10, 40, 20), 5);
        }
        mr::app::MainWindow w;
        w.resize(1400, 860);
        QVERIFY(mr::test::showActive(w));
        auto* reading = w.secondReading();
        QSignalSpy shown(reading, &mr::app::SecondReadingController::shown);
        w.worklist()->openAdjudication(dataset_);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 20000);
        QCOMPARE(w.worklist()->panel()->count(), 1);  // the first sample is decided already
        QCOMPARE(shown.last().at(0).toString(), QString::fromStdString(secondId_));
        QVERIFY(reading->comparing());
        // The adjudicator edits the second reader's mask (the editable one) and keeps it as edited.
        w.maskEditor()->applyExpertMask(0, rectangle(20, 10, 40, 22), QStringLiteral("edit"), false);
        answerName(QStringLiteral("adjudicator"));
        QSignalSpy adjudicated(w.dataset(), &mr::app::DatasetController::adjudicated);
        pressInWindow(w, Qt::Key_3, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(adjudicated.count() == 1, 20000);
        w.dataset()->waitForPending();
        w.worklist()->waitForWrites();
        const auto store = mr::dataset::DatasetStore::open(dataset_.toStdString(), mr::dataset::StoreAccess::ReadOnly);
        const mr::dataset::Sample* s = store->find(secondId_);
        QCOMPARE(s->revisions.back().decision, std::string("edited"));
        const auto accepted = mr::dataset::acceptedRevisionOf(*s);
        QVERIFY(accepted);
        QCOMPARE(accepted->truthBox->y2, 21.0);  // the truth box follows the edited mask (last row 21)
    }
};

QTEST_MAIN(SecondReadingTest)
#include "second_reading_test.moc"
