// The range dialog of Mask → Propagate Through Volume: all slices by default, the range's spin
// boxes bounded by the volume, 1-based numbers given back 0-based, typing a number choosing the
// range, and OK refused (with the reason) for a range after its end or one without the slice shown.
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QtTest>

#include "widgets/propagation_range_dialog.h"

using mr::widgets::PropagationRangeDialog;

class PropagationRangeDialogTest : public QObject {
    Q_OBJECT

    static QPushButton* ok(PropagationRangeDialog& d) {
        return d.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    }

private Q_SLOTS:
    void defaultsToAllSlicesOfTheVolume() {
        PropagationRangeDialog d(40, 17);
        QVERIFY(d.findChild<QRadioButton*>("allSlices")->isChecked());
        QVERIFY(d.findChild<QRadioButton*>("allSlices")->text().contains("40"));
        auto* from = d.findChild<QSpinBox*>("fromSlice");
        auto* to = d.findChild<QSpinBox*>("toSlice");
        QCOMPARE(from->minimum(), 1);
        QCOMPARE(from->maximum(), 40);
        QCOMPARE(to->maximum(), 40);
        QCOMPARE(from->value(), 1);
        QCOMPARE(to->value(), 40);
        QCOMPARE(d.firstSlice(), int64_t(0));
        QCOMPARE(d.lastSlice(), int64_t(39));
        QVERIFY(ok(d)->isEnabled());
        QVERIFY(d.problem().isEmpty());
        // The text names the slice shown, 1-based as the viewer shows it.
        bool named = false;
        for (QLabel* label : d.findChildren<QLabel*>()) named |= label->text().contains("slice 18");
        QVERIFY(named);
    }

    void aChosenRangeIsGivenBackZeroBased() {
        PropagationRangeDialog d(40, 17);
        auto* from = d.findChild<QSpinBox*>("fromSlice");
        auto* to = d.findChild<QSpinBox*>("toSlice");
        from->setValue(10);  // typing a number chooses the range
        QVERIFY(d.findChild<QRadioButton*>("chosenRange")->isChecked());
        to->setValue(25);
        QCOMPARE(d.firstSlice(), int64_t(9));
        QCOMPARE(d.lastSlice(), int64_t(24));
        QVERIFY(ok(d)->isEnabled());
        // Back to all slices: the spin boxes no longer count.
        d.findChild<QRadioButton*>("allSlices")->setChecked(true);
        QCOMPARE(d.firstSlice(), int64_t(0));
        QCOMPARE(d.lastSlice(), int64_t(39));
    }

    void aRangeMustHoldTheSliceShownAndBeInOrder() {
        PropagationRangeDialog d(40, 17);
        auto* from = d.findChild<QSpinBox*>("fromSlice");
        auto* to = d.findChild<QSpinBox*>("toSlice");
        auto* problem = d.findChild<QLabel*>("rangeProblem");
        from->setValue(20);  // slice 18 is shown: outside 20..40
        QVERIFY(!ok(d)->isEnabled());
        QVERIFY(problem->text().contains("18"));
        from->setValue(18);
        QVERIFY(ok(d)->isEnabled());
        QVERIFY(problem->text().isEmpty());
        to->setValue(5);  // after its end
        QVERIFY(!ok(d)->isEnabled());
        QVERIFY(d.problem().contains("after"));
        to->setValue(18);  // a range of one slice: the prompt slice alone is allowed
        QVERIFY(ok(d)->isEnabled());
        // Values outside the volume cannot be typed.
        to->setValue(99);
        QCOMPARE(to->value(), 40);
    }

    void theSliceShownIsClampedIntoTheVolume() {
        PropagationRangeDialog d(3, 7);
        QCOMPARE(d.lastSlice(), int64_t(2));
        d.findChild<QSpinBox*>("fromSlice")->setValue(1);
        d.findChild<QSpinBox*>("toSlice")->setValue(2);  // slice 3 (clamped from 8) is outside
        QVERIFY(!ok(d)->isEnabled());
    }
};

QTEST_MAIN(PropagationRangeDialogTest)
#include "propagation_range_dialog_test.moc"
