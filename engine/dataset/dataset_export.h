#pragma once
// Exports of a dataset folder for other tools. Accepted, corrected and imported samples are ground
// truth, so only they are exported (isGroundTruth); nothing of .medreasoner/ (the salt) ever
// leaves the folder.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/dataset/dataset_store.h"

namespace mr::dataset {

// Final masks as 0/255 PNGs named <id>.png in outDir (created); characters of an imported id that
// do not belong in a file name become '_'. An imported record without a mask has no PNG.
void exportPngMasks(const DatasetStore& store, const std::string& outDir);

// One uint8 label map per source series, <seriesKey>.nii.gz in outDir (created): the volume size
// and geometry of the SourceReference, each sample's final mask at its slice with label 1.
// Imported records carry no volume geometry and are not part of this export.
// Throws DatasetError when a mask does not fit its series (size, slice out of range).
void exportNiftiLabelMaps(const DatasetStore& store, const std::string& outDir);

// A COCO instance-segmentation file: images (file_name relative to the dataset folder),
// annotations (compressed RLE as pycocotools writes it, area, bbox [x, y, w, h], iscrowd 0; an
// imported record without a mask gives its box alone; "attributes" holds the question and an
// imported record's own extra fields) and categories (name, supercategory).
void exportCoco(const DatasetStore& store, const std::string& jsonPath);

// COCO's compressed RLE of a 0/non-zero mask stored row-major (width*height): column-major runs,
// starting with a background run, written as pycocotools' "counts" string.
std::string cocoRleEncode(const uint8_t* mask, int width, int height);
// The row-major 0/1 mask of a "counts" string; throws DatasetError when it does not describe
// exactly width*height pixels.
std::vector<uint8_t> cocoRleDecode(const std::string& counts, int width, int height);

}  // namespace mr::dataset
