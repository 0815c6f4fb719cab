#include "engine/nn/safetensors.h"

#include <algorithm>
#include <cstring>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/core/limits.h"

namespace mr::nn {

namespace {
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;  // the format's own limit

struct DtypeEntry {
    const char* name;
    torch::ScalarType type;
    size_t bytes;
};
constexpr DtypeEntry kDtypes[] = {
    {"F64", torch::kFloat64, 8},   {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2},
    {"BF16", torch::kBFloat16, 2}, {"I64", torch::kInt64, 8},   {"I32", torch::kInt32, 4},
    {"I16", torch::kInt16, 2},     {"I8", torch::kInt8, 1},     {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

const DtypeEntry* findDtype(const std::string& name) {
    for (const auto& d : kDtypes)
        if (name == d.name) return &d;
    return nullptr;
}
const DtypeEntry* findDtype(torch::ScalarType t) {
    for (const auto& d : kDtypes)
        if (t == d.type) return &d;
    return nullptr;
}
}  // namespace

SafeTensorsFile::SafeTensorsFile(const std::string& path) : path_(path) {
    try {
        map_ = std::make_shared<mr::MappedFile>(path);
    } catch (const mr::FileError& e) {
        throw WeightsError(e.what());
    }
    auto fail = [&](const std::string& why) { throw WeightsError(path + ": " + why); };
    if (map_->size() < 8) fail("too short to be a safetensors file");
    uint64_t headerBytes = 0;
    for (int i = 7; i >= 0; --i) headerBytes = (headerBytes << 8) | map_->data()[i];
    if (headerBytes > kMaxHeaderBytes || headerBytes > map_->size() - 8)
        fail("header length " + std::to_string(headerBytes) + " exceeds the file (truncated or not safetensors)");
    dataStart_ = 8 + headerBytes;
    const uint64_t dataBytes = map_->size() - dataStart_;

    json::Value header;
    try {
        header = json::parse(std::string_view(reinterpret_cast<const char*>(map_->data() + 8), headerBytes));
    } catch (const json::ParseError& e) {
        fail(std::string("bad header: ") + e.what());
    }
    if (!header.isObject()) fail("header is not a JSON object");

    std::vector<std::pair<uint64_t, uint64_t>> ranges;
    for (const auto& [name, v] : header.items()) {
        try {
            if (name == "__metadata__") {
                for (const auto& [k, mv] : v.items())
                    if (mv.isString()) metadata_[k] = mv.asString();
                continue;
            }
            TensorInfo ti;
            ti.dtype = v.at("dtype").asString();
            const DtypeEntry* dt = findDtype(ti.dtype);
            if (!dt) fail("tensor " + name + " has unsupported dtype " + ti.dtype);
            for (const auto& d : v.at("shape").asArray()) {
                if (ti.shape.size() == size_t(mr::limits::kMaxTensorRank))
                    fail("tensor " + name + " has too many dimensions");
                ti.shape.push_back(d.asInt());
            }
            const uint64_t numel = uint64_t(mr::limits::elementCount(ti.shape, "tensor " + name));
            const auto& off = v.at("data_offsets");
            if (off.size() != 2) fail("tensor " + name + " data_offsets must have two entries");
            int64_t b = off[0].asInt(), e = off[1].asInt();
            if (b < 0 || e < b) fail("tensor " + name + " has invalid data_offsets");
            ti.begin = uint64_t(b);
            ti.end = uint64_t(e);
            if (ti.end > dataBytes)
                fail("tensor " + name + " ends at byte " + std::to_string(ti.end) + " but the data section has " +
                     std::to_string(dataBytes) + " bytes (file truncated?)");
            if (ti.end - ti.begin != numel * dt->bytes)
                fail("tensor " + name + " byte size does not match its shape and dtype");
            ranges.emplace_back(ti.begin, ti.end);
            infos_.emplace(name, std::move(ti));
        } catch (const json::ParseError& e) {
            fail("tensor " + name + ": " + e.what());
        } catch (const mr::LimitError& e) {
            fail(e.what());
        }
    }
    std::sort(ranges.begin(), ranges.end());
    for (size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i].first < ranges[i - 1].second) fail("tensor data ranges overlap");
}

SafeTensorsFile::~SafeTensorsFile() = default;

std::vector<std::string> SafeTensorsFile::names() const {
    std::vector<std::string> out;
    out.reserve(infos_.size());
    for (const auto& kv : infos_) out.push_back(kv.first);
    return out;
}

const TensorInfo& SafeTensorsFile::info(const std::string& name) const {
    auto it = infos_.find(name);
    if (it == infos_.end()) throw WeightsError(path_ + ": no tensor named " + name);
    return it->second;
}

torch::ScalarType SafeTensorsFile::dtype(const std::string& name) const { return findDtype(info(name).dtype)->type; }

torch::Tensor SafeTensorsFile::tensor(const std::string& name) const {
    const TensorInfo& ti = info(name);
    const DtypeEntry* dt = findDtype(ti.dtype);
    uint8_t* ptr = map_->data() + dataStart_ + ti.begin;
    auto options = torch::TensorOptions().dtype(dt->type).device(torch::kCPU);
    if (reinterpret_cast<uintptr_t>(ptr) % dt->bytes != 0) {
        torch::Tensor t = torch::empty(ti.shape, options);
        std::memcpy(t.data_ptr(), ptr, ti.end - ti.begin);
        return t;
    }
    auto keepAlive = map_;
    return torch::from_blob(
        ptr, ti.shape, [keepAlive](void*) {}, options);
}

void SafeTensorsFile::releasePages(const std::string& name) const {
    const TensorInfo& ti = info(name);
    map_->releasePages(dataStart_ + ti.begin, ti.end - ti.begin);
}

void SafeTensorsFile::populatePages(const std::string& name) const {
    const TensorInfo& ti = info(name);
    map_->populatePages(dataStart_ + ti.begin, ti.end - ti.begin);
}

SafeTensorsWriter::SafeTensorsWriter(const std::string& path, std::vector<Entry> entries,
                                     const std::map<std::string, std::string>& metadata)
    : entries_(std::move(entries)) {
    json::Value header = json::Value::object();
    if (!metadata.empty()) {
        json::Value md = json::Value::object();
        for (const auto& [k, v] : metadata) md.set(k, v);
        header.set("__metadata__", md);
    }
    uint64_t offset = 0;
    for (const Entry& entry : entries_) {
        const DtypeEntry* dt = findDtype(entry.dtype);
        if (!dt) throw WeightsError("cannot save tensor " + entry.name + ": unsupported dtype");
        uint64_t numel = 1;
        json::Value shape = json::Value::array();
        for (int64_t d : entry.shape) {
            shape.push_back(d);
            numel *= uint64_t(d);
        }
        json::Value e = json::Value::object();
        e.set("dtype", dt->name);
        e.set("shape", shape);
        json::Value off = json::Value::array();
        off.push_back(offset);
        off.push_back(offset + numel * dt->bytes);
        e.set("data_offsets", off);
        header.set(entry.name, e);
        offset += numel * dt->bytes;
    }
    std::string head = json::dump(header);
    while ((head.size() + 8) % 8) head += ' ';  // keep tensor data 8-byte aligned
    std::string prefix(8, '\0');
    for (int i = 0; i < 8; ++i) prefix[size_t(i)] = char((uint64_t(head.size()) >> (8 * i)) & 0xFF);
    out_ = std::make_unique<mr::AtomicFileWriter>(path);
    out_->append(prefix + head);
}

SafeTensorsWriter::~SafeTensorsWriter() = default;

void SafeTensorsWriter::write(const torch::Tensor& tensor) {
    if (next_ >= entries_.size()) throw WeightsError("safetensors writer: more tensors than declared");
    const Entry& e = entries_[next_];
    if (tensor.scalar_type() != e.dtype || tensor.sizes().vec() != e.shape)
        throw WeightsError("safetensors writer: tensor " + e.name + " does not have its declared dtype and shape");
    torch::Tensor t = tensor.to(torch::kCPU).contiguous();
    out_->append(std::string_view(static_cast<const char*>(t.data_ptr()), t.nbytes()));
    ++next_;
}

void SafeTensorsWriter::commit() {
    if (next_ != entries_.size())
        throw WeightsError("safetensors writer: " + std::to_string(entries_.size() - next_) + " tensors not written");
    out_->commit();
}

void saveSafeTensors(const std::string& path, const std::map<std::string, torch::Tensor>& tensors,
                     const std::map<std::string, std::string>& metadata) {
    std::vector<SafeTensorsWriter::Entry> entries;
    for (const auto& [name, t] : tensors) entries.push_back({name, t.scalar_type(), t.sizes().vec()});
    SafeTensorsWriter w(path, std::move(entries), metadata);
    for (const auto& [name, t] : tensors) w.write(t);
    w.commit();
}

}  // namespace mr::nn
