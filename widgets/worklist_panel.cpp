#include "widgets/worklist_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace mr::widgets {

using mr::session::CaseStatus;

namespace {
// One glyph per status, so the list reads at a glance without colour.
QString glyphOf(CaseStatus status) {
    switch (status) {
        case CaseStatus::New: return QStringLiteral("○");
        case CaseStatus::Opened: return QStringLiteral("◐");
        case CaseStatus::Saved: return QStringLiteral("●");
        case CaseStatus::Skipped: return QStringLiteral("–");
    }
    return {};
}
}  // namespace

WorklistPanel::WorklistPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    origin_ = new QLabel(this);
    origin_->setObjectName("worklistOrigin");
    origin_->setWordWrap(true);
    origin_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    position_ = new QLabel(this);
    position_->setObjectName("worklistPosition");
    QFont bold = position_->font();
    bold.setBold(true);
    position_->setFont(bold);
    list_ = new QListWidget(this);
    list_->setObjectName("worklistCases");
    list_->setUniformItemSizes(true);
    previous_ = new QPushButton(tr("◀ Previous"), this);
    previous_->setObjectName("worklistPrevious");
    next_ = new QPushButton(tr("Next ▶"), this);
    next_->setObjectName("worklistNext");
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(previous_);
    buttons->addWidget(next_);
    layout->addWidget(origin_);
    layout->addWidget(position_);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);
    connect(list_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT caseRequested(list_->row(item)); });
    connect(previous_, &QPushButton::clicked, this, &WorklistPanel::previousRequested);
    connect(next_, &QPushButton::clicked, this, &WorklistPanel::nextRequested);
    setWorklist({}, {});
}

void WorklistPanel::setWorklist(const QString& origin, const std::vector<WorklistRow>& rows) {
    rows_ = rows;
    current_ = -1;
    origin_->setText(origin.isEmpty() ? tr("No worklist open: File → Open Worklist") : origin);
    list_->clear();
    for (size_t i = 0; i < rows_.size(); ++i) {
        auto* item = new QListWidgetItem(list_);
        item->setToolTip(rows_[i].question);
        refreshRow(int(i));
    }
    refreshPosition();
}

void WorklistPanel::setStatus(int index, CaseStatus status) {
    if (index < 0 || index >= count()) return;
    rows_[size_t(index)].status = status;
    refreshRow(index);
    refreshPosition();
}

void WorklistPanel::setCurrent(int index) {
    const int old = current_;
    current_ = index >= 0 && index < count() ? index : -1;
    if (old >= 0) refreshRow(old);
    if (current_ >= 0) {
        refreshRow(current_);
        list_->setCurrentRow(current_);
        list_->scrollToItem(list_->item(current_));
    }
    refreshPosition();
}

int WorklistPanel::count() const { return int(rows_.size()); }

QString WorklistPanel::positionText() const {
    if (rows_.empty()) return {};
    int saved = 0;
    for (const WorklistRow& r : rows_) saved += r.status == CaseStatus::Saved;
    const QString where = current_ >= 0  ? tr("Case %1 of %2").arg(current_ + 1).arg(count())
                          : count() == 1 ? tr("1 case")
                                         : tr("%1 cases").arg(count());
    return tr("%1 · %2 saved").arg(where).arg(saved);
}

void WorklistPanel::setKeyNames(const QString& previous, const QString& next) {
    previous_->setToolTip(tr("Open the previous case (%1)").arg(previous));
    next_->setToolTip(tr("Open the next case (%1)").arg(next));
}

QString WorklistPanel::statusText(CaseStatus status) {
    switch (status) {
        case CaseStatus::New: return tr("new");
        case CaseStatus::Opened: return tr("opened");
        case CaseStatus::Saved: return tr("saved");
        case CaseStatus::Skipped: return tr("skipped");
    }
    return {};
}

void WorklistPanel::refreshRow(int index) {
    QListWidgetItem* item = list_->item(index);
    const WorklistRow& row = rows_[size_t(index)];
    item->setText(QStringLiteral("%1  %2").arg(glyphOf(row.status), row.title));
    item->setData(Qt::AccessibleTextRole, QStringLiteral("%1, %2").arg(row.title, statusText(row.status)));
    QFont f = item->font();
    f.setBold(index == current_);
    item->setFont(f);
}

void WorklistPanel::refreshPosition() {
    position_->setText(positionText());
    previous_->setEnabled(current_ > 0);
    next_->setEnabled(count() > 0 && current_ < count() - 1);
}

}  // namespace mr::widgets
