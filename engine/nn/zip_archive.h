#pragma once
// A read-only view of an uncompressed ("stored") ZIP archive, as PyTorch's torch.save writes
// them (entries aligned, never deflated; ZIP64 for checkpoints over 4 GB). libzip reads and
// checks the archive (directory, ZIP64 records, local headers against the directory); the file
// is memory-mapped and stored entries are bounds-checked spans of the mapping (zero-copy).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/error.h"

namespace mr {
class MappedFile;
}

namespace mr::nn {

class ZipError : public mr::Error {
public:
    using mr::Error::Error;
};

class ZipArchive {
public:
    struct Entry {
        std::string name;
        uint64_t dataOffset = 0;  // of the entry's bytes inside the file
        uint64_t size = 0;
        uint16_t method = 0;  // 0 = stored
    };

    // Throws ZipError naming the file and the reason (not a ZIP, truncated, bad directory,
    // more than limits::kMaxZipEntries entries).
    explicit ZipArchive(const std::string& path);
    ~ZipArchive();

    const std::string& path() const { return path_; }
    const std::vector<Entry>& entries() const { return entries_; }
    const Entry* find(const std::string& name) const;  // nullptr when absent
    // The bytes of a stored entry (throws for compressed ones).
    const uint8_t* data(const Entry& e) const;
    std::string read(const Entry& e) const { return std::string(reinterpret_cast<const char*>(data(e)), e.size); }
    // Keeps the mapping alive for views handed out by data().
    std::shared_ptr<mr::MappedFile> mapping() const { return map_; }

private:
    std::string path_;
    std::shared_ptr<mr::MappedFile> map_;
    std::vector<Entry> entries_;
    std::map<std::string, size_t> index_;
};

}  // namespace mr::nn
