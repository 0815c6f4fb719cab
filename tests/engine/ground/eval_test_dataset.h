#pragma once
// A small U-MRG dataset on disk for the evaluation tests: colour pictures with a bright rectangle,
// its mask, box and two points.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/dataset/umrg_records.h"

namespace mr::test {

// A colour picture with a bright rectangle, and its mask.
inline void writeCase(const std::string& image, const std::string& mask, int w, int h, int x1, int y1, int x2, int y2) {
    cv::Mat img(h, w, CV_8UC3, cv::Scalar(25, 30, 35));
    cv::rectangle(img, cv::Point(x1, y1), cv::Point(x2 - 1, y2 - 1), cv::Scalar(190, 210, 230), cv::FILLED);
    if (!cv::imwrite(image, img)) throw std::runtime_error("cannot write " + image);
    if (!mask.empty()) {
        cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
        cv::rectangle(m, cv::Point(x1, y1), cv::Point(x2 - 1, y2 - 1), cv::Scalar(255), cv::FILLED);
        cv::imwrite(mask, m);
    }
}

// A U-MRG folder of `n` 112x84 samples (112x84 is a multiple of 28: the tiny model sees it unresized).
inline std::string makeDataset(const std::string& parent, const std::string& name, int n) {
    const std::string dir = parent + "/" + name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/images");
    std::filesystem::create_directories(dir + "/masks");
    std::vector<mr::dataset::UmrgRecord> recs;
    for (int i = 0; i < n; ++i) {
        mr::dataset::UmrgRecord r;
        r.id = "s" + std::to_string(i);
        r.image = "images/" + r.id + ".png";
        r.mask = "masks/" + r.id + ".png";
        r.question = "Where is finding " + std::to_string(i) + "?";
        const int x1 = 20 + 4 * i, y1 = 15 + 2 * i, x2 = x1 + 40, y2 = y1 + 30;
        r.bbox2d = {double(x1), double(y1), double(x2), double(y2)};
        r.point2d = {{{double(x1 + 10), double(y1 + 10)}, {double(x2 - 10), double(y2 - 10)}}};
        r.category = i % 2 ? "cyst" : "tumor";
        r.supercategory = "abdomen";
        r.modality = "CT";
        writeCase(dir + "/" + r.image, dir + "/" + r.mask, 112, 84, x1, y1, x2, y2);
        recs.push_back(r);
    }
    mr::dataset::saveRecords(dir + "/annotations.json", recs);
    return dir;
}

}  // namespace mr::test
