#pragma once
// A synthetic contrast-enhanced abdominal CT (portal venous phase) with its ground-truth labels,
// generated deterministically from analytic shapes: body outline with fat and muscle, liver with a
// hypodense lesion, spleen, kidneys, aorta, inferior vena cava, portal vein and spine, plus image
// noise. It is the demo case and a test subject with known answers.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/imaging/image.h"

namespace mr::demo {

enum Label : uint8_t {
    Background = 0,
    Body = 1,
    Liver = 2,
    Spleen = 3,
    KidneyRight = 4,
    KidneyLeft = 5,
    Aorta = 6,
    VenaCava = 7,
    PortalVein = 8,
    Lesion = 9,
    Vertebra = 10,
};

struct LabelInfo {
    uint8_t value;
    std::string name;
    uint8_t r, g, b;
    double meanHu;  // the mean CT number the phantom gives it (before noise)
};

// Every label with its display colour and mean HU, in label order (index 0 = background).
const std::vector<LabelInfo>& phantomLabels();

struct PhantomOptions {
    int64_t width = 384, height = 384, slices = 160;
    double pixelSpacing = 0.9, sliceSpacing = 1.0;  // mm
    double noiseSigma = 10.0;                       // HU
    uint32_t seed = 20260101;
};

struct Phantom {
    mr::imaging::Image ct;      // int16 HU, modality CT
    mr::imaging::Image labels;  // uint8, same geometry
    // A voxel well inside the lesion and one well inside the liver parenchyma (index space).
    std::array<int64_t, 3> lesionCentre{};
    std::array<int64_t, 3> liverSample{};
};

// Same options, same bytes, on every machine (own Gaussian sampler over std::mt19937).
Phantom makeAbdomenPhantom(const PhantomOptions& options = {});

}  // namespace mr::demo
