// The query bar as a user drives it (offscreen): typing and Enter asks once, Up/Down recall the
// history that persists in the settings file, Esc stops a running answer, and without a reasoner
// asking is disabled while the notice leads to the engine settings.
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "widgets/query_bar.h"

using mr::widgets::QueryBar;

class QueryBarTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int files_ = 0;

    QString freshIni() { return dir_.filePath(QStringLiteral("settings%1.ini").arg(++files_)); }

    static QLineEdit* edit(QueryBar& bar) { return bar.findChild<QLineEdit*>("questionEdit"); }
    static QPushButton* askButton(QueryBar& bar) { return bar.findChild<QPushButton*>("askButton"); }

    // A ready bar, shown, with its own empty history file.
    void setUp(QueryBar& bar) {
        bar.setSettingsFile(freshIni());
        bar.setAvailability(true);
        bar.resize(640, bar.sizeHint().height());
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        edit(bar)->setFocus();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void typingAndEnterAsksOnce() {
        QueryBar bar;
        setUp(bar);
        QSignalSpy ask(&bar, &QueryBar::askRequested);
        QTest::keyClicks(edit(bar), QStringLiteral("  Where is the lesion? "));
        QVERIFY(askButton(bar)->isEnabled());
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QCOMPARE(ask.count(), 1);
        QCOMPARE(ask.at(0).at(0).toString(), QStringLiteral("Where is the lesion?"));
        QCOMPARE(bar.history(), QStringList{QStringLiteral("Where is the lesion?")});
    }

    void emptyOrBusyEnterIsIgnored() {
        QueryBar bar;
        setUp(bar);
        QSignalSpy ask(&bar, &QueryBar::askRequested);
        QVERIFY(!askButton(bar)->isEnabled());
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QTest::keyClicks(edit(bar), QStringLiteral("   "));
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QCOMPARE(ask.count(), 0);

        QTest::keyClicks(edit(bar), QStringLiteral("Where?"));
        bar.setBusy(true);
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QCOMPARE(ask.count(), 0);
        bar.setBusy(false);
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QCOMPARE(ask.count(), 1);
    }

    void placeholderIsAHintAndEmptyEnterExplains() {
        QueryBar bar;
        setUp(bar);
        // The grey text reads as an instruction with an example, not as a question typed in.
        const QString placeholder = edit(bar)->placeholderText();
        QVERIFY2(placeholder.startsWith("Ask ") && placeholder.contains("e.g."), qPrintable(placeholder));
        QSignalSpy hint(&bar, &QueryBar::hint);
        QSignalSpy ask(&bar, &QueryBar::askRequested);
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QCOMPARE(hint.count(), 1);
        QVERIFY(hint.at(0).at(0).toString().contains("Type a question"));
        // Without a reasoner Enter says where to choose one.
        QTest::keyClicks(edit(bar), QStringLiteral("Where?"));
        bar.setAvailability(false);
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QCOMPARE(hint.count(), 2);
        QVERIFY(hint.at(1).at(0).toString().contains("Engine Settings"));
        QCOMPARE(ask.count(), 0);
    }

    void upAndDownRecallHistory() {
        QueryBar bar;
        setUp(bar);
        for (const char* q : {"first question", "second question", "third question"}) {
            edit(bar)->clear();
            QTest::keyClicks(edit(bar), QLatin1String(q));
            QTest::keyClick(edit(bar), Qt::Key_Return);
        }
        edit(bar)->clear();
        QTest::keyClicks(edit(bar), QStringLiteral("draft"));
        QTest::keyClick(edit(bar), Qt::Key_Up);
        QCOMPARE(bar.text(), QStringLiteral("third question"));
        QTest::keyClick(edit(bar), Qt::Key_Up);
        QCOMPARE(bar.text(), QStringLiteral("second question"));
        QTest::keyClick(edit(bar), Qt::Key_Up);
        QTest::keyClick(edit(bar), Qt::Key_Up);  // stays at the oldest
        QCOMPARE(bar.text(), QStringLiteral("first question"));
        QTest::keyClick(edit(bar), Qt::Key_Down);
        QCOMPARE(bar.text(), QStringLiteral("second question"));
        QTest::keyClick(edit(bar), Qt::Key_Down);
        QTest::keyClick(edit(bar), Qt::Key_Down);
        QCOMPARE(bar.text(), QStringLiteral("draft"));  // back to what was being typed

        // Asking a recalled question again moves it to the front without a duplicate.
        QTest::keyClick(edit(bar), Qt::Key_Up);
        QTest::keyClick(edit(bar), Qt::Key_Up);
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QCOMPARE(bar.history(), (QStringList{"second question", "third question", "first question"}));
    }

    void historyMenuRecallsAndClears() {
        QueryBar bar;
        setUp(bar);
        auto* button = bar.findChild<QToolButton*>("historyButton");
        QVERIFY(!button->isEnabled());  // nothing to recall yet
        bar.setText(QStringLiteral("older"));
        bar.ask();
        bar.setText(QStringLiteral("newer"));
        bar.ask();
        QVERIFY(button->isEnabled());
        QMenu* menu = button->menu();
        Q_EMIT menu->aboutToShow();
        const QList<QAction*> actions = menu->actions();
        QCOMPARE(actions.at(0)->text(), QStringLiteral("newer"));
        QCOMPARE(actions.at(1)->text(), QStringLiteral("older"));
        actions.at(1)->trigger();
        QCOMPARE(bar.text(), QStringLiteral("older"));
        actions.last()->trigger();  // Clear History
        QVERIFY(bar.history().isEmpty());
        QVERIFY(!button->isEnabled());
    }

    void historyPersistsWithoutDuplicatesAndAtMostFifty() {
        const QString ini = freshIni();
        {
            QueryBar bar;
            bar.setSettingsFile(ini);
            bar.setAvailability(true);
            for (int i = 0; i < 60; ++i) {
                bar.setText(QStringLiteral("question %1").arg(i));
                bar.ask();
            }
            bar.setText(QStringLiteral("question 55"));
            bar.ask();
            QCOMPARE(bar.history().size(), QueryBar::kMaxHistory);
        }
        QSettings stored(ini, QSettings::IniFormat);
        const QStringList saved = stored.value(QueryBar::kHistoryKey).toStringList();
        QCOMPARE(saved.size(), 50);
        QCOMPARE(saved.first(), QStringLiteral("question 55"));
        QCOMPARE(saved.count(QStringLiteral("question 55")), 1);
        QVERIFY(!saved.contains(QStringLiteral("question 0")));

        QueryBar again;
        again.setSettingsFile(ini);
        QCOMPARE(again.history(), saved);
        again.setAvailability(true);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        edit(again)->setFocus();
        QTest::keyClick(edit(again), Qt::Key_Up);
        QCOMPARE(again.text(), QStringLiteral("question 55"));
    }

    void escapeWhileBusyCancels() {
        QueryBar bar;
        setUp(bar);
        QSignalSpy cancel(&bar, &QueryBar::cancelRequested);
        QTest::keyClick(edit(bar), Qt::Key_Escape);
        QCOMPARE(cancel.count(), 0);  // nothing to stop
        bar.setBusy(true);
        QCOMPARE(askButton(bar)->text(), QueryBar::tr("Stop"));
        QVERIFY(askButton(bar)->isEnabled());
        QTest::keyClick(edit(bar), Qt::Key_Escape);
        QCOMPARE(cancel.count(), 1);
        QTest::mouseClick(askButton(bar), Qt::LeftButton);  // Stop
        QCOMPARE(cancel.count(), 2);
        bar.setBusy(false);
        QCOMPARE(askButton(bar)->text(), QueryBar::tr("Ask"));
    }

    void withoutReasonerAskingIsDisabledAndTheNoticeLeadsToSettings() {
        QueryBar bar;
        setUp(bar);
        bar.setAvailability(false, QStringLiteral("No reasoner folder is set."));
        QSignalSpy ask(&bar, &QueryBar::askRequested);
        QSignalSpy settings(&bar, &QueryBar::settingsRequested);
        auto* notice = bar.findChild<QLabel*>("noticeText");
        QVERIFY(notice && notice->isVisible());
        QVERIFY(notice->text().contains(QueryBar::tr("A reasoner model is needed to answer questions.")));
        QVERIFY(notice->text().contains(QStringLiteral("No reasoner folder is set.")));

        // Typing still works; asking does not.
        QTest::keyClicks(edit(bar), QStringLiteral("Where is the lesion?"));
        QCOMPARE(bar.text(), QStringLiteral("Where is the lesion?"));
        QVERIFY(!askButton(bar)->isEnabled());
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QCOMPARE(ask.count(), 0);

        auto* link = bar.findChild<QPushButton*>("settingsButton");
        QVERIFY(link && link->isVisible());
        QTest::mouseClick(link, Qt::LeftButton);
        QCOMPARE(settings.count(), 1);

        QDir().mkpath(QStringLiteral(MR_TEST_OUTPUT_DIR));
        QVERIFY(bar.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/query_bar_no_reasoner.png")));

        bar.setAvailability(true);
        QVERIFY(!notice->isVisible());
        QVERIFY(askButton(bar)->isEnabled());
        QTest::keyClick(edit(bar), Qt::Key_Return);
        QCOMPARE(ask.count(), 1);
    }

    void screenshots() {
        QueryBar bar;
        setUp(bar);
        QVERIFY(!edit(bar)->placeholderText().isEmpty());
        QVERIFY(bar.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/query_bar_empty.png")));
        QTest::keyClicks(edit(bar), QStringLiteral("Where would you biopsy to confirm the suspected malignancy?"));
        bar.setBusy(true);
        QVERIFY(bar.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/query_bar_busy.png")));
    }
};

QTEST_MAIN(QueryBarTest)
#include "query_bar_test.moc"
