#pragma once
// Timing helpers the model benchmarks share: wait for the device, median, timed runs after a
// warm-up.
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace mr::bench {

inline void sync(const torch::Device& d) {
    if (d.is_cuda()) torch::cuda::synchronize(d.index());
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Milliseconds of `runs` calls of f, after one warm-up call (allocator, kernels, library handles).
template <class F>
std::vector<double> timeRuns(int runs, const torch::Device& dev, F&& f) {
    f();
    sync(dev);
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        sync(dev);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return ms;
}

}  // namespace mr::bench
