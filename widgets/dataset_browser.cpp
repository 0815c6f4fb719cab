#include "widgets/dataset_browser.h"

#include <QComboBox>
#include <QDir>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <set>
#include <tuple>

namespace mr::widgets {

using mr::dataset::ReviewStatus;

namespace {
constexpr int kThumb = 56;
enum Column { ColId, ColStatus, ColModality, ColCategory, ColDice, ColQuestion };
const int kIdRole = Qt::UserRole;

QString statusText(ReviewStatus s) {
    switch (s) {
        case ReviewStatus::Accepted: return DatasetBrowser::tr("Accepted");
        case ReviewStatus::Corrected: return DatasetBrowser::tr("Corrected");
        case ReviewStatus::Rejected: return DatasetBrowser::tr("Rejected");
        case ReviewStatus::Imported: return DatasetBrowser::tr("Imported");
    }
    return {};
}

QColor statusColour(ReviewStatus s) {
    switch (s) {
        case ReviewStatus::Accepted: return QColor(60, 170, 90);
        case ReviewStatus::Corrected: return QColor(60, 130, 210);
        case ReviewStatus::Rejected: return QColor(210, 80, 70);
        case ReviewStatus::Imported: return QColor(150, 120, 200);
    }
    return {};
}

void fillChoices(QComboBox* box, const std::set<QString>& values) {
    const QString current = box->currentData().toString();
    const QSignalBlocker block(box);
    box->clear();
    box->addItem(DatasetBrowser::tr("Any"), QString());
    for (const QString& v : values) box->addItem(v, v);
    const int at = box->findData(current);
    box->setCurrentIndex(at < 0 ? 0 : at);
}
}  // namespace

DatasetBrowser::DatasetBrowser(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    header_ = new QLabel(this);
    header_->setObjectName("datasetHeader");
    header_->setWordWrap(true);
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(header_);
    layout->addLayout(buildFilters());
    buildList();
    layout->addWidget(list_, 1);
    layout->addLayout(buildButtons());
    setDataset({}, false, {});
}

QLayout* DatasetBrowser::buildFilters() {
    statusFilter_ = new QComboBox(this);
    statusFilter_->setObjectName("statusFilter");
    statusFilter_->addItem(tr("Any status"), QString());
    for (ReviewStatus s :
         {ReviewStatus::Accepted, ReviewStatus::Corrected, ReviewStatus::Rejected, ReviewStatus::Imported})
        statusFilter_->addItem(statusText(s), QString::fromLatin1(mr::dataset::reviewStatusName(s)));
    modalityFilter_ = new QComboBox(this);
    modalityFilter_->setObjectName("modalityFilter");
    categoryFilter_ = new QComboBox(this);
    categoryFilter_->setObjectName("categoryFilter");
    fillChoices(modalityFilter_, {});
    fillChoices(categoryFilter_, {});
    // Each box under its own label (a buddy, so Alt+letter reaches it): a new user sees what it filters.
    auto* filters = new QGridLayout;
    filters->setHorizontalSpacing(6);
    filters->setVerticalSpacing(1);
    const std::tuple<QString, QString, QComboBox*> boxes[] = {
        {tr("S&tatus"), tr("Show only the samples with this review status"), statusFilter_},
        {tr("&Modality"), tr("Show only the samples of this modality"), modalityFilter_},
        {tr("Cate&gory"), tr("Show only the samples of this category"), categoryFilter_}};
    int column = 0;
    for (const auto& [text, tip, box] : boxes) {
        auto* label = new QLabel(text, this);
        label->setObjectName(box->objectName() + "Label");
        label->setBuddy(box);
        box->setToolTip(tip);
        filters->addWidget(label, 0, column);
        filters->addWidget(box, 1, column);
        connect(box, &QComboBox::currentIndexChanged, this, &DatasetBrowser::applyFilters);
        ++column;
    }
    filters->setColumnStretch(2, 1);
    return filters;
}

void DatasetBrowser::buildList() {
    list_ = new QTreeWidget(this);
    list_->setObjectName("datasetList");
    list_->setRootIsDecorated(false);
    list_->setUniformRowHeights(true);
    list_->setIconSize(QSize(kThumb, kThumb));
    list_->setHeaderLabels({tr("Sample"), tr("Status"), tr("Modality"), tr("Category"), tr("Dice"), tr("Question")});
    list_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list_->header()->setStretchLastSection(true);
    list_->setSortingEnabled(true);
    list_->sortByColumn(ColId, Qt::AscendingOrder);
    connect(list_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (!blind_) Q_EMIT openRequested(item->data(ColId, kIdRole).toString());
    });
    connect(list_, &QTreeWidget::itemSelectionChanged, this, &DatasetBrowser::updateActions);
}

