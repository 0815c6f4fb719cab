#pragma once
// Label maps: a uint8 volume whose voxel values name structures (0 is background), and the table
// that gives each value a name, a colour and whether it is shown. The table comes from a
// labels.json beside the map, a list of {"value": 1, "name": "liver", "color": [r, g, b],
// "visible": true}; values it does not list keep their number as name and a default colour.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/imaging/image.h"

namespace mr::imaging {

struct LabelEntry {
    std::string name;
    uint8_t r = 255, g = 0, b = 0;
    bool visible = true;
};

// Index = label value (at most 256 entries; entry 0, the background, is never drawn).
using LabelTable = std::vector<LabelEntry>;

// 256 entries: value v is named "v" and coloured by hue v·47° (saturation 200/255, value 235/255),
// so neighbouring values differ clearly.
LabelTable defaultLabelTable();

// defaultLabelTable() with the entries of a labels.json text applied: values outside 1..255 are
// ignored, a missing name is empty, a missing "visible" is true. Throws mr::Error naming `source`
// and the entry when the text is not JSON, not a list of objects, an entry has no integer value,
// or a colour is not three integers 0..255.
LabelTable parseLabelTable(std::string_view json, const std::string& source);

// parseLabelTable() of the file at `path`.
LabelTable readLabelTable(const std::string& path);

// Which values occur in a uint8 label map (256 flags, index = value). Polls `cancel` per slice.
// Throws mr::Error when the map does not hold uint8 voxels.
std::vector<bool> presentLabels(const Image& labels, const mr::CancelToken& cancel = {});

// A label map as the viewer shows it: the voxels, their table and which values occur.
struct LabelMap {
    Image labels;
    LabelTable table;
    std::vector<bool> present;
};

// Reads a uint8 NIfTI label map, the labels.json in its folder when there is one, and which
// labels occur. Throws mr::Error naming the file and why (unreadable, not 8-bit, bad table).
LabelMap readLabelMap(const std::string& path, const mr::CancelToken& cancel = {}, const mr::ProgressFn& progress = {});

}  // namespace mr::imaging
