// Loads a generated uncompressed 512x512x400 CT series with this project's DICOM reader and with
// dcm2niix (Debian package), each in its own process, and prints wall time and peak resident
// memory (ru_maxrss of the child) for both. Prints numbers only; asserts nothing.
//
//   dicom_load_benchmark [--dir DIR] [--size N] [--slices N] [--threads N]
// The series is written once into DIR (default: $TMPDIR/mr_dicom_benchmark) and reused.
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/dicom_series_writer.h"
#include "engine/imaging/image_info.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {
double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// A body-like phantom in HU: air, an elliptical body of soft tissue, lungs, a spine.
void generate(const std::string& dir, int size, int slices) {
    mr::imaging::Geometry g;
    g.size = {size, size, slices};
    g.spacing = {0.7, 0.7, 1.0};
    g.origin = {-179.0, -179.0, -200.0};
    mr::imaging::Image img(mr::imaging::PixelType::Int16, g);
    img.metadata().modality = "CT";
    int16_t* p = img.data<int16_t>();
    for (int z = 0; z < slices; ++z)
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x) {
                double u = (x - size / 2.0) / (size * 0.42), v = (y - size / 2.0) / (size * 0.3);
                int hu = -1000;
                if (u * u + v * v < 1) {
                    hu = 40 + int((x * 7 + y * 3 + z) % 21) - 10;
                    double lu = (std::abs(u) - 0.45) / 0.3, lv = v / 0.6;
                    if (lu * lu + lv * lv < 1 && z > slices / 5) hu = -850 + (x + z) % 40;
                    double su = u / 0.08, sv = (v - 0.6) / 0.15;
                    if (su * su + sv * sv < 1) hu = 700 + (y % 50);
                }
                p[(size_t(z) * size + y) * size + x] = int16_t(hu);
            }
    mr::imaging::DicomSeriesOptions o;
    o.seriesDescription = "benchmark phantom";
    o.shuffleFileNames = true;
    mr::imaging::writeDicomSeries(img, dir, o);
}

struct ChildResult {
    int status = -1;
    double wall = 0;
    double cpu = 0;  // user + system seconds of the child (its threads included)
    long maxRssKiB = 0;
};

ChildResult runChild(const std::vector<std::string>& args, bool quiet) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::fflush(stdout);  // or the child inherits and repeats buffered output
    std::fflush(stderr);
    auto t0 = Clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        if (quiet) {
            std::freopen("/dev/null", "w", stdout);
            std::freopen("/dev/null", "w", stderr);
        }
        execvp(argv[0], argv.data());
        std::perror(argv[0]);
        _exit(127);
    }
    ChildResult r;
    struct rusage ru {};
    wait4(pid, &r.status, 0, &ru);
    r.wall = seconds(t0, Clock::now());
    r.maxRssKiB = ru.ru_maxrss;
    r.cpu = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    return r;
}

double loadAverage() {
    double l[1] = {0};
    return getloadavg(l, 1) == 1 ? l[0] : 0.0;
}

// The child: scan + load, print the split and a checksum so the work cannot be skipped.
int loadOnly(const std::string& dir, int threads) {
    auto t0 = Clock::now();
    auto scan = mr::imaging::scanDicomFolder(dir);
    auto t1 = Clock::now();
    if (scan.series.empty()) {
        std::fprintf(stderr, "no series in %s\n", dir.c_str());
        return 1;
    }
    mr::imaging::DicomReadOptions o;
    o.threads = threads;
    mr::imaging::Image img = mr::imaging::readDicomSeries(scan.series[0].files, o);
    auto t2 = Clock::now();
    auto st = mr::imaging::computeStatistics(img);
    std::printf("  scan %.3f s, decode %.3f s, %lld x %lld x %lld %s, mean %.3f\n", seconds(t0, t1), seconds(t1, t2),
                (long long)img.width(), (long long)img.height(), (long long)img.depth(),
                mr::imaging::pixelTypeName(img.pixelType()), st.mean);
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/mr_dicom_benchmark";
    int size = 512, slices = 400, threads = 0;
    std::string loadDir;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--dir") dir = next();
        else if (a == "--size") size = std::atoi(next().c_str());
        else if (a == "--slices") slices = std::atoi(next().c_str());
        else if (a == "--threads") threads = std::atoi(next().c_str());
        else if (a == "--load-only") loadDir = next();
        else {
            std::fprintf(stderr, "usage: %s [--dir DIR] [--size N] [--slices N] [--threads N]\n", argv[0]);
            return 2;
        }
    }
    try {
        if (!loadDir.empty()) return loadOnly(loadDir, threads);

        const std::string series = dir + "/series_" + std::to_string(size) + "x" + std::to_string(slices);
        const std::string marker = series + "/.complete";
        if (!fs::exists(marker)) {
            std::printf("writing %dx%dx%d int16 series to %s ...\n", size, size, slices, series.c_str());
            fs::remove_all(series);
            auto t0 = Clock::now();
            generate(series, size, slices);
            std::FILE* f = std::fopen(marker.c_str(), "w");
            if (f) std::fclose(f);
            std::printf("  written in %.1f s\n", seconds(t0, Clock::now()));
        }
        const double voxelMiB = double(size) * size * slices * 2 / (1024.0 * 1024.0);
        const std::string self = fs::read_symlink("/proc/self/exe").string();
        std::printf("series: %d files, voxel data %.1f MiB; %u hardware threads\n", slices, voxelMiB,
                    std::thread::hardware_concurrency());

        // Warm the page cache so both loaders read from memory, as a second open in the app would.
        runChild({self, "--load-only", series, "--threads", "1"}, true);

        auto report = [&](const char* name, const ChildResult& r) {
            std::printf("%-28s wall %6.3f s  cpu %6.3f s  peak RSS %6.1f MiB (%.2fx voxel data)%s\n", name, r.wall,
                        r.cpu, r.maxRssKiB / 1024.0, r.maxRssKiB / 1024.0 / voxelMiB,
                        WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0 ? "" : "   [FAILED]");
        };
        std::printf("medreasoner (default threads):\n");
        ChildResult ours = runChild({self, "--load-only", series, "--threads", std::to_string(threads)}, false);
        std::printf("medreasoner (1 thread):\n");
        ChildResult one = runChild({self, "--load-only", series, "--threads", "1"}, false);
        const std::string out = dir + "/dcm2niix_out";
        fs::remove_all(out);
        fs::create_directories(out);
        ChildResult theirs = runChild({"dcm2niix", "-z", "n", "-b", "n", "-f", "bench", "-o", out, series}, true);

        std::printf("\n");
        report("medreasoner readDicomSeries", ours);
        report("medreasoner, 1 thread", one);
        report("dcm2niix -z n (writes .nii)", theirs);
        if (theirs.wall > 0 && theirs.cpu > 0)
            std::printf("ratio medreasoner / dcm2niix: wall %.2f, cpu %.2f (load average %.1f while measuring)\n",
                        ours.wall / theirs.wall, ours.cpu / theirs.cpu, loadAverage());
        fs::remove_all(out);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dicom_load_benchmark: %s\n", e.what());
        return 1;
    }
    return 0;
}
