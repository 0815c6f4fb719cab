#include "engine/dataset/records_diff.h"

#include <map>
#include <set>

namespace mr::dataset {

using mr::json::Value;

namespace {

std::string idOf(const Value& record) {
    const Value* id = record.find("id");
    if (!id) return "(no id)";
    return id->isString() ? id->asString() : mr::json::dump(*id);
}

std::string shown(const Value* v) {
    if (!v) return "absent";
    std::string s = mr::json::dump(*v);
    if (s.size() > 60) {
        size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        s = s.substr(0, cut) + "...";
    }
    return s;
}

// Numbers compare by value (1 and 1.0 are the same record content).
bool sameValue(const Value& a, const Value& b) {
    if (a.isNumber() && b.isNumber()) return a.asDouble() == b.asDouble();
    if (a.isArray() && b.isArray()) {
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (!sameValue(a[i], b[i])) return false;
        return true;
    }
    return a == b;
}

}  // namespace

std::vector<std::string> diffRecords(const std::vector<Value>& inFile, const std::vector<Value>& fromSamples,
                                     size_t maxLines) {
    std::map<std::string, const Value*> file, app;
    for (const Value& r : inFile) file.emplace(idOf(r), &r);
    for (const Value& r : fromSamples) app.emplace(idOf(r), &r);
    std::vector<std::string> lines;
    auto add = [&](std::string line) { lines.push_back(std::move(line)); };
    for (const auto& [id, r] : file)
        if (!app.count(id)) add("record " + id + ": only in the file");
    for (const auto& [id, r] : app)
        if (!file.count(id)) add("record " + id + ": only in the app's samples (missing from the file)");
    for (const auto& [id, f] : file) {
        auto it = app.find(id);
        if (it == app.end()) continue;
        std::set<std::string> keys;
        if (f->isObject())
            for (const auto& [k, v] : f->items()) keys.insert(k);
        if (it->second->isObject())
            for (const auto& [k, v] : it->second->items()) keys.insert(k);
        for (const std::string& k : keys) {
            const Value* a = f->find(k);
            const Value* b = it->second->find(k);
            if (a && b && sameValue(*a, *b)) continue;
            add("record " + id + ": \"" + k + "\" is " + shown(a) + " in the file but " + shown(b) +
                " in the app's samples");
        }
    }
    if (lines.size() > maxLines) {
        const size_t more = lines.size() - maxLines;
        lines.resize(maxLines);
        lines.push_back("... and " + std::to_string(more) + " more difference(s)");
    }
    return lines;
}

}  // namespace mr::dataset
