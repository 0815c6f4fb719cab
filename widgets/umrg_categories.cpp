#include "widgets/umrg_categories.h"

namespace mr::widgets {

// Names are stored in the dataset as written here (English, lower case), whatever the UI language.
const std::vector<UmrgSupercategory>& umrgCategories() {
    static const std::vector<UmrgSupercategory> lists = {
        {QStringLiteral("abdomen"),
         {"liver", "liver tumor", "kidney", "kidney tumor", "kidney cyst", "spleen", "pancreas", "pancreatic tumor",
          "gallbladder", "stomach", "adrenal gland", "aorta", "inferior vena cava"}},
        {QStringLiteral("brain"),
         {"brain tumor", "glioma", "meningioma", "pituitary tumor", "stroke lesion", "hemorrhage", "white matter lesion",
          "ventricle"}},
        {QStringLiteral("breast"), {"breast mass", "breast tumor", "calcification"}},
        {QStringLiteral("cardiac"), {"left ventricle", "right ventricle", "myocardium", "left atrium"}},
        {QStringLiteral("cell"), {"nucleus", "cell", "gland", "mitosis"}},
        {QStringLiteral("chest"),
         {"lung", "lung nodule", "lung tumor", "pneumothorax", "pleural effusion", "covid-19 infection", "heart",
          "rib fracture"}},
        {QStringLiteral("dental"), {"tooth", "caries", "periapical lesion"}},
        {QStringLiteral("eye"), {"optic disc", "optic cup", "retinal vessel", "exudate", "hemorrhage", "microaneurysm",
                                 "retinal fluid"}},
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

}  // namespace mr::widgets
