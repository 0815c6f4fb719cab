#include "engine/demo/abdomen_phantom.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

namespace mr::demo {

const std::vector<LabelInfo>& phantomLabels() {
    static const std::vector<LabelInfo> labels = {
        {Background, "background", 0, 0, 0, -1000},
        {Body, "body", 241, 214, 145, 40},
        {Liver, "liver", 221, 130, 101, 105},
        {Spleen, "spleen", 157, 108, 162, 115},
        {KidneyRight, "right kidney", 185, 102, 83, 160},
        {KidneyLeft, "left kidney", 185, 102, 83, 160},
        {Aorta, "aorta", 224, 97, 76, 170},
        {VenaCava, "inferior vena cava", 0, 151, 206, 140},
        {PortalVein, "portal vein", 0, 112, 165, 150},
        {Lesion, "liver lesion", 255, 255, 0, 30},
        {Vertebra, "vertebra", 241, 214, 230, 600},
    };
    return labels;
}

namespace {

// Shapes are described in millimetres in patient space (LPS): x to the patient's left,
// y to the back, z to the head; (0,0,0) is the centre of the volume.
struct Ellipsoid {
    double cx, cy, cz, rx, ry, rz;
    bool contains(double x, double y, double z) const {
        double dx = (x - cx) / rx, dy = (y - cy) / ry, dz = (z - cz) / rz;
        return dx * dx + dy * dy + dz * dz <= 1.0;
    }
};

struct Cylinder {  // along z
    double cx, cy, r;
    bool contains(double x, double y) const { return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r; }
};

// A standard normal from two uniform draws of mt19937 (whose output is fixed by the standard),
// so the noise is the same with every standard library.
struct Gaussian {
    std::mt19937 rng;
    explicit Gaussian(uint32_t seed) : rng(seed) {}
    double operator()() {
        double u1 = (double(rng()) + 1.0) / 4294967297.0;
        double u2 = double(rng()) / 4294967296.0;
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
};

struct Anatomy {
    // Body: an elliptic cylinder that narrows slightly towards the feet.
    double bodyRx = 160, bodyRy = 118, bodyCy = 5;
    double fatThickness = 14, muscleThickness = 9;
    Ellipsoid liver{-62, -5, 40, 78, 70, 85};
    Ellipsoid liverCut{-5, -60, 40, 40, 30, 90};  // carves the anterior-medial notch
    Ellipsoid lesion{-78, -18, 45, 13, 13, 13};
    Ellipsoid spleen{88, 38, 50, 34, 42, 52};
    Ellipsoid kidneyRight{-58, 52, -25, 28, 24, 52};
    Ellipsoid kidneyLeft{58, 50, -15, 28, 24, 52};
    Cylinder aorta{14, 28, 11};
    Cylinder venaCava{-22, 26, 11};
    Ellipsoid portalVein{-30, 5, 30, 9, 9, 40};
    Cylinder vertebralBody{0, 62, 20};
    Cylinder spinalCanal{0, 92, 9};
    Ellipsoid spinousProcess{0, 102, 0, 7, 16, 1e9};

    uint8_t label(double x, double y, double z) const {
        double taper = 1.0 - 0.08 * (80.0 - z) / 160.0;  // a little narrower at the feet end
        double bx = bodyRx * taper, by = bodyRy * taper;
        double ex = x / bx, ey = (y - bodyCy) / by;
        if (ex * ex + ey * ey > 1.0) return Background;
        if (lesion.contains(x, y, z)) return Lesion;
        if (aorta.contains(x, y)) return Aorta;
        if (venaCava.contains(x, y) && z < 70) return VenaCava;
        if (portalVein.contains(x, y, z)) return PortalVein;
        if (vertebralBody.contains(x, y) || spinousProcess.contains(x, y, 0) ||
            (std::abs(x) < 16 && y > 78 && y < 100 && !spinalCanal.contains(x, y)))
            return Vertebra;
        if (liver.contains(x, y, z) && !liverCut.contains(x, y, z)) return Liver;
        if (spleen.contains(x, y, z)) return Spleen;
        if (kidneyRight.contains(x, y, z)) return KidneyRight;
        if (kidneyLeft.contains(x, y, z)) return KidneyLeft;
        return Body;
    }

