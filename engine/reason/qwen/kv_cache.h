#pragma once
// Keys and values of every decoder layer for the tokens seen so far, preallocated for the whole
// generation ([1, kv heads, capacity, head dim] per layer) so that decode steps write in place.
#include <ATen/ATen.h>

#include <vector>

namespace mr::reason::qwen {

class KVCache {
public:
    KVCache() = default;
    KVCache(int64_t layers, int64_t kvHeads, int64_t headDim, int64_t capacity, const at::TensorOptions& options);

    int64_t length() const { return length_; }
    int64_t capacity() const { return capacity_; }
    void clear() { length_ = 0; }

    // Writes `k`/`v` [1, kvHeads, n, headDim] at positions length()..length()+n of `layer` (growing
    // the buffers if needed) and returns views of everything cached for that layer, new entries
    // included. Call advance(n) once every layer has been written.
    std::pair<at::Tensor, at::Tensor> append(int64_t layer, const at::Tensor& k, const at::Tensor& v);
    void advance(int64_t n) { length_ += n; }

private:
    void grow(int64_t needed);
    std::vector<at::Tensor> k_, v_;
    int64_t length_ = 0, capacity_ = 0;
};

}  // namespace mr::reason::qwen