QLayout* DatasetBrowser::buildButtons() {
    auto* buttons = new QHBoxLayout;
    auto* openDataset = new QPushButton(tr("Open Dataset…"), this);
    open_ = new QPushButton(tr("Review"), this);
    open_->setObjectName("reviewButton");
    open_->setToolTip(tr("Show the sample with its trace, prompts and both masks"));
    status_ = new QPushButton(tr("Status"), this);
    status_->setObjectName("statusButton");
    auto* statusMenu = new QMenu(status_);
    for (ReviewStatus s : {ReviewStatus::Accepted, ReviewStatus::Corrected, ReviewStatus::Rejected})
        statusMenu->addAction(statusText(s), this, [this, s] { Q_EMIT statusChangeRequested(selectedId(), s); });
    status_->setMenu(statusMenu);
    delete_ = new QPushButton(tr("Delete…"), this);
    delete_->setObjectName("deleteButton");
    auto* refresh = new QPushButton(tr("Refresh"), this);
    export_ = new QPushButton(tr("Export"), this);
    export_->setObjectName("exportButton");
    export_->setToolTip(tr("Accepted, corrected and imported samples, for other tools"));
    auto* exportMenu = new QMenu(export_);
    exportMenu->addAction(tr("Masks as PNG…"), this, [this] { Q_EMIT exportRequested("png"); });
    exportMenu->addAction(tr("Label Maps as NIfTI (one per series)…"), this,
                          [this] { Q_EMIT exportRequested("nifti"); });
    exportMenu->addAction(tr("COCO JSON with RLE Masks…"), this, [this] { Q_EMIT exportRequested("coco"); });
    exportMenu->addAction(tr("DICOM SEG (one per series, de-identified)…"), this,
                          [this] { Q_EMIT exportRequested("dicom-seg"); });
    export_->setMenu(exportMenu);
    buttons->addWidget(openDataset);
    buttons->addWidget(export_);
    buttons->addStretch(1);
    buttons->addWidget(open_);
    buttons->addWidget(status_);
    buttons->addWidget(delete_);
    buttons->addWidget(refresh);
    connect(openDataset, &QPushButton::clicked, this, &DatasetBrowser::openDatasetRequested);
    connect(open_, &QPushButton::clicked, this, [this] { Q_EMIT openRequested(selectedId()); });
    connect(delete_, &QPushButton::clicked, this, &DatasetBrowser::confirmDelete);
    connect(refresh, &QPushButton::clicked, this, &DatasetBrowser::refreshRequested);
    return buttons;
}

void DatasetBrowser::setDataset(const QString& folder, bool readOnly, const std::vector<mr::dataset::Sample>& samples) {
    if (folder != folder_) thumbnails_.clear();
    folder_ = folder;
    readOnly_ = readOnly;
    samples_ = samples;
    rebuild();
}