    // Mean HU for the body label: skin-fat-muscle layers, then mixed soft tissue and bowel gas.
    double bodyHu(double x, double y, double z) const {
        double taper = 1.0 - 0.08 * (80.0 - z) / 160.0;
        double bx = bodyRx * taper, by = bodyRy * taper;
        // approximate depth below the skin along the radial direction
        double r = std::sqrt((x / bx) * (x / bx) + ((y - bodyCy) / by) * ((y - bodyCy) / by));
        double depth = (1.0 - r) * std::min(bx, by);
        if (depth < 1.5) return 20;                             // skin
        if (depth < fatThickness) return -100;                  // subcutaneous fat
        if (depth < fatThickness + muscleThickness) return 55;  // abdominal wall muscle
        // Bowel loops in mesenteric fat: a smooth pseudo-random field, thresholded into loops
        // (wall and fluid-filled lumen), fat between them, and gas pockets in anterior loops.
        double f = std::sin(x * 0.071 + 1.3) * std::sin(y * 0.083 + z * 0.021) +
                   0.6 * std::sin(x * 0.043 - y * 0.052 + z * 0.033 + 0.7) + 0.35 * std::sin((x + y) * 0.13 + z * 0.05);
        if (f > 0.55) return (y < -25 && f > 1.15) ? -850 : 10;  // lumen: fluid, or gas anteriorly
        if (f > 0.35) return 45;                                 // enhancing bowel wall
        return -95;                                              // mesenteric fat
    }
};

}  // namespace

Phantom makeAbdomenPhantom(const PhantomOptions& o) {
    using namespace mr::imaging;
    Geometry g;
    g.size = {o.width, o.height, o.slices};
    g.spacing = {o.pixelSpacing, o.pixelSpacing, o.sliceSpacing};
    // Centre the volume on the patient origin; slice 0 at the feet end, as scanners write axial CT.
    g.origin = {-(o.width - 1) * o.pixelSpacing / 2, -(o.height - 1) * o.pixelSpacing / 2,
                -(o.slices - 1) * o.sliceSpacing / 2};

    Phantom p;
    p.ct = Image(PixelType::Int16, g);
    p.labels = Image(PixelType::UInt8, g);
    Metadata& m = p.ct.metadata();
    m.orientationKnown = true;  // axial slices in the patient's LPS axes, as a scanner writes them
    m.modality = "CT";
    m.bodyPart = "ABDOMEN";
    m.photometric = "MONOCHROME2";
    m.seriesDescription = "Abdomen portal venous (synthetic phantom)";
    m.studyDescription = "MedReasoner Studio demo";
    m.manufacturer = "MedReasoner Studio phantom";
    m.units = "HU";
    m.windows = {{"Abdomen", 40, 400}, {"Liver", 60, 160}};
    p.labels.metadata().modality = "SEG";

    const Anatomy a;
    const auto& labels = phantomLabels();
    int16_t* ct = p.ct.data<int16_t>();
    uint8_t* lab = p.labels.data<uint8_t>();

    auto fillSlices = [&](int64_t z0, int64_t z1) {
        for (int64_t k = z0; k < z1; ++k) {
            Gaussian noise(o.seed + uint32_t(k) * 7919u);  // per slice: independent of thread split
            for (int64_t j = 0; j < o.height; ++j) {
                for (int64_t i = 0; i < o.width; ++i) {
                    auto pt = g.indexToPhysical({double(i), double(j), double(k)});
                    uint8_t l = a.label(pt[0], pt[1], pt[2]);
                    double hu = l == Body ? a.bodyHu(pt[0], pt[1], pt[2]) : labels[l].meanHu;
                    if (l == Vertebra && (std::abs(pt[0]) > 14 || pt[1] > 78)) hu = 900;  // cortical bone
                    double n = noise();
                    if (l != Background) hu += o.noiseSigma * n;
                    else hu += 2.0 * n;  // air: scanner noise floor
                    size_t idx = size_t((k * o.height + j) * o.width + i);
                    ct[idx] = int16_t(std::lround(std::clamp(hu, -1024.0, 3071.0)));
                    lab[idx] = l;
                }
            }
        }
    };
    int64_t half = o.slices / 2;
    std::thread t(fillSlices, half, o.slices);
    fillSlices(0, half);
    t.join();

    auto toIndex = [&](double x, double y, double z) {
        auto idx = g.physicalToIndex({x, y, z});
        return std::array<int64_t, 3>{std::lround(idx[0]), std::lround(idx[1]), std::lround(idx[2])};
    };
    p.lesionCentre = toIndex(a.lesion.cx, a.lesion.cy, a.lesion.cz);
    p.liverSample = toIndex(-75, 20, 40);
    return p;
}

}  // namespace mr::demo
