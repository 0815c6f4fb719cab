#pragma once
// The dataset as DICOM SEG, for PACS and viewers (OHIF, 3D Slicer): one de-identified SEG per
// source series. A saved sample keeps no UIDs, so the SEG gets new ones and takes its grid from
// the sample's SourceReference; linking a SEG to its source series is the open image's export
// (engine/imaging/dicom_seg_writer.h), not the dataset's.
#include <string>
#include <vector>

#include "engine/dataset/dataset_store.h"

namespace mr::dataset {

// <seriesKey>.dcm in outDir (created) per series of accepted and corrected samples: one segment
// per category (label = the category, coded from the built-in term list), each sample's final
// mask at its slice; semi-automatic (the expert and reasoner named) when an expert drew the first
// mask, else manual; the annotators as content creator. Pictures become SEGs without patient
// coordinates. Returns the files written. Throws DatasetError naming the sample that does not fit.
std::vector<std::string> exportDicomSegs(const DatasetStore& store, const std::string& outDir,
                                         const std::string& softwareVersion = "0");

}  // namespace mr::dataset
