#include "engine/edit/edit_statistics.h"

namespace mr::edit {

EditStatistics compareMasks(const uint8_t* first, const uint8_t* final, size_t count) {
    EditStatistics s;
    int64_t both = 0;
    for (size_t i = 0; i < count; ++i) {
        const bool a = first[i] != 0, b = final[i] != 0;
        s.firstPixels += a;
        s.finalPixels += b;
        both += a && b;
        s.pixelsChanged += a != b;
    }
    const int64_t total = s.firstPixels + s.finalPixels;
    s.dice = total == 0 ? 1.0 : 2.0 * double(both) / double(total);
    return s;
}

}  // namespace mr::edit
