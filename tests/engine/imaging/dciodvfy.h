#pragma once
// dicom3tools' dciodvfy as a test oracle: an exported DICOM object must show no "Error" line; the
// warnings are printed so a reader of the test log sees them.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace mr::imaging::testing {

// Fails the test when dciodvfy is missing (scripts/setup.sh installs dicom3tools) or reports errors.
inline void expectValidDicom(const std::string& path) {
    if (std::system("command -v dciodvfy >/dev/null 2>&1") != 0) {
        ADD_FAILURE() << "dciodvfy is not installed (Debian package dicom3tools; scripts/setup.sh installs it)";
        return;
    }
    FILE* p = popen(("dciodvfy -new '" + path + "' 2>&1").c_str(), "r");
    if (!p) {
        ADD_FAILURE() << "cannot run dciodvfy";
        return;
    }
    std::vector<std::string> errors;
    const std::string name = std::filesystem::path(path).filename().string();
    char line[4096];
    while (std::fgets(line, sizeof line, p)) {
        std::string s = line;
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
        if (s.rfind("Error", 0) == 0) errors.push_back(s);
        if (s.rfind("Warning", 0) == 0) std::printf("  dciodvfy %s: %s\n", name.c_str(), s.c_str());
    }
    const int status = pclose(p);
    std::string all;
    for (const auto& e : errors) all += e + "\n";
    EXPECT_TRUE(errors.empty()) << path << ":\n" << all;
    EXPECT_NE(status, -1) << "dciodvfy did not run on " << path;
}

}  // namespace mr::imaging::testing
