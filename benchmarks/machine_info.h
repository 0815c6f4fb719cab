#pragma once
// What the model benchmarks print about the machine, so figures can be compared: the BLAS
// libraries actually mapped into the process and the load average at the time.
#include <fstream>
#include <set>
#include <string>

namespace mr::bench {

// Shared libraries mapped into this process whose names say BLAS/LAPACK/MKL/oneDNN.
inline std::string loadedBlas() {
    std::ifstream maps("/proc/self/maps");
    std::set<std::string> libs;
    std::string line;
    while (std::getline(maps, line)) {
        const auto slash = line.find('/');
        if (slash == std::string::npos) continue;
        const std::string path = line.substr(slash);
        const std::string base = path.substr(path.rfind('/') + 1);
        for (const char* key : {"blas", "lapack", "mkl", "dnnl", "mkldnn", "cublas"})
            if (base.find(key) != std::string::npos) libs.insert(path);
    }
    std::string out;
    for (const auto& l : libs) out += (out.empty() ? "" : ", ") + l;
    return out.empty() ? "(none mapped: BLAS linked statically into libtorch)" : out;
}

inline std::string loadAverage() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a.empty() ? "unknown" : a + " " + b + " " + c;
}

}  // namespace mr::bench
