// The Worklist dock's panel: rows with a glyph per status, "Case n of N · k saved", the current
// case in bold, Previous / Next enabled only where there is a case that way, and the signals a
// reader's clicks send.
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include "widgets/worklist_panel.h"

using mr::session::CaseStatus;
using mr::widgets::WorklistPanel;

class WorklistPanelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsCasesStatusesAndPosition() {
        WorklistPanel p;
        QCOMPARE(p.count(), 0);
        QVERIFY(p.positionText().isEmpty());
        p.setWorklist("/data/studies", {{"case1", "", CaseStatus::Saved},
                                        {"case2", "Where is the lesion?", CaseStatus::New},
                                        {"case10", "", CaseStatus::Skipped}});
        QCOMPARE(p.count(), 3);
        QCOMPARE(p.positionText(), QStringLiteral("3 cases · 1 saved"));
        QCOMPARE(p.list()->item(0)->text(), QStringLiteral("●  case1"));
        QCOMPARE(p.list()->item(1)->text(), QStringLiteral("○  case2"));
        QCOMPARE(p.list()->item(2)->text(), QStringLiteral("–  case10"));
        QCOMPARE(p.list()->item(1)->toolTip(), QStringLiteral("Where is the lesion?"));

        p.setCurrent(1);
        QCOMPARE(p.positionText(), QStringLiteral("Case 2 of 3 · 1 saved"));
        QVERIFY(p.list()->item(1)->font().bold());
        QVERIFY(!p.list()->item(0)->font().bold());
        p.setStatus(1, CaseStatus::Saved);
        QCOMPARE(p.list()->item(1)->text(), QStringLiteral("●  case2"));
        QCOMPARE(p.positionText(), QStringLiteral("Case 2 of 3 · 2 saved"));
        p.setStatus(7, CaseStatus::Saved);  // out of range: ignored
        QCOMPARE(p.count(), 3);
    }

    void previousAndNextFollowThePosition() {
        WorklistPanel p;
        p.setWorklist("/d", {{"a", "", CaseStatus::New}, {"b", "", CaseStatus::New}});
        auto* previous = p.findChild<QPushButton*>("worklistPrevious");
        auto* next = p.findChild<QPushButton*>("worklistNext");
        p.setKeyNames("Shift+N", "N");
        QVERIFY(next->toolTip().contains("(N)"));
        QVERIFY(previous->toolTip().contains("(Shift+N)"));
        p.setCurrent(0);
        QVERIFY(!previous->isEnabled());
        QVERIFY(next->isEnabled());
        QSignalSpy nextSpy(&p, &WorklistPanel::nextRequested), previousSpy(&p, &WorklistPanel::previousRequested);
        next->click();
        QCOMPARE(nextSpy.count(), 1);
        p.setCurrent(1);
        QVERIFY(previous->isEnabled());
        QVERIFY(!next->isEnabled());
        previous->click();
        QCOMPARE(previousSpy.count(), 1);
        QSignalSpy chosen(&p, &WorklistPanel::caseRequested);
        Q_EMIT p.list()->itemActivated(p.list()->item(1));
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.at(0).at(0).toInt(), 1);
    }
};

QTEST_MAIN(WorklistPanelTest)
#include "worklist_panel_test.moc"
