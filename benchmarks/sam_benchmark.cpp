// SAM speed with the real ViT-B shapes and random weights (no file needed): the image encoder at
// 1024² and the prompt encoder + mask decoder step for a box and two points. Prints milliseconds
// (median of --runs after one warm-up), the threads and BLAS in use, the device and the load
// average. Asserts nothing.
//
//   sam_benchmark [--device auto|cpu|cuda|cuda:N] [--half] [--runs N] [--threads N]
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "benchmarks/machine_info.h"
#include "benchmarks/timing.h"
#include "engine/core/cancel.h"
#include "engine/nn/device.h"
#include "engine/segment/sam_config.h"
#include "engine/segment/sam_model.h"

namespace {

using mr::bench::median;
using mr::bench::timeRuns;

void usage() {
    std::cerr << "usage: sam_benchmark [--device auto|cpu|cuda|cuda:N] [--half] [--runs N] [--threads N]\n"
                 "  --threads: CPU threads (default: every core the system reports)\n";
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

        mr::segment::SamConfig cfg;  // defaults: ViT-B (768, depth 12, 12 heads, global 2,5,8,11, window 14)
        torch::manual_seed(0);
        mr::nn::StateDict weights;
        int64_t params = 0;
        for (const auto& [name, shape] : cfg.expectedShapes()) {
            // Small values keep activations finite through 12 blocks (NaNs would not be timed fairly).
            weights[name] = torch::randn(shape, torch::kFloat32) * 0.02;
            params += weights[name].numel();
        }

        std::cout << "SAM benchmark (random weights, ViT-B shapes: embed " << cfg.embedDim << ", depth " << cfg.depth
                  << ", heads " << cfg.numHeads << ", window " << cfg.windowSize << ", input " << cfg.imgSize << "x"
                  << cfg.imgSize << ", " << params / 1000000.0 << " M parameters)\n";
        std::cout << "device:        " << dev.describe() << "\n";
        std::cout << "threads:       torch::get_num_threads() = " << torch::get_num_threads() << " (hardware "
                  << std::thread::hardware_concurrency() << "), interop = " << torch::get_num_interop_threads() << "\n";
        std::cout << "BLAS:          " << mr::bench::loadedBlas() << "\n";
        std::cout << "load average:  " << mr::bench::loadAverage() << " (before)\n";
        std::cout << "runs:          " << runs << " (median, after one warm-up)\n";
        std::cout.flush();

        mr::segment::SamModel model(cfg, weights, dev);
        weights.clear();

        const torch::Tensor image = torch::randn({1, 3, cfg.imgSize, cfg.imgSize}, torch::kFloat32);
        const mr::CancelToken cancel;
        torch::Tensor embeddings;
        const auto encoderMs = timeRuns(runs, dev.device, [&] { embeddings = model.encodeImage(image, cancel); });
        std::cout << "image encoder: " << median(encoderMs) << " ms (min "
                  << *std::min_element(encoderMs.begin(), encoderMs.end()) << ", max "
                  << *std::max_element(encoderMs.begin(), encoderMs.end()) << ")\n";
        std::cout.flush();

        // Prompt + decoder step as the expert runs it: a box and two points (one positive, one
        // negative), multimask output, on the cached embeddings.
        const torch::Tensor densePe = model.densePe();
        const torch::Tensor coords = torch::tensor(std::vector<float>{400.f, 420.f, 610.f, 650.f}).reshape({1, 2, 2});
        const torch::Tensor labels = torch::tensor(std::vector<float>{1.f, 0.f}).reshape({1, 2});
        const torch::Tensor box = torch::tensor(std::vector<float>{300.f, 320.f, 700.f, 760.f}).reshape({1, 4});
        const auto decoderMs = timeRuns(std::max(runs, 10), dev.device, [&] {
            auto [sparse, dense] = model.encodePrompts(coords, labels, box, std::nullopt);
            auto [lowRes, iou] = model.decodeMasks(embeddings, densePe, sparse, dense, true);
            (void)lowRes.sum().item<double>();
            (void)iou;
        });
        std::cout << "prompt+decoder (box + 2 points, 3 masks): " << median(decoderMs) << " ms (median of "
                  << decoderMs.size() << ")\n";
        std::cout << "load average:  " << mr::bench::loadAverage() << " (after)\n";
        const bool finite = torch::isfinite(embeddings).all().item<bool>();
        std::cout << "embeddings " << (finite ? "finite" : "NOT finite") << ", shape " << embeddings.sizes() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "sam_benchmark: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
