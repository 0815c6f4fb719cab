#pragma once
// Shared helpers of the dataset store tests: fresh folders and deterministic sample pixels.
#include <filesystem>
#include <string>

#include "engine/dataset/dataset_store.h"
#include "tests/support/scratch_dir.h"

namespace mr::dataset::test {

// A dataset folder that does not exist yet: opening it for saving creates it.
using mr::testing::freshPath;
inline std::string freshDir(const std::string& name) { return freshPath(name); }

// Pixels that depend on `seed`, so a test can tell samples apart by content.
inline SamplePixels makePixels(int w, int h, int seed) {
    SamplePixels p;
    p.width = w;
    p.height = h;
    p.rgb.resize(size_t(w) * h * 3);
    for (size_t i = 0; i < p.rgb.size(); ++i) p.rgb[i] = uint8_t((i * 7 + size_t(seed) * 13) & 255);
    p.firstMask.resize(size_t(w) * h);
    p.finalMask.resize(size_t(w) * h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            p.firstMask[size_t(y) * w + x] = (x + y + seed) % 5 == 0;
            p.finalMask[size_t(y) * w + x] = (x * y + seed) % 3 == 0;
        }
    return p;
}

inline Sample makeSample(const std::string& question, ReviewStatus status = ReviewStatus::Accepted) {
    Sample s;
    s.status = status;
    s.category = "liver tumor";
    s.supercategory = "abdomen";
    s.question = question;
    s.rawOutput = "<think>look</think><answer>the lesion</answer>";
    s.think = "look";
    s.answerText = "the lesion";
    s.bbox = mr::Box{1, 2, 10, 12};
    s.points = {{3, 4}, {5, 6}};
    s.modality = "CT";
    s.modelVersion = "test-model";
    s.expertName = "classical";
    s.reasonerWidth = 28;
    s.reasonerHeight = 28;
    s.source.kind = "picture";
    s.source.seriesKey = "0123456789abcdef";
    s.source.size = {16, 12, 1};
    s.dice = 0.75;
    s.pixelsChanged = 12;
    s.secondsSpent = 3.5;
    return s;
}

}  // namespace mr::dataset::test
