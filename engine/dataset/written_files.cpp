#include "engine/dataset/written_files.h"

#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/core/sha256.h"
#include "engine/dataset/umrg_records.h"  // DatasetError

namespace fs = std::filesystem;
using mr::json::Value;

namespace mr::dataset {

WrittenFiles WrittenFiles::load(const std::string& datasetFolder) {
    WrittenFiles w;
    w.path_ = (fs::path(datasetFolder) / ".medreasoner" / "written.json").string();
    std::error_code ec;
    if (!fs::exists(w.path_, ec)) return w;
    w.exists_ = true;
    try {
        const Value doc = mr::json::parseFile(w.path_);
        if (const Value* files = doc.find("written"))
            for (const auto& [name, hash] : files->items()) w.written_[name] = hash.asString();
        if (const Value* kept = doc.find("kept"))
            for (size_t i = 0; i < kept->size(); ++i) w.kept_.insert((*kept)[i].asString());
        if (const Value* from = doc.find("importing_from")) w.importingFrom_ = from->asString();
    } catch (const mr::Error& e) {
        throw DatasetError(w.path_ + " is damaged (" + e.what() +
                           "); it records which files the app wrote, so the folder is not opened for saving");
    }
    return w;
}

bool WrittenFiles::wroteExactly(const std::string& name, const std::string& content) const {
    auto it = written_.find(name);
    return it != written_.end() && it->second == mr::sha256Hex(content);
}

void WrittenFiles::recordWrite(const std::string& name, const std::string& content) {
    written_[name] = mr::sha256Hex(content);
}

void WrittenFiles::keep(const std::string& name) {
    kept_.insert(name);
    written_.erase(name);
}

void WrittenFiles::save() {
    Value doc = Value::object();
    doc.set("version", 1);
    Value files = Value::object();
    for (const auto& [name, hash] : written_) files.set(name, hash);
    doc.set("written", files);
    Value kept = Value::array();
    for (const auto& name : kept_) kept.push_back(name);
    doc.set("kept", kept);
    if (!importingFrom_.empty()) doc.set("importing_from", importingFrom_);
    try {
        mr::writeFileAtomic(path_, mr::json::dump(doc, 2) + "\n");
        exists_ = true;
    } catch (const mr::Error& e) {
        throw DatasetError(e.what());
    }
}

}  // namespace mr::dataset
