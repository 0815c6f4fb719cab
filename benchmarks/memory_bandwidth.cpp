// The memory-bandwidth floor of token decoding: a large streaming read (every thread sums its
// share of a buffer much larger than the caches), best of a few passes, in GB/s. Decoding reads
// every weight of the language model once per token, so weight bytes / this figure is the least
// time a token can take. Asserts nothing.
//
//   memory_bandwidth [--gib 2] [--threads N] [--passes 5] [--weight-bytes B ...]
// With --weight-bytes (repeatable), also prints the tokens/s ceiling for each.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    double gib = 2;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    int passes = 5;
    std::vector<double> weightBytes;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--gib") gib = std::atof(argv[i + 1]);
        else if (a == "--threads") threads = unsigned(std::max(1, std::atoi(argv[i + 1])));
        else if (a == "--passes") passes = std::max(1, std::atoi(argv[i + 1]));
        else if (a == "--weight-bytes") weightBytes.push_back(std::atof(argv[i + 1]));
        else {
            std::fprintf(stderr,
                         "usage: memory_bandwidth [--gib 2] [--threads N] [--passes 5] [--weight-bytes B ...]\n");
            return 2;
        }
    }
    const size_t words = size_t(gib * double(1ull << 30)) / sizeof(uint64_t);
    std::vector<uint64_t> buffer(words);
    for (size_t i = 0; i < words; ++i) buffer[i] = i;  // touch every page before timing

    double best = 0;
    uint64_t checksum = 0;
    for (int p = 0; p < passes; ++p) {
        std::vector<uint64_t> sums(threads, 0);
        std::vector<std::thread> pool;
        const auto t0 = std::chrono::steady_clock::now();
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                const size_t begin = words * t / threads, end = words * (t + 1) / threads;
                uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                size_t i = begin;
                for (; i + 4 <= end; i += 4) {
                    s0 += buffer[i];
                    s1 += buffer[i + 1];
                    s2 += buffer[i + 2];
                    s3 += buffer[i + 3];
                }
                for (; i < end; ++i) s0 += buffer[i];
                sums[t] = s0 + s1 + s2 + s3;
            });
        for (auto& th : pool) th.join();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        for (uint64_t v : sums) checksum += v;
        best = std::max(best, double(words * sizeof(uint64_t)) / s / 1e9);
    }
    std::printf("memory bandwidth: %.1f GB/s (streaming read of %.1f GiB, %u threads, best of %d; checksum %llu)\n",
                best, gib, threads, passes, static_cast<unsigned long long>(checksum % 1000));
    for (double b : weightBytes)
        std::printf("  %.2f GB per token -> at most %.2f tokens/s (%.0f ms/token)\n", b / 1e9, best * 1e9 / b,
                    b / (best * 1e9) * 1000);
    return 0;
}
