#pragma once
// The label values a label map on screen holds, in order: what a person sees drawn.
#include <algorithm>
#include <vector>

#include "engine/imaging/image.h"

namespace mr::test {

inline std::vector<int> labelsShown(const mr::imaging::Image& labels) {
    std::vector<bool> seen(256, false);
    if (!labels.empty())
        for (int64_t i = 0; i < labels.geometry().voxelCount(); ++i) seen[labels.bytes()[i]] = true;
    std::vector<int> present;
    for (int v = 1; v < 256; ++v)
        if (seen[size_t(v)]) present.push_back(v);
    return present;
}

}  // namespace mr::test
