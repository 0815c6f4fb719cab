#pragma once
// Safetensors weight files, memory-mapped and bounds-checked. Tensors are zero-copy views of the
// mapping (kept alive by the tensors themselves), so a 15 GB checkpoint costs no extra RAM until
// it is converted or moved to a device.
#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/error.h"

namespace mr {
class MappedFile;
}

namespace mr::nn {

class WeightsError : public mr::Error {
public:
    using mr::Error::Error;
};

struct TensorInfo {
    std::string dtype;           // as written: F32, F16, BF16, I64, ...
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0;  // byte range inside the data section
};

class SafeTensorsFile {
public:
    // Throws WeightsError naming the file and the reason (truncated, bad header, overlapping or
    // out-of-range data, unknown dtype).
    explicit SafeTensorsFile(const std::string& path);
    ~SafeTensorsFile();

    const std::string& path() const { return path_; }
    std::vector<std::string> names() const;  // sorted
    bool contains(const std::string& name) const { return infos_.count(name) != 0; }
    const TensorInfo& info(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

    // A CPU tensor viewing the mapping (copied only if the data is misaligned for its dtype).
    torch::Tensor tensor(const std::string& name) const;

private:
    std::string path_;
    std::shared_ptr<mr::MappedFile> map_;
    uint64_t dataStart_ = 0;
    std::map<std::string, TensorInfo> infos_;
    std::map<std::string, std::string> metadata_;
};

// Writes tensors (made contiguous, moved to CPU) as a safetensors file, atomically.
void saveSafeTensors(const std::string& path, const std::map<std::string, torch::Tensor>& tensors,
                     const std::map<std::string, std::string>& metadata = {});

}  // namespace mr::nn
