#include "widgets/propagation_range_dialog.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>

#include <algorithm>

namespace mr::widgets {

PropagationRangeDialog::PropagationRangeDialog(int64_t depth, int64_t currentSlice, QWidget* parent)
    : QDialog(parent), depth_(std::max<int64_t>(depth, 1)), current_(std::clamp<int64_t>(currentSlice, 0, depth_ - 1)) {
    setWindowTitle(tr("Propagate Through Volume"));
    auto* form = new QFormLayout(this);
    auto* intro = new QLabel(tr("The mask on slice %1 is carried forward and backward with MedSAM2; the other "
                                "slices of the range are replaced (one undo step).")
                                 .arg(current_ + 1),
                             this);
    intro->setWordWrap(true);
    form->addRow(intro);
    all_ = new QRadioButton(tr("&All slices (1–%1)").arg(depth_), this);
    all_->setObjectName("allSlices");
    range_ = new QRadioButton(tr("&Slices:"), this);
    range_->setObjectName("chosenRange");
    from_ = new QSpinBox(this);
    from_->setObjectName("fromSlice");
    to_ = new QSpinBox(this);
    to_->setObjectName("toSlice");
    for (QSpinBox* box : {from_, to_}) box->setRange(1, int(depth_));
    from_->setValue(1);
    to_->setValue(int(depth_));
    auto* rangeRow = new QHBoxLayout;
    rangeRow->addWidget(range_);
    rangeRow->addWidget(from_);
    rangeRow->addWidget(new QLabel(tr("to"), this));
    rangeRow->addWidget(to_);
    form->addRow(all_);
    form->addRow(rangeRow);
    footer_ = FormFooter(this, form, QStringLiteral("rangeProblem"));
    all_->setChecked(true);
    for (QRadioButton* r : {all_, range_}) connect(r, &QRadioButton::toggled, this, &PropagationRangeDialog::validate);
    for (QSpinBox* box : {from_, to_}) {
        connect(box, &QSpinBox::valueChanged, this, &PropagationRangeDialog::validate);
        // Typing a number chooses the range.
        connect(box, &QSpinBox::valueChanged, range_, [this] { range_->setChecked(true); });
    }
    validate();
}

int64_t PropagationRangeDialog::firstSlice() const { return all_->isChecked() ? 0 : from_->value() - 1; }

int64_t PropagationRangeDialog::lastSlice() const { return all_->isChecked() ? depth_ - 1 : to_->value() - 1; }

QString PropagationRangeDialog::problem() const {
    if (all_->isChecked()) return {};
    if (from_->value() > to_->value())
        return tr("The first slice (%1) is after the last (%2).").arg(from_->value()).arg(to_->value());
    if (current_ < firstSlice() || current_ > lastSlice())
        return tr("The range must include slice %1, whose mask is carried through it.").arg(current_ + 1);
    return {};
}

void PropagationRangeDialog::validate() {
    footer_.showProblem(problem());
}

}  // namespace mr::widgets
