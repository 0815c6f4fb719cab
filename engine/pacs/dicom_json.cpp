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

std::vector<StudyResult> parseStudies(const mr::json::Value& reply) {
    std::vector<StudyResult> out;
    for (const auto& r : rows(reply)) {
        StudyResult s;
        s.studyInstanceUid = dicomJsonString(r, "0020000D");
        s.patientName = dicomJsonString(r, "00100010");
        s.patientId = dicomJsonString(r, "00100020");
        s.studyDate = dicomJsonString(r, "00080020");
        s.studyTime = dicomJsonString(r, "00080030");
        s.description = dicomJsonString(r, "00081030");
        s.accessionNumber = dicomJsonString(r, "00080050");
        s.modalities = dicomJsonString(r, "00080061");
        s.seriesCount = toInt(dicomJsonString(r, "00201206"));
        s.instanceCount = toInt(dicomJsonString(r, "00201208"));
        if (!s.studyInstanceUid.empty()) out.push_back(std::move(s));
    }
    return out;
}

std::vector<SeriesResult> parseSeries(const mr::json::Value& reply) {
    std::vector<SeriesResult> out;
    for (const auto& r : rows(reply)) {
        SeriesResult s;
        s.studyInstanceUid = dicomJsonString(r, "0020000D");
        s.seriesInstanceUid = dicomJsonString(r, "0020000E");
        s.modality = dicomJsonString(r, "00080060");
        s.description = dicomJsonString(r, "0008103E");
        s.seriesDate = dicomJsonString(r, "00080021");
        s.seriesNumber = toInt(dicomJsonString(r, "00200011"));
        s.instanceCount = toInt(dicomJsonString(r, "00201209"));
        if (!s.seriesInstanceUid.empty()) out.push_back(std::move(s));
    }
    return out;
}

std::vector<InstanceResult> parseInstances(const mr::json::Value& reply) {
    std::vector<InstanceResult> out;
    for (const auto& r : rows(reply)) {
        InstanceResult s;
        s.studyInstanceUid = dicomJsonString(r, "0020000D");
        s.seriesInstanceUid = dicomJsonString(r, "0020000E");
        s.sopInstanceUid = dicomJsonString(r, "00080018");
        s.sopClassUid = dicomJsonString(r, "00080016");
        s.instanceNumber = toInt(dicomJsonString(r, "00200013"));
        if (!s.sopInstanceUid.empty()) out.push_back(std::move(s));
    }
    return out;
}

}  // namespace mr::pacs
