#include "engine/nn/layers.h"

namespace mr::nn {

using torch::Tensor;
using torch::indexing::None;
using torch::indexing::Slice;

Tensor LayerNorm::operator()(const Tensor& x) const { return torch::layer_norm(x, {x.size(-1)}, weight, bias, eps); }

Tensor layerNorm2d(const Tensor& x, const LayerNorm& norm) {
    Tensor u = x.mean(1, true);
    Tensor s = (x - u).pow(2).mean(1, true);
    Tensor y = (x - u) / torch::sqrt(s + norm.eps);
    return norm.weight.index({Slice(), None, None}) * y + norm.bias.index({Slice(), None, None});
}

Tensor Conv2d::operator()(const Tensor& x) const { return torch::conv2d(x, weight, bias, stride, padding, 1, groups); }

Tensor ConvTranspose2d::operator()(const Tensor& x) const { return torch::conv_transpose2d(x, weight, bias, stride); }

Tensor activate(const Tensor& x, Activation a) { return a == Activation::Relu ? torch::relu(x) : torch::gelu(x); }

Tensor Mlp::operator()(const Tensor& x0) const {
    Tensor x = x0;
    for (size_t i = 0; i < layers.size(); ++i) {
        x = layers[i](x);
        if (i + 1 < layers.size()) x = activate(x, activation);
    }
    return sigmoidOutput ? torch::sigmoid(x) : x;
}

void LayerBinder::tensor(const std::string& name, std::vector<int64_t> shape, Tensor* target) {
    table_.add(name, std::move(shape), target);
}

void LayerBinder::linear(const std::string& prefix, int64_t in, int64_t out, Linear& l, bool bias) {
    table_.add(prefix + ".weight", {out, in}, &l.weight);
    if (bias) table_.add(prefix + ".bias", {out}, &l.bias);
}

void LayerBinder::layerNorm(const std::string& prefix, int64_t dim, LayerNorm& n, double eps) {
    table_.add(prefix + ".weight", {dim}, &n.weight);
    table_.add(prefix + ".bias", {dim}, &n.bias);
    n.eps = eps;
}

void LayerBinder::conv2d(const std::string& prefix, int64_t in, int64_t out, int64_t kernel, Conv2d& c, int64_t stride,
                         int64_t padding, int64_t groups) {
    table_.add(prefix + ".weight", {out, in / groups, kernel, kernel}, &c.weight);
    table_.add(prefix + ".bias", {out}, &c.bias);
    c.stride = stride;
    c.padding = padding;
    c.groups = groups;
}

void LayerBinder::convTranspose2d(const std::string& prefix, int64_t in, int64_t out, int64_t kernel,
                                  ConvTranspose2d& c, int64_t stride) {
    table_.add(prefix + ".weight", {in, out, kernel, kernel}, &c.weight);
    table_.add(prefix + ".bias", {out}, &c.bias);
    c.stride = stride;
}

void LayerBinder::mlp(const std::string& prefix, int64_t in, int64_t hidden, int64_t out, int numLayers, Mlp& m,
                      Activation activation, bool sigmoidOutput) {
    m.layers.assign(size_t(numLayers), Linear{});
    m.activation = activation;
    m.sigmoidOutput = sigmoidOutput;
    for (int i = 0; i < numLayers; ++i) {
        const int64_t a = i == 0 ? in : hidden, b = i == numLayers - 1 ? out : hidden;
        linear(prefix + ".layers." + std::to_string(i), a, b, m.layers[size_t(i)]);
    }
}

}  // namespace mr::nn
