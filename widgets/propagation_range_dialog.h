#pragma once
// Mask → Propagate Through Volume asks which slices to carry the mask over: all of the volume, or a
// chosen range (1-based slice numbers as the viewer shows them). The range must hold the slice
// shown, whose mask is the prompt; OK stays disabled, with the reason, until it does.
#include <QDialog>

#include <cstdint>

#include "widgets/form_footer.h"

class QRadioButton;
class QSpinBox;

namespace mr::widgets {

class PropagationRangeDialog : public QDialog {
    Q_OBJECT
public:
    // `depth`: the volume's slice count (>= 1); `currentSlice`: the axial slice shown (0-based).
    PropagationRangeDialog(int64_t depth, int64_t currentSlice, QWidget* parent = nullptr);

    // The chosen range, 0-based and inclusive (all slices: 0 .. depth - 1).
    int64_t firstSlice() const;
    int64_t lastSlice() const;
    // Why the choice cannot be used; empty when it can.
    QString problem() const;

private:
    void validate();

    int64_t depth_, current_;
    QRadioButton* all_;
    QRadioButton* range_;
    QSpinBox* from_;
    QSpinBox* to_;
    FormFooter footer_;
};

}  // namespace mr::widgets
