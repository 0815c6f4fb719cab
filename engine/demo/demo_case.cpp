#include "engine/demo/demo_case.h"

#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/demo/abdomen_phantom.h"
#include "engine/imaging/dicom_series_writer.h"
#include "engine/imaging/nifti.h"

namespace fs = std::filesystem;

namespace mr::demo {

namespace {
constexpr int kPhantomVersion = 2;  // bump when the phantom changes so old copies are rebuilt
const char* kMarker = "demo-case.json";
}  // namespace

DemoCase demoCaseAt(const std::string& root) {
    fs::path r(root);
    return {r.string(), (r / "ct").string(), (r / "labels.nii.gz").string(), (r / "labels.json").string()};
}

bool demoCaseExists(const std::string& root) {
    try {
        auto marker = json::parseFile((fs::path(root) / kMarker).string());
        return marker.get("version", 0) == kPhantomVersion;
    } catch (const mr::Error&) {
        return false;
    }
}

DemoCase ensureDemoCase(const std::string& root, const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
    if (demoCaseExists(root)) return demoCaseAt(root);
    auto report = [&](double f, const char* what) {
        if (progress) progress(f, what);
    };
    fs::path target(root);
    fs::path staging = target;
    staging += ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec) throw mr::Error("cannot create " + staging.string() + ": " + ec.message());

    report(0.0, "Generating the phantom");
    Phantom p = makeAbdomenPhantom();
    cancel.check();
    report(0.3, "Writing the DICOM series");
    DemoCase staged = demoCaseAt(staging.string());
    mr::imaging::DicomSeriesOptions opts;
    opts.studyDescription = p.ct.metadata().studyDescription;
    opts.seriesDescription = p.ct.metadata().seriesDescription;
    opts.bodyPart = "ABDOMEN";
    opts.shuffleFileNames = true;  // readers must sort by position, not by name
    mr::imaging::writeDicomSeries(p.ct, staged.dicomFolder, opts, cancel);
    report(0.8, "Writing the label map");
    mr::imaging::writeNifti(p.labels, staged.labelsPath);

    json::Value table = json::Value::array();
    for (const auto& l : phantomLabels()) {
        json::Value e = json::Value::object();
        e.set("value", int(l.value));
        e.set("name", l.name);
        json::Value rgb = json::Value::array();
        rgb.push_back(int(l.r));
        rgb.push_back(int(l.g));
        rgb.push_back(int(l.b));
        e.set("color", rgb);
        e.set("mean_hu", l.meanHu);
        e.set("visible", l.value != Body);  // the whole body would tint every slice
        table.push_back(e);
    }
    mr::writeFileAtomic(staged.labelTable, json::dump(table, 2));
    json::Value marker = json::Value::object();
    marker.set("version", kPhantomVersion);
    json::Value lesion = json::Value::array();
    for (auto v : p.lesionCentre) lesion.push_back(v);
    marker.set("lesion_centre_voxel", lesion);
    mr::writeFileAtomic((staging / kMarker).string(), json::dump(marker, 2));

    fs::remove_all(target, ec);
    fs::create_directories(target.parent_path(), ec);
    fs::rename(staging, target, ec);
    if (ec) throw mr::Error("cannot move the demo case into " + target.string() + ": " + ec.message());
    report(1.0, "Demo case ready");
    return demoCaseAt(root);
}

}  // namespace mr::demo
