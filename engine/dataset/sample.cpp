#include "engine/dataset/sample.h"

#include <algorithm>
#include <cmath>

namespace mr::dataset {

using mr::json::Value;

namespace {

const char* const kKnownKeys[] = {
    "id",
    "status",
    "category",
    "supercategory",
    "note",
    "question",
    "raw_output",
    "think",
    "answer_text",
    "bbox_2d",
    "point_2d",
    "modality",
    "annotator",
    "created_at",
    "modified_at",
    "model_version",
    "expert_name",
    "app_version",
    "reasoner_width",
    "reasoner_height",
    "source",
    "dice",
    "pixels_changed",
    "seconds_spent",
    "image",
    "first_mask",
    "mask",
    "truth_bbox_2d",
    "truth_point_2d",
    "imported_record",
    "trace_state",
    "volume_mask",
    "revisions",
    "readings",
};

bool isKnown(const std::string& key) {
    return std::find_if(std::begin(kKnownKeys), std::end(kKnownKeys), [&](const char* k) { return key == k; }) !=
           std::end(kKnownKeys);
}

template <size_t N, class T>
Value list(const std::array<T, N>& a) {
    Value v = Value::array();
    for (const T& x : a) v.push_back(x);
    return v;
}

Value pointList(const std::vector<mr::Point>& points) {
    Value v = Value::array();
    for (const auto& p : points) v.push_back(list(std::array<double, 2>{p.x, p.y}));
    return v;
}

const Value* field(const Value& v, const char* key) {
    const Value* f = v.find(key);
    return f && !f->isNull() ? f : nullptr;
}

std::string text(const Value& v, const char* key, const std::string& where) {
    const Value* f = field(v, key);
    if (!f) return {};
    if (!f->isString()) throw DatasetError(where + ": field '" + key + "' must be a string");
    return f->asString();
}

double number(const Value& v, const char* key, double fallback, const std::string& where) {
    const Value* f = field(v, key);
    if (!f) return fallback;
    if (!f->isNumber()) throw DatasetError(where + ": field '" + key + "' must be a number");
    return f->asDouble();
}

int64_t integer(const Value& v, const char* key, int64_t fallback, const std::string& where) {
    const Value* f = field(v, key);
    if (!f) return fallback;
    if (!f->isInteger()) throw DatasetError(where + ": field '" + key + "' must be an integer");
    return f->asInt();
}

template <size_t N>
void numbers(const Value& v, const char* key, std::array<double, N>& out, const std::string& where) {
    const Value* f = field(v, key);
    if (!f) return;
    if (!f->isArray() || f->size() != N)
        throw DatasetError(where + ": field '" + key + "' must be a list of " + std::to_string(N) + " numbers");
    for (size_t i = 0; i < N; ++i) {
        if (!(*f)[i].isNumber())
            throw DatasetError(where + ": field '" + key + "' must be a list of " + std::to_string(N) + " numbers");
        out[i] = (*f)[i].asDouble();
    }
}

std::optional<mr::Box> optionalBox(const Value& v, const char* key, const std::string& where) {
    if (!field(v, key)) return std::nullopt;
    std::array<double, 4> corners{};
    numbers(v, key, corners, where);
    return mr::Box::fromArray(corners);
}

std::vector<mr::Point> points(const Value& v, const char* key, const std::string& where) {
    std::vector<mr::Point> out;
    const Value* pts = field(v, key);
    if (!pts) return out;
    const std::string problem = where + ": field '" + key + "' must be a list of [x, y] points";
    if (!pts->isArray()) throw DatasetError(problem);
    for (size_t i = 0; i < pts->size(); ++i) {
        const Value& p = (*pts)[i];
        if (!p.isArray() || p.size() != 2 || !p[0].isNumber() || !p[1].isNumber()) throw DatasetError(problem);
        out.push_back({p[0].asDouble(), p[1].asDouble()});
    }
    return out;
}

// "volume_mask": {"file": "masks/000001_volume.nii.gz", "first_slice": 3, "last_slice": 40}, optional.
std::optional<VolumeMaskReference> volumeMaskReference(const Value& v, const std::string& where) {
    const Value* f = field(v, "volume_mask");
    if (!f) return std::nullopt;
    const std::string at = where + ", volume_mask";
    if (!f->isObject()) throw DatasetError(at + ": must be an object with file, first_slice and last_slice");
    VolumeMaskReference r;
    r.file = text(*f, "file", at);
    r.firstSlice = integer(*f, "first_slice", -1, at);
    r.lastSlice = integer(*f, "last_slice", -1, at);
    if (r.file.empty() || r.firstSlice < 0 || r.lastSlice < r.firstSlice)
        throw DatasetError(at + ": needs a file and a slice range with 0 <= first_slice <= last_slice");
    return r;
}

ReviewStatus statusField(const Value& v, const std::string& at) {
    const Value* st = field(v, "status");
    if (!st) return ReviewStatus::Accepted;
    auto status = st->isString() ? reviewStatusFromName(st->asString()) : std::nullopt;
    if (!status) throw DatasetError(at + ": field 'status' must be accepted, corrected, rejected or imported");
    return *status;
}

Value revisionsToJson(const std::vector<Revision>& revisions) {
    Value out = Value::array();
    for (const Revision& r : revisions) {
        Value v = Value::object();
        v.set("number", r.number);
        v.set("status", reviewStatusName(r.status));
        v.set("mask", r.maskFile);
        v.set("annotator", r.annotator);
        v.set("saved_at", r.savedAt);
        v.set("note", r.note);
        v.set("truth_bbox_2d", r.truthBox ? list(r.truthBox->toArray()) : Value());
        v.set("truth_point_2d", pointList(r.truthPoints));
        v.set("dice_to_previous", r.diceToPrevious);
        v.set("pixels_changed", r.pixelsChanged);
        if (!r.decision.empty()) v.set("decision", r.decision);
        out.push_back(v);
    }
    return out;
}

// "revisions": numbered 1, 2, ... in order, each with its mask file.
std::vector<Revision> revisionsFromJson(const Value& v, const std::string& where) {
    std::vector<Revision> out;
    const Value* all = field(v, "revisions");
    if (!all) return out;
    if (!all->isArray()) throw DatasetError(where + ": field 'revisions' must be a list");
    for (size_t i = 0; i < all->size(); ++i) {
        const Value& e = (*all)[i];
        const std::string at = where + ", revision " + std::to_string(i + 1);
        if (!e.isObject()) throw DatasetError(at + ": must be an object");
        Revision r;
        r.number = int(integer(e, "number", 0, at));
        if (r.number != int(i) + 1) throw DatasetError(at + ": field 'number' must be " + std::to_string(i + 1));
        r.status = statusField(e, at);
        r.maskFile = text(e, "mask", at);
        r.annotator = text(e, "annotator", at);
        r.savedAt = text(e, "saved_at", at);
        r.note = text(e, "note", at);
        r.truthBox = optionalBox(e, "truth_bbox_2d", at);
        r.truthPoints = points(e, "truth_point_2d", at);
        r.diceToPrevious = number(e, "dice_to_previous", 1, at);
        r.pixelsChanged = integer(e, "pixels_changed", 0, at);
        r.decision = text(e, "decision", at);
        if (!r.decision.empty() && r.decision != "first" && r.decision != "second" && r.decision != "edited")
            throw DatasetError(at + ": field 'decision' must be first, second or edited");
        out.push_back(std::move(r));
    }
    return out;
}

Value readingsToJson(const std::vector<Reading>& readings) {
    Value out = Value::array();
    for (const Reading& r : readings) {
        Value v = Value::object();
        v.set("annotator", r.annotator);
        v.set("saved_at", r.savedAt);
        v.set("mask", r.maskFile);
        v.set("first_reader", r.firstReader);
        v.set("seconds_spent", r.secondsSpent);
        v.set("dice_to_first", r.diceToFirst);
        v.set("pixels_in_disagreement", r.pixelsInDisagreement);
        out.push_back(v);
    }
    return out;
}

// "readings": each names its reader and mask file; the figures are checked because the agreement
// statistics average them.
std::vector<Reading> readingsFromJson(const Value& v, const std::string& where) {
    std::vector<Reading> out;
    const Value* all = field(v, "readings");
    if (!all) return out;
    if (!all->isArray()) throw DatasetError(where + ": field 'readings' must be a list");
    for (size_t i = 0; i < all->size(); ++i) {
        const Value& e = (*all)[i];
        const std::string at = where + ", reading " + std::to_string(i + 1);
        if (!e.isObject()) throw DatasetError(at + ": must be an object");
        Reading r;
        r.annotator = text(e, "annotator", at);
        if (r.annotator.empty()) throw DatasetError(at + ": missing field 'annotator'");
        r.savedAt = text(e, "saved_at", at);
        r.maskFile = text(e, "mask", at);
        if (r.maskFile.empty()) throw DatasetError(at + ": missing field 'mask'");
        r.firstReader = text(e, "first_reader", at);
        r.secondsSpent = number(e, "seconds_spent", 0, at);
        if (!(r.secondsSpent >= 0)) throw DatasetError(at + ": field 'seconds_spent' must not be negative");
        r.diceToFirst = number(e, "dice_to_first", 0, at);
        if (!(r.diceToFirst >= 0 && r.diceToFirst <= 1))
            throw DatasetError(at + ": field 'dice_to_first' must be between 0 and 1");
        r.pixelsInDisagreement = integer(e, "pixels_in_disagreement", 0, at);
        if (r.pixelsInDisagreement < 0)
            throw DatasetError(at + ": field 'pixels_in_disagreement' must not be negative");
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

const char* reviewStatusName(ReviewStatus status) {
    switch (status) {
        case ReviewStatus::Accepted: return "accepted";
        case ReviewStatus::Corrected: return "corrected";
        case ReviewStatus::Rejected: return "rejected";
        case ReviewStatus::Imported: return "imported";
    }
    return "accepted";
}

std::optional<ReviewStatus> reviewStatusFromName(const std::string& name) {
    for (ReviewStatus s :
         {ReviewStatus::Accepted, ReviewStatus::Corrected, ReviewStatus::Rejected, ReviewStatus::Imported})
        if (name == reviewStatusName(s)) return s;
    return std::nullopt;
}

Value sampleToJson(const Sample& s) {
    Value v = Value::object();
    v.set("id", s.id);
    v.set("status", reviewStatusName(s.status));
    v.set("category", s.category);
    v.set("supercategory", s.supercategory);
    v.set("note", s.note);
    v.set("question", s.question);
    v.set("raw_output", s.rawOutput);
    v.set("think", s.think);
    v.set("answer_text", s.answerText);
    if (!s.traceState.empty()) v.set("trace_state", s.traceState);
    v.set("bbox_2d", s.bbox ? list(s.bbox->toArray()) : Value());
    v.set("point_2d", pointList(s.points));
    v.set("truth_bbox_2d", s.truthBox ? list(s.truthBox->toArray()) : Value());
    v.set("truth_point_2d", pointList(s.truthPoints));
    v.set("modality", s.modality);
    v.set("annotator", s.annotator);
    v.set("created_at", s.createdAt);
    v.set("modified_at", s.modifiedAt);
    v.set("model_version", s.modelVersion);
    v.set("expert_name", s.expertName);
    v.set("app_version", s.appVersion);
    v.set("reasoner_width", s.reasonerWidth);
    v.set("reasoner_height", s.reasonerHeight);
    Value src = Value::object();
    src.set("kind", s.source.kind);
    src.set("series_key", s.source.seriesKey);
    src.set("slice", s.source.slice);
    src.set("size", list(s.source.size));
    src.set("spacing", list(s.source.spacing));
    src.set("origin", list(s.source.origin));
    src.set("direction", list(s.source.direction));
    v.set("source", src);
    v.set("dice", s.dice);
    v.set("pixels_changed", s.pixelsChanged);
    v.set("seconds_spent", s.secondsSpent);
    v.set("image", s.imageFile);
    v.set("first_mask", s.firstMaskFile);
    v.set("mask", s.maskFile);
    if (s.volumeMask) {
        Value vm = Value::object();
        vm.set("file", s.volumeMask->file);
        vm.set("first_slice", s.volumeMask->firstSlice);
        vm.set("last_slice", s.volumeMask->lastSlice);
        v.set("volume_mask", vm);
    }
    if (!s.revisions.empty()) v.set("revisions", revisionsToJson(s.revisions));
    if (!s.readings.empty()) v.set("readings", readingsToJson(s.readings));
    if (s.importedRecord.isObject()) v.set("imported_record", s.importedRecord);
    if (s.extra.isObject())
        for (const auto& [key, value] : s.extra.items())
            if (!isKnown(key)) v.set(key, value);
    return v;
}

Sample sampleFromJson(const Value& v, const std::string& where) {
    if (!v.isObject()) throw DatasetError(where + ": a sample must be a JSON object");
    Sample s;
    s.id = text(v, "id", where);
    if (s.id.empty()) throw DatasetError(where + ": missing field 'id'");
    const std::string at = where + " (id " + s.id + ")";
    s.status = statusField(v, at);
    s.category = text(v, "category", at);
    s.supercategory = text(v, "supercategory", at);
    s.note = text(v, "note", at);
    s.question = text(v, "question", at);
    s.rawOutput = text(v, "raw_output", at);
    s.think = text(v, "think", at);
    s.answerText = text(v, "answer_text", at);
    s.traceState = text(v, "trace_state", at);  // absent in older records
    s.bbox = optionalBox(v, "bbox_2d", at);
    s.points = points(v, "point_2d", at);
    s.truthBox = optionalBox(v, "truth_bbox_2d", at);
    s.truthPoints = points(v, "truth_point_2d", at);
    s.modality = text(v, "modality", at);
    s.annotator = text(v, "annotator", at);
    s.createdAt = text(v, "created_at", at);
    s.modifiedAt = text(v, "modified_at", at);
    s.modelVersion = text(v, "model_version", at);
    s.expertName = text(v, "expert_name", at);
    s.appVersion = text(v, "app_version", at);
    s.reasonerWidth = int(integer(v, "reasoner_width", 0, at));
    s.reasonerHeight = int(integer(v, "reasoner_height", 0, at));
    if (const Value* src = field(v, "source")) {
        if (!src->isObject()) throw DatasetError(at + ": field 'source' must be an object");
        const std::string sat = at + ", source";
        s.source.kind = text(*src, "kind", sat);
        s.source.seriesKey = text(*src, "series_key", sat);
        s.source.slice = integer(*src, "slice", 0, sat);
        if (const Value* size = field(*src, "size")) {
            if (!size->isArray() || size->size() != 3)
                throw DatasetError(sat + ": field 'size' must be a list of 3 integers");
            for (size_t i = 0; i < 3; ++i) {
                if (!(*size)[i].isInteger()) throw DatasetError(sat + ": field 'size' must be a list of 3 integers");
                s.source.size[i] = (*size)[i].asInt();
            }
        }
        numbers(*src, "spacing", s.source.spacing, sat);
        numbers(*src, "origin", s.source.origin, sat);
        numbers(*src, "direction", s.source.direction, sat);
    }
    s.dice = number(v, "dice", 1, at);
    s.pixelsChanged = integer(v, "pixels_changed", 0, at);
    s.secondsSpent = number(v, "seconds_spent", 0, at);
    s.imageFile = text(v, "image", at);
    s.firstMaskFile = text(v, "first_mask", at);
    s.maskFile = text(v, "mask", at);
    s.volumeMask = volumeMaskReference(v, at);
    s.revisions = revisionsFromJson(v, at);
    s.readings = readingsFromJson(v, at);
    if (const Value* rec = field(v, "imported_record")) {
        if (!rec->isObject()) throw DatasetError(at + ": field 'imported_record' must be an object");
        s.importedRecord = *rec;
    }
    for (const auto& [key, value] : v.items())
        if (!isKnown(key)) s.extra.set(key, value);
    return s;
}

bool isGroundTruth(const Sample& s) { return s.status != ReviewStatus::Rejected; }

void showRevision(Sample& s, const Revision& r) {
    s.status = r.status;
    s.maskFile = r.maskFile;
    s.annotator = r.annotator;
    s.note = r.note;
    s.truthBox = r.truthBox;
    s.truthPoints = r.truthPoints;
}

std::optional<Sample> acceptedRevisionOf(const Sample& s) {
    if (isGroundTruth(s)) return s;
    for (auto r = s.revisions.rbegin(); r != s.revisions.rend(); ++r) {
        if (r->status == ReviewStatus::Rejected) continue;
        Sample at = s;
        showRevision(at, *r);
        return at;
    }
    return std::nullopt;
}

UmrgRecord umrgRecordOf(const Sample& s) {
    if (s.importedRecord.isObject()) {
        UmrgRecord r = recordFromJson(s.importedRecord, "sample " + s.id + ", imported record");
        r.category = s.category;
        r.supercategory = s.supercategory;
        r.modality = s.modality;
        return r;
    }
    UmrgRecord r;
    r.id = s.id;
    r.image = s.imageFile;
    r.mask = s.maskFile;
    r.question = s.question;
    r.answer = s.answerText;
    // The ground truth: what the final mask implies when the app derived it, else the answer.
    const auto& box = s.truthBox ? s.truthBox : s.bbox;
    const auto& pts = s.truthPoints.empty() ? s.points : s.truthPoints;
    if (box) r.bbox2d = *box;
    for (size_t i = 0; i < 2 && i < pts.size(); ++i) r.point2d[i] = pts[i];
    r.category = s.category;
    r.supercategory = s.supercategory;
    r.modality = s.modality;
    // Not a U-MRG field: tools that read the official fields pass over it.
    if (s.volumeMask) r.extra.set("volume_mask", s.volumeMask->file);
    return r;
}

Value umrgRecordJsonOf(const Sample& s) {
    if (!s.importedRecord.isObject()) return recordToJson(umrgRecordOf(s));
    Value v = s.importedRecord;
    const UmrgRecord original = recordFromJson(v, "sample " + s.id + ", imported record");
    if (s.category != original.category) v.set("category", s.category);
    if (s.supercategory != original.supercategory) v.set("supercategory", s.supercategory);
    if (s.modality != original.modality) v.set("modality", s.modality);
    return v;
}

}  // namespace mr::dataset
