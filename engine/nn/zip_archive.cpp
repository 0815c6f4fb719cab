#include "engine/nn/zip_archive.h"

#include <cstring>

#include "engine/core/files.h"

namespace mr::nn {
namespace {

uint16_t rd16(const uint8_t* p) { return uint16_t(p[0] | (p[1] << 8)); }
uint32_t rd32(const uint8_t* p) { return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24); }
uint64_t rd64(const uint8_t* p) { return uint64_t(rd32(p)) | (uint64_t(rd32(p + 4)) << 32); }

constexpr uint32_t kEocd = 0x06054b50, kEocd64 = 0x06064b50, kEocd64Locator = 0x07064b50;
constexpr uint32_t kCentral = 0x02014b50, kLocal = 0x04034b50;

}  // namespace

ZipArchive::ZipArchive(const std::string& path) : path_(path) {
    auto fail = [&](const std::string& why) -> void { throw ZipError(path_ + ": not a readable ZIP archive (" + why + ")"); };
    try {
        map_ = std::make_shared<MappedFile>(path);
    } catch (const mr::Error& e) {
        throw ZipError(e.what());
    }
    const uint8_t* base = map_->data();
    const uint64_t n = map_->size();
    if (n < 22) fail("file too short");
    // The end-of-central-directory record is within the last 64 KiB + 22 bytes.
    int64_t eocd = -1;
    uint64_t lowest = n > 65557 ? n - 65557 : 0;
    for (uint64_t i = n - 22 + 1; i-- > lowest;) {
        if (rd32(base + i) == kEocd) { eocd = int64_t(i); break; }
    }
    if (eocd < 0) fail("no end-of-central-directory record; truncated?");
    const uint8_t* e = base + eocd;
    uint64_t count = rd16(e + 10), cdSize = rd32(e + 12), cdOffset = rd32(e + 16);
    if (count == 0xFFFF || cdSize == 0xFFFFFFFFu || cdOffset == 0xFFFFFFFFu) {
        if (eocd < 20 || rd32(base + eocd - 20) != kEocd64Locator) fail("ZIP64 locator missing");
        uint64_t off64 = rd64(base + eocd - 20 + 8);
        if (off64 + 56 > n || rd32(base + off64) != kEocd64) fail("ZIP64 end record out of range");
        count = rd64(base + off64 + 32);
        cdSize = rd64(base + off64 + 40);
        cdOffset = rd64(base + off64 + 48);
    }
    if (cdOffset > n || cdSize > n - cdOffset) fail("central directory out of range; truncated?");
    uint64_t pos = cdOffset;
    for (uint64_t k = 0; k < count; ++k) {
        if (pos + 46 > cdOffset + cdSize || rd32(base + pos) != kCentral) fail("bad central directory entry");
        const uint8_t* c = base + pos;
        Entry ent;
        ent.method = rd16(c + 10);
        uint64_t csize = rd32(c + 20), usize = rd32(c + 24), local = rd32(c + 42);
        uint16_t nameLen = rd16(c + 28), extraLen = rd16(c + 30), commentLen = rd16(c + 32);
        if (pos + 46 + nameLen + extraLen + commentLen > cdOffset + cdSize) fail("central directory entry overruns");
        ent.name.assign(reinterpret_cast<const char*>(c + 46), nameLen);
        // ZIP64 extra field: the 0xFFFFFFFF fields in order usize, csize, local offset.
        const uint8_t* x = c + 46 + nameLen;
        const uint8_t* xend = x + extraLen;
        while (x + 4 <= xend) {
            uint16_t id = rd16(x), len = rd16(x + 2);
            if (x + 4 + len > xend) break;
            if (id == 0x0001) {
                const uint8_t* f = x + 4;
                const uint8_t* fend = f + len;
                if (usize == 0xFFFFFFFFu && f + 8 <= fend) { usize = rd64(f); f += 8; }
                if (csize == 0xFFFFFFFFu && f + 8 <= fend) { csize = rd64(f); f += 8; }
                if (local == 0xFFFFFFFFu && f + 8 <= fend) { local = rd64(f); f += 8; }
            }
            x += 4 + len;
        }
        if (local + 30 > n || rd32(base + local) != kLocal) fail("bad local header for " + ent.name);
        uint64_t dataOff = local + 30 + rd16(base + local + 26) + rd16(base + local + 28);
        if (dataOff > n || csize > n - dataOff) fail("data of " + ent.name + " out of range; truncated?");
        ent.dataOffset = dataOff;
        ent.size = ent.method == 0 ? usize : csize;
        if (ent.method == 0 && csize != usize) fail("stored entry " + ent.name + " has inconsistent sizes");
        index_[ent.name] = entries_.size();
        entries_.push_back(std::move(ent));
        pos += 46 + nameLen + extraLen + commentLen;
    }
}

ZipArchive::~ZipArchive() = default;

const ZipArchive::Entry* ZipArchive::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &entries_[it->second];
}

const uint8_t* ZipArchive::data(const Entry& e) const {
    if (e.method != 0)
        throw ZipError(path_ + ": entry " + e.name + " is compressed (method " + std::to_string(e.method) +
                       "); only stored entries are supported, as torch.save writes them");
    return map_->data() + e.dataOffset;
}

}  // namespace mr::nn
