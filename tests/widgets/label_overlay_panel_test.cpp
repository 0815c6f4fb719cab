// The Labels dock: one checkable row per label that occurs (swatch in the table's colour, value
// and name), and the choices it reports: a label's visibility, the opacity, outline or filled.
#include <QApplication>
#include <QCheckBox>
#include <QListWidget>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

#include "tests/support/screenshots.h"
#include "widgets/label_overlay_panel.h"

using mr::widgets::LabelOverlayPanel;

class LabelOverlayPanelTest : public QObject {
    Q_OBJECT

    static mr::imaging::LabelTable table() {
        mr::imaging::LabelTable t = mr::imaging::defaultLabelTable();
        t[1] = {"liver", 220, 120, 80, true};
        t[3] = {"lesion", 255, 255, 0, false};
        return t;
    }

private Q_SLOTS:
    void listsTheLabelsThatOccurWithTheirColours() {
        LabelOverlayPanel panel;
        std::vector<bool> present(256, false);
        present[0] = present[1] = present[3] = present[200] = true;
        panel.setLabels(table(), present);
        panel.resize(260, 320);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        mr::test::saveScreenshot(&panel, "label-overlay-panel");
        auto* list = panel.findChild<QListWidget*>("labelList");
        QVERIFY(list);
        QCOMPARE(list->count(), 3);  // the background is not a label
        QCOMPARE(list->item(0)->text(), QString("1  liver"));
        QCOMPARE(list->item(1)->text(), QString("3  lesion"));
        QCOMPARE(list->item(2)->text(), QString("200  200"));  // no table entry: named by its value
        QCOMPARE(list->item(0)->checkState(), Qt::Checked);
        QCOMPARE(list->item(1)->checkState(), Qt::Unchecked);
        const QImage swatch = list->item(0)->icon().pixmap(14, 14).toImage();
        QCOMPARE(QColor(swatch.pixel(7, 7)), QColor(220, 120, 80));
    }

    void withoutPresenceEveryLabelIsListed() {
        LabelOverlayPanel panel;
        panel.setLabels(table(), {});
        QCOMPARE(panel.findChild<QListWidget*>("labelList")->count(), 255);
    }

    void reportsTheUsersChoices() {
        LabelOverlayPanel panel;
        std::vector<bool> present(256, false);
        present[1] = present[3] = true;
        panel.setLabels(table(), present);
        QSignalSpy visibility(&panel, &LabelOverlayPanel::labelVisibilityChanged);
        QSignalSpy opacity(&panel, &LabelOverlayPanel::opacityChanged);
        QSignalSpy outline(&panel, &LabelOverlayPanel::outlineChanged);
        auto* list = panel.findChild<QListWidget*>("labelList");
        list->item(1)->setCheckState(Qt::Checked);
        QCOMPARE(visibility.count(), 1);
        QCOMPARE(visibility.first().at(0).toInt(), 3);
        QCOMPARE(visibility.first().at(1).toBool(), true);
        panel.findChild<QSlider*>()->setValue(80);
        QCOMPARE(opacity.count(), 1);
        QCOMPARE(opacity.first().at(0).toDouble(), 0.8);
        panel.findChild<QCheckBox*>()->setChecked(true);
        QCOMPARE(outline.count(), 1);
        QCOMPARE(outline.first().at(0).toBool(), true);
        // Setting the opacity from outside (the View menu's toggle) moves the slider.
        panel.setOpacity(0.0);
        QCOMPARE(panel.findChild<QSlider*>()->value(), 0);
        // Listing labels anew reports nothing.
        visibility.clear();
        panel.setLabels(table(), present);
        QCOMPARE(visibility.count(), 0);
    }

    void defaultColoursMatchQtsHsvConversion() {
        // The engine has no Qt; its default label colours must still be the ones the app always
        // showed (QColor::fromHsv(v · 47° mod 360, 200, 235)).
        const mr::imaging::LabelTable t = mr::imaging::defaultLabelTable();
        for (int v = 1; v < 256; ++v) {
            const QColor qt = QColor::fromHsv((v * 47) % 360, 200, 235);
            const auto& e = t[size_t(v)];
            QVERIFY2(qt.red() == e.r && qt.green() == e.g && qt.blue() == e.b,
                     qPrintable(QString("%1: %2 vs %3,%4,%5").arg(v).arg(qt.name()).arg(e.r).arg(e.g).arg(e.b)));
        }
    }
};

QTEST_MAIN(LabelOverlayPanelTest)
#include "label_overlay_panel_test.moc"
