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
class AtomicFileWriter;
}

namespace mr::nn {

class WeightsError : public mr::Error {
public:
    using mr::Error::Error;
};

struct TensorInfo {
    std::string dtype;  // as written: F32, F16, BF16, I64, ...
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
    torch::ScalarType dtype(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

    // A CPU tensor viewing the mapping (copied only if the data is misaligned for its dtype).
    torch::Tensor tensor(const std::string& name) const;
    // Drops the mapped pages of `name` from the resident set once its data has been converted and
    // will not be read again (see MappedFile::releasePages). Tensors viewing it stay valid.
    void releasePages(const std::string& name) const;
    // Maps the pages of `name` in now (see MappedFile::populatePages), for tensors used in place.
    void populatePages(const std::string& name) const;

private:
    std::string path_;
    std::shared_ptr<mr::MappedFile> map_;
    uint64_t dataStart_ = 0;
    std::map<std::string, TensorInfo> infos_;
    std::map<std::string, std::string> metadata_;
};

// Writes a safetensors file one tensor at a time: the header comes from the declared names,
// dtypes and shapes, then each tensor's bytes follow in that order, so a file of many gigabytes
// never sits in memory. Atomic: the file appears at commit(), complete, or not at all.
class SafeTensorsWriter {
public:
    struct Entry {
        std::string name;
        torch::ScalarType dtype;
        std::vector<int64_t> shape;
    };
    // Throws WeightsError for an unsupported dtype, mr::FileError when the file cannot be created.
    SafeTensorsWriter(const std::string& path, std::vector<Entry> entries,
                      const std::map<std::string, std::string>& metadata = {});
    ~SafeTensorsWriter();

    // The next declared tensor (its dtype and shape must match; moved to the CPU, made contiguous).
    void write(const torch::Tensor& tensor);
    // Every declared tensor has been written: the file appears.
    void commit();

private:
    std::vector<Entry> entries_;
    size_t next_ = 0;
    std::unique_ptr<mr::AtomicFileWriter> out_;
};

// Writes tensors (made contiguous, moved to CPU) as a safetensors file, atomically.
void saveSafeTensors(const std::string& path, const std::map<std::string, torch::Tensor>& tensors,
                     const std::map<std::string, std::string>& metadata = {});

}  // namespace mr::nn
