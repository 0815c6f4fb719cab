#include "engine/core/files.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/core/limits.h"

namespace mr {

namespace {
std::string osReason() { return std::strerror(errno); }

std::string folderOf(const std::string& path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}
}  // namespace

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError("cannot open " + path + ": " + osReason());
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw FileError("cannot read " + path + ": " + osReason());
    return ss.str();
}

std::string readFile(const std::string& path, uint64_t maxBytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError("cannot open " + path + ": " + osReason());
    std::string text;
    char buf[1 << 16];
    // Reads at most maxBytes + 1, so that a pipe or device cannot make this read forever.
    while (in && text.size() <= maxBytes) {
        in.read(buf, std::streamsize(std::min<uint64_t>(sizeof buf, maxBytes + 1 - text.size())));
        text.append(buf, size_t(in.gcount()));
    }
    if (in.bad()) throw FileError("cannot read " + path + ": " + osReason());
    if (text.size() > maxBytes)
        throw LimitError(path + ": larger than " + std::to_string(maxBytes) +
                         " bytes, the most a file of this kind may have");
    return text;
}

namespace {
// Writes everything (retrying short and interrupted writes); the OS's reason on failure, else "".
std::string writeAll(int fd, std::string_view content) {
    const char* p = content.data();
    size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return osReason();
        }
        p += n;
        left -= size_t(n);
    }
    return {};
}
}  // namespace

AtomicFileWriter::AtomicFileWriter(const std::string& path)
    : path_(path), tmp_(path + ".tmp-" + std::to_string(::getpid())) {
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw FileError("cannot create " + tmp_ + ": " + osReason());
}

AtomicFileWriter::~AtomicFileWriter() { discard(); }

void AtomicFileWriter::discard() {
    if (fd_ < 0) return;
    ::close(fd_);
    ::unlink(tmp_.c_str());
    fd_ = -1;
}

void AtomicFileWriter::append(std::string_view bytes) {
    if (fd_ < 0) throw FileError("cannot write " + path_ + ": the file is already closed");
    if (const std::string why = writeAll(fd_, bytes); !why.empty()) {
        discard();
        throw FileError("cannot write " + path_ + ": " + why);
    }
    written_ += bytes.size();
}

void AtomicFileWriter::commit() {
    if (fd_ < 0) throw FileError("cannot write " + path_ + ": the file is already closed");
    if (::fsync(fd_) != 0) {
        std::string why = osReason();
        discard();
        throw FileError("cannot flush " + path_ + ": " + why);
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0 || ::rename(tmp_.c_str(), path_.c_str()) != 0) {
        std::string why = osReason();
        ::unlink(tmp_.c_str());
        throw FileError("cannot replace " + path_ + ": " + why);
    }
    // The rename itself is durable only once the folder entry is on disk.
    syncFolder(folderOf(path_));
}

void writeFileAtomic(const std::string& path, std::string_view content) {
    AtomicFileWriter w(path);
    w.append(content);
    w.commit();
}

void appendFileDurable(const std::string& path, std::string_view content) {
    struct stat st {};
    const bool existed = ::stat(path.c_str(), &st) == 0;
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw FileError("cannot open " + path + " for appending: " + osReason());
    if (const std::string why = writeAll(fd, content); !why.empty()) {
        ::close(fd);
        throw FileError("cannot append to " + path + ": " + why);
    }
    if (::fsync(fd) != 0) {
        std::string why = osReason();
        ::close(fd);
        throw FileError("cannot flush " + path + ": " + why);
    }
    ::close(fd);
    if (!existed) syncFolder(folderOf(path));
}

void syncFolder(const std::string& folder) {
    int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

MappedFile::MappedFile(const std::string& path) : path_(path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw FileError("cannot open " + path + ": " + osReason());
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        std::string why = osReason();
        ::close(fd);
        throw FileError("cannot stat " + path + ": " + why);
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw FileError(path + " is not a regular file");
    }
    size_ = uint64_t(st.st_size);
    if (size_ > 0) {
        void* m = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            std::string why = osReason();
            ::close(fd);
            throw FileError("cannot map " + path + ": " + why);
        }
        data_ = static_cast<uint8_t*>(m);
    }
    ::close(fd);
}

void MappedFile::releasePages(uint64_t offset, uint64_t length) const {
    if (!data_ || offset >= size_) return;
    const uint64_t page = uint64_t(::sysconf(_SC_PAGESIZE));
    const uint64_t end = std::min(size_, offset + length);
    const uint64_t first = (offset + page - 1) / page * page, last = end / page * page;
    if (last > first) ::madvise(data_ + first, last - first, MADV_DONTNEED);
}

void MappedFile::populatePages(uint64_t offset, uint64_t length) const {
    if (!data_ || offset >= size_) return;
    const uint64_t page = uint64_t(::sysconf(_SC_PAGESIZE));
    const uint64_t first = offset / page * page, end = std::min(size_, offset + length);
#ifdef MADV_POPULATE_READ
    if (::madvise(data_ + first, end - first, MADV_POPULATE_READ) == 0) return;
#endif
    // Older kernels: read ahead, then touch one byte per page.
    ::madvise(data_ + first, end - first, MADV_WILLNEED);
    volatile uint8_t sink = 0;
    for (uint64_t p = first; p < end; p += page) sink = sink + data_[p];
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(data_, size_);
}

MappedFile::MappedFile(MappedFile&& o) noexcept : path_(std::move(o.path_)), data_(o.data_), size_(o.size_) {
    o.data_ = nullptr;
    o.size_ = 0;
}

}  // namespace mr
