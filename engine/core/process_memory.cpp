#include "engine/core/process_memory.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace mr {

namespace {
// The value in kB of `key` (e.g. "VmHWM:") in a /proc file of "Key: value kB" lines, in bytes.
uint64_t procValue(const char* file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (line.compare(0, key.size(), key) == 0) return std::strtoull(line.c_str() + key.size(), nullptr, 10) * 1024;
    return 0;
}
}  // namespace

uint64_t availableMemoryBytes() { return procValue("/proc/meminfo", "MemAvailable:"); }
uint64_t residentBytes() { return procValue("/proc/self/status", "VmRSS:"); }
uint64_t peakResidentBytes() { return procValue("/proc/self/status", "VmHWM:"); }

std::string formatGiB(uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f GiB", double(bytes) / double(1ull << 30));
    return buf;
}

}  // namespace mr
