#include "engine/nn/checkpoint.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/core/files.h"
#include "engine/core/limits.h"
#include "engine/nn/restricted_pickle.h"
#include "engine/nn/weight_table.h"
#include "engine/nn/zip_archive.h"

namespace mr::nn {
namespace {

struct DtypeInfo {
    const char* name;
    torch::ScalarType type;
    size_t bytes;
};

const DtypeInfo* storageDtype(const std::string& n) {
    static const DtypeInfo table[] = {{"Float", torch::kFloat32, 4},
                                      {"Double", torch::kFloat64, 8},
                                      {"Half", torch::kFloat16, 2},
                                      {"BFloat16", torch::kBFloat16, 2},
                                      {"Long", torch::kInt64, 8},
                                      {"Int", torch::kInt32, 4},
                                      {"Short", torch::kInt16, 2},
                                      {"Char", torch::kInt8, 1},
                                      {"Byte", torch::kUInt8, 1},
                                      {"Bool", torch::kBool, 1},
                                      {"ComplexFloat", torch::kComplexFloat, 8},
                                      {"ComplexDouble", torch::kComplexDouble, 16}};
    for (const auto& d : table)
        if (n == d.name) return &d;
    return nullptr;
}

bool isStateDict(const pickle::Ref& r) {
    if (r->kind != pickle::Object::Kind::Dict) return false;
    for (const auto& [k, v] : r->dict)
        if (k->kind == pickle::Object::Kind::String && v->kind == pickle::Object::Kind::Tensor) return true;
    return false;
}

// The pickle of a torch.save archive: "<folder>/data.pkl" (or a bare "data.pkl").
const ZipArchive::Entry* findPickle(const ZipArchive& zip) {
    const std::string suffix = "data.pkl";
    for (const auto& e : zip.entries()) {
        if (e.name.size() >= suffix.size() &&
            e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
            (e.name.size() == suffix.size() || e.name[e.name.size() - suffix.size() - 1] == '/'))
            return &e;
    }
    return nullptr;
}

// The bytes of one storage as a 1-D tensor: a view of the mapping where alignment allows.
torch::Tensor viewStorage(const ZipArchive& zip, const std::string& prefix, const pickle::StorageRef& ref,
                          const DtypeInfo& dt, const std::shared_ptr<mr::MappedFile>& mapping,
                          const std::string& what) {
    const auto* e = zip.find(prefix + "data/" + ref.key);
    if (!e) throw WeightsError(what + ": its storage " + ref.key + " is missing");
    // numel * bytes must fit the entry; compared by division so that no product can overflow.
    if (ref.numel < 0 || uint64_t(ref.numel) > e->size / dt.bytes)
        throw WeightsError(what + ": its storage " + ref.key + " is truncated");
    const uint8_t* ptr;
    try {
        ptr = zip.data(*e);
    } catch (const ZipError& err) {
        throw WeightsError(err.what());
    }
    auto options = torch::TensorOptions().dtype(dt.type);
    if (reinterpret_cast<uintptr_t>(ptr) % dt.bytes != 0) {
        torch::Tensor storage = torch::empty({ref.numel}, options);
        std::memcpy(storage.data_ptr(), ptr, size_t(ref.numel) * dt.bytes);
        return storage;
    }
    auto keep = mapping;
    return torch::from_blob(
        const_cast<uint8_t*>(ptr), {ref.numel}, [keep](void*) {}, options);
}

// The tensor as a strided view of its storage, after checking that every element it reaches lies
// inside the storage (sizes and strides from the file, so all arithmetic is overflow-checked).
torch::Tensor viewTensor(const torch::Tensor& storage, const pickle::TensorRef& t, const std::string& what) {
    try {
        mr::limits::elementCount(t.size, what);
    } catch (const mr::LimitError& e) {
        throw WeightsError(e.what());
    }
    int64_t last = t.offset;
    bool empty = false;
    for (size_t d = 0; d < t.size.size(); ++d) {
        if (t.stride[d] < 0) throw WeightsError(what + " has a negative size or stride");
        if (t.size[d] == 0) empty = true;
        int64_t reach = 0;
        if (mr::limits::mulOverflows(t.size[d] == 0 ? 0 : t.size[d] - 1, t.stride[d], &reach) ||
            mr::limits::addOverflows(last, reach, &last))
            throw WeightsError(what + " reaches outside its storage (sizes x strides overflow)");
    }
    if (t.offset < 0 || (!empty && last >= storage.numel())) throw WeightsError(what + " reaches outside its storage");
    return storage.as_strided(t.size, t.stride, t.offset);
}

}  // namespace

StateDict loadTorchCheckpoint(const std::string& path) {
    std::unique_ptr<ZipArchive> zip;
    try {
        zip = std::make_unique<ZipArchive>(path);
    } catch (const ZipError& e) {
        std::string msg = e.what();
        // Legacy (pre-1.6) torch.save files start with a pickle, not a ZIP header.
        std::ifstream f(path, std::ios::binary);
        char head[2] = {0, 0};
        if (f.read(head, 2) && uint8_t(head[0]) == 0x80)
            msg = path +
                  ": a legacy (non-ZIP) PyTorch checkpoint; re-save it with torch.save in PyTorch >= 1.6 "
                  "or convert it to safetensors";
        throw WeightsError(msg);
    }
    const ZipArchive::Entry* pkl = findPickle(*zip);
    if (!pkl) throw WeightsError(path + ": no data.pkl inside; not a PyTorch checkpoint");
    if (pkl->size > mr::limits::kMaxPickleBytes)
        throw WeightsError(path + ": " + pkl->name + " has " + std::to_string(pkl->size) + " bytes; at most " +
                           std::to_string(mr::limits::kMaxPickleBytes) + " are supported");
    const std::string prefix = pkl->name.substr(0, pkl->name.size() - 8);  // "archive/"
    if (const auto* bo = zip->find(prefix + "byteorder")) {
        std::string order = bo->size <= 16 ? zip->read(*bo) : "(" + std::to_string(bo->size) + " bytes)";
        if (order != "little") throw WeightsError(path + ": byte order '" + order + "' is not supported");
    }
    pickle::Ref root;
    try {
        root = pickle::load(zip->data(*pkl), size_t(pkl->size), path + ": " + pkl->name);
    } catch (const ZipError& e) {
        throw WeightsError(e.what());
    } catch (const pickle::PickleError& e) {
        throw WeightsError(e.what());
    }
    if (!isStateDict(root) && root->kind == pickle::Object::Kind::Dict) {
        for (const auto& [k, v] : root->dict)
            if (k->kind == pickle::Object::Kind::String && (k->s == "model" || k->s == "state_dict") &&
                isStateDict(v)) {
                root = v;
                break;
            }
    }
    if (!isStateDict(root)) throw WeightsError(path + ": the checkpoint holds no state_dict of tensors");

    auto mapping = zip->mapping();
    std::map<std::string, torch::Tensor> storages;
    StateDict out;
    for (const auto& [k, v] : root->dict) {
        if (k->kind != pickle::Object::Kind::String || v->kind != pickle::Object::Kind::Tensor) continue;
        const pickle::TensorRef& t = *v->tensor;
        const std::string what = path + ": tensor " + k->s;
        const DtypeInfo* dt = storageDtype(t.storage.dtype);
        if (!dt) throw WeightsError(what + " has unsupported storage " + t.storage.dtype);
        torch::Tensor storage;
        auto it = storages.find(t.storage.key);
        if (it != storages.end()) {
            storage = it->second;
            if (storage.scalar_type() != dt->type)
                throw WeightsError(what + " views storage " + t.storage.key + " with another dtype");
        } else {
            storage = viewStorage(*zip, prefix, t.storage, *dt, mapping, what);
            storages[t.storage.key] = storage;
        }
        try {
            out[k->s] = viewTensor(storage, t, what);
        } catch (const c10::Error& e) {  // libtorch's own checks, should ours ever miss a case
            throw WeightsError(what + ": " + e.what_without_backtrace());
        }
    }
    return out;
}

StateDict loadStateDict(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw WeightsError(path + ": cannot open weight file");
    char head[4] = {0, 0, 0, 0};
    f.read(head, 4);
    if (f.gcount() == 4 && head[0] == 'P' && head[1] == 'K') return loadTorchCheckpoint(path);
    if (f.gcount() >= 2 && uint8_t(head[0]) == 0x80) return loadTorchCheckpoint(path);  // legacy: clear error
    SafeTensorsFile st(path);
    StateDict out;
    for (const auto& n : st.names()) out[n] = st.tensor(n);
    return out;
}

void checkStateDict(const StateDict& sd, const std::map<std::string, std::vector<int64_t>>& expected,
                    const std::string& what) {
    std::vector<std::string> missing, unexpected, mismatched;
    for (const auto& [k, shape] : expected) {
        auto it = sd.find(k);
        if (it == sd.end()) missing.push_back(k);
        else if (it->second.sizes().vec() != shape)
            mismatched.push_back(k + " (file " + shapeString(it->second.sizes().vec()) + ", config " +
                                 shapeString(shape) + ")");
    }
    for (const auto& [k, t] : sd)
        if (!expected.count(k)) unexpected.push_back(k);
    throwIfWeightsDiffer(what, missing, unexpected, mismatched);
}

}  // namespace mr::nn