void DatasetBrowser::rebuild() {
    const QString selected = selectedId();
    if (folder_.isEmpty()) {
        header_->setText(tr("No dataset is open. Open or create one to save reviewed samples."));
    } else {
        int counts[4] = {0, 0, 0, 0};
        for (const auto& s : samples_) ++counts[int(s.status)];
        QString text =
            tr("<b>%1</b>%2<br>%n sample(s): %3 accepted, %4 corrected, %5 rejected", nullptr, int(samples_.size()))
                .arg(QDir::toNativeSeparators(folder_).toHtmlEscaped(), readOnly_ ? tr(" (read-only)") : QString())
                .arg(counts[0])
                .arg(counts[1])
                .arg(counts[2]);
        if (counts[3] > 0) text += tr(", %n imported", nullptr, counts[3]);
        header_->setText(text);
    }
    refillFilterChoices();
    list_->setSortingEnabled(false);
    list_->clear();
    for (const auto& s : samples_) {
        auto* item = new QTreeWidgetItem(list_);
        const QString id = QString::fromStdString(s.id);
        item->setData(ColId, kIdRole, id);
        item->setText(ColId, id);
        item->setText(ColStatus, statusText(s.status));
        item->setForeground(ColStatus, statusColour(s.status));
        item->setData(ColStatus, Qt::UserRole, QString::fromLatin1(mr::dataset::reviewStatusName(s.status)));
        item->setText(ColModality, QString::fromStdString(s.modality));
        item->setText(ColCategory, QString::fromStdString(s.category));
        item->setToolTip(ColCategory, QString::fromStdString(s.supercategory));
        // Dice compares the expert's first mask with the final one; imported records have no first mask.
        item->setText(ColDice, s.firstMaskFile.empty() ? QStringLiteral("–") : QString::number(s.dice, 'f', 3));
        item->setText(ColQuestion, QString::fromStdString(s.question));
        item->setToolTip(ColQuestion, QString::fromStdString(s.question));
        requestThumbnail(item, s);
    }
    list_->setSortingEnabled(true);
    applyFilters();
    selectId(selected);
    updateActions();
}

void DatasetBrowser::refillFilterChoices() {
    std::set<QString> modalities, categories;
    for (const auto& s : samples_) {
        if (!s.modality.empty()) modalities.insert(QString::fromStdString(s.modality));
        if (!s.category.empty()) categories.insert(QString::fromStdString(s.category));
    }
    fillChoices(modalityFilter_, modalities);
    fillChoices(categoryFilter_, categories);
}

void DatasetBrowser::setFilters(const QString& status, const QString& modality, const QString& category) {
    auto pick = [](QComboBox* box, const QString& value) {
        const int at = box->findData(value);
        box->setCurrentIndex(at < 0 ? 0 : at);
    };
    pick(statusFilter_, status);
    pick(modalityFilter_, modality);
    pick(categoryFilter_, category);
    applyFilters();
}

void DatasetBrowser::applyFilters() {
    const QString status = statusFilter_->currentData().toString();
    const QString modality = modalityFilter_->currentData().toString();
    const QString category = categoryFilter_->currentData().toString();
    for (int i = 0; i < list_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = list_->topLevelItem(i);
        const bool show = (status.isEmpty() || item->data(ColStatus, Qt::UserRole).toString() == status) &&
                          (modality.isEmpty() || item->text(ColModality) == modality) &&
                          (category.isEmpty() || item->text(ColCategory) == category);
        item->setHidden(!show);
    }
    updateActions();
}

int DatasetBrowser::visibleCount() const {
    int n = 0;
    for (int i = 0; i < list_->topLevelItemCount(); ++i) n += list_->topLevelItem(i)->isHidden() ? 0 : 1;
    return n;
}

QString DatasetBrowser::selectedId() const {
    const auto items = list_->selectedItems();
    return items.isEmpty() ? QString() : items.front()->data(ColId, kIdRole).toString();
}

void DatasetBrowser::selectId(const QString& id) {
    for (int i = 0; i < list_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = list_->topLevelItem(i);
        if (item->data(ColId, kIdRole).toString() == id) {
            list_->setCurrentItem(item);
            return;
        }
    }
}

