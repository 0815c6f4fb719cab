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

}  // namespace mr::widgets
