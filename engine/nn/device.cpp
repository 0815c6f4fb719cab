#include "engine/nn/device.h"

namespace mr::nn {

bool cudaAvailable() { return torch::cuda::is_available(); }

std::string ResolvedDevice::describe() const {
    std::string d = device.is_cuda() ? "cuda:" + std::to_string(device.has_index() ? device.index() : 0) : "cpu";
    return d + (dtype == torch::kFloat16 ? " float16" : dtype == torch::kBFloat16 ? " bfloat16" : " float32");
}

ResolvedDevice resolveDevice(const DeviceChoice& choice) {
    ResolvedDevice r;
    bool cuda = false;
    if (choice.kind == DeviceChoice::Kind::Cuda) {
        if (!cudaAvailable())
            throw mr::Error("CUDA was requested but this libtorch build has no CUDA or no GPU is present");
        if (choice.cudaIndex < 0 || choice.cudaIndex >= int(torch::cuda::device_count()))
            throw mr::Error("CUDA device " + std::to_string(choice.cudaIndex) + " does not exist");
        cuda = true;
    } else if (choice.kind == DeviceChoice::Kind::Auto) {
        cuda = cudaAvailable();
    }
    if (cuda) {
        r.device = torch::Device(torch::kCUDA, int8_t(choice.kind == DeviceChoice::Kind::Cuda ? choice.cudaIndex : 0));
        r.dtype = choice.halfOnGpu ? torch::kFloat16 : torch::kFloat32;
    }
    return r;
}

DeviceChoice parseDeviceChoice(const std::string& text) {
    DeviceChoice c;
    std::string t = text;
    for (const char* suffix : {",half", "-half", ":half"}) {
        std::string s(suffix);
        if (t.size() > s.size() && t.compare(t.size() - s.size(), s.size(), s) == 0) {
            c.halfOnGpu = true;
            t.resize(t.size() - s.size());
        }
    }
    if (t.empty() || t == "auto") c.kind = DeviceChoice::Kind::Auto;
    else if (t == "cpu") c.kind = DeviceChoice::Kind::Cpu;
    else if (t == "cuda" || t == "gpu") c.kind = DeviceChoice::Kind::Cuda;
    else if (t.rfind("cuda:", 0) == 0) {
        c.kind = DeviceChoice::Kind::Cuda;
        try {
            c.cudaIndex = std::stoi(t.substr(5));
        } catch (...) {
            throw mr::Error("bad device '" + text + "': expected auto, cpu, cuda or cuda:N (optionally -half)");
        }
    } else {
        throw mr::Error("bad device '" + text + "': expected auto, cpu, cuda or cuda:N (optionally -half)");
    }
    return c;
}

}  // namespace mr::nn
