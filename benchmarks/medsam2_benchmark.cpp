// MedSAM2 speed with the real sam2.1_hiera_t512 shapes and random weights made in memory (no file):
// the Hiera-T image encoder at 512 (MedSAM2) and 1024 (MedReasoner's call path), the image
// predictor's prompt + decoder step, and one propagation step of the video predictor with a full
// memory bank (1 conditioning + 6 recent memories, up to 16 object pointers), without and with the
// slice's image encoder. Prints milliseconds (median of --runs after one warm-up), threads, BLAS,
// device and load average. Asserts nothing.
//
//   medsam2_benchmark [--device auto|cpu|cuda|cuda:N] [--half] [--runs N] [--threads N]
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "benchmarks/machine_info.h"
#include "benchmarks/timing.h"
#include "engine/nn/checkpoint.h"
#include "engine/segment/sam2/sam2_model.h"
#include "engine/segment/sam2/video_predictor.h"

namespace {

using Clock = std::chrono::steady_clock;
using mr::bench::median;
using mr::bench::timeRuns;
namespace s2 = mr::segment::sam2;

// Random weights with the config's shapes: N(0, 1/fan_in) matrices, unit norm scales, small
// biases, unit-variance embeddings (finite activations, no denormals).
std::shared_ptr<s2::Sam2Model> randomModel(int imageSize, const mr::nn::ResolvedDevice& dev, int64_t& params) {
    s2::Sam2Config cfg;  // defaults: sam2.1_hiera_t512 (Hiera-T, d_model 256, memory 64, 4 memory layers)
    cfg.imageSize = imageSize;
    cfg.validate();
    mr::nn::StateDict sd;
    params = 0;
    for (const auto& [name, shape] : s2::sam2WeightShapes(cfg)) {
        torch::Tensor t;
        const bool isBias = name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
        if (shape.size() >= 2 && !isBias) {
            int64_t fanIn = 1;
            for (size_t i = 1; i < shape.size(); ++i) fanIn *= shape[i];
            t = torch::randn(shape) / std::sqrt(double(shape.size() == 2 && shape[0] == 1 ? shape[1] : fanIn));
        } else {
            t = isBias ? torch::randn(shape) * 0.02 : torch::ones(shape) + torch::randn(shape) * 0.1;
        }
        params += t.numel();
        sd[name] = t;
    }
    auto w =
        s2::bindSam2Weights(cfg, mr::nn::StateDictSource(sd), "random weights",
                            [&](const std::string&, const torch::Tensor& t) { return t.to(dev.device, dev.dtype); });
    return std::make_shared<s2::Sam2Model>(cfg, std::move(w), dev);
}

void printTimes(const std::string& what, const std::vector<double>& ms) {
    std::cout << what << median(ms) << " ms (min " << *std::min_element(ms.begin(), ms.end()) << ", max "
              << *std::max_element(ms.begin(), ms.end()) << ", " << ms.size() << " runs)\n";
    std::cout.flush();
}

// Tracks `frames` frames after a box on frame 0 and returns the time of each step once the
// memory bank is full (frame >= num_maskmem).
std::vector<double> propagationSteps(const std::shared_ptr<s2::Sam2Model>& model, int frames, bool withEncoder) {
    const int S = model->config().imageSize;
    std::map<int, s2::FrameFeatures> cache;
    const mr::CancelToken cancel;
    auto features = [&](int f) {
        if (withEncoder) return model->encodeImage(torch::randn({1, 3, S, S}), cancel);
        if (!cache.count(f)) cache[f] = model->encodeImage(torch::randn({1, 3, S, S}), cancel);
        return cache[f];
    };
    if (!withEncoder)
        for (int f = 0; f < frames; ++f) features(f);
    s2::VideoPredictor vp(model, frames, features);
    const float a = 0.3f * float(S), b = 0.6f * float(S);
    vp.addPoints(0, torch::tensor(std::vector<float>{a, a, b, b}).reshape({2, 2}),
                 torch::tensor(std::vector<int>{2, 3}));
    std::vector<double> steps;
    auto last = Clock::now();
    vp.propagate(
        0, -1, false,
        [&](int f, const s2::TrackedFrame& out) {
            (void)out.predMasks.sum().item<float>();  // synchronises on CUDA
            const auto now = Clock::now();
            if (f >= model->config().numMaskmem)
                steps.push_back(std::chrono::duration<double, std::milli>(now - last).count());
            last = now;
        },
        cancel);
    return steps;
}

void usage() {
    std::cerr << "usage: medsam2_benchmark [--device auto|cpu|cuda|cuda:N] [--half] [--runs N] [--threads N]\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::string deviceText = "auto";
    bool half = false;
    int runs = 3;
    int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--device" && i + 1 < argc) deviceText = argv[++i];
        else if (a == "--half") half = true;
        else if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--threads" && i + 1 < argc) threads = std::max(1, std::atoi(argv[++i]));
        else if (a == "-h" || a == "--help") {
            usage();
            return 0;
        } else {
            usage();
            return 2;
        }
    }
    try {
        torch::InferenceMode inference;
        torch::set_num_threads(threads);
        mr::nn::DeviceChoice choice = mr::nn::parseDeviceChoice(deviceText);
        choice.halfOnGpu = choice.halfOnGpu || half;
        const mr::nn::ResolvedDevice dev = mr::nn::resolveDevice(choice);
        torch::manual_seed(0);
        int64_t params = 0;
        auto m512 = randomModel(s2::kMedSam2ImageSize, dev, params);
        auto m1024 = randomModel(s2::kMedReasonerCallPathImageSize, dev, params);
        std::cout << "MedSAM2 benchmark (random weights, sam2.1_hiera_t512 shapes: Hiera-T embed 96, stages 1-2-7-2, "
                     "d_model 256, memory 64, "
                  << params / 1e6 << " M parameters)\n";
        std::cout << "device:        " << dev.describe() << "\n";
        std::cout << "threads:       torch::get_num_threads() = " << torch::get_num_threads() << " (hardware "
                  << std::thread::hardware_concurrency() << ")\n";
        std::cout << "BLAS:          " << mr::bench::loadedBlas() << "\n";
        std::cout << "load average:  " << mr::bench::loadAverage() << " (before)\n";
        const mr::CancelToken cancel;
        for (auto* m : {&m512, &m1024}) {
            const int S = (*m)->config().imageSize;
            const torch::Tensor x = torch::randn({1, 3, S, S});
            printTimes("image encoder " + std::to_string(S) + ": ",
                       timeRuns(runs, dev.device, [&] { (void)(*m)->encodeImage(x, cancel); }));
        }
        const s2::FrameFeatures f = m512->encodeImage(torch::randn({1, 3, 512, 512}), cancel);
        const torch::Tensor coords = torch::tensor(std::vector<float>{150, 150, 350, 330, 250, 240}).reshape({1, 3, 2});
        const torch::Tensor labels = torch::tensor(std::vector<int>{2, 3, 1}).reshape({1, 3});
        printTimes("prompt+decoder 512 (box + point, 3 masks): ", timeRuns(std::max(runs, 10), dev.device, [&] {
                       (void)m512->predictImage(f, coords, labels, torch::Tensor(), true).first.sum().item<float>();
                   }));
        const int frames = m512->config().numMaskmem + std::max(runs, 3);
        printTimes("propagation step 512 (memory attention, heads, memory encoder, hole filling): ",
                   propagationSteps(m512, frames, false));
        printTimes("propagation step 512 with the slice's image encoder: ", propagationSteps(m512, frames, true));
        std::cout << "load average:  " << mr::bench::loadAverage() << " (after)\n";
    } catch (const std::exception& e) {
        std::cerr << "medsam2_benchmark: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
