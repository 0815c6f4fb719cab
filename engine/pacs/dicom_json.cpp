#include "engine/pacs/dicom_json.h"

#include <cmath>
#include <initializer_list>

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
template <class T>
std::vector<T> parseRows(const mr::json::Value& reply, std::initializer_list<Column<T>> columns, std::string T::*key) {
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

}  // namespace

std::vector<StudyResult> parseStudies(const mr::json::Value& reply) {
    using S = StudyResult;
    return parseRows<S>(reply,
                        {{"0020000D", &S::studyInstanceUid},
                         {"00100010", &S::patientName},
                         {"00100020", &S::patientId},
                         {"00080020", &S::studyDate},
                         {"00080030", &S::studyTime},
                         {"00081030", &S::description},
                         {"00080050", &S::accessionNumber},
                         {"00080061", &S::modalities},
                         {"00201206", nullptr, &S::seriesCount},
                         {"00201208", nullptr, &S::instanceCount}},
                        &S::studyInstanceUid);
}

std::vector<SeriesResult> parseSeries(const mr::json::Value& reply) {
    using S = SeriesResult;
    return parseRows<S>(reply,
                        {{"0020000D", &S::studyInstanceUid},
                         {"0020000E", &S::seriesInstanceUid},
                         {"00080060", &S::modality},
                         {"0008103E", &S::description},
                         {"00080021", &S::seriesDate},
                         {"00200011", nullptr, &S::seriesNumber},
                         {"00201209", nullptr, &S::instanceCount}},
                        &S::seriesInstanceUid);
}

std::vector<InstanceResult> parseInstances(const mr::json::Value& reply) {
    using S = InstanceResult;
    return parseRows<S>(reply,
                        {{"0020000D", &S::studyInstanceUid},
                         {"0020000E", &S::seriesInstanceUid},
                         {"00080018", &S::sopInstanceUid},
                         {"00080016", &S::sopClassUid},
                         {"00200013", nullptr, &S::instanceNumber}},
                        &S::sopInstanceUid);
}

}  // namespace mr::pacs
