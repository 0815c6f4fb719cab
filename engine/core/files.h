#pragma once
// File helpers shared by every part: whole-file reads and crash-safe writes of user data.
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/error.h"

namespace mr {

class FileError : public Error {
public:
    using Error::Error;
};

// Reads a whole file; throws FileError naming the path and the OS reason.
std::string readFile(const std::string& path);
// The same for a file from elsewhere: throws LimitError when it is larger than `maxBytes`.
std::string readFile(const std::string& path, uint64_t maxBytes);

// Writes atomically: a temporary file in the same folder, fsync, rename over the target, fsync of
// the folder. Readers see the old or the new content, never a mix, even after a crash or kill -9.
void writeFileAtomic(const std::string& path, std::string_view content);

// Appends to a log file (created when missing) and fsyncs it; a new file's folder is fsynced too.
// When it returns the bytes survive a crash; a crash during the call may leave a prefix of them.
void appendFileDurable(const std::string& path, std::string_view content);

// fsyncs a folder so that entries created, renamed or removed in it are on disk.
void syncFolder(const std::string& folder);

// A read-only memory mapping of a whole file (private copy-on-write, so stray writes cannot
// reach the file). Movable, not copyable.
class MappedFile {
public:
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(MappedFile&& o) noexcept;
    MappedFile& operator=(MappedFile&&) = delete;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::string& path() const { return path_; }
    uint8_t* data() const { return data_; }
    uint64_t size() const { return size_; }

private:
    std::string path_;
    uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
};

}  // namespace mr
