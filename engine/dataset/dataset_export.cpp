#include "engine/dataset/dataset_export.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/files.h"
#include "engine/dataset/series_masks.h"
#include "engine/imaging/nifti.h"

namespace fs = std::filesystem;
using mr::json::Value;

namespace mr::dataset {

namespace {

bool isGroundTruth(const Sample& s) { return s.status != ReviewStatus::Rejected; }

void makeFolder(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir)) throw DatasetError("cannot create export folder '" + dir + "'");
}

// The final mask of a sample as 0/1, row-major.
cv::Mat readMask(const DatasetStore& store, const Sample& s) {
    const std::string path = store.absolutePath(s.maskFile);
    cv::Mat m = cv::imread(path, cv::IMREAD_GRAYSCALE);
    if (m.empty()) throw DatasetError("cannot read the mask of sample " + s.id + " (" + path + ")");
    return m;
}

void writePng(const cv::Mat& m, const std::string& path) {
    std::vector<uint8_t> buf;
    if (!cv::imencode(".png", m, buf)) throw DatasetError("cannot encode " + path);
    try {
        mr::writeFileAtomic(path, std::string(buf.begin(), buf.end()));
    } catch (const mr::Error& e) {
        throw DatasetError(e.what());
    }
}

}  // namespace

std::string cocoRleEncode(const uint8_t* mask, int width, int height) {
    // Runs over the column-major pixel order, alternating background/foreground, background first.
    std::vector<int64_t> runs;
    uint8_t current = 0;
    int64_t run = 0;
    for (int x = 0; x < width; ++x)
        for (int y = 0; y < height; ++y) {
            const uint8_t v = mask[size_t(y) * size_t(width) + size_t(x)] ? 1 : 0;
            if (v != current) {
                runs.push_back(run);
                run = 0;
                current = v;
            }
            ++run;
        }
    runs.push_back(run);
    // Each count (from the fourth on, as the difference to the count two before, which is small
    // for smooth shapes) in 5-bit groups, low first; bit 5 says "more follows", bit 4 of the last
    // group is the sign; printable from '0' (48).
    std::string out;
    for (size_t i = 0; i < runs.size(); ++i) {
        int64_t x = runs[i];
        if (i > 2) x -= runs[i - 2];
        bool more = true;
        while (more) {
            int c = int(x & 0x1f);
            x >>= 5;  // arithmetic shift keeps the sign
            more = (c & 0x10) ? x != -1 : x != 0;
            if (more) c |= 0x20;
            out += char(c + 48);
        }
    }
    return out;
}

std::vector<uint8_t> cocoRleDecode(const std::string& counts, int width, int height) {
    std::vector<int64_t> runs;
    size_t p = 0;
    while (p < counts.size()) {
        int64_t x = 0;
        int k = 0;
        bool more = true;
        while (more) {
            if (p >= counts.size()) throw DatasetError("COCO RLE counts string ends inside a number");
            const int c = int(static_cast<unsigned char>(counts[p])) - 48;
            if (c < 0 || c > 63 || k > 11) throw DatasetError("COCO RLE counts string has an invalid character");
            x |= int64_t(c & 0x1f) << (5 * k);
            more = (c & 0x20) != 0;
            ++p;
            ++k;
            if (!more && (c & 0x10)) x |= ~int64_t(0) << (5 * k);  // sign-extend
        }
        if (runs.size() > 2) x += runs[runs.size() - 2];
        if (x < 0) throw DatasetError("COCO RLE counts string has a negative run");
        runs.push_back(x);
    }
    const int64_t total = int64_t(width) * height;
    std::vector<uint8_t> mask(size_t(std::max<int64_t>(total, 0)), 0);
    int64_t i = 0;
    uint8_t v = 0;
    for (int64_t r : runs) {
        if (i + r > total) throw DatasetError("COCO RLE counts describe more pixels than the mask size");
        if (v)
            for (int64_t j = i; j < i + r; ++j) mask[size_t((j % height) * width + j / height)] = 1;
        i += r;
        v ^= 1;
    }
    if (i != total) throw DatasetError("COCO RLE counts describe fewer pixels than the mask size");
    return mask;
}

