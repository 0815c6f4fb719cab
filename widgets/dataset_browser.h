#pragma once
// The dataset browser dock: the samples of the open dataset with thumbnails (image with its final
// mask), filters by status, modality and category, and the actions a reviewer needs: open a sample
// for review, change its status, delete it (after confirmation). Thumbnails are read and scaled
// off the GUI thread.
#include <QHash>
#include <QImage>
#include <QWidget>

#include <vector>

#include "engine/dataset/sample.h"

class QComboBox;
class QLabel;
class QLayout;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace mr::widgets {

class DatasetBrowser : public QWidget {
    Q_OBJECT
public:
    explicit DatasetBrowser(QWidget* parent = nullptr);

    // folder empty: no dataset open.
    void setDataset(const QString& folder, bool readOnly, const std::vector<mr::dataset::Sample>& samples);
    QTreeWidget* list() const { return list_; }
    int visibleCount() const;  // rows that pass the filters
    QString selectedId() const;
    void selectId(const QString& id);

    // Filters ("" = any): a status name ("accepted", ...), a modality, a category.
    void setFilters(const QString& status, const QString& modality, const QString& category);

    static QImage makeThumbnail(const QString& imagePath, const QString& maskPath, int size);
    // While a second reader reads the dataset blind: thumbnails without masks, and no Review.
    void setBlind(bool blind);
    bool blind() const { return blind_; }

Q_SIGNALS:
    void openRequested(const QString& id);
    void statusChangeRequested(const QString& id, mr::dataset::ReviewStatus status);
    void deleteRequested(const QString& id);
    void refreshRequested();
    void openDatasetRequested();
    void exportRequested(const QString& format);  // "png", "nifti", "coco" or "dicom-seg"

private:
    QLayout* buildFilters();  // the three labelled filter boxes
    void buildList();
    QLayout* buildButtons();
    const mr::dataset::Sample* findSample(const QString& id) const;
    void rebuild();
    void applyFilters();
    void refillFilterChoices();
    void requestThumbnail(QTreeWidgetItem* item, const mr::dataset::Sample& s);
    void updateActions();
    void confirmDelete();

    QString folder_;
    bool blind_ = false;
    bool readOnly_ = false;
    std::vector<mr::dataset::Sample> samples_;
    QHash<QString, QImage> thumbnails_;  // by id + modification time
    QLabel* header_ = nullptr;
    QComboBox* statusFilter_ = nullptr;
    QComboBox* modalityFilter_ = nullptr;
    QComboBox* categoryFilter_ = nullptr;
    QTreeWidget* list_ = nullptr;
    QPushButton* open_ = nullptr;
    QPushButton* status_ = nullptr;
    QPushButton* delete_ = nullptr;
    QPushButton* export_ = nullptr;
};

}  // namespace mr::widgets
