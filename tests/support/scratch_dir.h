#pragma once
// An empty scratch folder under the test's output folder (MR_TEST_OUTPUT_DIR), removed first if
// an earlier run left it.
#include <filesystem>
#include <string>

namespace mr::testing {

inline std::string freshDir(const std::string& name) {
    const std::string p = std::string(MR_TEST_OUTPUT_DIR) + "/" + name;
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

}  // namespace mr::testing
