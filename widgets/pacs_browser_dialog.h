#pragma once
// The PACS browser: pick a remembered server (add, edit, remove them here), search its studies by
// patient, date, modality and accession number, see a study's series, double-click a series (or a
// study with one image series) to open it, or open the studies found as a worklist. The dialog only asks and shows: the app runs the
// searches off the GUI thread and feeds the answers back.
#include <QDialog>
#include <QList>
#include <QString>

#include <vector>

#include "engine/pacs/dicom_json.h"
#include "widgets/pacs_server_dialog.h"

class QComboBox;
class QDateEdit;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace mr::widgets {

// What to search for; empty fields match everything.
struct PacsQuery {
    QString patientName, patientId, modality, accession;
    QString dateRange;  // "" or "YYYYMMDD-YYYYMMDD"
};

class PacsBrowserDialog : public QDialog {
    Q_OBJECT
public:
    explicit PacsBrowserDialog(const QList<PacsServerEntry>& servers, QWidget* parent = nullptr);

    QList<PacsServerEntry> servers() const { return servers_; }
    int currentServer() const;  // -1 when there is none
    PacsQuery query() const;

public Q_SLOTS:
    void showStudies(const std::vector<mr::pacs::StudyResult>& studies);
    void showSeries(const QString& studyUid, const std::vector<mr::pacs::SeriesResult>& series);
    void showProblem(const QString& text);  // shown under the tables until the next answer
    void setBusy(bool busy, const QString& what = {});

Q_SIGNALS:
    void serversChanged(const QList<PacsServerEntry>& servers);
    void searchRequested(int server, const mr::widgets::PacsQuery& query);
    void seriesRequested(int server, const QString& studyUid);
    void openRequested(int server, const QString& studyUid, const QString& seriesUid);
    void worklistRequested(int server, const std::vector<mr::pacs::StudyResult>& studies);

private:
    void buildServerRow(QVBoxLayout* layout);
    void buildSearchRow(QVBoxLayout* layout);
    void editServer(int index);  // -1: a new one
    void refreshServers(int select);
    void studyActivated(int row, bool open);

    QList<PacsServerEntry> servers_;
    QComboBox* server_ = nullptr;
    QPushButton* editServer_ = nullptr;
    QPushButton* removeServer_ = nullptr;
    QLineEdit* patientName_ = nullptr;
    QLineEdit* patientId_ = nullptr;
    QLineEdit* accession_ = nullptr;
    QComboBox* modality_ = nullptr;
    QCheckBox* useDates_ = nullptr;
    QDateEdit* from_ = nullptr;
    QDateEdit* to_ = nullptr;
    QPushButton* search_ = nullptr;
    QTableWidget* studies_ = nullptr;
    QTableWidget* series_ = nullptr;
    QLabel* status_ = nullptr;
    std::vector<mr::pacs::StudyResult> studyRows_;
    std::vector<mr::pacs::SeriesResult> seriesRows_;
    QPushButton* worklist_ = nullptr;
    QString seriesStudy_;          // the study whose series are listed
    bool openWhenListed_ = false;  // a double-clicked study opens its one image series
};

}  // namespace mr::widgets
