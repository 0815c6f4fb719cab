// A long mask-editing session on a 512x512x400 volume: 5,000 edits spread over every slice
// (brush strokes, eraser, polygon fills and cuts, lassos, occasional fill-holes and smoothing),
// each kept as a MaskPatch in an undo history; then everything is undone and the volume checked
// to be all zero. Prints time per tool, history and volume memory, and peak RSS. Asserts nothing.
//
//   mask_edit_benchmark [--edits N] [--slices N] [--seed N]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/core/geometry.h"
#include "engine/edit/brush.h"
#include "engine/edit/mask_operations.h"
#include "engine/edit/mask_patch.h"
#include "engine/edit/mask_volume.h"
#include "engine/edit/polygon_fill.h"

using Clock = std::chrono::steady_clock;
using Points = std::vector<mr::Point>;

namespace {

double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::string procStatus(const char* key) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(key, 0) == 0) return line.substr(std::strlen(key));
    return "?";
}

double mb(double bytes) { return bytes / (1024.0 * 1024.0); }

struct Step {  // one undo-stack entry
    int64_t z;
    mr::edit::MaskPatch patch;
};

constexpr int W = 512, H = 512;
const char* const kKinds[] = {"brush", "eraser", "polygon fill", "polygon cut", "lasso", "fill holes", "smooth"};
const double kWeights[] = {40, 20, 12, 8, 15, 2.5, 2.5};

struct Options {
    int edits = 5000, slices = 400;
    unsigned seed = 1;
};

Options parseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--edits") o.edits = std::atoi(argv[i + 1]);
        else if (a == "--slices") o.slices = std::atoi(argv[i + 1]);
        else if (a == "--seed") o.seed = unsigned(std::atoi(argv[i + 1]));
    }
    return o;
}

// Random strokes and closed outlines inside the slice, as a user would draw them.
struct RandomShapes {
    std::mt19937 rng;
    double uni(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }
    Points stroke(int n, double step) {
        Points p{{uni(60, 450), uni(60, 450)}};
        for (int i = 1; i < n; ++i) p.push_back({p.back().x + uni(-step, step), p.back().y + uni(-step, step)});
        return p;
    }
    Points blob(int n, double r0, double r1, double noise) {
        const double cx = uni(80, 430), cy = uni(80, 430), r = uni(r0, r1);
        Points p;
        for (int i = 0; i < n; ++i) {
            const double a = 2 * std::acos(-1.0) * i / n, rr = r * (1 + uni(-noise, noise));
            p.push_back({cx + rr * std::cos(a), cy + rr * std::sin(a)});
        }
        return p;
    }
};

int64_t applyEdit(const std::string& kind, mr::edit::MaskView view, RandomShapes& g) {
    if (kind == "brush") return mr::edit::paintStroke(view, g.stroke(20, 12), g.uni(8, 20), g.uni(8, 20), 1);
    if (kind == "eraser") return mr::edit::paintStroke(view, g.stroke(20, 12), g.uni(8, 20), g.uni(8, 20), 0);
    if (kind == "polygon fill") return mr::edit::fillPolygon(view, g.blob(3 + int(g.rng() % 6), 20, 80, 0.3), 1);
    if (kind == "polygon cut") return mr::edit::fillPolygon(view, g.blob(3 + int(g.rng() % 6), 10, 50, 0.3), 0);
    if (kind == "lasso") return mr::edit::fillPolygon(view, g.blob(60, 15, 70, 0.25), 1);
    if (kind == "fill holes") return mr::edit::fillHoles(view);
    return mr::edit::smoothMask(view, 2);
}

struct SessionLog {
    std::map<std::string, std::vector<double>> toolMs, patchMs;
    std::vector<double> patchBytes;
    std::vector<Step> history;
    int64_t changedTotal = 0;
    double sessionMs = 0;
};

