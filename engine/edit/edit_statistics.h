#pragma once
// How much an expert edited a proposed mask: the figures the evaluation records per case.
#include <cstddef>
#include <cstdint>

namespace mr::edit {

struct EditStatistics {
    double dice = 1;                           // between the first and the final mask; both empty: 1
    int64_t pixelsChanged = 0;                 // pixels whose foreground state differs
    int64_t firstPixels = 0, finalPixels = 0;  // foreground counts
};

// `first` and `final` hold `count` bytes each; any non-zero byte is foreground.
EditStatistics compareMasks(const uint8_t* first, const uint8_t* final, size_t count);

}  // namespace mr::edit
