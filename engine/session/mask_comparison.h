#pragma once
// Two masks of one image compared as a label map: where both have the structure, where only the
// first has it, where only the second. The evaluation case viewer compares the ground truth with
// the prediction, the adjudicator the first reader's mask with the second reader's.
#include <string>

#include "engine/core/raster.h"
#include "engine/imaging/label_map.h"

namespace mr::session {

// Label values of the comparison (other layers may follow, from 4 on).
enum ComparedLabel : uint8_t { kInBoth = 1, kOnlyInFirst = 2, kOnlyInSecond = 3 };

struct ComparisonNames {
    std::string both, onlyFirst, onlySecond;  // e.g. "Both readers", "First reader only", ...
};

// A uint8 label map on `grid` (a 2-D image: size x × y × 1) with the comparison's three labels
// named by `names`: first green, second magenta, both yellow. A null mask, or one of another size
// than the grid, is left out (then the other one's pixels are all "only" pixels).
mr::imaging::LabelMap maskComparisonMap(const mr::Mask* first, const mr::Mask* second,
                                        const mr::imaging::Geometry& grid, const ComparisonNames& names);

// Marks which labels occur in `map.labels` (map.present; label 0 never counts).
void markPresentLabels(mr::imaging::LabelMap& map);

}  // namespace mr::session
