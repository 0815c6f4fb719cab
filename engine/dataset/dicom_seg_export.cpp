#include "engine/dataset/dicom_seg_export.h"

#include <filesystem>
#include <map>
#include <set>

#include "engine/dataset/series_masks.h"
#include "engine/imaging/dicom_seg_writer.h"
#include "engine/imaging/segment_terms.h"

namespace fs = std::filesystem;
namespace im = mr::imaging;

namespace mr::dataset {

namespace {

std::string joined(const std::set<std::string>& names, const char* separator) {
    std::string out;
    for (const auto& n : names)
        if (!n.empty()) out += (out.empty() ? "" : separator) + n;
    return out;
}

// One segment per category, made the way its samples were: by a model (semi-automatic) when any
// of them had an expert's first mask, else by hand.
im::SegmentDescription segmentOf(const std::string& category, const std::vector<const Sample*>& samples) {
    std::set<std::string> experts, reasoners, versions;
    for (const Sample* s : samples) {
        experts.insert(s->expertName);
        reasoners.insert(s->modelVersion);
        versions.insert(s->appVersion.empty() ? "" : "MedReasoner Studio " + s->appVersion);
    }
    return im::describeSegment(category, joined(experts, ", "), joined(reasoners, ", "), joined(versions, ", "));
}

}  // namespace

std::vector<std::string> exportDicomSegs(const DatasetStore& store, const std::string& outDir,
                                         const std::string& softwareVersion) {
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (!fs::is_directory(outDir)) throw DatasetError("cannot create export folder '" + outDir + "'");
    std::vector<std::string> written;
    const std::vector<Sample> truth = store.groundTruth();
    for (const auto& [key, list] : groundTruthBySeries(truth)) {
        im::SegSource source;
        source.geometry = seriesGeometry(*list.front());
        source.patientSpace = list.front()->source.kind != "picture";
        im::Segmentation seg;
        seg.geometry = source.geometry;
        std::map<std::string, std::vector<const Sample*>> byCategory;
        std::set<std::string> annotators;
        for (const Sample* s : list) {
            byCategory[s->category.empty() ? "unspecified" : s->category].push_back(s);
            annotators.insert(s->annotator);
        }
        for (const auto& [category, samples] : byCategory) {
            const size_t index = seg.segments.size();
            im::SegmentDescription d = segmentOf(category, samples);
            d.color = im::segmentColor(index);
            seg.addSegment(d);
            for (const Sample* s : samples)
                for (SliceMask& m : sliceMasksOnSeries(store, *s, seg.geometry, key)) {
                    // Several samples of one category on one slice: their union.
                    const auto& before = seg.segments[index].slices[size_t(m.slice)];
                    for (size_t i = 0; i < before.size(); ++i) m.mask[i] |= before[i];
                    seg.setSlice(index, m.slice, m.mask.data(), m.mask.size());
                }
        }
        im::SegWriteOptions options;
        options.identity = im::SegIdentity::DeIdentified;
        options.seriesDescription = "MedReasoner dataset segmentation";
        options.contentCreator = joined(annotators, ", ");
        options.softwareVersion = softwareVersion;
        const std::string path = (fs::path(outDir) / (key + ".dcm")).string();
        try {
            im::writeDicomSeg(seg, source, options, path);
        } catch (const DatasetError&) {
            throw;
        } catch (const mr::Error& e) {
            throw DatasetError("series " + key + " (samples " + list.front()->id + "...): " + e.what());
        }
        written.push_back(path);
    }
    return written;
}

}  // namespace mr::dataset
