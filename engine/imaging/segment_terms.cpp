#include "engine/imaging/segment_terms.h"

#include <cctype>

namespace mr::imaging {

namespace {
const CodedConcept kAnatomy{"91723000", "SCT", "Anatomical Structure"};
const CodedConcept kAbnormal{"49755003", "SCT", "Morphologically Abnormal Structure"};
const CodedConcept kTissue{"85756007", "SCT", "Tissue"};

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool containsWord(const std::string& text, const std::string& word) {
    for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const bool startOk = at == 0 || !std::isalpha(static_cast<unsigned char>(text[at - 1]));
        const size_t end = at + word.size();
        // "tumors", "nodules": a plural still names the finding.
        const bool endOk =
            end == text.size() || !std::isalpha(static_cast<unsigned char>(text[end])) ||
            (text[end] == 's' && (end + 1 == text.size() || !std::isalpha(static_cast<unsigned char>(text[end + 1]))));
        if (startOk && endOk) return true;
    }
    return false;
}
}  // namespace

const std::vector<SegmentTerm>& segmentTerms() {
    static const std::vector<SegmentTerm> terms = {
        {"liver", kAnatomy, {"10200004", "SCT", "Liver"}},
        {"kidney", kAnatomy, {"64033007", "SCT", "Kidney"}},
        {"spleen", kAnatomy, {"78961009", "SCT", "Spleen"}},
        {"pancreas", kAnatomy, {"15776009", "SCT", "Pancreas"}},
        {"gallbladder", kAnatomy, {"28231008", "SCT", "Gallbladder"}},
        {"stomach", kAnatomy, {"69695003", "SCT", "Stomach"}},
        {"adrenal gland", kAnatomy, {"23451007", "SCT", "Adrenal gland"}},
        {"aorta", kAnatomy, {"15825003", "SCT", "Aorta"}},
        {"inferior vena cava", kAnatomy, {"64131007", "SCT", "Inferior vena cava"}},
        {"lung", kAnatomy, {"39607008", "SCT", "Lung"}},
        {"heart", kAnatomy, {"80891009", "SCT", "Heart"}},
        {"brain", kAnatomy, {"12738006", "SCT", "Brain"}},
        {"thyroid", kAnatomy, {"69748006", "SCT", "Thyroid"}},
        {"lymph node", kAnatomy, {"59441001", "SCT", "Lymph node"}},
        {"prostate", kAnatomy, {"41216001", "SCT", "Prostate"}},
        {"bladder", kAnatomy, {"89837001", "SCT", "Urinary bladder"}},
        {"bone", kAnatomy, {"272673000", "SCT", "Bone"}},
        {"mass", kAbnormal, {"4147007", "SCT", "Mass"}},
        {"neoplasm", kAbnormal, {"108369006", "SCT", "Neoplasm"}},
        {"nodule", kAbnormal, {"27925004", "SCT", "Nodule"}},
        {"cyst", kAbnormal, {"367643001", "SCT", "Cyst"}},
        {"lesion", kAbnormal, {"52988006", "SCT", "Lesion"}},
        {"hemorrhage", kAbnormal, {"50960005", "SCT", "Hemorrhage"}},
        {"fracture", kAbnormal, {"72704001", "SCT", "Fracture"}},
        {"abscess", kAbnormal, {"44132006", "SCT", "Abscess"}},
        {"edema", kAbnormal, {"79654002", "SCT", "Edema"}},
        {"necrosis", kAbnormal, {"6574001", "SCT", "Necrosis"}},
        {"tissue", kTissue, {"85756007", "SCT", "Tissue"}},
    };
    return terms;
}

const SegmentTerm& segmentTermFor(const std::string& name) {
    const auto& terms = segmentTerms();
    const std::string text = lower(name);
    for (const auto& t : terms)
        if (t.name == text) return t;
    auto byName = [&](const char* n) -> const SegmentTerm& {
        for (const auto& t : terms)
            if (t.name == n) return t;
        return terms.back();
    };
    // Words that name the finding, most specific first; a tumour of any kind is a neoplasm.
    static const std::vector<std::pair<const char*, const char*>> findings = {
        {"tumor", "neoplasm"},
        {"tumour", "neoplasm"},
        {"cancer", "neoplasm"},
        {"carcinoma", "neoplasm"},
        {"glioma", "neoplasm"},
        {"meningioma", "neoplasm"},
        {"melanoma", "neoplasm"},
        {"neoplasm", "neoplasm"},
        {"nodule", "nodule"},
        {"cyst", "cyst"},
        {"mass", "mass"},
        {"hemorrhage", "hemorrhage"},
        {"haemorrhage", "hemorrhage"},
        {"bleeding", "hemorrhage"},
        {"fracture", "fracture"},
        {"abscess", "abscess"},
        {"edema", "edema"},
        {"necrosis", "necrosis"},
        {"lesion", "lesion"},
        {"polyp", "lesion"},
        {"ulcer", "lesion"},
        {"infection", "lesion"},
        {"plaque", "lesion"},
        {"aneurysm", "lesion"},
    };
    for (const auto& [word, term] : findings)
        if (containsWord(text, word)) return byName(term);
    for (const auto& t : terms)
        if (t.category == kAnatomy && containsWord(text, t.name)) return t;
    return terms.back();
}

SegmentDescription describeSegment(const std::string& label, const std::string& expertName,
                                   const std::string& reasonerName, const std::string& versions) {
    const SegmentTerm& term = segmentTermFor(label);
    SegmentDescription d;
    d.label = label.empty() ? term.name : label;
    d.category = term.category;
    d.type = term.type;
    if (!expertName.empty()) {
        d.algorithmType = SegmentAlgorithmType::SemiAutomatic;
        d.algorithmName = reasonerName.empty() ? expertName : expertName + " + " + reasonerName;
        d.algorithmVersion = versions.empty() ? "unknown" : versions;
    }
    return d;
}

std::array<uint8_t, 3> segmentColor(size_t n) {
    static const std::array<std::array<uint8_t, 3>, 8> palette = {{
        {230, 60, 60},
        {60, 180, 75},
        {0, 130, 200},
        {245, 130, 48},
        {145, 30, 180},
        {70, 240, 240},
        {240, 50, 230},
        {210, 245, 60},
    }};
    return palette[n % palette.size()];
}

}  // namespace mr::imaging
