#pragma once
// A model's tensor-name table, in the manner of llama.cpp's: every checkpoint key the model
// reads, the shape it must have and the member it is bound to, declared once next to the model's
// weight structs. bind() checks the whole table against the file first (every missing,
// unexpected and mis-shaped key listed in one WeightsError), then fills the members, so forward
// passes use plain struct members and never look a tensor up by name.
//
//   WeightTable table;
//   table.add("blocks.0.attn.qkv.weight", {3 * d, d}, &w.blocks[0].qkv.weight);
//   table.addOptional("blocks.0.attn.qkv.bias", {3 * d}, &w.blocks[0].qkv.bias);
//   table.ignore("some_buffer_recomputed_at_load");
//   table.bind(StateDictSource(stateDict), "SAM weights", toDevice);
#include <torch/torch.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/nn/checkpoint.h"

namespace mr::nn {

// Where a model's tensors come from: a state dict (.pth / .safetensors read whole) or
// memory-mapped shards. Tensors are CPU and may view a mapping.
class TensorSource {
public:
    virtual ~TensorSource() = default;
    virtual std::vector<std::string> names() const = 0;
    virtual bool contains(const std::string& name) const = 0;
    virtual std::vector<int64_t> shape(const std::string& name) const = 0;  // of a contained name
    virtual torch::Tensor tensor(const std::string& name) const = 0;        // of a contained name
};

class StateDictSource : public TensorSource {
public:
    explicit StateDictSource(const StateDict& sd) : sd_(sd) {}
    std::vector<std::string> names() const override;
    bool contains(const std::string& name) const override { return sd_.count(name) != 0; }
    std::vector<int64_t> shape(const std::string& name) const override { return sd_.at(name).sizes().vec(); }
    torch::Tensor tensor(const std::string& name) const override { return sd_.at(name); }

private:
    const StateDict& sd_;
};

// What bind() does with each file tensor before storing it (device, dtype, quantisation). The
// identity keeps a memory-mapped tensor as it is: zero copy.
using TensorConvert = std::function<torch::Tensor(const std::string& name, const torch::Tensor& tensor)>;

class WeightTable {
public:
    // `name` must be in the file with exactly `shape`.
    void add(const std::string& name, std::vector<int64_t> shape, torch::Tensor* target);
    // `name` may be absent (e.g. a bias some checkpoints omit); then *target stays undefined.
    void addOptional(const std::string& name, std::vector<int64_t> shape, torch::Tensor* target);
    // Keys in the file the model does not read, not reported as unexpected: an exact name, or a
    // prefix when it ends with '.'.
    void ignore(const std::string& nameOrPrefix);

    // Throws WeightsError (prefixed with `what`) listing every difference between the table and
    // the file; else binds every entry through `convert` (default: as stored).
    void bind(const TensorSource& source, const std::string& what, const TensorConvert& convert = {}) const;

    size_t size() const { return entries_.size(); }
    // The expected shapes by name (e.g. for a parameter count or a byte estimate).
    std::map<std::string, std::vector<int64_t>> shapes() const;

private:
    struct Entry {
        std::string name;
        std::vector<int64_t> shape;
        torch::Tensor* target = nullptr;
        bool optional = false;
    };
    bool ignored(const std::string& name) const;

    std::vector<Entry> entries_;
    std::vector<std::string> ignored_;
};

// The one format for "the weights do not match the model" (missing, unexpected and mis-shaped
// keys, up to a readable limit per list); throws WeightsError when any list is non-empty.
void throwIfWeightsDiffer(const std::string& what, const std::vector<std::string>& missing,
                          const std::vector<std::string>& unexpected, const std::vector<std::string>& mismatched);

// "[3,16,7,7]"
std::string shapeString(const std::vector<int64_t>& shape);

}  // namespace mr::nn
