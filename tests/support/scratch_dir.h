#pragma once
// Scratch folders under the test's output folder (MR_TEST_OUTPUT_DIR), removed first if an
// earlier run left them.
#include <filesystem>
#include <string>

namespace mr::testing {

// A path that does not exist yet (its parent folder does), for code that must create it.
inline std::string freshPath(const std::string& name) {
    const std::string p = std::string(MR_TEST_OUTPUT_DIR) + "/" + name;
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    return p;
}

// An empty folder.
inline std::string freshDir(const std::string& name) {
    const std::string p = freshPath(name);
    std::filesystem::create_directories(p);
    return p;
}

}  // namespace mr::testing
