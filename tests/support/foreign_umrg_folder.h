#pragma once
// A U-MRG dataset folder as another tool writes it (the released raw layout: images/, masks/, a
// JSON list of records with bbox_2d / point_2d), with the quirks real folders have: an alias
// field name, a numeric id, fields the app does not know, a record without a mask, its own JSON
// formatting, a file named like one of the app's. And a byte-exact snapshot to prove that nothing
// of it changed.
#include <filesystem>
#include <fstream>
#include <map>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>
#include <string>

namespace mr::test {

struct ForeignFolder {
    std::string folder;
    int records = 0;
};

inline void writeText(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// Writes the folder with `extraRecords` more plain records after the three special ones.
inline ForeignFolder makeForeignUmrgFolder(const std::string& folder, int extraRecords = 0) {
    namespace fs = std::filesystem;
    fs::remove_all(folder);
    const fs::path root(folder);
    fs::create_directories(root / "images");
    fs::create_directories(root / "masks");
    auto picture = [&](const std::string& rel, int seed) {
        cv::Mat m(16, 20, CV_8UC3);
        for (int y = 0; y < m.rows; ++y)
            for (int x = 0; x < m.cols; ++x)
                m.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 9 + seed), uchar(y * 11), uchar(seed * 40));
        cv::imwrite((root / rel).string(), m);
    };
    auto mask = [&](const std::string& rel, int x0, int y0, int x1, int y1) {
        cv::Mat m = cv::Mat::zeros(16, 20, CV_8UC1);
        m(cv::Rect(x0, y0, x1 - x0, y1 - y0)).setTo(255);
        cv::imwrite((root / rel).string(), m);
    };
    picture("images/liver_001.png", 1);
    mask("masks/liver_001.png", 3, 4, 12, 11);
    picture("images/000003.png", 2);  // named like the app's own files
    mask("masks/000003.png", 5, 2, 15, 9);
    picture("images/kidney 7.png", 3);  // no mask
    std::ostringstream json;
    json
        << "[\n"
           "    {\"id\": \"liver_001\", \"image\": \"images/liver_001.png\", \"mask\": \"masks/liver_001.png\",\n"
           "     \"question\": \"Where would you biopsy to confirm the suspected malignancy?\",\n"
           "     \"bbox_2d\": [3, 4, 11, 10], \"point_2d\": [[6, 7], [9, 8]], \"category\": \"liver tumor\",\n"
           "     \"supercategory\": \"abdomen\", \"modality\": \"CT\", \"source_dataset\": \"LiTS\",\n"
           "     \"reviewers\": [\"A\", \"B\"], \"meta\": {\"slice\": 41, \"phase\": \"portal\"}},\n"
           "    {\"id\": 12, \"image_path\": \"000003.png\", \"mask_path\": \"masks/000003.png\",\n"
           "     \"problem\": \"Which structure filters the blood?\", \"bbox_2d\": [5.5, 2, 14, 8.25],\n"
           "     \"point_2d\": [[8, 5], [12, 6]], \"category\": \"kidney\", \"super_category\": \"abdomen\",\n"
           "     \"difficulty\": 2},\n"
           "    {\"id\": \"kidney 7\", \"image\": \"images/kidney 7.png\", \"question\": \"Point at the left kidney.\",\n"
           "     \"bbox_2d\": [1, 1, 6, 6], \"point_2d\": [[2, 3], [4, 4]], \"category\": \"kidney\"}";
    for (int i = 0; i < extraRecords; ++i) {
        const std::string id = "extra_" + std::to_string(i);
        picture("images/" + id + ".png", 10 + i % 50);
        json << ",\n    {\"id\": \"" << id << "\", \"image\": \"images/" << id << ".png\", \"question\": \"q" << i
             << "\", \"bbox_2d\": [1, 1, 5, 5], \"point_2d\": [[2, 2], [3, 3]]}";
    }
    json << "\n]\n";
    writeText(root / "annotations.json", json.str());
    writeText(root / "README.txt", "Made by another lab's tool.\n");
    return {folder, 3 + extraRecords};
}

// Every file under `folder` (relative path -> bytes), hidden ones included.
inline std::map<std::string, std::string> snapshotFiles(const std::string& folder) {
    namespace fs = std::filesystem;
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(folder)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        files[fs::relative(e.path(), folder).string()] = bytes.str();
    }
    return files;
}

// The files of `before` that are missing or different in `after` (empty: every byte kept).
inline std::string changedFiles(const std::map<std::string, std::string>& before,
                                const std::map<std::string, std::string>& after) {
    std::string changed;
    for (const auto& [path, bytes] : before) {
        auto it = after.find(path);
        if (it == after.end()) changed += path + " (gone) ";
        else if (it->second != bytes) changed += path + " (changed) ";
    }
    return changed;
}

}  // namespace mr::test
