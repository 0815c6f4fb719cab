#pragma once
// What a figure shows, as plain data the GUI and the CLI both fill and the figure painter
// (figure/figure_painter.h) draws: the slice as displayed, the mask over it, the box and the key
// points, the pixel spacing for the scale bar, the question and the reasoner's trace and answer.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/core/raster.h"

namespace mr::dataset {
class DatasetStore;
struct Sample;
}  // namespace mr::dataset

namespace mr::session {

struct FigureScene {
    mr::RgbImage image;  // the slice as displayed (after window/level)
    mr::Mask mask;       // the image's size, or empty (no mask)
    std::optional<mr::Box> box;
    std::vector<mr::Point> points;  // the key points, in order
    // Millimetres per pixel along x and y; unset when unknown (a plain picture): the scale bar
    // is then in pixels.
    std::optional<std::array<double, 2>> pixelSpacingMm;
    std::string title;  // what the figure shows, e.g. "Sample 000012 · CT"
    std::string question, think, answer;
};

// Throws mr::Error naming what is wrong: an empty image, an RGB buffer or mask of the wrong size,
// a box or point outside the image or not finite, a spacing that is not positive.
void checkFigureScene(const FigureScene& scene);

// The scene of a saved sample of `store`: its image and final mask files, its answer's box and
// points (original pixels), its question, trace and answer, the source's spacing (unknown for
// plain pictures). Throws mr::Error when a file is missing or does not match the record.
FigureScene figureSceneOfSample(const mr::dataset::DatasetStore& store, const mr::dataset::Sample& sample);

}  // namespace mr::session
