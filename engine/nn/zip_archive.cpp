#include "engine/nn/zip_archive.h"

#include <zip.h>

#include <algorithm>
#include <cstring>

#include "engine/core/files.h"
#include "engine/core/limits.h"

namespace mr::nn {
namespace {

// A libzip source over the memory mapping. libzip reads an entry by seeking its source to the
// entry's first data byte and reading from there; the position of that read is how we learn where
// a stored entry's bytes are, so that data() can hand out the mapping itself instead of a copy.
struct MappedSource {
    const uint8_t* data = nullptr;
    uint64_t size = 0;
    uint64_t pos = 0;
    uint64_t lastReadAt = 0;
    zip_error_t error{};

    zip_int64_t handle(void* buffer, zip_uint64_t len, zip_source_cmd_t cmd) {
        switch (cmd) {
            case ZIP_SOURCE_OPEN: pos = 0; return 0;
            case ZIP_SOURCE_READ: {
                const uint64_t n = std::min<uint64_t>(len, size - pos);
                lastReadAt = pos;
                std::memcpy(buffer, data + pos, size_t(n));
                pos += n;
                return zip_int64_t(n);
            }
            case ZIP_SOURCE_CLOSE: return 0;
            case ZIP_SOURCE_STAT: {
                auto* st = static_cast<zip_stat_t*>(buffer);
                zip_stat_init(st);
                st->size = size;
                st->valid |= ZIP_STAT_SIZE;
                return sizeof(*st);
            }
            case ZIP_SOURCE_ERROR: return zip_error_to_data(&error, buffer, len);
            case ZIP_SOURCE_FREE: zip_error_fini(&error); return 0;
            case ZIP_SOURCE_SEEK: {
                const zip_int64_t to = zip_source_seek_compute_offset(pos, size, buffer, len, &error);
                if (to < 0) return -1;
                pos = uint64_t(to);
                return 0;
            }
            case ZIP_SOURCE_TELL: return zip_int64_t(pos);
            case ZIP_SOURCE_SUPPORTS: return ZIP_SOURCE_SUPPORTS_SEEKABLE;
            default: zip_error_set(&error, ZIP_ER_OPNOTSUPP, 0); return -1;
        }
    }
    static zip_int64_t callback(void* self, void* buffer, zip_uint64_t len, zip_source_cmd_t cmd) {
        return static_cast<MappedSource*>(self)->handle(buffer, len, cmd);
    }
};

// A libzip error record, released on every path (its text is allocated on demand).
struct ZipErrorRecord {
    zip_error_t error;
    ZipErrorRecord() { zip_error_init(&error); }
    ~ZipErrorRecord() { zip_error_fini(&error); }
    std::string text() { return zip_error_strerror(&error); }
};

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

ZipArchive::ZipArchive(const std::string& path) : path_(path) {
    auto fail = [&](const std::string& why) { throw ZipError(path_ + ": not a readable ZIP archive (" + why + ")"); };
    try {
        map_ = std::make_shared<MappedFile>(path);
    } catch (const mr::Error& e) {
        throw ZipError(e.what());
    }
    MappedSource mapped;
    mapped.data = map_->data();
    mapped.size = map_->size();
    zip_error_init(&mapped.error);
    ZipErrorRecord opening;
    zip_source_t* source = zip_source_function_create(&MappedSource::callback, &mapped, &opening.error);
    if (!source) fail(opening.text());
    // ZIP_CHECKCONS: every local header must agree with the central directory.
    std::unique_ptr<zip_t, ZipCloser> zip(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &opening.error));
    if (!zip) {
        zip_source_free(source);
        const int code = zip_error_code_zip(&opening.error);
        fail(opening.text() + (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS ? "; truncated?" : ""));
    }
    const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
    if (count < 0 || count > mr::limits::kMaxZipEntries)
        fail(std::to_string(count) + " entries; at most " + std::to_string(mr::limits::kMaxZipEntries) +
             " are supported");
    entries_.reserve(size_t(count));
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t st;
        if (zip_stat_index(zip.get(), zip_uint64_t(i), ZIP_FL_ENC_RAW, &st) != 0) fail(zip_strerror(zip.get()));
        const zip_uint64_t needed = ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD;
        if ((st.valid & needed) != needed) fail("incomplete directory entry " + std::to_string(i));
        Entry ent;
        ent.name = st.name;
        ent.method = uint16_t(st.comp_method);
        ent.size = ent.method == 0 ? st.size : st.comp_size;
        if (ent.method == 0 && st.size != st.comp_size) fail("stored entry " + ent.name + " has inconsistent sizes");
        if (ent.size > mapped.size) fail("data of " + ent.name + " out of range; truncated?");
        if (ent.method == 0 && ent.size > 0) {
            std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(zip.get(), zip_uint64_t(i), 0));
            if (!file) fail(ent.name + ": " + zip_strerror(zip.get()));
            uint8_t first = 0;
            if (zip_fread(file.get(), &first, 1) != 1) fail("data of " + ent.name + " unreadable; truncated?");
            ent.dataOffset = mapped.lastReadAt;
            // The read must have been of this entry's first byte, and the whole entry must fit.
            if (ent.dataOffset >= mapped.size || mapped.data[ent.dataOffset] != first ||
                ent.size > mapped.size - ent.dataOffset)
                fail("data of " + ent.name + " out of range; truncated?");
        }
        index_[ent.name] = entries_.size();
        entries_.push_back(std::move(ent));
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
