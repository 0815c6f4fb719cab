#pragma once
// Memory figures of this process and of the machine, from /proc (Linux; 0 elsewhere or when
// unknown): what the model loaders check against and what the tools report.
#include <cstdint>
#include <string>

namespace mr {

// MemAvailable: what can be allocated without swapping (free memory plus reclaimable cache).
uint64_t availableMemoryBytes();
// This process's resident set now (VmRSS) and its peak so far (VmHWM). Both include the pages of
// memory-mapped files that the process has touched.
uint64_t residentBytes();
uint64_t peakResidentBytes();

// "15.47 GiB"
std::string formatGiB(uint64_t bytes);

}  // namespace mr
