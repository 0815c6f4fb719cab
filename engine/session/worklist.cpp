#include "engine/session/worklist.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "engine/core/sha256.h"
#include "engine/dataset/dataset_store.h"
#include "engine/dataset/reader_agreement.h"
#include "engine/eval/results_store.h"
#include "engine/imaging/image_reader.h"
#include "engine/session/evaluation_case.h"

namespace fs = std::filesystem;

namespace mr::session {

namespace {
constexpr const char* kKindNames[] = {"studies", "dataset", "results", "blind_reading", "adjudication", "pacs"};
}  // namespace

const char* worklistKindName(WorklistKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<WorklistKind> worklistKindFromName(const std::string& name) {
    for (int i = 0; i < 6; ++i)
        if (name == kKindNames[i]) return static_cast<WorklistKind>(i);
    return std::nullopt;
}

bool naturalLess(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
        const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
        if (da && db) {
            size_t ei = i, ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
            // Compare the runs as numbers without converting them (they may be long): leading
            // zeros off, then length, then digits.
            size_t si = i, sj = j;
            while (si + 1 < ei && a[si] == '0') ++si;
            while (sj + 1 < ej && b[sj] == '0') ++sj;
            if (ei - si != ej - sj) return ei - si < ej - sj;
            const int c = a.compare(si, ei - si, b, sj, ej - sj);
            if (c != 0) return c < 0;
            i = ei, j = ej;
            continue;
        }
        const int ca = std::tolower(static_cast<unsigned char>(a[i])),
                  cb = std::tolower(static_cast<unsigned char>(b[j]));
        if (ca != cb) return ca < cb;
        ++i, ++j;
    }
    if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
    return a < b;  // equal but for case or zeros: a fixed order all the same
}

Worklist worklistOfStudies(const std::string& folder) {
    Worklist list;
    list.kind = WorklistKind::Studies;
    std::error_code ec;
    list.origin = fs::absolute(folder, ec).lexically_normal().string();
    if (!fs::is_directory(list.origin, ec)) throw WorklistError(folder + ": not a folder");
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(list.origin, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
    if (ec) throw WorklistError(folder + ": cannot be read (" + ec.message() + ")");
    std::sort(entries.begin(), entries.end(), [](const fs::directory_entry& a, const fs::directory_entry& b) {
        return naturalLess(a.path().filename().string(), b.path().filename().string());
    });
    for (const fs::directory_entry& e : entries) {
        const std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        const bool isFolder = e.is_directory(ec);
        if (!isFolder && mr::imaging::detectImageKind(e.path().string()) == mr::imaging::ImageFileKind::Unknown) {
            list.skipped.push_back(name);
            continue;
        }
        WorklistCase c;
        c.key = name;
        c.title = name;
        c.path = e.path().string();
        list.cases.push_back(std::move(c));
    }
    if (list.cases.empty()) throw WorklistError(folder + ": no study folder or image file in it");
    return list;
}

namespace {
// The samples of a dataset folder that `wanted` takes, each titled by `titleOf`, in id order.
Worklist datasetWorklist(const std::string& folder, WorklistKind kind,
                         const std::function<bool(const mr::dataset::Sample&)>& wanted,
                         const std::function<std::string(const mr::dataset::Sample&)>& titleOf,
                         const std::string& noneMessage) {
    Worklist list;
    list.kind = kind;
    std::error_code ec;
    list.origin = fs::absolute(folder, ec).lexically_normal().string();
    std::unique_ptr<mr::dataset::DatasetStore> store;
    try {
        store = mr::dataset::DatasetStore::open(list.origin, mr::dataset::StoreAccess::ReadOnly);
    } catch (const mr::dataset::DatasetError& e) {
        throw WorklistError(e.what());
    }
    for (const mr::dataset::Sample& s : store->samples()) {
        if (s.imageFile.empty() || !wanted(s)) continue;
        WorklistCase c;
        c.key = s.id;
        c.title = titleOf(s);
        c.path = store->absolutePath(s.imageFile);
        c.question = s.question;
        c.sampleId = s.id;
        list.cases.push_back(std::move(c));
    }
    if (list.cases.empty()) throw WorklistError(folder + ": " + noneMessage);
    return list;
}

std::string idAndQuestion(const mr::dataset::Sample& s) {
    return s.id + (s.question.empty() ? "" : " · " + s.question);
}
}  // namespace

Worklist worklistOfDataset(const std::string& folder) {
    return datasetWorklist(
        folder, WorklistKind::Dataset, [](const auto&) { return true; }, idAndQuestion, "the dataset holds no sample");
}

Worklist worklistOfBlindReading(const std::string& folder) {
    // Only what a reader may see before they draw: the id and the question.
    const auto hasMask = [](const mr::dataset::Sample& s) {
        const auto accepted = mr::dataset::acceptedRevisionOf(s);
        return accepted && !accepted->maskFile.empty();
    };
    return datasetWorklist(folder, WorklistKind::BlindReading, hasMask, idAndQuestion,
                           "the dataset holds no sample with an accepted mask to read again");
}

Worklist worklistOfAdjudication(const std::string& folder) {
    const auto title = [](const mr::dataset::Sample& s) {
        char dice[32];
        std::snprintf(dice, sizeof dice, "%.3f", s.readings.back().diceToFirst);
        return s.id + " · Dice " + dice + (s.question.empty() ? "" : " · " + s.question);
    };
    return datasetWorklist(folder, WorklistKind::Adjudication, mr::dataset::awaitsAdjudication, title,
                           "no sample awaits adjudication (none has a second reading since its last one)");
}

namespace {
double metricOf(const mr::json::Value& result, const std::string& metric) {
    const mr::json::Value* v = result.find(metric);
    return v && v->isNumber() ? v->asDouble() : 0.0;
}

Worklist resultsWorklist(const std::string& folder, const std::string& metric, const std::string& datasetDir) {
    Worklist list;
    list.kind = WorklistKind::Results;
    std::error_code ec;
    list.origin = fs::absolute(folder, ec).lexically_normal().string();
    const std::vector<std::string> files = mr::eval::findResultsFiles(list.origin);
    if (files.empty()) throw WorklistError(folder + ": no results*.jsonl in it");
    std::vector<std::vector<mr::json::Value>> parts;
    for (const std::string& f : files) parts.push_back(mr::eval::readResults(f));
    std::vector<mr::json::Value> results = mr::eval::mergeResults(parts);
    if (results.empty()) throw WorklistError(folder + ": the results hold no sample");
    const std::string dataset = datasetDir.empty() ? scoredDatasetOf(files.front()) : datasetDir;
    if (std::none_of(results.begin(), results.end(), [&](const auto& r) { return r.find(metric) != nullptr; }))
        throw WorklistError(folder + ": no result has the metric \"" + metric + "\"");
    std::stable_sort(results.begin(), results.end(), [&](const mr::json::Value& a, const mr::json::Value& b) {
        return metricOf(a, metric) < metricOf(b, metric);  // already in id order: ties stay so
    });
    char value[32];
    for (const mr::json::Value& r : results) {
        WorklistCase c;
        c.key = r.get("id", "");
        std::snprintf(value, sizeof value, "%.3f", metricOf(r, metric));
        const std::string failure = r.get("failure_kind", "");
        c.title = c.key + " · " + metric + " " + value + (failure.empty() ? "" : " · " + failure);
        c.path = mr::dataset::resolvePath(dataset, r.get("image", ""), "images");
        c.question = r.get("question", "");
        list.cases.push_back(std::move(c));
    }
    return list;
}
}  // namespace

namespace {
// "Family^Given^Middle" as "Family, Given Middle".
std::string personName(std::string name) {
    if (const size_t caret = name.find('^'); caret != std::string::npos) name.replace(caret, 1, ", ");
    std::replace(name.begin(), name.end(), '^', ' ');
    while (!name.empty() && (name.back() == ' ' || name.back() == ',')) name.pop_back();
    return name;
}
}  // namespace

Worklist worklistOfPacsStudies(const std::string& origin, const std::vector<mr::pacs::StudyResult>& studies) {
    Worklist list;
    list.kind = WorklistKind::Pacs;
    list.origin = origin;
    for (const mr::pacs::StudyResult& s : studies) {
        if (s.studyInstanceUid.empty()) continue;
        std::string title = s.patientName.empty() ? s.patientId : personName(s.patientName);
        for (const std::string* part : {&s.studyDate, &s.modalities, &s.description})
            if (!part->empty()) title += (title.empty() ? "" : " · ") + *part;
        WorklistCase c;
        c.key = s.studyInstanceUid;
        c.title = title.empty() ? s.studyInstanceUid : title;
        c.studyUid = s.studyInstanceUid;
        list.cases.push_back(std::move(c));
    }
    if (list.cases.empty()) throw WorklistError("the PACS query found no study");
    return list;
}

std::string pacsWorklistOrigin(const std::string& serverUrl, const std::string& query) {
    return "pacs:" + serverUrl + "#" + mr::sha256Hex(query).substr(0, 16);
}

Worklist worklistOfResults(const std::string& folder, const std::string& metric, const std::string& datasetDir) {
    try {
        return resultsWorklist(folder, metric, datasetDir);
    } catch (const WorklistError&) {
        throw;
    } catch (const mr::Error& e) {  // a damaged results or run file, named by the reader
        throw WorklistError(e.what());
    }
}

}  // namespace mr::session
