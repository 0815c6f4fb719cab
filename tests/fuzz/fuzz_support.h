#pragma once
// Shared by the fuzz targets (tests/fuzz/*_fuzz.cpp). A target feeds one input to one reader and
// lets only mr::Error pass silently: anything else (a crash, a sanitizer report, another exception
// type, a hang, memory beyond libFuzzer's limit) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

namespace mr::fuzz {

// Readers that take a path (mmap, DCMTK, zlib): writes the input to `name` in a folder of this
// process's own and returns the file's path (rewritten for every input).
std::string writeInput(const uint8_t* data, size_t size, const std::string& name);
// The folder writeInput() writes to.
std::string inputFolder();

// Lowers mr::limits::memoryBudget() so that what the limits allow stays below libFuzzer's
// -rss_limit_mb (2 GiB by default): an allocation the limits refuse is a clean error, not an OOM.
void limitMemory();

// A test fixture's path (MR_FIXTURES_DIR is defined for the fuzz programs as for the tests).
std::string fixture(const std::string& relative);

}  // namespace mr::fuzz
