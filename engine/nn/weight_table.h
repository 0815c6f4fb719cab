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
//
// Entries must outlive bind(): targets are raw pointers into the caller's weight structs.
#include <torch/torch.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/nn/checkpoint.h"

namespace mr::nn {

// Where a model's tensors come from: a state dict (.pth / .safetensors read whole) or
// memory-mapped shards (SafeTensorsSource in engine/nn/safetensors_source.h). Tensors are CPU and
// may view a mapping.
class TensorSource {
public:
    virtual ~TensorSource() = default;
    virtual std::vector<std::string> names() const = 0;
    virtual bool contains(const std::string& name) const = 0;
    virtual std::vector<int64_t> shape(const std::string& name) const = 0;  // of a contained name
    virtual torch::ScalarType dtype(const std::string& name) const = 0;     // of a contained name
    virtual torch::Tensor tensor(const std::string& name) const = 0;        // of a contained name
    // `wanted` (contained names) in the order best read; default: as given.
    virtual std::vector<std::string> readOrder(std::vector<std::string> wanted) const { return wanted; }
    // Called once `name`'s data has been converted and will not be read again, so that a source
    // backed by a mapping can drop those pages from the resident set. Default: nothing.
    virtual void release(const std::string& /*name*/) const {}
};

class StateDictSource : public TensorSource {
public:
    explicit StateDictSource(const StateDict& sd) : sd_(sd) {}
    std::vector<std::string> names() const override;
    bool contains(const std::string& name) const override { return sd_.count(name) != 0; }
    std::vector<int64_t> shape(const std::string& name) const override { return sd_.at(name).sizes().vec(); }
    torch::ScalarType dtype(const std::string& name) const override { return sd_.at(name).scalar_type(); }
    torch::Tensor tensor(const std::string& name) const override { return sd_.at(name); }

private:
    const StateDict& sd_;
};

// How a table and a file differ: table names missing from the file, file names the table neither
// reads nor ignores, and names whose shapes disagree.
struct WeightDifferences {
    struct Shape {
        std::string name;
        std::vector<int64_t> file, expected;
    };
    std::vector<std::string> missing, unexpected;
    std::vector<Shape> misshapen;
    bool empty() const { return missing.empty() && unexpected.empty() && misshapen.empty(); }
};

// What bind() does with each file tensor before storing it (device, dtype, quantisation). The
// identity keeps a memory-mapped tensor as it is: zero copy.
using TensorConvert = std::function<torch::Tensor(const std::string& name, const torch::Tensor& tensor)>;

class WeightTable {
public:
    // `expectedLabel` names where the table's shapes come from in mismatch messages
    // ("a.weight (file [2,3], model [3,2])"); SAM says "config".
    explicit WeightTable(std::string expectedLabel = "model") : expectedLabel_(std::move(expectedLabel)) {}

    // `name` must be in the file with exactly `shape`.
    void add(const std::string& name, std::vector<int64_t> shape, torch::Tensor* target);
    // `name` may be absent (e.g. a bias some checkpoints omit); then *target stays undefined.
    void addOptional(const std::string& name, std::vector<int64_t> shape, torch::Tensor* target);
    // Keys in the file the model does not read, not reported as unexpected: an exact name, or a
    // prefix when it ends with '.'.
    void ignore(const std::string& nameOrPrefix);
    // Keys ending with `suffix` (e.g. ".inv_freq", rotary buffers some exporters write).
    void ignoreSuffix(const std::string& suffix);

    // Every difference between the table and the file (nothing is bound).
    WeightDifferences compare(const TensorSource& source) const;

    // Throws WeightsError (prefixed with `what`) listing every difference between the table and
    // the file; else binds every entry through `convert` (default: as stored), in table order,
    // calling source.release() after each conversion whose result does not view the file's data.
    void bind(const TensorSource& source, const std::string& what, const TensorConvert& convert = {}) const;
    // Binds without comparing first (the caller has compared and reported differences its own way).
    // Entries are visited in the source's readOrder() (for memory-mapped shards: shard by shard, in
    // storage order, so that conversions read the disk sequentially).
    void bindChecked(const TensorSource& source, const TensorConvert& convert = {}) const;

    size_t size() const { return entries_.size(); }
    // The expected shapes by name (e.g. for a parameter count or a byte estimate).
    std::map<std::string, std::vector<int64_t>> shapes() const;
    // The entries' names in the order they were added (e.g. to write a checkpoint in that order).
    std::vector<std::string> names() const;

private:
    struct Entry {
        std::string name;
        std::vector<int64_t> shape;
        torch::Tensor* target = nullptr;
        bool optional = false;
    };
    bool ignored(const std::string& name) const;

    std::string expectedLabel_;
    std::vector<Entry> entries_;
    std::vector<std::string> ignored_, ignoredSuffixes_;
};

// The one format for "the weights do not match the model" (missing, unexpected and mis-shaped
// keys, up to a readable limit per list); throws WeightsError when any list is non-empty.
void throwIfWeightsDiffer(const std::string& what, const std::vector<std::string>& missing,
                          const std::vector<std::string>& unexpected, const std::vector<std::string>& mismatched);

// "[3,16,7,7]"
std::string shapeString(const std::vector<int64_t>& shape);

}  // namespace mr::nn
