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
