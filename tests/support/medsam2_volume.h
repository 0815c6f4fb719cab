#pragma once
// The tiny MedSAM2 fixture's 12-slice CT volume (8-bit PNG slices, read with OpenCV), its expert
// settings, and a disc around the bright blob of its key slice: what the volume propagation tests
// carry through the volume.
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/ground/model_set.h"
#include "engine/imaging/image.h"

namespace mr::test {

inline const std::string kMedSam2Fixture = std::string(MR_FIXTURES_DIR) + "/medsam2-tiny/";
inline constexpr int kMedSam2Depth = 12, kMedSam2KeySlice = 4;

inline cv::Mat readFixtureGray(const std::string& name) {
    cv::Mat m = cv::imread(kMedSam2Fixture + name, cv::IMREAD_GRAYSCALE);
    if (m.empty()) throw std::runtime_error("cannot read " + kMedSam2Fixture + name);
    return m;
}

// The CT script's volume as the fixture stores it (spacing 1 x 1 x 2.5 mm; a caller may change the
// geometry of the returned image).
inline mr::imaging::Image medsam2Volume() {
    const cv::Mat first = readFixtureGray("vol_slice00.png");
    mr::imaging::Geometry grid;
    grid.size = {first.cols, first.rows, kMedSam2Depth};
    grid.spacing = {1.0, 1.0, 2.5};
    mr::imaging::Image image(mr::imaging::PixelType::UInt8, grid);
    for (int z = 0; z < kMedSam2Depth; ++z) {
        char name[32];
        std::snprintf(name, sizeof name, "vol_slice%02d.png", z);
        const cv::Mat s = readFixtureGray(name);
        std::copy(s.data, s.data + image.sliceBytes(), image.bytes() + size_t(z) * image.sliceBytes());
    }
    image.metadata().modality = "CT";
    return image;
}

inline mr::ground::ExpertSettings medsam2Expert() {
    mr::ground::ExpertSettings e;
    e.type = mr::ground::ExpertType::MedSam2;
    e.checkpoint = kMedSam2Fixture + "model.safetensors";
    e.device = "cpu";
    return e;
}

// A disc drawn on the key slice, around the bright blob (0/1, width*height).
inline std::vector<uint8_t> medsam2KeyMask(const mr::imaging::Image& volume) {
    const int w = int(volume.width()), h = int(volume.height());
    std::vector<uint8_t> mask(size_t(w) * size_t(h), 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) mask[size_t(y * w + x)] = (x - 100) * (x - 100) + (y - 128) * (y - 128) < 900;
    return mask;
}

}  // namespace mr::test
