#pragma once
// The int8 weights of a model folder, quantized once and kept beside the weights in
// "model.int8-weight-only.medreasoner.safetensors", so that later loads map them (zero copy)
// instead of quantizing gigabytes again. For each quantized weight W the file holds W (int8
// [out, in]) and W + ".scale" (float32 [out]); its metadata records the name, size and modification
// time of every weight file it was made from, and a cache that does not match them is ignored.
// The cache is only written on request (the model folder is the user's).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/nn/int8_linear.h"
#include "engine/nn/safetensors.h"

namespace mr::reason::qwen {

std::string int8CachePath(const std::string& folder);

// The cache for these weight files when it exists and holds exactly `quantizable` (name -> weight
// shape) with their scales; otherwise null, with the reason in `note` (empty when there is no file).
std::unique_ptr<mr::nn::SafeTensorsFile> openInt8Cache(const std::string& folder,
                                                       const std::vector<std::string>& weightFiles,
                                                       const std::map<std::string, std::vector<int64_t>>& quantizable,
                                                       std::string& note);

// Writes the cache atomically, one tensor at a time. Throws mr::Error (e.g. a read-only folder).
void writeInt8Cache(const std::string& folder, const std::vector<std::string>& weightFiles,
                    const std::map<std::string, mr::nn::Int8Weight>& weights);

}  // namespace mr::reason::qwen