void exportPngMasks(const DatasetStore& store, const std::string& outDir) {
    makeFolder(outDir);
    for (const Sample& s : store.samples()) {
        if (!isGroundTruth(s)) continue;
        cv::Mat m = readMask(store, s);
        cv::Mat out = m > 0;  // 0/255
        writePng(out, (fs::path(outDir) / (s.id + ".png")).string());
    }
}

void exportNiftiLabelMaps(const DatasetStore& store, const std::string& outDir) {
    makeFolder(outDir);
    for (const auto& [key, list] : groundTruthBySeries(store)) {
        const mr::imaging::Geometry g = seriesGeometry(*list.front());
        mr::imaging::Image labels(mr::imaging::PixelType::UInt8, g);
        for (const Sample* s : list) {
            const std::vector<uint8_t> mask = maskOnSeries(store, *s, g, key);
            uint8_t* slice = labels.bytes() + size_t(s->source.slice) * labels.sliceBytes();
            for (size_t i = 0; i < mask.size(); ++i)
                if (mask[i]) slice[i] = 1;
        }
        try {
            mr::imaging::writeNifti(labels, (fs::path(outDir) / (key + ".nii.gz")).string());
        } catch (const mr::Error& e) {
            throw DatasetError(e.what());
        }
    }
}

void exportCoco(const DatasetStore& store, const std::string& jsonPath) {
    const fs::path parent = fs::path(jsonPath).parent_path();
    if (!parent.empty()) makeFolder(parent.string());
    // Categories by name, numbered in name order.
    std::map<std::string, std::string> supercategoryOf;
    for (const Sample& s : store.samples())
        if (isGroundTruth(s)) supercategoryOf.emplace(s.category.empty() ? "unspecified" : s.category, s.supercategory);
    std::map<std::string, int64_t> categoryId;
    Value categories = Value::array();
    for (const auto& [name, super] : supercategoryOf) {
        const int64_t id = int64_t(categoryId.size()) + 1;
        categoryId[name] = id;
        Value c = Value::object();
        c.set("id", id);
        c.set("name", name);
        c.set("supercategory", super);
        categories.push_back(c);
    }
    Value images = Value::array(), annotations = Value::array();
    int64_t next = 0;
    for (const Sample& s : store.samples()) {
        if (!isGroundTruth(s)) continue;
        ++next;
        const int64_t id = std::all_of(s.id.begin(), s.id.end(), ::isdigit) && s.id.size() < 18 ? std::stoll(s.id) : next;
        cv::Mat m = readMask(store, s);
        cv::Mat bin = m > 0;
        Value img = Value::object();
        img.set("id", id);
        img.set("file_name", s.imageFile);
        img.set("width", m.cols);
        img.set("height", m.rows);
        images.push_back(img);

        int64_t area = 0;
        int x0 = m.cols, y0 = m.rows, x1 = -1, y1 = -1;
        for (int y = 0; y < m.rows; ++y)
            for (int x = 0; x < m.cols; ++x)
                if (bin.at<uint8_t>(y, x)) {
                    ++area;
                    x0 = std::min(x0, x); y0 = std::min(y0, y);
                    x1 = std::max(x1, x); y1 = std::max(y1, y);
                }
        Value seg = Value::object();
        seg.set("size", Value(mr::json::Array{Value(m.rows), Value(m.cols)}));
        seg.set("counts", cocoRleEncode(bin.data, m.cols, m.rows));
        Value ann = Value::object();
        ann.set("id", id);
        ann.set("image_id", id);
        ann.set("category_id", categoryId.at(s.category.empty() ? "unspecified" : s.category));
        ann.set("segmentation", seg);
        ann.set("area", area);
        Value box = Value::array();
        if (area > 0)
            for (int v : {x0, y0, x1 - x0 + 1, y1 - y0 + 1}) box.push_back(v);
        else
            for (int i = 0; i < 4; ++i) box.push_back(0);
        ann.set("bbox", box);
        ann.set("iscrowd", 0);
        annotations.push_back(ann);
    }
    Value doc = Value::object();
    Value info = Value::object();
    info.set("description", "MedReasoner Studio dataset export (accepted and corrected samples)");
    doc.set("info", info);
    doc.set("images", images);
    doc.set("annotations", annotations);
    doc.set("categories", categories);
    try {
        mr::writeFileAtomic(jsonPath, mr::json::dump(doc, 1) + "\n");
    } catch (const mr::Error& e) {
        throw DatasetError(e.what());
    }
}

}  // namespace mr::dataset