void DatasetBrowser::setBlind(bool blind) {
    if (blind == blind_) return;
    blind_ = blind;
    open_->setToolTip(blind ? tr("A blind reading is under way: the samples open from the worklist, without their "
                                 "masks")
                            : tr("Show the sample with its trace, prompts and both masks"));
    rebuild();  // the thumbnails again, with or without their masks
}

void DatasetBrowser::updateActions() {
    const bool one = !selectedId().isEmpty();
    open_->setEnabled(one && !blind_);
    status_->setEnabled(one && !readOnly_);
    delete_->setEnabled(one && !readOnly_);
    export_->setEnabled(!folder_.isEmpty() && !samples_.empty());
}

const mr::dataset::Sample* DatasetBrowser::findSample(const QString& id) const {
    for (const auto& s : samples_)
        if (QString::fromStdString(s.id) == id) return &s;
    return nullptr;
}

void DatasetBrowser::confirmDelete() {
    const QString id = selectedId();
    if (id.isEmpty()) return;
    const auto* sample = findSample(id);
    const QString text =
        sample && sample->importedRecord.isObject()
            ? tr("Remove the imported record %1 from the app's dataset? Its image and mask were written by another "
                 "tool and stay where they are.")
                  .arg(id)
            : tr("Delete sample %1 with its image and masks from the dataset? This cannot be undone.").arg(id);
    const auto answer = QMessageBox::question(this, tr("Delete Sample"), text, QMessageBox::Yes | QMessageBox::Cancel,
                                              QMessageBox::Cancel);
    if (answer == QMessageBox::Yes) Q_EMIT deleteRequested(id);
}

QImage DatasetBrowser::makeThumbnail(const QString& imagePath, const QString& maskPath, int size) {
    QImage image(imagePath);
    if (image.isNull()) return {};
    image = image.convertToFormat(QImage::Format_RGB32);
    const QImage mask = QImage(maskPath).convertToFormat(QImage::Format_Grayscale8);
    if (!mask.isNull() && mask.size() == image.size()) {
        // Tint the mask's pixels, as the viewer does, so the thumbnail shows what was kept.
        for (int y = 0; y < image.height(); ++y) {
            auto* row = reinterpret_cast<QRgb*>(image.scanLine(y));
            const uchar* m = mask.constScanLine(y);
            for (int x = 0; x < image.width(); ++x)
                if (m[x])
                    row[x] = qRgb(qRed(row[x]) * 5 / 10, (qGreen(row[x]) * 5 + 230 * 5) / 10,
                                  (qBlue(row[x]) * 5 + 255 * 5) / 10);
        }
    }
    return image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

void DatasetBrowser::requestThumbnail(QTreeWidgetItem* item, const mr::dataset::Sample& s) {
    const QString id = QString::fromStdString(s.id);
    const QString key = id + '@' + QString::fromStdString(s.modifiedAt) + (blind_ ? "#blind" : "");
    if (auto it = thumbnails_.constFind(key); it != thumbnails_.constEnd()) {
        item->setIcon(ColId, QIcon(QPixmap::fromImage(*it)));
        return;
    }
    const QString imagePath = QDir(folder_).filePath(QString::fromStdString(s.imageFile));
    // A blind reader sees the image only.
    const QString maskPath = blind_ ? QString() : QDir(folder_).filePath(QString::fromStdString(s.maskFile));
    auto* watcher = new QFutureWatcher<QImage>(this);
    const QString folder = folder_;
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, key, id, folder] {
        const QImage thumb = watcher->result();
        watcher->deleteLater();
        if (thumb.isNull() || folder != folder_) return;
        thumbnails_.insert(key, thumb);
        for (int i = 0; i < list_->topLevelItemCount(); ++i) {
            QTreeWidgetItem* it = list_->topLevelItem(i);
            if (it->data(ColId, kIdRole).toString() == id) it->setIcon(ColId, QIcon(QPixmap::fromImage(thumb)));
        }
    });
    watcher->setFuture(QtConcurrent::run([imagePath, maskPath] { return makeThumbnail(imagePath, maskPath, kThumb); }));
}

}  // namespace mr::widgets
