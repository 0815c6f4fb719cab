#pragma once
// The tensors of one or more memory-mapped safetensors files (a sharded checkpoint) under one set
// of names, as a TensorSource for WeightTable::bind. Tensors view the mappings (zero copy); once a
// tensor has been converted, release() drops its pages from the resident set.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/nn/safetensors.h"
#include "engine/nn/weight_table.h"

namespace mr::nn {

class SafeTensorsSource : public TensorSource {
public:
    // Opens every file (bounds-checked headers; nothing is read yet). Throws WeightsError naming
    // the file, or a tensor stored in two files.
    explicit SafeTensorsSource(const std::vector<std::string>& paths);

    // Maps every stored name to the name the model reads (e.g. a newer key layout onto the classic
    // one). Throws WeightsError when two stored names map to the same name.
    using Rename = std::function<std::string(const std::string& stored)>;
    void rename(const Rename& rename);

    std::vector<std::string> names() const override { return order_; }
    std::vector<std::string> readOrder(std::vector<std::string> wanted) const override;  // shard by shard, by offset
    bool contains(const std::string& name) const override { return where_.count(name) != 0; }
    std::vector<int64_t> shape(const std::string& name) const override;
    torch::ScalarType dtype(const std::string& name) const override;
    torch::Tensor tensor(const std::string& name) const override;
    void release(const std::string& name) const override;
    // Maps `name`'s pages in now: for a tensor used in place, so the first forward pass does not
    // fault on every page.
    void populate(const std::string& name) const;

    // The name inside its file, and the file (of a contained name).
    const std::string& storedName(const std::string& name) const { return at(name).stored; }
    const SafeTensorsFile& fileOf(const std::string& name) const { return *at(name).file; }
    uint64_t bytes(const std::string& name) const;  // as stored
    const std::vector<std::unique_ptr<SafeTensorsFile>>& files() const { return files_; }

private:
    struct Location {
        const SafeTensorsFile* file = nullptr;
        std::string stored;
    };
    const Location& at(const std::string& name) const;

    std::vector<std::unique_ptr<SafeTensorsFile>> files_;
    std::map<std::string, Location> where_;
    std::vector<std::string> order_;      // file by file, by data offset
    std::map<std::string, size_t> rank_;  // position in order_
};

}  // namespace mr::nn
