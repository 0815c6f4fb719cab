#include "engine/dataset/dataset_export.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/files.h"
#include "engine/dataset/series_masks.h"
#include "engine/imaging/nifti.h"

namespace fs = std::filesystem;
using mr::json::Value;

namespace mr::dataset {

namespace {

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

// A sample id as a file name inside an export folder: another tool's ids may hold any character.
std::string exportFileName(const std::string& id, const char* extension) {
    std::string name;
    for (char c : id)
        name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    if (name.empty() || name[0] == '.') name = "_" + name;
    return name + extension;
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
    std::set<std::string> written;
    for (const Sample& s : store.groundTruth()) {
        if (s.maskFile.empty()) continue;  // an imported record may have no mask
        const std::string name = exportFileName(s.id, ".png");
        if (!written.insert(name).second)
            throw DatasetError("samples with ids that map to the same file name " + name +
                               " cannot be exported as PNG");
        cv::Mat m = readMask(store, s);
        cv::Mat out = m > 0;  // 0/255
        writePng(out, (fs::path(outDir) / name).string());
    }
}

void exportNiftiLabelMaps(const DatasetStore& store, const std::string& outDir) {
    makeFolder(outDir);
    const std::vector<Sample> truth = store.groundTruth();
    for (const auto& [key, list] : groundTruthBySeries(truth)) {
        const mr::imaging::Geometry g = seriesGeometry(*list.front());
        mr::imaging::Image labels(mr::imaging::PixelType::UInt8, g);
        for (const Sample* s : list)
            for (const SliceMask& m : sliceMasksOnSeries(store, *s, g, key)) {
                uint8_t* slice = labels.bytes() + size_t(m.slice) * labels.sliceBytes();
                for (size_t i = 0; i < m.mask.size(); ++i)
                    if (m.mask[i]) slice[i] = 1;
            }
        try {
            mr::imaging::writeNifti(labels, (fs::path(outDir) / (key + ".nii.gz")).string());
        } catch (const mr::Error& e) {
            throw DatasetError(e.what());
        }
    }
}

namespace {

// COCO ids are numbers: a numeric sample id keeps its value, any other (or a repeated value) gets
// the next free number.
std::map<std::string, int64_t> cocoIds(const std::vector<Sample>& samples) {
    std::map<std::string, int64_t> ids;
    std::set<int64_t> used;
    for (const Sample& s : samples)
        if (!s.id.empty() && s.id.size() < 18 &&
            std::all_of(s.id.begin(), s.id.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            used.insert(std::stoll(s.id)).second)
            ids[s.id] = std::stoll(s.id);
    int64_t next = used.empty() ? 1 : *used.rbegin() + 1;
    for (const Sample& s : samples)
        if (!ids.count(s.id)) ids[s.id] = next++;
    return ids;
}

struct CocoEntry {
    Value image, annotation;
};

// The image entry and the annotation of a sample (ids are the caller's): the mask as RLE with its
// area and box; an imported record without a mask gives its box alone. The question and an
// imported record's fields that COCO has no place for go into the annotation's "attributes".
CocoEntry cocoEntry(const DatasetStore& store, const Sample& s) {
    CocoEntry e;
    e.image = Value::object();
    e.image.set("file_name", s.imageFile);
    e.annotation = Value::object();
    Value box = Value::array();
    if (!s.maskFile.empty()) {
        const cv::Mat bin = readMask(store, s) > 0;
        e.image.set("width", bin.cols);
        e.image.set("height", bin.rows);
        Value seg = Value::object();
        seg.set("size", Value(mr::json::Array{Value(bin.rows), Value(bin.cols)}));
        seg.set("counts", cocoRleEncode(bin.data, bin.cols, bin.rows));
        e.annotation.set("segmentation", seg);
        e.annotation.set("area", int64_t(cv::countNonZero(bin)));
        const cv::Rect r = cv::boundingRect(bin);
        for (int v : {r.x, r.y, r.width, r.height}) box.push_back(v);
    } else {
        const std::string path = store.absolutePath(s.imageFile);
        const cv::Mat image = cv::imread(path, cv::IMREAD_UNCHANGED);
        if (image.empty()) throw DatasetError("cannot read the image of sample " + s.id + " (" + path + ")");
        e.image.set("width", image.cols);
        e.image.set("height", image.rows);
        const mr::Box b = s.truthBox.value_or(mr::Box{});
        for (double v : {b.x1, b.y1, b.width(), b.height()}) box.push_back(v);
        e.annotation.set("area", b.width() * b.height());
    }
    e.annotation.set("bbox", box);
    e.annotation.set("iscrowd", 0);
    Value attributes = Value::object();
    attributes.set("question", s.question);
    const UmrgRecord record = umrgRecordOf(s);
    if (record.extra.isObject())
        for (const auto& [key, value] : record.extra.items()) attributes.set(key, value);
    e.annotation.set("attributes", attributes);
    return e;
}

}  // namespace

void exportCoco(const DatasetStore& store, const std::string& jsonPath) {
    const fs::path parent = fs::path(jsonPath).parent_path();
    if (!parent.empty()) makeFolder(parent.string());
    // Categories by name, numbered in name order.
    std::map<std::string, std::string> supercategoryOf;
    const std::vector<Sample> truth = store.groundTruth();
    for (const Sample& s : truth)
        supercategoryOf.emplace(s.category.empty() ? "unspecified" : s.category, s.supercategory);
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
    const std::map<std::string, int64_t> ids = cocoIds(truth);
    for (const Sample& s : truth) {
        const int64_t id = ids.at(s.id);
        CocoEntry e = cocoEntry(store, s);
        e.image.set("id", id);
        e.annotation.set("id", id);
        e.annotation.set("image_id", id);
        e.annotation.set("category_id", categoryId.at(s.category.empty() ? "unspecified" : s.category));
        images.push_back(e.image);
        annotations.push_back(e.annotation);
    }
    Value doc = Value::object();
    Value info = Value::object();
    info.set("description", "MedReasoner Studio dataset export (accepted, corrected and imported samples)");
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
