#include "tests/fuzz/fuzz_support.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/core/limits.h"

namespace mr::fuzz {

namespace {

// This process's folder, removed when the program exits normally (a crash leaves it for inspection).
struct InputFolder {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("mr-fuzz-" + std::to_string(::getpid()));
    InputFolder() { std::filesystem::create_directories(path); }
    ~InputFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

}  // namespace

std::string inputFolder() {
    static const InputFolder folder;
    return folder.path.string();
}

std::string writeInput(const uint8_t* data, size_t size, const std::string& name) {
    const std::string path = inputFolder() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    if (!out) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
    return path;
}

void limitMemory() { mr::limits::setMemoryBudget(uint64_t(256) << 20); }

std::string fixture(const std::string& relative) { return std::string(MR_FIXTURES_DIR) + "/" + relative; }

}  // namespace mr::fuzz
