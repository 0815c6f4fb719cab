#include "engine/dataset/umrg_records.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/core/files.h"

namespace fs = std::filesystem;

namespace mr::dataset {

namespace {

using mr::json::Value;

// Field names we read, with the aliases other U-MRG exports use; the first is the one we write.
const std::vector<std::vector<std::string>> kKnownFields = {
    {"id"},
    {"image", "image_path"},
    {"mask", "mask_path"},
    {"question", "problem", "query"},
    {"answer"},
    {"bbox_2d"},
    {"point_2d"},
    {"category"},
    {"supercategory", "super_category"},
    {"modality"},
};

const Value* findAny(const Value& v, const std::vector<std::string>& names) {
    for (const auto& n : names)
        if (const Value* f = v.find(n); f && !f->isNull()) return f;
    return nullptr;
}

bool isKnown(const std::string& key) {
    for (const auto& names : kKnownFields)
        if (std::find(names.begin(), names.end(), key) != names.end()) return true;
    return false;
}

std::string text(const Value& v, const std::vector<std::string>& names, const std::string& where, bool required) {
    const Value* f = findAny(v, names);
    if (!f) {
        if (required) throw DatasetError(where + ": missing field '" + names[0] + "'");
        return {};
    }
    if (f->isString()) return f->asString();
    if (f->isInteger()) return std::to_string(f->asInt());
    // A list of paths (HF-style "images": [...]) gives its first element.
    if (f->isArray() && f->size() > 0 && (*f)[0].isString()) return (*f)[0].asString();
    throw DatasetError(where + ": field '" + names[0] + "' must be a string");
}

double number(const Value& v, const std::string& where, const char* field) {
    if (!v.isNumber()) throw DatasetError(where + ": '" + field + "' must contain numbers only");
    return v.asDouble();
}

}  // namespace

Value UmrgRecord::groundTruth() const {
    Value gt = Value::object();
    Value box = Value::array();
    for (double c : bbox2d.toArray()) box.push_back(c);
    Value pts = Value::array();
    for (const auto& p : point2d) pts.push_back(Value(mr::json::Array{p.x, p.y}));
    gt.set("bbox_2d", box);
    gt.set("point_2d", pts);
    return gt;
}

UmrgRecord recordFromJson(const Value& v, const std::string& where) {
    if (!v.isObject()) throw DatasetError(where + ": a record must be a JSON object");
    UmrgRecord r;
    r.id = text(v, {"id"}, where, true);
    if (r.id.empty()) throw DatasetError(where + ": empty 'id'");
    const std::string at = where + " (id " + r.id + ")";
    r.image = text(v, {"image", "image_path"}, at, true);
    r.mask = text(v, {"mask", "mask_path"}, at, false);
    r.question = text(v, {"question", "problem", "query"}, at, false);
    r.answer = text(v, {"answer"}, at, false);
    r.category = text(v, {"category"}, at, false);
    r.supercategory = text(v, {"supercategory", "super_category"}, at, false);
    r.modality = text(v, {"modality"}, at, false);

    const Value* box = findAny(v, {"bbox_2d"});
    if (!box || !box->isArray() || box->size() != 4)
        throw DatasetError(at + ": 'bbox_2d' must be a list of 4 numbers [x1, y1, x2, y2]");
    std::array<double, 4> corners{};
    for (size_t i = 0; i < 4; ++i) corners[i] = number((*box)[i], at, "bbox_2d");
    r.bbox2d = mr::Box::fromArray(corners);
    const Value* pts = findAny(v, {"point_2d"});
    if (!pts || !pts->isArray() || pts->size() != 2)
        throw DatasetError(at + ": 'point_2d' must be a list of 2 points [[x, y], [x, y]]");
    for (size_t i = 0; i < 2; ++i) {
        const Value& p = (*pts)[i];
        if (!p.isArray() || p.size() != 2)
            throw DatasetError(at + ": 'point_2d' must be a list of 2 points [[x, y], [x, y]]");
        r.point2d[i] = {number(p[0], at, "point_2d"), number(p[1], at, "point_2d")};
    }
    for (const auto& [key, value] : v.items())
        if (!isKnown(key)) r.extra.set(key, value);
    return r;
}

Value recordToJson(const UmrgRecord& r) {
    Value v = Value::object();
    v.set("id", r.id);
    v.set("image", r.image);
    v.set("mask", r.mask);
    v.set("question", r.question);
    v.set("answer", r.answer);
    Value gt = r.groundTruth();
    v.set("bbox_2d", gt.at("bbox_2d"));
    v.set("point_2d", gt.at("point_2d"));
    v.set("category", r.category);
    v.set("supercategory", r.supercategory);
    v.set("modality", r.modality);
    if (r.extra.isObject())
        for (const auto& [key, value] : r.extra.items()) v.set(key, value);
    return v;
}

std::string findRecordsFile(const std::string& datasetDir) {
    std::error_code ec;
    if (!fs::is_directory(datasetDir, ec))
        throw DatasetError("dataset folder '" + datasetDir + "' does not exist or is not a folder");
    fs::path preferred = fs::path(datasetDir) / kRecordsFileName;
    if (fs::is_regular_file(preferred, ec)) return preferred.string();
    std::vector<std::string> candidates;
    for (const auto& e : fs::directory_iterator(datasetDir, ec))
        if (e.is_regular_file() && e.path().extension() == ".json") candidates.push_back(e.path().string());
    std::sort(candidates.begin(), candidates.end());
    if (candidates.empty())
        throw DatasetError("dataset folder '" + datasetDir + "' has no records file (expected " + kRecordsFileName +
                           ", a JSON list of records)");
    if (candidates.size() > 1)
        throw DatasetError("dataset folder '" + datasetDir + "' has several JSON files and no " + kRecordsFileName +
                           "; name the records file explicitly");
    return candidates.front();
}

std::vector<UmrgRecord> loadRecords(const std::string& path) {
    const std::vector<Value> objects = loadRecordObjects(path);
    std::vector<UmrgRecord> out;
    out.reserve(objects.size());
    const std::string name = fs::path(path).filename().string();
    for (size_t i = 0; i < objects.size(); ++i)
        out.push_back(recordFromJson(objects[i], name + ", record " + std::to_string(i)));
    return out;
}

std::vector<Value> loadRecordObjects(const std::string& path) {
    Value doc;
    try {
        doc = mr::json::parseFile(path);
    } catch (const mr::Error& e) {
        throw DatasetError(std::string("cannot read records: ") + e.what());
    }
    const Value* list = &doc;
    if (doc.isObject()) {
        list = doc.find("records");
        if (!list) list = doc.find("data");
    }
    if (!list || !list->isArray()) throw DatasetError(path + ": expected a JSON list of records");
    std::vector<Value> out;
    out.reserve(list->size());
    std::set<std::string> ids;
    const std::string name = fs::path(path).filename().string();
    for (size_t i = 0; i < list->size(); ++i) {
        const UmrgRecord r = recordFromJson((*list)[i], name + ", record " + std::to_string(i));
        if (!ids.insert(r.id).second) throw DatasetError(name + ": id '" + r.id + "' appears more than once");
        out.push_back((*list)[i]);
    }
    return out;
}

void saveRecords(const std::string& path, const std::vector<UmrgRecord>& records) {
    Value list = Value::array();
    for (const auto& r : records) list.push_back(recordToJson(r));
    mr::writeFileAtomic(path, mr::json::dump(list, 2) + "\n");
}

std::string resolvePath(const std::string& datasetDir, const std::string& relative, const char* subdir) {
    if (relative.empty()) return {};
    fs::path p(relative);
    if (p.is_absolute()) return p.string();
    fs::path direct = fs::path(datasetDir) / p;
    std::error_code ec;
    if (fs::exists(direct, ec)) return direct.string();
    if (subdir && !p.has_parent_path()) {
        fs::path under = fs::path(datasetDir) / subdir / p;
        if (fs::exists(under, ec)) return under.string();
    }
    return direct.string();
}

}  // namespace mr::dataset
