#include "engine/core/limits.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace mr::limits {
namespace {

std::atomic<uint64_t> budgetOverride{0};

uint64_t physicalMemory() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || pageSize <= 0) return uint64_t(4) << 30;  // unknown: assume a small machine
    return uint64_t(pages) * uint64_t(pageSize);
}

std::string humanBytes(uint64_t b) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    double v = double(b);
    while (v >= 1024 && u < 6) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

}  // namespace

uint64_t memoryBudget() {
    const uint64_t o = budgetOverride.load();
    if (o) return o;
    static const uint64_t fromMachine = physicalMemory() / 5 * 4;
    return fromMachine;
}

void setMemoryBudget(uint64_t bytes) { budgetOverride.store(bytes); }

void checkAllocation(uint64_t bytes, std::string_view what) {
    if (bytes > memoryBudget())
        throw LimitError(std::string(what) + " would need " + humanBytes(bytes) + " of memory; this machine allows " +
                         humanBytes(memoryBudget()));
}

bool mulOverflows(int64_t a, int64_t b, int64_t* out) { return __builtin_mul_overflow(a, b, out); }
bool addOverflows(int64_t a, int64_t b, int64_t* out) { return __builtin_add_overflow(a, b, out); }

int64_t checkedMul(int64_t a, int64_t b, std::string_view what) {
    int64_t r = 0;
    if (mulOverflows(a, b, &r))
        throw LimitError(std::string(what) + " overflows (" + std::to_string(a) + " x " + std::to_string(b) + ")");
    return r;
}

int64_t checkedAdd(int64_t a, int64_t b, std::string_view what) {
    int64_t r = 0;
    if (addOverflows(a, b, &r))
        throw LimitError(std::string(what) + " overflows (" + std::to_string(a) + " + " + std::to_string(b) + ")");
    return r;
}

int64_t checkRange(int64_t v, int64_t lo, int64_t hi, std::string_view what) {
    if (v < lo || v > hi)
        throw LimitError(std::string(what) + " is " + std::to_string(v) + "; it must be between " + std::to_string(lo) +
                         " and " + std::to_string(hi));
    return v;
}

int64_t elementCount(const std::vector<int64_t>& shape, std::string_view what, int64_t maxElements) {
    if (int64_t(shape.size()) > kMaxTensorRank)
        throw LimitError(std::string(what) + " has " + std::to_string(shape.size()) + " dimensions; at most " +
                         std::to_string(kMaxTensorRank) + " are supported");
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0) throw LimitError(std::string(what) + " has a negative dimension (" + std::to_string(d) + ")");
        if (d > maxElements || mulOverflows(n, d, &n) || n > maxElements) {
            std::string dims;
            for (int64_t x : shape) dims += (dims.empty() ? "" : "x") + std::to_string(x);
            throw LimitError(std::string(what) + " has " + dims + " elements; at most " + std::to_string(maxElements) +
                             " are allowed");
        }
    }
    return n;
}

}  // namespace mr::limits
