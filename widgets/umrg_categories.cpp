#include "widgets/umrg_categories.h"

#include <QRegularExpression>

namespace mr::widgets {

// Names are stored in the dataset as written here (English, lower case), whatever the UI language.
const std::vector<UmrgSupercategory>& umrgCategories() {
    static const std::vector<UmrgSupercategory> lists = {
        {QStringLiteral("abdomen"),
         {"liver", "liver tumor", "kidney", "kidney tumor", "kidney cyst", "spleen", "pancreas", "pancreatic tumor",
          "gallbladder", "stomach", "adrenal gland", "aorta", "inferior vena cava"}},
        {QStringLiteral("brain"),
         {"brain tumor", "glioma", "meningioma", "pituitary tumor", "stroke lesion", "hemorrhage",
          "white matter lesion", "ventricle"}},
        {QStringLiteral("breast"), {"breast mass", "breast tumor", "calcification"}},
        {QStringLiteral("cardiac"), {"left ventricle", "right ventricle", "myocardium", "left atrium"}},
        {QStringLiteral("cell"), {"nucleus", "cell", "gland", "mitosis"}},
        {QStringLiteral("chest"),
         {"lung", "lung nodule", "lung tumor", "pneumothorax", "pleural effusion", "covid-19 infection", "heart",
          "rib fracture"}},
        {QStringLiteral("dental"), {"tooth", "caries", "periapical lesion"}},
        {QStringLiteral("eye"),
         {"optic disc", "optic cup", "retinal vessel", "exudate", "hemorrhage", "microaneurysm", "retinal fluid"}},
        {QStringLiteral("gastrointestinal"), {"polyp", "colon tumor", "esophageal lesion", "ulcer", "bleeding"}},
        {QStringLiteral("head and neck"), {"thyroid", "thyroid nodule", "parotid gland", "lymph node"}},
        {QStringLiteral("musculoskeletal"), {"bone", "fracture", "bone tumor", "knee cartilage", "femur"}},
        {QStringLiteral("pelvis"), {"prostate", "prostate lesion", "bladder", "uterus", "ovary", "rectum"}},
        {QStringLiteral("skin"), {"skin lesion", "melanoma", "nevus"}},
        {QStringLiteral("spine"), {"vertebra", "intervertebral disc", "spinal cord"}},
        {QStringLiteral("vascular"), {"aneurysm", "vessel", "plaque"}},
    };
    return lists;
}

QString umrgSupercategoryOf(const QString& category) {
    for (const auto& s : umrgCategories())
        if (s.categories.contains(category, Qt::CaseInsensitive)) return s.name;
    return {};
}

QString umrgCategoryNamedIn(const QString& question) {
    const QString text = question.toLower();
    QString best;
    for (const auto& s : umrgCategories())
        for (const QString& c : s.categories) {
            if (c.size() <= best.size()) continue;
            const QRegularExpression word(QStringLiteral("\\b%1s?\\b").arg(QRegularExpression::escape(c)));
            if (word.match(text).hasMatch()) best = c;
        }
    return best;
}

UmrgProposal proposeUmrgCategory(const QString& question, const QString& lastQuestion, const UmrgProposal& last) {
    if (!question.trimmed().isEmpty() && question.trimmed().compare(lastQuestion.trimmed(), Qt::CaseInsensitive) == 0)
        return last;
    const QString named = umrgCategoryNamedIn(question);
    if (named.isEmpty()) return {};
    return {umrgSupercategoryOf(named), named};
}

}  // namespace mr::widgets
