#include "engine/imaging/image_json.h"

#include "engine/imaging/image_info.h"

namespace mr::imaging {

using mr::json::Value;

namespace {

Value triple(const std::array<double, 3>& a) {
    Value v = Value::array();
    for (double x : a) v.push_back(x);
    return v;
}

Value windowsJson(const std::vector<WindowPreset>& presets) {
    Value windows = Value::array();
    for (const auto& w : presets) {
        Value o = Value::object();
        o.set("name", w.name);
        o.set("center", w.center);
        o.set("width", w.width);
        windows.push_back(o);
    }
    return windows;
}

Value statisticsJson(const Image& image) {
    const ImageStatistics st = computeStatistics(image);
    Value stats = Value::object();
    stats.set("min", st.min);
    stats.set("max", st.max);
    stats.set("mean", st.mean);
    return stats;
}

Value stringsJson(const std::vector<std::string>& strings) {
    Value list = Value::array();
    for (const auto& s : strings) list.push_back(s);
    return list;
}

}  // namespace

Value imageToJson(const Image& image) {
    const auto& g = image.geometry();
    const auto& m = image.metadata();
    Value v = Value::object();
    v.set("dimensions", Value(mr::json::Array{Value(g.size[0]), Value(g.size[1]), Value(g.size[2])}));
    v.set("spacing", triple(g.spacing));
    v.set("origin", triple(g.origin));
    Value dir = Value::array();
    for (double d : g.direction) dir.push_back(d);
    v.set("direction", dir);
    v.set("orientation", orientationCode(g));
    v.set("plane", slicePlaneName(g));
    v.set("pixel_type", pixelTypeName(image.pixelType()));
    v.set("modality", m.modality);
    v.set("photometric", m.photometric);
    if (!m.sourcePhotometric.empty()) v.set("source_photometric", m.sourcePhotometric);
    v.set("transfer_syntax", m.transferSyntax);
    if (!m.transferSyntax.empty()) v.set("transfer_syntax_name", transferSyntaxName(m.transferSyntax));
    v.set("series_description", m.seriesDescription);
    v.set("units", m.units);
    v.set("rescale_slope", m.rescaleSlope);
    v.set("rescale_intercept", m.rescaleIntercept);
    v.set("windows", windowsJson(m.windows));
    v.set("statistics", statisticsJson(image));
    v.set("warnings", stringsJson(m.warnings));
    v.set("notes", stringsJson(m.notes));
    return v;
}

Value seriesToJson(const DicomSeriesSummary& s, size_t index) {
    Value v = Value::object();
    v.set("index", int64_t(index));
    v.set("series_instance_uid", s.seriesInstanceUid);
    v.set("series_number", s.seriesNumber);
    v.set("description", s.seriesDescription);
    v.set("modality", s.modality);
    v.set("columns", s.columns);
    v.set("rows", s.rows);
    v.set("slices", s.sliceCount);
    v.set("files", int64_t(s.files.size()));
    v.set("photometric", s.photometric);
    v.set("transfer_syntax", s.transferSyntax);
    v.set("transfer_syntax_name", transferSyntaxName(s.transferSyntax));
    return v;
}

Value skippedFileToJson(const SkippedFile& file) {
    Value o = Value::object();
    o.set("path", file.path);
    o.set("reason", file.reason);
    return o;
}

}  // namespace mr::imaging
