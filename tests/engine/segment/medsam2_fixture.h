#pragma once
// Helpers for the medsam2-tiny fixture (tests/fixtures/medsam2-tiny, see its README): goldens
// computed with the official MedSAM2 / MedReasoner code, the PNG inputs and masks (read with
// OpenCV), and the comparisons the fidelity tests print.
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "engine/core/json.h"
#include "engine/nn/safetensors.h"
#include "engine/segment/sam2/sam2_expert.h"
#include "engine/segment/sam2/sam2_model.h"
#include "tests/engine/segment/fixture.h"

namespace ms2fx {

inline std::string dir() { return std::string(MR_FIXTURES_DIR) + "/medsam2-tiny"; }

inline const mr::json::Value& expected() {
    static const mr::json::Value v = mr::json::parseFile(dir() + "/expected.json");
    return v;
}

inline const mr::nn::SafeTensorsFile& goldens() {
    static const mr::nn::SafeTensorsFile f(dir() + "/goldens.safetensors");
    return f;
}

inline torch::Tensor golden(const std::string& name) { return goldens().tensor(name); }

// The model at an image size, loaded once per size from model.safetensors on the CPU.
inline std::shared_ptr<mr::segment::sam2::Sam2Model> model(int imageSize) {
    static std::map<int, std::shared_ptr<mr::segment::sam2::Sam2Model>> cache;
    auto& m = cache[imageSize];
    if (!m) {
        mr::segment::sam2::Sam2LoadOptions o;
        o.imageSize = imageSize;
        o.device.kind = mr::nn::DeviceChoice::Kind::Cpu;
        m = mr::segment::sam2::loadSam2Model(dir() + "/model.safetensors", o);
    }
    return m;
}

inline mr::RgbImage rgbImage(const std::string& name);

// The image predictor holding a fixture image, per image size: each image is encoded once.
inline mr::segment::sam2::Sam2Expert& expert(int imageSize, const std::string& png) {
    static std::map<std::pair<int, std::string>, std::unique_ptr<mr::segment::sam2::Sam2Expert>> cache;
    auto& e = cache[{imageSize, png}];
    if (!e) {
        e = std::make_unique<mr::segment::sam2::Sam2Expert>(model(imageSize));
        e->setImage(rgbImage(png), mr::CancelToken());
    }
    return *e;
}

// An 8-bit PNG: RGB images as RGB, gray ones as one channel.
inline cv::Mat readPng(const std::string& name, bool color) {
    cv::Mat m = cv::imread(dir() + "/" + name, color ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
    if (m.empty()) ADD_FAILURE() << "cannot read " << name;
    if (color && !m.empty()) cv::cvtColor(m, m, cv::COLOR_BGR2RGB);
    return m;
}

inline mr::RgbImage rgbImage(const std::string& name) {
    cv::Mat m = readPng(name, true);
    mr::RgbImage im{m.cols, m.rows, std::vector<uint8_t>(m.total() * 3)};
    for (int y = 0; y < m.rows; ++y) std::memcpy(&im.rgb[size_t(y) * size_t(m.cols) * 3], m.ptr(y), size_t(m.cols) * 3);
    return im;
}

inline torch::Tensor pngTensor(const std::string& name) {
    cv::Mat m = readPng(name, false);
    return torch::from_blob(m.data, {m.rows, m.cols}, torch::kUInt8).clone();
}

// Checks the stats the fixture records of `t`: sum, abs_sum and sq_sum within perElement * numel,
// min and max within `extreme`. Prints the largest errors.
inline void expectStats(const std::string& what, const torch::Tensor& t, const mr::json::Value& stats,
                        double perElement, double extreme) {
    const torch::Tensor d = t.to(torch::kFloat64);
    const double got[] = {d.sum().item<double>(), d.abs().sum().item<double>(), d.pow(2).sum().item<double>(),
                          d.min().item<double>(), d.max().item<double>()};
    const char* keys[] = {"sum", "abs_sum", "sq_sum", "min", "max"};
    double worstSum = 0, worstExtreme = 0;
    for (int i = 0; i < 5; ++i) {
        const double err = std::abs(got[i] - stats.at(keys[i]).asDouble());
        const double tol = i < 3 ? perElement * double(t.numel()) : extreme;
        (i < 3 ? worstSum : worstExtreme) = std::max(i < 3 ? worstSum : worstExtreme, err);
        EXPECT_LE(err, tol) << what << " " << keys[i] << ": " << got[i] << " vs " << stats.at(keys[i]).asDouble();
    }
    std::printf("  stats    %-48s sums %.3g, min/max %.3g\n", what.c_str(), worstSum, worstExtreme);
}

// Our binary mask (logits > 0) against a reference PNG: every differing pixel must be one whose
// logit is within 1e-3 of the threshold (the fixture's "ambiguous" pixels), and there may be no
// more of them than the reference counted. Returns the number of differing pixels.
inline int64_t expectMaskMatches(const std::string& what, const torch::Tensor& logits, const std::string& png,
                                 int64_t ambiguousInReference) {
    const torch::Tensor ref = pngTensor(png) > 127;
    const torch::Tensor ours = logits > 0;
    const torch::Tensor differ = ours != ref;
    const int64_t n = differ.sum().item<int64_t>();
    const int64_t decided = differ.logical_and(logits.abs() >= 1e-3).sum().item<int64_t>();
    std::printf("  %-50s %lld pixel(s) differ (reference: %lld ambiguous)\n", what.c_str(), (long long)n,
                (long long)ambiguousInReference);
    EXPECT_EQ(decided, 0) << what << ": pixels differ where the logit is not ambiguous";
    EXPECT_LE(n, ambiguousInReference) << what;
    return n;
}

}  // namespace ms2fx
