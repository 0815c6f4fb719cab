#include "engine/session/worklist_progress.h"

#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/core/sha256.h"

namespace mr::session {

namespace {
constexpr const char* kFormat = "medreasoner-worklist-progress";
constexpr const char* kStatusNames[] = {"new", "opened", "saved", "skipped"};

constexpr uint64_t kMaxBytes = 64ull << 20;  // some 500,000 cases

// A text field; "" when absent.
std::string text(const mr::json::Value& v, const char* key, const std::string& file) {
    const mr::json::Value* m = v.find(key);
    if (!m || m->isNull()) return {};
    if (!m->isString()) throw WorklistError(file + ": \"" + key + "\" is not text");
    return m->asString();
}
}  // namespace

const char* caseStatusName(CaseStatus status) { return kStatusNames[static_cast<int>(status)]; }

std::optional<CaseStatus> caseStatusFromName(const std::string& name) {
    for (int i = 0; i < 4; ++i)
        if (name == kStatusNames[i]) return static_cast<CaseStatus>(i);
    return std::nullopt;
}

CaseStatus WorklistProgress::statusOf(const std::string& key) const {
    const auto it = cases.find(key);
    return it == cases.end() ? CaseStatus::New : it->second.status;
}

std::string worklistProgressKey(const Worklist& list) {
    const bool role = list.kind == WorklistKind::BlindReading || list.kind == WorklistKind::Adjudication;
    return role ? list.origin + "#" + worklistKindName(list.kind) : list.origin;
}

std::string worklistProgressFileName(const std::string& origin) {
    return "worklist-" + mr::sha256Hex(origin).substr(0, 16) + ".json";
}

WorklistProgress readWorklistProgress(const std::string& file, const std::string& origin) {
    WorklistProgress p;
    p.origin = origin;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return p;
    mr::json::Value doc;
    try {
        doc = mr::json::parse(mr::readFile(file, kMaxBytes));
    } catch (const mr::Error& e) {
        throw WorklistError(file + ": cannot be read (" + e.what() + ")");
    }
    if (!doc.isObject() || text(doc, "format", file) != kFormat)
        throw WorklistError(file + ": not a worklist progress file");
    if (text(doc, "origin", file) != origin) throw WorklistError(file + ": the progress of another worklist");
    p.current = text(doc, "current", file);
    const mr::json::Value* cases = doc.find("cases");
    if (cases && !cases->isObject()) throw WorklistError(file + ": \"cases\" is not an object");
    if (cases)
        for (const auto& [key, c] : cases->items()) {
            if (!c.isObject()) throw WorklistError(file + ": case \"" + key + "\" is not an object");
            CaseProgress cp;
            const auto status = caseStatusFromName(text(c, "status", file));
            if (!status) throw WorklistError(file + ": case \"" + key + "\" has no known status");
            cp.status = *status;
            cp.sampleId = text(c, "sample", file);
            cp.datasetFolder = text(c, "dataset", file);
            p.cases[key] = cp;
        }
    return p;
}

void writeWorklistProgress(const std::string& file, const WorklistProgress& progress) {
    mr::json::Value doc = mr::json::Value::object();
    doc.set("format", kFormat);
    doc.set("origin", progress.origin);
    doc.set("current", progress.current);
    mr::json::Value cases = mr::json::Value::object();
    for (const auto& [key, c] : progress.cases) {
        mr::json::Value v = mr::json::Value::object();
        v.set("status", caseStatusName(c.status));
        if (!c.sampleId.empty()) v.set("sample", c.sampleId);
        if (!c.datasetFolder.empty()) v.set("dataset", c.datasetFolder);
        cases.set(key, v);
    }
    doc.set("cases", cases);
    mr::writeFileAtomic(file, mr::json::dump(doc, 2) + "\n");
}

size_t resumeIndex(const Worklist& list, const WorklistProgress& progress) {
    for (size_t i = 0; i < list.cases.size(); ++i)
        if (list.cases[i].key == progress.current) return i;
    for (size_t i = 0; i < list.cases.size(); ++i) {
        const CaseStatus s = progress.statusOf(list.cases[i].key);
        if (s != CaseStatus::Saved && s != CaseStatus::Skipped) return i;
    }
    return 0;
}

}  // namespace mr::session
