#pragma once
// The category lists offered when a sample is saved: super-categories (body regions and tissue
// kinds, as U-MRG groups its samples) with their specific categories. The user may also type
// any other name; the lists only make the common choices quick and consistently spelled.
#include <QString>
#include <QStringList>
#include <vector>

namespace mr::widgets {

struct UmrgSupercategory {
    QString name;
    QStringList categories;
};

const std::vector<UmrgSupercategory>& umrgCategories();
// The super-category a category belongs to, or an empty string when it is not in the lists.
QString umrgSupercategoryOf(const QString& category);

// The category a sample's question names: the longest U-MRG category found in it as whole words
// (case-insensitive), or an empty string.
QString umrgCategoryNamedIn(const QString& question);

// The super-category and category to propose when a sample is saved: the previous sample's when
// it asked the same question, else the category the question names, else none (empty strings),
// so one sample's label is never carried over to an unrelated one.
struct UmrgProposal {
    QString supercategory, category;
};
UmrgProposal proposeUmrgCategory(const QString& question, const QString& lastQuestion, const UmrgProposal& lastChoice);

}  // namespace mr::widgets
