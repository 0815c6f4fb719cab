#include "engine/nn/checkpoint.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/core/files.h"
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
    static const DtypeInfo table[] = {
        {"Float", torch::kFloat32, 4}, {"Double", torch::kFloat64, 8}, {"Half", torch::kFloat16, 2},
        {"BFloat16", torch::kBFloat16, 2}, {"Long", torch::kInt64, 8}, {"Int", torch::kInt32, 4},
        {"Short", torch::kInt16, 2}, {"Char", torch::kInt8, 1}, {"Byte", torch::kUInt8, 1},
        {"Bool", torch::kBool, 1}, {"ComplexFloat", torch::kComplexFloat, 8},
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
            msg = path + ": a legacy (non-ZIP) PyTorch checkpoint; re-save it with torch.save in PyTorch >= 1.6 "
                         "or convert it to safetensors";
        throw WeightsError(msg);
    }
    const ZipArchive::Entry* pkl = nullptr;
    for (const auto& e : zip->entries()) {
        const std::string suffix = "data.pkl";
        if (e.name.size() >= suffix.size() && e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
            (e.name.size() == suffix.size() || e.name[e.name.size() - suffix.size() - 1] == '/')) {
            pkl = &e;
            break;
        }
    }
    if (!pkl) throw WeightsError(path + ": no data.pkl inside; not a PyTorch checkpoint");
    const std::string prefix = pkl->name.substr(0, pkl->name.size() - 8);  // "archive/"
    if (const auto* bo = zip->find(prefix + "byteorder")) {
        std::string order = zip->read(*bo);
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
            if (k->kind == pickle::Object::Kind::String && (k->s == "model" || k->s == "state_dict") && isStateDict(v)) {
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
        const DtypeInfo* dt = storageDtype(t.storage.dtype);
        if (!dt) throw WeightsError(path + ": tensor " + k->s + " has unsupported storage " + t.storage.dtype);
        torch::Tensor storage;
        auto it = storages.find(t.storage.key);
        if (it != storages.end()) {
            storage = it->second;
        } else {
            const auto* e = zip->find(prefix + "data/" + t.storage.key);
            if (!e) throw WeightsError(path + ": storage " + t.storage.key + " of tensor " + k->s + " is missing");
            if (t.storage.numel < 0 || e->size < uint64_t(t.storage.numel) * dt->bytes)
                throw WeightsError(path + ": storage " + t.storage.key + " of tensor " + k->s + " is truncated");
            const uint8_t* ptr;
            try {
                ptr = zip->data(*e);
            } catch (const ZipError& err) {
                throw WeightsError(err.what());
            }
            auto options = torch::TensorOptions().dtype(dt->type);
            if (reinterpret_cast<uintptr_t>(ptr) % dt->bytes != 0) {
                storage = torch::empty({t.storage.numel}, options);
                std::memcpy(storage.data_ptr(), ptr, size_t(t.storage.numel) * dt->bytes);
            } else {
                auto keep = mapping;
                storage = torch::from_blob(const_cast<uint8_t*>(ptr), {t.storage.numel}, [keep](void*) {}, options);
            }
            storages[t.storage.key] = storage;
        }
        // Bounds check before viewing.
        int64_t last = t.offset;
        bool empty = false;
        for (size_t d = 0; d < t.size.size(); ++d) {
            if (t.size[d] < 0 || t.stride[d] < 0) throw WeightsError(path + ": tensor " + k->s + " has a negative size or stride");
            if (t.size[d] == 0) empty = true;
            else last += (t.size[d] - 1) * t.stride[d];
        }
        if (t.offset < 0 || (!empty && last >= t.storage.numel))
            throw WeightsError(path + ": tensor " + k->s + " reaches outside its storage");
        out[k->s] = storage.as_strided(t.size, t.stride, t.offset);
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
            mismatched.push_back(k + " (file " + shapeString(it->second.sizes().vec()) + ", config " + shapeString(shape) + ")");
    }
    for (const auto& [k, t] : sd)
        if (!expected.count(k)) unexpected.push_back(k);
    throwIfWeightsDiffer(what, missing, unexpected, mismatched);
}

}  // namespace mr::nn
