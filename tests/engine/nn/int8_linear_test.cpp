// Weight-only int8: per-channel quantization error bounds, and the direct (decode) and BLAS
// (prefill) products against the dequantized float product, with and without bias, in float32
// and bfloat16.
#include "engine/nn/int8_linear.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "engine/core/error.h"

using mr::nn::int8Linear;
using mr::nn::quantizeInt8PerChannel;

namespace {

double maxRelative(const at::Tensor& a, const at::Tensor& b) {
    const at::Tensor x = a.to(at::kDouble), y = b.to(at::kDouble);
    return (x - y).abs().max().item<double>() / std::max(y.abs().max().item<double>(), 1e-12);
}

}  // namespace

TEST(Int8Linear, QuantizesEachRowWithinHalfAStep) {
    torch::manual_seed(1);
    at::Tensor w = at::randn({37, 70});
    w[5].zero_();
    w[6].mul_(1000);  // rows of very different magnitude keep their own scales
    const auto q = quantizeInt8PerChannel(w);
    ASSERT_EQ(q.q.scalar_type(), at::kChar);
    ASSERT_EQ(q.scale.sizes(), (std::vector<int64_t>{37}));
    EXPECT_EQ(q.scale[5].item<float>(), 0.0f);
    EXPECT_EQ(q.q.abs().max().item<int>(), 127);
    const at::Tensor back = mr::nn::dequantizeInt8(q, at::kFloat);
    const at::Tensor err = (back - w).abs();
    // Each element is off by at most half a quantization step of its row.
    EXPECT_TRUE((err <= q.scale.unsqueeze(1) * 0.5 + 1e-6).all().item<bool>());
    // bfloat16 and float16 weights quantize to the same levels as their float32 values.
    const at::Tensor wb = w.to(at::kBFloat16);
    EXPECT_TRUE(quantizeInt8PerChannel(wb).q.equal(quantizeInt8PerChannel(wb.to(at::kFloat)).q));
    EXPECT_THROW(quantizeInt8PerChannel(at::ones({3})), mr::Error);
}

TEST(Int8Linear, DirectAndBlasPathsMatchTheDequantizedProduct) {
    torch::manual_seed(2);
    const int64_t in = 300, out = 130;  // not multiples of the vector widths: the tails run too
    const at::Tensor w = at::randn({out, in}) * 0.05;
    const at::Tensor bias = at::randn({out});
    const auto q = quantizeInt8PerChannel(w);
    const at::Tensor deq = mr::nn::dequantizeInt8(q, at::kFloat);
    for (int64_t rows : {1, 3, 8, 9, 40}) {
        const at::Tensor x = at::randn({rows, in});
        const at::Tensor expected = at::linear(x, deq, bias);
        const at::Tensor got = int8Linear(x, q, bias);
        ASSERT_EQ(got.sizes(), expected.sizes());
        EXPECT_LT(maxRelative(got, expected), 1e-5) << rows << " rows";
        EXPECT_LT(maxRelative(int8Linear(x, q, {}), at::linear(x, deq)), 1e-5) << rows << " rows, no bias";
    }
    // Leading dimensions are kept; bfloat16 activations give bfloat16 results within its precision.
    const at::Tensor x3 = at::randn({2, 1, in});
    EXPECT_EQ(int8Linear(x3, q, bias).sizes(), (std::vector<int64_t>{2, 1, out}));
    const at::Tensor xb = at::randn({1, in}).to(at::kBFloat16);
    const at::Tensor yb = int8Linear(xb, q, bias);
    EXPECT_EQ(yb.scalar_type(), at::kBFloat16);
    EXPECT_LT(maxRelative(yb, at::linear(xb.to(at::kFloat), deq, bias)), 1e-2);
    EXPECT_THROW(int8Linear(at::randn({1, in + 1}), q, bias), mr::Error);
}
