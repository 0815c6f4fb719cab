#pragma once
// What the per-series exports (NIfTI label maps, DICOM SEG) share: the ground-truth samples of
// each source series, and a sample's final mask checked against its series' grid.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/dataset/dataset_store.h"
#include "engine/imaging/image.h"

namespace mr::dataset {

// The ground-truth samples (DatasetStore::groundTruth) by SourceReference::seriesKey (samples
// without one are left out); the pointers point into `truth`.
std::map<std::string, std::vector<const Sample*>> groundTruthBySeries(const std::vector<Sample>& truth);

// The grid of a series as the first of its samples describes it; throws DatasetError for an
// invalid size.
mr::imaging::Geometry seriesGeometry(const Sample& first);

// The final mask (0/1, row-major) of `sample`, which must fit `series` (same volume size, a slice
// inside it, the slice's width and height); throws DatasetError naming the sample otherwise.
std::vector<uint8_t> maskOnSeries(const DatasetStore& store, const Sample& sample, const mr::imaging::Geometry& series,
                                  const std::string& seriesKey);

// Every slice a sample contributes to its series: its volume mask's slices (first to last) when it
// has one, with the final 2-D mask added at its own slice; else the final mask alone. 0/1 pixels.
struct SliceMask {
    int64_t slice = 0;
    std::vector<uint8_t> mask;
};
std::vector<SliceMask> sliceMasksOnSeries(const DatasetStore& store, const Sample& sample,
                                          const mr::imaging::Geometry& series, const std::string& seriesKey);

}  // namespace mr::dataset
