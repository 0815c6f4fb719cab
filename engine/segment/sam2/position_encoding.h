#pragma once
// The position encodings of SAM 2 (sam2.modeling.position_encoding and sam2_utils), written with
// the same tensor operations in the same order as the originals:
//  - the normalised 2-D sine encoding of the FPN levels and of the memories (PositionEmbeddingSine),
//  - the 1-D sine encoding of object-pointer distances (get_1d_sine_pe),
//  - the random-Fourier encoding of prompts and of the decoder's image grid (PositionEmbeddingRandom),
//  - the axial 2-D rotary encoding of the memory attention (compute_axial_cis, apply_rotary_enc).
#include <torch/torch.h>

namespace mr::segment::sam2 {

// [1, numPosFeats, h, w] float32 on `options`' device (temperature 10000, scale 2π, normalised).
torch::Tensor sinePositionEncoding(int64_t numPosFeats, int64_t h, int64_t w, const torch::TensorOptions& options);

// pos [...] -> [..., dim]: cat(sin(pos / t), cos(pos / t)), t = 10000^(2⌊i/2⌋ / (dim/2)).
torch::Tensor sine1d(const torch::Tensor& pos, int64_t dim);

// coords01 [..., 2] in [0,1] -> [..., 2 * gaussian.size(1)].
torch::Tensor randomFourierEncoding(const torch::Tensor& coords01, const torch::Tensor& gaussian);
// PositionEmbeddingRandom.forward((g, g)) as [1, C, g, g] (the decoder's dense image PE).
torch::Tensor denseRandomEncoding(const torch::Tensor& gaussian, int64_t grid);

// compute_axial_cis(dim, side, side, theta): complex64 [side*side, dim/2].
torch::Tensor axialRopeFrequencies(int64_t dim, int64_t side, double theta);
// apply_rotary_enc on [B, heads, N, d] tensors; k's N may be a multiple of q's (repeatFreqsK).
// Returns the rotated (q, k).
std::pair<torch::Tensor, torch::Tensor> applyRotaryEncoding(const torch::Tensor& q, const torch::Tensor& k,
                                                            const torch::Tensor& freqs, bool repeatFreqsK);

}  // namespace mr::segment::sam2
