#pragma once
// Weight-holding building blocks of PyTorch models (nn.Linear, nn.LayerNorm, LayerNorm2d,
// nn.Conv2d, nn.ConvTranspose2d, the DETR-style MLP) computing exactly what the originals
// compute, plus LayerBinder, which declares their tensors in a WeightTable under the original
// state_dict names. Forward passes read struct members only; nothing is looked up by name.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "engine/nn/weight_table.h"

namespace mr::nn {

struct Linear {
    torch::Tensor weight;  // [out, in]
    torch::Tensor bias;    // [out] or undefined
    torch::Tensor operator()(const torch::Tensor& x) const { return torch::linear(x, weight, bias); }
};

// nn.LayerNorm over the last dimension.
struct LayerNorm {
    torch::Tensor weight, bias;
    double eps = 1e-5;
    torch::Tensor operator()(const torch::Tensor& x) const;
};

// LayerNorm2d (detectron2 / ConvNeXt): normalises an NCHW tensor over its channels, written as
// the original (mean, squared deviation, sqrt) rather than through layer_norm.
torch::Tensor layerNorm2d(const torch::Tensor& x, const LayerNorm& norm);

struct Conv2d {
    torch::Tensor weight, bias;
    int64_t stride = 1, padding = 0, groups = 1;
    torch::Tensor operator()(const torch::Tensor& x) const;
};

struct ConvTranspose2d {
    torch::Tensor weight, bias;  // weight [in, out, k, k]
    int64_t stride = 1;
    torch::Tensor operator()(const torch::Tensor& x) const;
};

enum class Activation { Relu, Gelu };
torch::Tensor activate(const torch::Tensor& x, Activation a);

// The MLP of DETR / SAM / SAM 2 (`MLP` in sam2_utils): linear layers with the activation between
// them, optionally a sigmoid at the end.
struct Mlp {
    std::vector<Linear> layers;
    Activation activation = Activation::Relu;
    bool sigmoidOutput = false;
    torch::Tensor operator()(const torch::Tensor& x) const;
};

// Declares layers in a WeightTable: `prefix` is the module's state_dict name ("a.b.proj").
class LayerBinder {
public:
    explicit LayerBinder(WeightTable& table) : table_(table) {}
    WeightTable& table() { return table_; }

    void tensor(const std::string& name, std::vector<int64_t> shape, torch::Tensor* target);
    void linear(const std::string& prefix, int64_t in, int64_t out, Linear& l, bool bias = true);
    void layerNorm(const std::string& prefix, int64_t dim, LayerNorm& n, double eps);
    void conv2d(const std::string& prefix, int64_t in, int64_t out, int64_t kernel, Conv2d& c, int64_t stride = 1,
                int64_t padding = 0, int64_t groups = 1);
    void convTranspose2d(const std::string& prefix, int64_t in, int64_t out, int64_t kernel, ConvTranspose2d& c,
                         int64_t stride);
    // MLP(in, hidden, out, numLayers): prefix.layers.i.
    void mlp(const std::string& prefix, int64_t in, int64_t hidden, int64_t out, int numLayers, Mlp& m,
             Activation activation = Activation::Relu, bool sigmoidOutput = false);

private:
    WeightTable& table_;
};

}  // namespace mr::nn
