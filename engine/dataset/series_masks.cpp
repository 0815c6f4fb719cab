#include "engine/dataset/series_masks.h"

#include <algorithm>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/dataset/volume_mask.h"

namespace mr::dataset {

std::map<std::string, std::vector<const Sample*>> groundTruthBySeries(const std::vector<Sample>& truth) {
    std::map<std::string, std::vector<const Sample*>> bySeries;
    for (const Sample& s : truth)
        if (!s.source.seriesKey.empty()) bySeries[s.source.seriesKey].push_back(&s);
    return bySeries;
}

mr::imaging::Geometry seriesGeometry(const Sample& first) {
    const SourceReference& ref = first.source;
    mr::imaging::Geometry g;
    g.size = ref.size;
    g.spacing = ref.spacing;
    g.origin = ref.origin;
    g.direction = ref.direction;
    if (g.size[0] <= 0 || g.size[1] <= 0 || g.size[2] <= 0)
        throw DatasetError("sample " + first.id + " has an invalid source volume size");
    return g;
}

std::vector<uint8_t> maskOnSeries(const DatasetStore& store, const Sample& s, const mr::imaging::Geometry& g,
                                  const std::string& seriesKey) {
    if (s.source.size != g.size)
        throw DatasetError("sample " + s.id + " shares series " + seriesKey +
                           " with other samples but not its volume size");
    if (s.source.slice < 0 || s.source.slice >= g.size[2])
        throw DatasetError("sample " + s.id + ": slice " + std::to_string(s.source.slice) + " is outside its series (" +
                           std::to_string(g.size[2]) + " slices)");
    const std::string path = store.absolutePath(s.maskFile);
    cv::Mat m = cv::imread(path, cv::IMREAD_GRAYSCALE);
    if (m.empty()) throw DatasetError("cannot read the mask of sample " + s.id + " (" + path + ")");
    if (m.cols != g.size[0] || m.rows != g.size[1])
        throw DatasetError("sample " + s.id + ": the mask is " + std::to_string(m.cols) + "x" + std::to_string(m.rows) +
                           " but its series slices are " + std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]));
    std::vector<uint8_t> mask(size_t(m.cols) * size_t(m.rows));
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x) mask[size_t(y) * size_t(m.cols) + size_t(x)] = m.at<uint8_t>(y, x) ? 1 : 0;
    return mask;
}

std::vector<SliceMask> sliceMasksOnSeries(const DatasetStore& store, const Sample& s, const mr::imaging::Geometry& g,
                                          const std::string& seriesKey) {
    std::vector<uint8_t> final = maskOnSeries(store, s, g, seriesKey);
    std::vector<SliceMask> out;
    if (s.volumeMask) {
        const mr::imaging::Image volume = readVolumeMask(store, s);  // checked against the source size
        const size_t n = volume.sliceBytes();
        for (int64_t z = s.volumeMask->firstSlice; z <= std::min(s.volumeMask->lastSlice, volume.depth() - 1); ++z) {
            const uint8_t* slice = volume.bytes() + size_t(z) * n;
            out.push_back({z, std::vector<uint8_t>(slice, slice + n)});
        }
    }
    auto own = std::find_if(out.begin(), out.end(), [&](const SliceMask& m) { return m.slice == s.source.slice; });
    if (own == out.end()) {
        out.push_back({s.source.slice, std::move(final)});
    } else {
        for (size_t i = 0; i < final.size(); ++i) own->mask[i] |= final[i];
    }
    return out;
}

}  // namespace mr::dataset
