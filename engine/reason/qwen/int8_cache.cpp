#include "engine/reason/qwen/int8_cache.h"

#include <sys/stat.h>

#include <filesystem>

#include "engine/core/files.h"

namespace fs = std::filesystem;

namespace mr::reason::qwen {

namespace {

const char* kFileName = "model.int8-weight-only.medreasoner.safetensors";
const char* kFormat = "medreasoner int8 weight-only, per output channel, symmetric (scale = max|w| / 127), v1";

// "name size mtime_ns;" for every weight file: a cheap test that the cache was made from them.
std::string fingerprint(const std::vector<std::string>& weightFiles) {
    std::string out;
    for (const std::string& path : weightFiles) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return "";
        const long long ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
        out += fs::path(path).filename().string() + " " + std::to_string(st.st_size) + " " + std::to_string(ns) + ";";
    }
    return out;
}

}  // namespace

std::string int8CachePath(const std::string& folder) { return (fs::path(folder) / kFileName).string(); }

std::unique_ptr<mr::nn::SafeTensorsFile> openInt8Cache(const std::string& folder,
                                                       const std::vector<std::string>& weightFiles,
                                                       const std::map<std::string, std::vector<int64_t>>& quantizable,
                                                       std::string& note) {
    note.clear();
    const std::string path = int8CachePath(folder);
    std::error_code ec;
    if (!fs::exists(path, ec)) return nullptr;
    std::unique_ptr<mr::nn::SafeTensorsFile> f;
    try {
        f = std::make_unique<mr::nn::SafeTensorsFile>(path);
    } catch (const mr::Error& e) {
        note = std::string("int8 cache ignored: ") + e.what();
        return nullptr;
    }
    const auto& md = f->metadata();
    auto value = [&](const char* key) { return md.count(key) ? md.at(key) : std::string(); };
    if (value("format") != kFormat || value("source") != fingerprint(weightFiles)) {
        note = "int8 cache ignored: " + path + " was made from other weight files or by another version";
        return nullptr;
    }
    if (f->names().size() != 2 * quantizable.size()) {
        note = "int8 cache ignored: " + path + " does not hold this model's layers";
        return nullptr;
    }
    for (const auto& [name, shape] : quantizable) {
        const std::string scale = name + ".scale";
        if (!f->contains(name) || !f->contains(scale) || f->dtype(name) != torch::kChar ||
            f->info(name).shape != shape || f->dtype(scale) != torch::kFloat ||
            f->info(scale).shape != std::vector<int64_t>{shape.at(0)}) {
            note = "int8 cache ignored: " + path + " does not hold " + name + " as expected";
            return nullptr;
        }
    }
    note = "read " + path;
    return f;
}

void writeInt8Cache(const std::string& folder, const std::vector<std::string>& weightFiles,
                    const std::map<std::string, mr::nn::Int8Weight>& weights) {
    std::vector<mr::nn::SafeTensorsWriter::Entry> entries;
    for (const auto& [name, w] : weights) {
        entries.push_back({name, torch::kChar, w.q.sizes().vec()});
        entries.push_back({name + ".scale", torch::kFloat, w.scale.sizes().vec()});
    }
    mr::nn::SafeTensorsWriter out(int8CachePath(folder), std::move(entries),
                                  {{"format", kFormat}, {"source", fingerprint(weightFiles)}});
    for (const auto& [name, w] : weights) {
        out.write(w.q);
        out.write(w.scale);
    }
    out.commit();
}

}  // namespace mr::reason::qwen
