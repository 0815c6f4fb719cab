#pragma once
// A segmentation expert that needs no weights (the default until a model is configured):
// OpenCV GrabCut seeded by the prompts. Box: outside = sure background, inside = probable
// foreground. Points: positive = sure foreground (a small disc), negative = sure background.
// Points without a box: probable foreground around the positive points, probable background
// elsewhere. The result keeps the connected parts that hold a positive point (or the largest
// part inside the box). Works on colour photos and on gray CT/MR windows (replicated to RGB).
#include <memory>

#include "engine/segment/segmentation_expert.h"

namespace mr::segment {

struct ClassicalOptions {
    int iterations = 5;     // GrabCut iterations
    int workingSize = 512;  // longest side the image is reduced to for speed (0: full size)
};

std::unique_ptr<SegmentationExpert> makeClassicalExpert(ClassicalOptions options = {});

}  // namespace mr::segment
