// Help → Keyboard Shortcuts: one read-only table with a row per binding, naming the keys the
// viewer and the tools actually use.
#include <QApplication>
#include <QHeaderView>
#include <QTableWidget>
#include <QtTest>

#include "tests/support/screenshots.h"
#include "widgets/shortcuts_dialog.h"

class ShortcutsDialogTest : public QObject {
    Q_OBJECT

    static QString shortcutFor(const QTableWidget* table, const QString& action) {
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, 0)->text().startsWith(action)) return table->item(r, 1)->text();
        return {};
    }

private Q_SLOTS:
    void listsEveryBindingReadOnly() {
        mr::widgets::ShortcutsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        mr::test::saveScreenshot(&dialog, "shortcuts-dialog");
        auto* table = dialog.findChild<QTableWidget*>();
        QVERIFY(table);
        QCOMPARE(table->columnCount(), 2);
        QVERIFY(table->rowCount() >= 20);
        for (int r = 0; r < table->rowCount(); ++r) {
            QVERIFY(!table->item(r, 0)->text().isEmpty());
            QVERIFY(!table->item(r, 1)->text().isEmpty());
        }
        QCOMPARE(table->editTriggers(), QAbstractItemView::NoEditTriggers);
        // The bindings the slice view's interactions implement.
        QCOMPARE(shortcutFor(table, "Pan"), QString("Middle-drag"));
        QCOMPARE(shortcutFor(table, "Brush size"), QString("Shift+wheel"));
        QCOMPARE(shortcutFor(table, "Move the crosshair"), QString("Shift+click"));
        QVERIFY(shortcutFor(table, "Zoom").contains("Ctrl+wheel"));
        QVERIFY(shortcutFor(table, "Polygon fill").contains("Shift+O"));
        // Presentation mode (issue 21): F5 in, Esc out, Ctrl+= / Ctrl+- for its text.
        QVERIFY(shortcutFor(table, "Presentation mode: enter").contains("Esc"));
        QVERIFY(shortcutFor(table, "Presentation mode: larger").contains("Ctrl+-"));
    }

    void keyColumnIsInViewAndNoTextIsCut() {
        mr::widgets::ShortcutsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* table = dialog.findChild<QTableWidget*>();
        QApplication::processEvents();
        // The key column ends inside the visible area: no scrolling to see it.
        const int keysRight = table->horizontalHeader()->sectionViewportPosition(1) + table->columnWidth(1);
        QVERIFY2(keysRight <= table->viewport()->width(),
                 qPrintable(QString("keys end at %1 of %2 px").arg(keysRight).arg(table->viewport()->width())));
        QVERIFY(table->columnWidth(0) >= 200);
        const QFontMetrics fm(table->font());
        for (int r = 0; r < table->rowCount(); ++r) {
            // Each key text fits on its line; each description fits its (wrapped) row.
            const QString keys = table->item(r, 1)->text();
            QVERIFY2(fm.horizontalAdvance(keys) <= table->columnWidth(1), qPrintable(keys));
            const QString action = table->item(r, 0)->text();
            const QRect wrapped =
                fm.boundingRect(QRect(0, 0, table->columnWidth(0) - 8, 10000), Qt::TextWordWrap, action);
            QVERIFY2(wrapped.height() <= table->rowHeight(r), qPrintable(action));
        }
    }

    void closesWithItsButton() {
        mr::widgets::ShortcutsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }
};

QTEST_MAIN(ShortcutsDialogTest)
#include "shortcuts_dialog_test.moc"