SessionLog runSession(mr::edit::MaskVolume& volume, const Options& o) {
    RandomShapes g{std::mt19937(o.seed)};
    std::discrete_distribution<int> pickKind(std::begin(kWeights), std::end(kWeights));
    SessionLog log;
    std::vector<uint8_t> before(size_t(W) * H);
    const auto sessionStart = Clock::now();
    for (int e = 0; e < o.edits; ++e) {
        const int64_t z = int64_t(g.rng() % unsigned(o.slices));
        const std::string kind = kKinds[pickKind(g.rng)];
        mr::edit::MaskView view = volume.slice(z);
        std::memcpy(before.data(), view.data, view.size());  // what an undo stack snapshots transiently
        const auto t0 = Clock::now();
        const int64_t changed = applyEdit(kind, view, g);
        const auto t1 = Clock::now();
        mr::edit::MaskPatch patch = mr::edit::MaskPatch::between(before.data(), view.data, W, H);
        const auto t2 = Clock::now();
        log.toolMs[kind].push_back(ms(t0, t1));
        log.patchMs[kind].push_back(ms(t1, t2));
        log.changedTotal += changed;
        log.patchBytes.push_back(double(patch.memoryBytes()));
        if (!patch.empty()) log.history.push_back({z, std::move(patch)});
    }
    log.sessionMs = ms(sessionStart, Clock::now());
    return log;
}

void printToolTable(const SessionLog& log) {
    std::printf("%-14s %6s %14s %14s %10s\n", "tool", "edits", "tool median ms", "patch median ms", "edits/s");
    for (const char* k : kKinds) {
        const auto it = log.toolMs.find(k);
        if (it == log.toolMs.end()) continue;
        const double m = median(it->second), p = median(log.patchMs.at(k));
        std::printf("%-14s %6zu %14.3f %15.3f %10.0f\n", k, it->second.size(), m, p, 1000.0 / (m + p));
    }
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parseOptions(argc, argv);
    mr::edit::MaskVolume volume(W, H, o.slices);
    SessionLog log = runSession(volume, o);

    size_t historyBytes = log.history.capacity() * sizeof(Step);
    for (const auto& s : log.history) historyBytes += s.patch.memoryBytes() - sizeof(mr::edit::MaskPatch);
    const size_t volumeBytes = volume.memoryBytes();
    int64_t touched = 0, voxels = 0;
    for (int64_t z = 0; z < o.slices; ++z) {
        touched += volume.sliceOrNull(z) != nullptr;
        voxels += volume.countVoxels(z);
    }
    const auto u0 = Clock::now();
    for (auto it = log.history.rbegin(); it != log.history.rend(); ++it) it->patch.apply(volume.slice(it->z));
    const auto u1 = Clock::now();
    int64_t left = 0;
    for (int64_t z = 0; z < o.slices; ++z) left += volume.countVoxels(z);

    std::printf("mask edit benchmark: %d edits on %dx%dx%d (seed %u)\n", o.edits, W, H, o.slices, o.seed);
    printToolTable(log);
    auto& bytes = log.patchBytes;
    std::sort(bytes.begin(), bytes.end());
    const size_t steps = log.history.size();
    std::printf(
        "session: %.2f s for %d edits (%.0f edits/s including the before snapshot and the patch); "
        "%lld pixels changed\n",
        log.sessionMs / 1000, o.edits, o.edits / (log.sessionMs / 1000), (long long)log.changedTotal);
    std::printf("patch size: median %.0f B, p99 %.0f B, max %.0f B (a slice copy is %d B)\n", bytes[bytes.size() / 2],
                bytes[size_t(bytes.size() * 0.99)], bytes.back(), W * H);
    std::printf("undo of all %zu steps: %.1f ms (%.3f ms/step); voxels left: %lld (%s)\n", steps, ms(u0, u1),
                ms(u0, u1) / std::max<size_t>(1, steps), (long long)left, left == 0 ? "all zero" : "NOT ZERO");
    std::printf("history: %.2f MB for %zu steps (%.0f B/step); full-slice snapshots would take %.0f MB\n",
                mb(double(historyBytes)), steps, double(historyBytes) / std::max<size_t>(1, steps),
                mb(double(steps) * W * H));
    std::printf("volume: %.1f MB (%lld of %d slices touched x %d B; %lld foreground voxels before undo)\n",
                mb(double(volumeBytes)), (long long)touched, o.slices, W * H, (long long)voxels);
    std::printf("peak RSS (VmHWM):%s\n", procStatus("VmHWM:").c_str());
    std::printf("bound: history %.2f MB for %d edits; volume %.1f MB = touched slices x width x height\n",
                mb(double(historyBytes)), o.edits, mb(double(volumeBytes)));
    return left == 0 ? 0 : 1;
}
