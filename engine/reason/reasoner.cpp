#include "engine/reason/reasoner.h"

#include <cstdio>

#include "engine/core/process_memory.h"

namespace mr::reason {

std::string ReasonerLoadReport::summary() const {
    if (dtype.empty()) return "";
    char load[64];
    std::snprintf(load, sizeof load, "loaded in %.1f s", loadMs / 1000.0);
    std::string s = dtype + (dtypeReason.empty() ? "" : " (" + dtypeReason + ")") + " on " + device + " · " + load;
    if (weightBytes > 0)
        s += " · weights " + formatGiB(weightBytes) + " (" + formatGiB(mappedBytes) + " mapped from the files, " +
             formatGiB(weightBytes - mappedBytes) + " in memory)";
    if (peakRssBytes > 0) s += " · peak memory " + formatGiB(peakRssBytes);
    return s;
}

}  // namespace mr::reason
