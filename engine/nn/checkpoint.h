#pragma once
// Model weights by file: safetensors (memory-mapped) or PyTorch checkpoints written by
// torch.save (a ZIP with data.pkl + data/<n>), read through a restricted pickle reader that never
// executes code. Both give a name -> tensor map with the original state_dict key names.
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "engine/nn/safetensors.h"  // WeightsError

namespace mr::nn {

using StateDict = std::map<std::string, torch::Tensor>;

// Reads a torch.save()d state_dict (or a dict holding one under "model"/"state_dict").
// CPU tensors, viewing the mapping where alignment allows. Throws WeightsError naming the file
// and what is wrong (not a ZIP, legacy non-ZIP format, forbidden pickle content, truncated data).
StateDict loadTorchCheckpoint(const std::string& path);

// By content: safetensors or a PyTorch ZIP checkpoint.
StateDict loadStateDict(const std::string& path);

// Compares a state dict with the expected names and shapes; throws WeightsError listing every
// missing, unexpected and mis-shaped key (up to a readable limit) when they differ.
void checkStateDict(const StateDict& sd, const std::map<std::string, std::vector<int64_t>>& expected,
                    const std::string& what);

}  // namespace mr::nn
