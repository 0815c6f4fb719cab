#include "engine/pacs/dicom_json.h"

#include <cmath>

namespace mr::pacs {

namespace {

std::string valueText(const mr::json::Value& v) {
    if (v.isString()) return v.asString();
    if (v.isNumber()) {
        const double d = v.asDouble();
        if (std::abs(d - std::round(d)) < 1e-9 && std::abs(d) < 1e15) return std::to_string(int64_t(std::llround(d)));
        return std::to_string(d);
    }
    if (v.isObject()) {  // a person name: {"Alphabetic": "Doe^Jane"}
        if (const auto* a = v.find("Alphabetic"); a && a->isString()) return a->asString();
    }
    return {};
}

int toInt(const std::string& s) {
    try {
        return s.empty() ? 0 : std::stoi(s);
    } catch (const std::exception&) {
        return 0;
    }
}

const mr::json::Array& rows(const mr::json::Value& reply) {
    if (!reply.isArray()) throw mr::json::ParseError("the QIDO-RS reply is not a JSON array");
    for (const auto& r : reply.asArray())
        if (!r.isObject()) throw mr::json::ParseError("the QIDO-RS reply holds a non-object entry");
    return reply.asArray();
}

}  // namespace

std::string dicomJsonString(const mr::json::Value& object, const char* tag) {
    const mr::json::Value* attribute = object.find(tag);
    if (!attribute || !attribute->isObject()) return {};
    const mr::json::Value* values = attribute->find("Value");
    if (!values || !values->isArray()) return {};
    std::string out;
    for (size_t i = 0; i < values->size(); ++i) {
        if (i) out += '\\';
        out += valueText((*values)[i]);
    }
    return out;
}

namespace {

// A column of a QIDO-RS row: its DICOM tag and the text or number member it fills.
template <class T>
struct Column {
    const char* tag;
    std::string T::*text = nullptr;
    int T::*number = nullptr;
};

// The rows of a reply, one T each; a row without the identifying `key` (its UID) is dropped.
template <class T, size_t N>
std::vector<T> parseRows(const mr::json::Value& reply, const Column<T> (&columns)[N], std::string T::*key) {
    std::vector<T> out;
    for (const auto& r : rows(reply)) {
        T t;
        for (const Column<T>& c : columns) {
            if (c.text) t.*c.text = dicomJsonString(r, c.tag);
            else t.*c.number = toInt(dicomJsonString(r, c.tag));
        }
        if (!(t.*key).empty()) out.push_back(std::move(t));
    }
    return out;
}

template <class T, size_t N>
std::vector<std::string> tagsOf(const Column<T> (&columns)[N]) {
    std::vector<std::string> tags;
    for (const Column<T>& c : columns) tags.emplace_back(c.tag);
    return tags;
}

}  // namespace

// Each level's columns are declared once, beside the functions that read them and name them to
// the query, so a column added here is both asked for (includefield) and read.

const Column<StudyResult> kStudyColumns[] = {{"0020000D", &StudyResult::studyInstanceUid},
                                             {"00100010", &StudyResult::patientName},
                                             {"00100020", &StudyResult::patientId},
                                             {"00080020", &StudyResult::studyDate},
                                             {"00080030", &StudyResult::studyTime},
                                             {"00081030", &StudyResult::description},
                                             {"00080050", &StudyResult::accessionNumber},
                                             {"00080061", &StudyResult::modalities},
                                             {"00201206", nullptr, &StudyResult::seriesCount},
                                             {"00201208", nullptr, &StudyResult::instanceCount}};

std::vector<StudyResult> parseStudies(const mr::json::Value& reply) {
    return parseRows(reply, kStudyColumns, &StudyResult::studyInstanceUid);
}
std::vector<std::string> studyFields() { return tagsOf(kStudyColumns); }

const Column<SeriesResult> kSeriesColumns[] = {{"0020000D", &SeriesResult::studyInstanceUid},
                                               {"0020000E", &SeriesResult::seriesInstanceUid},
                                               {"00080060", &SeriesResult::modality},
                                               {"0008103E", &SeriesResult::description},
                                               {"00080021", &SeriesResult::seriesDate},
                                               {"00200011", nullptr, &SeriesResult::seriesNumber},
                                               {"00201209", nullptr, &SeriesResult::instanceCount}};

std::vector<SeriesResult> parseSeries(const mr::json::Value& reply) {
    return parseRows(reply, kSeriesColumns, &SeriesResult::seriesInstanceUid);
}
std::vector<std::string> seriesFields() { return tagsOf(kSeriesColumns); }

const Column<InstanceResult> kInstanceColumns[] = {{"0020000D", &InstanceResult::studyInstanceUid},
                                                   {"0020000E", &InstanceResult::seriesInstanceUid},
                                                   {"00080018", &InstanceResult::sopInstanceUid},
                                                   {"00080016", &InstanceResult::sopClassUid},
                                                   {"00200013", nullptr, &InstanceResult::instanceNumber}};

std::vector<InstanceResult> parseInstances(const mr::json::Value& reply) {
    return parseRows(reply, kInstanceColumns, &InstanceResult::sopInstanceUid);
}

}  // namespace mr::pacs
