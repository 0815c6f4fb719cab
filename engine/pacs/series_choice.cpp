#include "engine/pacs/series_choice.h"

namespace mr::pacs {

bool isImageModality(const std::string& m) {
    return m != "SEG" && m != "SR" && m != "PR" && m != "RTSTRUCT" && m != "KO";
}

const SeriesResult* seriesToRead(const std::vector<SeriesResult>& series) {
    const SeriesResult* best = nullptr;
    for (const SeriesResult& s : series) {
        if (!isImageModality(s.modality)) continue;
        if (!best || s.instanceCount > best->instanceCount ||
            (s.instanceCount == best->instanceCount && s.seriesNumber < best->seriesNumber))
            best = &s;
    }
    return best;
}

}  // namespace mr::pacs
