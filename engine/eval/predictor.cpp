#include "engine/eval/predictor.h"

#include <algorithm>
#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/limits.h"

namespace fs = std::filesystem;

namespace mr::eval {

namespace {

using mr::json::Value;

const Value* firstOf(const Value& v, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (const Value* f = v.find(n); f && !f->isNull()) return f;
    return nullptr;
}

std::string idText(const Value& v) {
    if (v.isString()) return v.asString();
    if (v.isInteger()) return std::to_string(v.asInt());
    return {};
}

std::string resolve(const std::string& baseDir, const std::string& p) {
    if (p.empty() || fs::path(p).is_absolute()) return p;
    return (fs::path(baseDir) / p).string();
}

}  // namespace

std::pair<std::string, Prediction> predictionFromJson(const Value& v, const std::string& baseDir,
                                                      const std::string& where) {
    if (!v.isObject()) throw PredictionsError(where + ": expected a JSON object");
    const Value* idv = v.find("id");
    std::string id = idv ? idText(*idv) : std::string();
    if (id.empty()) throw PredictionsError(where + ": missing 'id' (a string or an integer)");

    Prediction p;
    const Value* out = firstOf(v, {"output", "predict", "prediction", "response", "raw_output", "text", "completion"});
    if (!out) {
        if (const Value* choices = v.find("choices"); choices && choices->isArray() && choices->size() > 0) {
            const Value& c = (*choices)[0];
            if (const Value* m = c.find("message")) out = m->find("content");
            if (!out) out = c.find("text");
        }
    }
    if (!out || !out->isString())
        throw PredictionsError(where + " (id " + id +
                               "): no model output (expected a string in 'output', 'predict' or 'response')");
    p.rawOutput = out->asString();

    const std::pair<const char*, const char*> maskKeys[] = {{"mask", kPromptJoint},
                                                            {"mask_joint", kPromptJoint},
                                                            {"mask_bbox", kPromptBox},
                                                            {"mask_box", kPromptBox},
                                                            {"mask_points", kPromptPoints}};
    for (const auto& [key, kind] : maskKeys)
        if (const Value* m = v.find(key); m && m->isString() && !m->asString().empty())
            p.maskPaths[kind] = resolve(baseDir, m->asString());

    if (const Value* t = firstOf(v, {"timings_ms", "timings"}); t && t->isObject()) {
        for (const auto& [stage, ms] : t->items())
            if (ms.isNumber()) p.timingsMs.emplace_back(stage, ms.asDouble());
    }
    bool haveTotal = false;
    for (const auto& [stage, ms] : p.timingsMs) haveTotal |= stage == "total";
    if (!haveTotal) {
        if (const Value* ms = firstOf(v, {"latency_ms", "elapsed_ms", "time_ms"}); ms && ms->isNumber())
            p.timingsMs.emplace_back("total", ms->asDouble());
        else if (const Value* s = firstOf(v, {"latency_s", "latency", "elapsed"}); s && s->isNumber())
            p.timingsMs.emplace_back("total", s->asDouble() * 1000.0);
    }
    return {id, std::move(p)};
}

PredictionsFile::PredictionsFile(const std::string& path) : path_(path) {
    std::string text;
    try {
        text = mr::readFile(path, mr::limits::kMaxTextFileBytes);
    } catch (const mr::Error& e) {
        throw PredictionsError(std::string("cannot read predictions: ") + e.what());
    }
    const std::string baseDir = fs::path(path).parent_path().string();
    const std::string name = fs::path(path).filename().string();
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '[') {
        Value list;
        try {
            list = mr::json::parse(text);
        } catch (const mr::Error& e) {
            throw PredictionsError(name + ": " + e.what());
        }
        for (size_t i = 0; i < list.size(); ++i) add(list[i], baseDir, name + ", entry " + std::to_string(i));
    } else {
        parseLines(text, baseDir, name);
    }
    if (byId_.empty() && failed_.empty()) throw PredictionsError(name + ": the file holds no predictions");
    if (byId_.empty() && !failed_.empty())
        throw PredictionsError(name + ": no entry has a model output, e.g. " + failed_.begin()->second);
}

void PredictionsFile::add(const Value& v, const std::string& baseDir, const std::string& where) {
    try {
        auto [id, p] = predictionFromJson(v, baseDir, where);
        failed_.erase(id);
        byId_[id] = std::move(p);
    } catch (const PredictionsError& e) {
        // An entry with an id but no output (a failed request) is that sample's failure.
        const Value* idv = v.isObject() ? v.find("id") : nullptr;
        const std::string id = idv ? idText(*idv) : std::string();
        if (id.empty()) throw;
        byId_.erase(id);
        failed_[id] = e.what();
    }
}

void PredictionsFile::parseLines(const std::string& text, const std::string& baseDir, const std::string& name) {
    size_t lineNo = 0;
    for (size_t pos = 0; pos < text.size();) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const std::string where = name + ", line " + std::to_string(lineNo);
        Value v;
        try {
            v = mr::json::parse(line);
        } catch (const mr::Error& e) {
            throw PredictionsError(where + ": " + e.what());
        }
        add(v, baseDir, where);
    }
}

std::optional<Prediction> PredictionsFile::predict(const PredictRequest& request, const mr::CancelToken&) {
    if (auto f = failed_.find(request.id); f != failed_.end()) throw PredictionsError(f->second);
    auto it = byId_.find(request.id);
    if (it == byId_.end()) return std::nullopt;
    return it->second;
}

std::string PredictionsFile::describe() const { return "predictions file " + path_; }

std::vector<std::string> PredictionsFile::ids() const {
    std::vector<std::string> out;
    for (const auto& [id, p] : byId_) out.push_back(id);
    for (const auto& [id, why] : failed_) out.push_back(id);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace mr::eval
