#include "widgets/pacs_browser_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "engine/pacs/series_choice.h"

namespace mr::widgets {

namespace {

QString text(const std::string& s) { return QString::fromStdString(s); }

// "20260101" as the user's short date; anything else as it is.
QString dicomDate(const std::string& d) {
    const QDate date = QDate::fromString(QString::fromStdString(d), "yyyyMMdd");
    return date.isValid() ? date.toString(Qt::ISODate) : QString::fromStdString(d);
}

// "DOE^JANE" as "DOE, JANE".
QString personName(const std::string& pn) {
    QStringList parts = QString::fromStdString(pn).split('^');
    while (!parts.isEmpty() && parts.last().isEmpty()) parts.removeLast();
    return parts.join(", ");
}

QTableWidget* makeTable(const QStringList& headers, QWidget* parent) {
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void setRow(QTableWidget* t, int row, const QStringList& cells) {
    for (int c = 0; c < cells.size(); ++c) t->setItem(row, c, new QTableWidgetItem(cells[c]));
}

}  // namespace

PacsBrowserDialog::PacsBrowserDialog(const QList<PacsServerEntry>& servers, QWidget* parent)
    : QDialog(parent), servers_(servers) {
    setWindowTitle(tr("PACS"));
    auto* layout = new QVBoxLayout(this);
    buildServerRow(layout);
    buildSearchRow(layout);
    auto* split = new QSplitter(Qt::Vertical, this);
    studies_ = makeTable(
        {tr("Patient"), tr("Patient ID"), tr("Date"), tr("Modalities"), tr("Series"), tr("Description")}, split);
    studies_->setObjectName("studiesTable");
    series_ = makeTable({tr("Modality"), tr("Number"), tr("Images"), tr("Description")}, split);
    series_->setObjectName("seriesTable");
    layout->addWidget(split, 1);
    status_ = new QLabel(this);
    status_->setObjectName("pacsStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The studies found, as a queue to read one after the other.
    worklist_ = new QPushButton(tr("Open Studies as &Worklist"), this);
    worklist_->setObjectName("openAsWorklist");
    worklist_->setToolTip(
        tr("Read the studies found one after the other in the Worklist dock (N / Shift+N); "
           "each opens at its image series with the most images"));
    worklist_->setEnabled(false);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(status_, 1);
    bottom->addWidget(worklist_);
    layout->addLayout(bottom);
    connect(worklist_, &QPushButton::clicked, this, [this] { Q_EMIT worklistRequested(currentServer(), studyRows_); });
    connect(studies_, &QTableWidget::cellClicked, this, [this](int row, int) { studyActivated(row, false); });
    connect(studies_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { studyActivated(row, true); });
    connect(series_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (row < 0 || size_t(row) >= seriesRows_.size()) return;
        Q_EMIT openRequested(currentServer(), seriesStudy_, text(seriesRows_[size_t(row)].seriesInstanceUid));
    });
    resize(860, 600);
    refreshServers(servers_.isEmpty() ? -1 : 0);
}

void PacsBrowserDialog::buildServerRow(QVBoxLayout* layout) {
    auto* row = new QHBoxLayout;
    server_ = new QComboBox(this);
    server_->setObjectName("serverCombo");
    auto* add = new QPushButton(tr("Add…"), this);
    add->setObjectName("addServer");
    editServer_ = new QPushButton(tr("Edit…"), this);
    removeServer_ = new QPushButton(tr("Remove"), this);
    row->addWidget(new QLabel(tr("Server"), this));
    row->addWidget(server_, 1);
    row->addWidget(add);
    row->addWidget(editServer_);
    row->addWidget(removeServer_);
    layout->addLayout(row);
    connect(add, &QPushButton::clicked, this, [this] { editServer(-1); });
    connect(editServer_, &QPushButton::clicked, this, [this] { editServer(currentServer()); });
    connect(removeServer_, &QPushButton::clicked, this, [this] {
        const int i = currentServer();
        if (i < 0) return;
        servers_.removeAt(i);
        refreshServers(servers_.isEmpty() ? -1 : 0);
        Q_EMIT serversChanged(servers_);
    });
}

void PacsBrowserDialog::buildSearchRow(QVBoxLayout* layout) {
    auto* grid = new QGridLayout;
    patientName_ = new QLineEdit(this);
    patientName_->setObjectName("patientName");
    patientName_->setPlaceholderText(tr("DOE^JANE, or DOE*"));
    patientId_ = new QLineEdit(this);
    patientId_->setObjectName("patientId");
    accession_ = new QLineEdit(this);
    accession_->setObjectName("accession");
    modality_ = new QComboBox(this);
    modality_->setObjectName("modality");
    modality_->addItem(tr("Any"), QString());
    for (const char* m : {"CT", "MR", "PT", "US", "CR", "DX", "MG", "XA", "NM", "OT", "SM", "SEG"})
        modality_->addItem(QString::fromLatin1(m), QString::fromLatin1(m));
    useDates_ = new QCheckBox(tr("Study date"), this);
    from_ = new QDateEdit(QDate::currentDate().addYears(-1), this);
    to_ = new QDateEdit(QDate::currentDate(), this);
    for (QDateEdit* d : {from_, to_}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat("yyyy-MM-dd");
        d->setEnabled(false);
    }
    connect(useDates_, &QCheckBox::toggled, from_, &QWidget::setEnabled);
    connect(useDates_, &QCheckBox::toggled, to_, &QWidget::setEnabled);
    search_ = new QPushButton(tr("Search"), this);
    search_->setObjectName("searchButton");
    search_->setDefault(true);
    grid->addWidget(new QLabel(tr("Patient name"), this), 0, 0);
    grid->addWidget(patientName_, 0, 1);
    grid->addWidget(new QLabel(tr("Patient ID"), this), 0, 2);
    grid->addWidget(patientId_, 0, 3);
    grid->addWidget(new QLabel(tr("Accession"), this), 0, 4);
    grid->addWidget(accession_, 0, 5);
    grid->addWidget(new QLabel(tr("Modality"), this), 1, 0);
    grid->addWidget(modality_, 1, 1);
    grid->addWidget(useDates_, 1, 2);
    auto* dates = new QHBoxLayout;
    dates->addWidget(from_);
    dates->addWidget(new QLabel(QStringLiteral("–"), this));
    dates->addWidget(to_);
    grid->addLayout(dates, 1, 3, 1, 2);
    grid->addWidget(search_, 1, 5);
    layout->addLayout(grid);
    auto ask = [this] {
        if (currentServer() < 0) {
            showProblem(tr("Add a server first."));
            return;
        }
        Q_EMIT searchRequested(currentServer(), query());
    };
    connect(search_, &QPushButton::clicked, this, ask);
    for (QLineEdit* e : {patientName_, patientId_, accession_}) connect(e, &QLineEdit::returnPressed, this, ask);
}

int PacsBrowserDialog::currentServer() const { return servers_.isEmpty() ? -1 : server_->currentIndex(); }

PacsQuery PacsBrowserDialog::query() const {
    PacsQuery q;
    q.patientName = patientName_->text().trimmed();
    q.patientId = patientId_->text().trimmed();
    q.accession = accession_->text().trimmed();
    q.modality = modality_->currentData().toString();
    if (useDates_->isChecked())
        q.dateRange = from_->date().toString("yyyyMMdd") + "-" + to_->date().toString("yyyyMMdd");
    return q;
}

void PacsBrowserDialog::editServer(int index) {
    PacsServerDialog dialog(index >= 0 ? servers_[index] : PacsServerEntry{}, this);
    if (dialog.exec() != QDialog::Accepted) return;
    if (index >= 0) servers_[index] = dialog.entry();
    else servers_ << dialog.entry();
    refreshServers(index >= 0 ? index : int(servers_.size()) - 1);
    Q_EMIT serversChanged(servers_);
}

void PacsBrowserDialog::refreshServers(int select) {
    server_->clear();
    for (const auto& s : servers_) server_->addItem(s.name.isEmpty() ? s.url : s.name);
    if (select >= 0) server_->setCurrentIndex(select);
    editServer_->setEnabled(!servers_.isEmpty());
    removeServer_->setEnabled(!servers_.isEmpty());
    search_->setEnabled(!servers_.isEmpty());
    if (servers_.isEmpty()) status_->setText(tr("No server yet: Add… one (its DICOMweb address)."));
}

void PacsBrowserDialog::studyActivated(int row, bool open) {
    if (row < 0 || size_t(row) >= studyRows_.size()) return;
    openWhenListed_ = open;
    Q_EMIT seriesRequested(currentServer(), text(studyRows_[size_t(row)].studyInstanceUid));
}

void PacsBrowserDialog::showStudies(const std::vector<mr::pacs::StudyResult>& studies) {
    studyRows_ = studies;
    seriesRows_.clear();
    series_->setRowCount(0);
    studies_->setRowCount(int(studies.size()));
    for (size_t i = 0; i < studies.size(); ++i) {
        const auto& s = studies[i];
        setRow(studies_, int(i),
               {personName(s.patientName), text(s.patientId), dicomDate(s.studyDate),
                text(s.modalities).replace('\\', ", "), QString::number(s.seriesCount), text(s.description)});
    }
    studies_->resizeColumnsToContents();
    status_->setText(tr("%n stud(ies) found.", nullptr, int(studies.size())));
    worklist_->setEnabled(!studies.empty());
}

void PacsBrowserDialog::showSeries(const QString& studyUid, const std::vector<mr::pacs::SeriesResult>& series) {
    seriesStudy_ = studyUid;
    seriesRows_ = series;
    series_->setRowCount(int(series.size()));
    for (size_t i = 0; i < series.size(); ++i) {
        const auto& s = series[i];
        setRow(
            series_, int(i),
            {text(s.modality), QString::number(s.seriesNumber), QString::number(s.instanceCount), text(s.description)});
    }
    series_->resizeColumnsToContents();
    status_->setText(tr("%n series. Double-click one to open it.", nullptr, int(series.size())));
    // A double-clicked study opens at once when it has exactly one image series.
    if (openWhenListed_) {
        openWhenListed_ = false;
        std::vector<const mr::pacs::SeriesResult*> images;
        for (const auto& s : series)
            if (mr::pacs::isImageModality(s.modality)) images.push_back(&s);
        if (images.size() == 1) Q_EMIT openRequested(currentServer(), studyUid, text(images[0]->seriesInstanceUid));
    }
}

void PacsBrowserDialog::showProblem(const QString& problem) {
    status_->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(problem.toHtmlEscaped()));
}

void PacsBrowserDialog::setBusy(bool busy, const QString& what) {
    search_->setEnabled(!busy && !servers_.isEmpty());
    if (busy) status_->setText(what);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

}  // namespace mr::widgets
