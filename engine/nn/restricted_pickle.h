#pragma once
// A restricted pickle reader for PyTorch checkpoints. It never executes code: it knows the
// opcodes a state_dict needs (containers, numbers, strings, memo, persistent ids) and only the
// globals that rebuild tensors (collections.OrderedDict, torch._utils._rebuild_tensor_v2,
// torch._utils._rebuild_parameter, torch.*Storage). Anything else is a PickleError naming it.
// Standard library only: tensors come back as descriptions (storage key, dtype, shape, strides).
// Bounded: containers nest at most limits::kMaxPickleDepth deep, at most kMaxPickleObjects are
// created, and a container cannot be changed once it is inside another (so no cycles).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/error.h"

namespace mr::nn::pickle {

class PickleError : public mr::Error {
public:
    using mr::Error::Error;
};

struct StorageRef {
    std::string dtype;     // storage class without "Storage": Float, Half, BFloat16, Long, ...
    std::string key;       // entry name under <archive>/data/
    std::string location;  // "cpu", "cuda:0", ...
    int64_t numel = 0;
};

struct TensorRef {
    StorageRef storage;
    int64_t offset = 0;  // in elements
    std::vector<int64_t> size, stride;
};

struct Object;
using Ref = std::shared_ptr<Object>;

struct Object {
    enum class Kind { None, Bool, Int, Float, String, Bytes, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    bool b = false;
    int64_t i = 0;
    double f = 0;
    std::string s;                          // String, Bytes, Global ("module.name")
    std::vector<Ref> items;                 // Tuple, List
    std::vector<std::pair<Ref, Ref>> dict;  // Dict (insertion order)
    std::shared_ptr<StorageRef> storage;    // Storage
    std::shared_ptr<TensorRef> tensor;      // Tensor
    int depth = 1;                          // containers nested inside this one, plus one
    bool nested = false;                    // inside a container (and therefore frozen)
};

// Parses one pickle; `what` names it in errors (e.g. "model.pth: data.pkl"). Throws PickleError.
Ref load(const uint8_t* data, size_t size, const std::string& what);

}  // namespace mr::nn::pickle
