#include "engine/pacs/series_cache.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/files.h"
#include "engine/core/sha256.h"

namespace fs = std::filesystem;

namespace mr::pacs {

namespace {

const char* kMarker = ".medreasoner-series";  // in every folder this cache made
const char* kUsed = ".last-used";             // its modification time orders the eviction

bool isCacheKey(const std::string& name) {
    return name.size() == 32 && std::all_of(name.begin(), name.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

uint64_t folderBytes(const fs::path& folder) {
    uint64_t total = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec)) total += it->file_size(ec);
    return total;
}

void touch(const fs::path& folder) {
    std::ofstream(folder / kUsed, std::ios::trunc) << "used\n";
    std::error_code ec;
    fs::last_write_time(folder / kUsed, fs::file_time_type::clock::now(), ec);
}

}  // namespace

SeriesCache::SeriesCache(std::string root, uint64_t maxBytes) : root_(std::move(root)), maxBytes_(maxBytes) {
    std::error_code ec;
    fs::create_directories(root_, ec);
    if (!fs::is_directory(root_)) throw mr::Error("cannot create the PACS cache folder " + root_);
}

std::string SeriesCache::keyOf(const std::string& studyUid, const std::string& seriesUid) const {
    return mr::sha256Hex(studyUid + "\n" + seriesUid).substr(0, 32);
}

std::string SeriesCache::find(const std::string& studyUid, const std::string& seriesUid) const {
    const fs::path folder = fs::path(root_) / keyOf(studyUid, seriesUid);
    std::error_code ec;
    if (!fs::exists(folder / kMarker, ec)) return {};
    touch(folder);
    return folder.string();
}

std::string SeriesCache::staging(const std::string& studyUid, const std::string& seriesUid) const {
    const fs::path folder = fs::path(root_) / (keyOf(studyUid, seriesUid) + ".partial");
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (!fs::is_directory(folder)) throw mr::Error("cannot create " + folder.string() + ": " + ec.message());
    return folder.string();
}

std::string SeriesCache::commit(const std::string& studyUid, const std::string& seriesUid) {
    const std::string key = keyOf(studyUid, seriesUid);
    const fs::path from = fs::path(root_) / (key + ".partial"), to = fs::path(root_) / key;
    mr::writeFileAtomic((from / kMarker).string(), studyUid + "\n" + seriesUid + "\n");
    std::error_code ec;
    if (fs::exists(to / kMarker, ec)) fs::remove_all(to, ec);  // an older copy of the same series
    fs::rename(from, to, ec);
    if (ec) throw mr::Error("cannot move the retrieved series into the cache (" + to.string() + "): " + ec.message());
    mr::syncFolder(root_);
    touch(to);
    trim(key);
    return to.string();
}

uint64_t SeriesCache::totalBytes() const {
    uint64_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_, ec))
        if (isCacheKey(e.path().filename().string()) && fs::exists(e.path() / kMarker)) total += folderBytes(e.path());
    return total;
}

void SeriesCache::trim(const std::string& keep) {
    struct Entry {
        fs::path path;
        fs::file_time_type used;
        uint64_t bytes;
    };
    std::vector<Entry> entries;
    uint64_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_, ec)) {
        const std::string name = e.path().filename().string();
        if (!isCacheKey(name) || !fs::exists(e.path() / kMarker)) continue;
        std::error_code tec;
        auto used = fs::last_write_time(e.path() / kUsed, tec);
        if (tec) used = fs::file_time_type::min();
        entries.push_back({e.path(), used, folderBytes(e.path())});
        total += entries.back().bytes;
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
    for (const Entry& e : entries) {
        if (total <= maxBytes_) break;
        if (e.path.filename().string() == keep) continue;
        std::error_code rec;
        fs::remove_all(e.path, rec);
        if (!rec) total -= e.bytes;
    }
}

}  // namespace mr::pacs
