#pragma once
// The disk cache of series retrieved from a PACS: one folder per series, filled in a staging
// folder that survives a failed retrieval (the next try keeps what arrived) and renamed into place
// when complete, so a cached series is always whole. The least recently used series are removed
// when the cache grows over its size limit. Only folders this cache made are ever removed.
#include <cstdint>
#include <string>

namespace mr::pacs {

class SeriesCache {
public:
    // Creates `root` when missing. maxBytes: the limit the cache is trimmed to after each commit.
    SeriesCache(std::string root, uint64_t maxBytes);

    const std::string& root() const { return root_; }
    uint64_t maxBytes() const { return maxBytes_; }

    // The folder of a complete cached series (and marks it as just used), or "" when not cached.
    std::string find(const std::string& studyUid, const std::string& seriesUid) const;
    // The staging folder of a retrieval (created; what an earlier, failed try left stays).
    std::string staging(const std::string& studyUid, const std::string& seriesUid) const;
    // Moves the staging folder into place, trims the cache and returns the series folder.
    std::string commit(const std::string& studyUid, const std::string& seriesUid);
    // Bytes held by complete series.
    uint64_t totalBytes() const;
    // Removes least recently used series until the total is at most maxBytes (never `keep`).
    void trim(const std::string& keep = {});

private:
    std::string keyOf(const std::string& studyUid, const std::string& seriesUid) const;
    std::string root_;
    uint64_t maxBytes_;
};

}  // namespace mr::pacs
