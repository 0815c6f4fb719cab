#include "engine/imaging/label_map.h"

#include <cmath>
#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/imaging/nifti.h"

namespace mr::imaging {

namespace {

constexpr int kLabelValues = 256;

uint8_t channel(double fraction) { return uint8_t(std::lround(fraction * 255.0)); }

// HSV (hue in degrees, saturation and value in 0..1) to RGB, the usual six-sector formula.
LabelEntry colourFromHsv(double hueDegrees, double saturation, double value) {
    const double sector = std::fmod(hueDegrees, 360.0) / 60.0;
    const int i = int(sector);
    const double f = sector - i;
    const double p = value * (1 - saturation);
    const double q = value * (1 - saturation * f);
    const double t = value * (1 - saturation * (1 - f));
    double r = value, g = t, b = p;
    switch (i) {
        case 1: r = q, g = value, b = p; break;
        case 2: r = p, g = value, b = t; break;
        case 3: r = p, g = q, b = value; break;
        case 4: r = t, g = p, b = value; break;
        case 5: r = value, g = p, b = q; break;
        default: break;
    }
    LabelEntry e;
    e.r = channel(r), e.g = channel(g), e.b = channel(b);
    return e;
}

uint8_t colourComponent(const mr::json::Value& v) {
    if (!v.isInteger() || v.asInt() < 0 || v.asInt() > 255) throw mr::Error("\"color\" must be three integers 0..255");
    return uint8_t(v.asInt());
}

void applyEntry(const mr::json::Value& e, LabelTable& table) {
    if (!e.isObject()) throw mr::Error("not an object");
    const mr::json::Value* value = e.find("value");
    if (!value || !value->isInteger()) throw mr::Error("no integer \"value\"");
    const int64_t v = value->asInt();
    if (v <= 0 || v >= int64_t(table.size())) return;  // background or not a uint8 label
    LabelEntry& entry = table[size_t(v)];
    entry.name = e.get("name", "");
    entry.visible = e.get("visible", true);
    if (const mr::json::Value* c = e.find("color")) {
        if (!c->isArray() || c->size() != 3) throw mr::Error("\"color\" must be three integers 0..255");
        entry.r = colourComponent((*c)[0]), entry.g = colourComponent((*c)[1]), entry.b = colourComponent((*c)[2]);
    }
}

}  // namespace

LabelTable defaultLabelTable() {
    LabelTable table(kLabelValues);
    for (int v = 1; v < kLabelValues; ++v) {
        table[size_t(v)] = colourFromHsv((v * 47) % 360, 200.0 / 255.0, 235.0 / 255.0);
        table[size_t(v)].name = std::to_string(v);
    }
    return table;
}

LabelTable parseLabelTable(std::string_view text, const std::string& source) {
    mr::json::Value entries;
    try {
        entries = mr::json::parse(text);
    } catch (const mr::Error& e) {
        throw mr::Error(source + ": " + e.what());
    }
    if (!entries.isArray()) throw mr::Error(source + ": expected a list of labels ({\"value\", \"name\", \"color\"})");
    LabelTable table = defaultLabelTable();
    for (size_t i = 0; i < entries.size(); ++i) {
        try {
            applyEntry(entries[i], table);
        } catch (const mr::Error& e) {
            throw mr::Error(source + ": label entry " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    return table;
}

LabelTable readLabelTable(const std::string& path) { return parseLabelTable(mr::readFile(path), path); }

std::vector<bool> presentLabels(const Image& labels, const mr::CancelToken& cancel) {
    std::vector<bool> present(kLabelValues, false);
    if (labels.empty()) return present;
    if (labels.pixelType() != PixelType::UInt8) throw mr::Error("a label map must hold 8-bit labels");
    const size_t sliceVoxels = size_t(labels.width() * labels.height());
    const uint8_t* voxels = labels.data<uint8_t>();
    for (int64_t z = 0; z < labels.depth(); ++z) {
        cancel.check();
        bool seen[kLabelValues] = {};
        const uint8_t* s = voxels + size_t(z) * sliceVoxels;
        for (size_t i = 0; i < sliceVoxels; ++i) seen[s[i]] = true;
        for (int v = 0; v < kLabelValues; ++v)
            if (seen[v]) present[size_t(v)] = true;
    }
    return present;
}

LabelMap readLabelMap(const std::string& path, const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
    LabelMap map;
    map.labels = readNifti(path, cancel, progress);
    if (map.labels.pixelType() != PixelType::UInt8)
        throw mr::Error(path + ": a label map must hold 8-bit labels, not " + pixelTypeName(map.labels.pixelType()));
    // The table lives beside the map; without one every label keeps its number and default colour.
    const std::filesystem::path table = std::filesystem::absolute(path).parent_path() / "labels.json";
    std::error_code ec;
    map.table = std::filesystem::exists(table, ec) ? readLabelTable(table.string()) : defaultLabelTable();
    if (progress) progress(1.0, "Finding the labels present");
    map.present = presentLabels(map.labels, cancel);
    return map;
}

}  // namespace mr::imaging
