#include "engine/dataset/deidentify.h"

#include <random>

#include "engine/core/sha256.h"

namespace mr::dataset {

namespace {
bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
}  // namespace

SourceReference describeSource(const mr::imaging::Image& image, int64_t slice, const std::string& salt) {
    const auto& m = image.metadata();
    const auto& g = image.geometry();
    SourceReference r;
    const std::string src = lower(m.source);
    if (!m.seriesInstanceUid.empty() || !m.studyInstanceUid.empty()) {
        r.kind = "dicom_series";
        r.seriesKey = mr::sha256Hex(salt + "\n" + m.studyInstanceUid + "\n" + m.seriesInstanceUid).substr(0, 16);
    } else {
        r.kind = endsWith(src, ".nii") || endsWith(src, ".nii.gz") ? "nifti" : "picture";
        r.seriesKey = mr::sha256Hex(salt + "\n" + m.source).substr(0, 16);
    }
    r.slice = slice;
    r.size = g.size;
    r.spacing = g.spacing;
    r.origin = g.origin;
    r.direction = g.direction;
    return r;
}

std::string newSalt() {
    static const char* kHex = "0123456789abcdef";
    std::random_device rd;
    std::string s;
    s.reserve(64);
    for (int i = 0; i < 8; ++i) {
        uint32_t w = rd();
        for (int b = 0; b < 4; ++b) {
            uint8_t byte = uint8_t(w >> (8 * b));
            s += kHex[byte >> 4];
            s += kHex[byte & 15];
        }
    }
    return s;
}

}  // namespace mr::dataset
