#include "widgets/interactions/slice_scroll_interaction.h"

#include <algorithm>

namespace mr::widgets {

bool SliceScrollInteraction::key(const SliceInput& in, int key) {
    const int64_t slice = in.viewport.slice, count = in.viewport.sliceCount();
    const int64_t page = std::max<int64_t>(1, count / 10);
    switch (key) {
        case Qt::Key_Up:
        case Qt::Key_Right: Q_EMIT sliceRequested(slice + 1); return true;
        case Qt::Key_Down:
        case Qt::Key_Left: Q_EMIT sliceRequested(slice - 1); return true;
        case Qt::Key_PageUp: Q_EMIT sliceRequested(slice + page); return true;
        case Qt::Key_PageDown: Q_EMIT sliceRequested(slice - page); return true;
        case Qt::Key_Home: Q_EMIT sliceRequested(0); return true;
        case Qt::Key_End: Q_EMIT sliceRequested(count - 1); return true;
        default: return false;
    }
}

void SliceScrollInteraction::wheel(const SliceInput& in, int steps) {
    Q_EMIT sliceRequested(in.viewport.slice + steps);
}

}  // namespace mr::widgets
