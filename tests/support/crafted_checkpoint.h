#pragma once
// Hand-made torch.save files for the robustness tests: a protocol-2 pickle written opcode by
// opcode (so that sizes, strides and nesting can be anything) inside a stored ZIP (libzip).
#include <zip.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mr::test {

class PickleBuilder {
public:
    PickleBuilder() : b_("\x80\x02", 2) {}
    const std::string& bytes() const { return b_; }

    PickleBuilder& op(const std::string& raw) {
        b_ += raw;
        return *this;
    }
    PickleBuilder& text(const std::string& s) {
        uint32_t n = uint32_t(s.size());
        b_ += 'X';
        b_.append(reinterpret_cast<const char*>(&n), 4);
        b_ += s;
        return *this;
    }
    PickleBuilder& integer(int64_t v) {  // LONG1 with 8 bytes: any int64
        b_ += "\x8a\x08";
        b_.append(reinterpret_cast<const char*>(&v), 8);
        return *this;
    }
    PickleBuilder& ints(const std::vector<int64_t>& vs) {
        b_ += '(';
        for (int64_t v : vs) integer(v);
        b_ += 't';
        return *this;
    }
    // One state_dict entry: key -> _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()).
    PickleBuilder& tensor(const std::string& key, const std::string& storageType, const std::string& storageKey,
                          int64_t numel, int64_t offset, const std::vector<int64_t>& size,
                          const std::vector<int64_t>& stride) {
        text(key);
        op("ctorch._utils\n_rebuild_tensor_v2\n(");
        op("(")
            .text("storage")
            .op("ctorch\n" + storageType + "\n")
            .text(storageKey)
            .text("cpu")
            .integer(numel)
            .op("tQ");
        integer(offset).ints(size).ints(stride).op("\x89").op("ccollections\nOrderedDict\n)R").op("tR");
        return *this;
    }
    // An OrderedDict state_dict around `entries` (call tensor() between begin and end).
    PickleBuilder& beginStateDict() { return op("ccollections\nOrderedDict\n)R("); }
    PickleBuilder& endStateDict() { return op("u."); }

private:
    std::string b_;
};

// A torch.save-style pickle of a million nested tuples (EMPTY_TUPLE, then TUPLE1 a million times).
inline std::string nestedTuplesPickle(int depth = 1000000) {
    return std::string("\x80\x02)", 3) + std::string(size_t(depth), '\x85') + ".";
}

// Writes a ZIP of stored (uncompressed) entries, as torch.save does.
inline void writeStoredZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z) throw std::runtime_error("cannot create " + path);
    for (const auto& [name, data] : entries) {
        zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
        const zip_int64_t i = s ? zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE) : -1;
        if (i < 0 || zip_set_file_compression(z, zip_uint64_t(i), ZIP_CM_STORE, 0) != 0) {
            if (s && i < 0) zip_source_free(s);
            zip_discard(z);
            throw std::runtime_error("cannot add " + name + " to " + path);
        }
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        throw std::runtime_error("cannot write " + path);
    }
}

// A checkpoint holding `pickle` as archive/data.pkl and the given storages as archive/data/<key>.
inline void writeCheckpoint(const std::string& path, const std::string& pickle,
                            const std::vector<std::pair<std::string, std::string>>& storages = {}) {
    std::vector<std::pair<std::string, std::string>> entries{{"archive/data.pkl", pickle},
                                                             {"archive/byteorder", "little"}};
    for (const auto& [key, bytes] : storages) entries.emplace_back("archive/data/" + key, bytes);
    writeStoredZip(path, entries);
}

}  // namespace mr::test
