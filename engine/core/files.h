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

// The streaming form of writeFileAtomic, for files too large to hold in memory (e.g. a weight
// cache): append() to a temporary file beside `path`, then commit() fsyncs and renames it over the
// target. Destroyed without commit(), it removes the temporary file and the target is untouched.
class AtomicFileWriter {
public:
    explicit AtomicFileWriter(const std::string& path);  // throws FileError
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void append(std::string_view bytes);  // throws FileError
    void commit();                        // throws FileError
    uint64_t written() const { return written_; }

private:
    void discard();
    std::string path_, tmp_;
    int fd_ = -1;
    uint64_t written_ = 0;
};

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

    // Drops the whole pages inside [offset, offset + length) from this process's resident set
    // (they stay in the page cache and read back unchanged when touched again). For data that has
    // been converted and will not be read again, so that a load does not hold both copies.
    void releasePages(uint64_t offset, uint64_t length) const;
    // Maps the pages of [offset, offset + length) into this process now (reading them from disk if
    // they are not in the page cache), so that first use does not fault on every 4 KB page.
    void populatePages(uint64_t offset, uint64_t length) const;

private:
    std::string path_;
    uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
};

}  // namespace mr
