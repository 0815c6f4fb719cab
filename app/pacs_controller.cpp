#include "app/pacs_controller.h"

#include <QDir>
#include <QInputDialog>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>

#include "app/background_task.h"
#include "engine/pacs/credentials.h"
#include "engine/pacs/series_choice.h"
#include "widgets/pacs_browser_dialog.h"

namespace mr::app {

PacsController::PacsController(QWidget* window, BackgroundTask* loader, QObject* parent)
    : QObject(parent), window_(window), loader_(loader), searches_(new BackgroundTask(this)) {
    connect(searches_, &BackgroundTask::failed, this, [this](const QString&, const QString& reason) {
        forgetRefusedSecret(reason);
        if (browser_) browser_->showProblem(reason);
        else Q_EMIT message(reason);
    });
    connect(loader_, &BackgroundTask::failed, this,
            [this](const QString&, const QString& reason) { forgetRefusedSecret(reason); });
    connect(searches_, &BackgroundTask::started, this, [this](const QString& what) {
        if (browser_) browser_->setBusy(true, what);
    });
    connect(searches_, &BackgroundTask::finished, this, [this] {
        if (browser_) browser_->setBusy(false);
    });
}

PacsController::~PacsController() { searches_->wait(); }

QList<mr::widgets::PacsServerEntry> PacsController::servers() const {
    QSettings s;
    return mr::widgets::PacsServerEntry::loadAll(s);
}

std::optional<mr::pacs::ServerConfig> PacsController::configFor(int server) {
    const auto list = servers();
    if (server < 0 || server >= list.size()) return std::nullopt;
    const mr::widgets::PacsServerEntry& e = list[server];
    mr::pacs::ServerConfig c;
    c.url = e.url.toStdString();
    c.tls.verifyPeer = e.verifyTls;
    c.tls.caFile = e.caFile.toStdString();
    if (e.auth == "none") return c;
    c.auth.kind = e.auth == "bearer" ? mr::pacs::HttpAuth::Kind::Bearer : mr::pacs::HttpAuth::Kind::Basic;
    c.auth.user = e.user.toStdString();
    if (e.secretSource != "ask") {
        c.auth.secret = mr::pacs::readSecret(e.secretSource.toStdString());
        return c;
    }
    if (!sessionSecrets_.contains(e.url)) {
        bool ok = false;
        const QString secret = QInputDialog::getText(
            window_, tr("PACS Password"),
            e.auth == "bearer" ? tr("Token for %1:").arg(e.name) : tr("Password of %1 on %2:").arg(e.user, e.name),
            QLineEdit::Password, QString(), &ok);
        if (!ok) return std::nullopt;
        sessionSecrets_[e.url] = secret;  // this session only, in memory
    }
    c.auth.secret = sessionSecrets_[e.url].toStdString();
    return c;
}

void PacsController::forgetRefusedSecret(const QString& reason) {
    // A password asked this session and refused by the server is asked again next time.
    if (!reason.contains("(HTTP 401")) return;
    for (auto it = sessionSecrets_.begin(); it != sessionSecrets_.end();) {
        QString url = it.key();
        while (url.endsWith('/')) url.chop(1);  // messages name the root without its trailing '/'
        it = reason.contains("PACS " + url + ":") ? sessionSecrets_.erase(it) : std::next(it);
    }
}

std::shared_ptr<mr::pacs::SeriesCache> PacsController::cache() {
    if (!cache_) {
        QSettings s;
        const qint64 mib = std::max<qint64>(64, s.value("pacs/cacheMiB", 4096).toLongLong());
        const QString root = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/pacs";
        cache_ = std::make_shared<mr::pacs::SeriesCache>(root.toStdString(), uint64_t(mib) << 20);
    }
    return cache_;
}

std::optional<mr::pacs::ServerConfig> PacsController::configOrProblem(int server) {
    try {
        auto c = configFor(server);
        if (!c && browser_) browser_->showProblem(tr("No password given."));
        return c;
    } catch (const mr::Error& e) {
        if (browser_) browser_->showProblem(QString::fromStdString(e.what()));
        else Q_EMIT message(QString::fromStdString(e.what()));
        return std::nullopt;
    }
}

void PacsController::showBrowser() {
    if (browser_) {
        browser_->raise();
        return;
    }
    // Window-modal and not blocking: searches answer while it is open.
    auto* dialog = new mr::widgets::PacsBrowserDialog(servers(), window_);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    browser_ = dialog;
    connect(dialog, &mr::widgets::PacsBrowserDialog::serversChanged, this,
            [](const QList<mr::widgets::PacsServerEntry>& list) {
                QSettings s;
                mr::widgets::PacsServerEntry::saveAll(s, list);
            });
    connect(dialog, &mr::widgets::PacsBrowserDialog::searchRequested, this, &PacsController::search);
    connect(dialog, &mr::widgets::PacsBrowserDialog::seriesRequested, this, &PacsController::listSeries);
    connect(dialog, &mr::widgets::PacsBrowserDialog::openRequested, this,
            [this, dialog](int server, const QString& study, const QString& series) {
                const auto config = configOrProblem(server);
                if (!config) return;
                dialog->accept();
                retrieve(*config, study, series);
            });
    connect(dialog, &mr::widgets::PacsBrowserDialog::worklistRequested, this,
            [this, dialog](int server, const std::vector<mr::pacs::StudyResult>& studies) {
                const QList<mr::widgets::PacsServerEntry> list = servers();
                if (server < 0 || server >= list.size()) return;
                const mr::widgets::PacsQuery q = dialog->query();
                const QString query =
                    QStringList{q.patientName, q.patientId, q.modality, q.accession, q.dateRange}.join('\n');
                dialog->accept();
                Q_EMIT worklistRequested(list[server].url, studies, query);
            });
    connect(dialog, &QDialog::finished, searches_, &BackgroundTask::cancel);
    dialog->open();
}

void PacsController::search(int server, const mr::widgets::PacsQuery& q) {
    const auto config = configOrProblem(server);
    if (!config) return;
    mr::pacs::StudyQuery query;
    query.patientName = q.patientName.toStdString();
    query.patientId = q.patientId.toStdString();
    query.modality = q.modality.toStdString();
    query.accessionNumber = q.accession.toStdString();
    query.studyDate = q.dateRange.toStdString();
    searches_->run<std::vector<mr::pacs::StudyResult>>(
        tr("Searching…"),
        [c = *config, query](const mr::CancelToken& cancel, const mr::ProgressFn&) {
            return mr::pacs::DicomWebClient(c).findStudies(query, cancel);
        },
        [this](std::vector<mr::pacs::StudyResult> studies) {
            if (browser_) browser_->showStudies(studies);
        });
}

void PacsController::listSeries(int server, const QString& studyUid) {
    const auto config = configOrProblem(server);
    if (!config) return;
    searches_->run<std::vector<mr::pacs::SeriesResult>>(
        tr("Listing the series…"),
        [c = *config, study = studyUid.toStdString()](const mr::CancelToken& cancel, const mr::ProgressFn&) {
            return mr::pacs::DicomWebClient(c).findSeries(study, {}, cancel);
        },
        [this, studyUid](std::vector<mr::pacs::SeriesResult> series) {
            if (browser_) browser_->showSeries(studyUid, series);
        });
}

void PacsController::openStudy(const QString& serverUrl, const QString& studyUid) {
    const QList<mr::widgets::PacsServerEntry> list = servers();
    for (int i = 0; i < list.size(); ++i) {
        if (list[i].url != serverUrl) continue;
        if (const auto config = configOrProblem(i)) retrieve(*config, studyUid, {});
        return;
    }
    Q_EMIT message(
        tr("The PACS %1 is no longer among the servers: add it again in File → Open from PACS.").arg(serverUrl));
}

void PacsController::retrieve(const mr::pacs::ServerConfig& config, const QString& studyUid, const QString& seriesUid) {
    std::shared_ptr<mr::pacs::SeriesCache> store;
    try {
        store = cache();
    } catch (const mr::Error& e) {
        Q_EMIT message(QString::fromStdString(e.what()));
        return;
    }
    loader_->run<std::string>(
        tr("Retrieving the series from the PACS"),
        [c = config, store, study = studyUid.toStdString(), chosen = seriesUid.toStdString()](
            const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
            mr::pacs::DicomWebClient client(c);
            std::string series = chosen;
            if (series.empty()) {  // the study's image series with the most images
                const auto list = client.findSeries(study, {}, cancel);
                const mr::pacs::SeriesResult* best = mr::pacs::seriesToRead(list);
                if (!best) throw mr::Error("the study " + study + " holds no image series");
                series = best->seriesInstanceUid;
            }
            return client.retrieveSeries(study, series, *store, cancel, progress);
        },
        [this](std::string folder) { Q_EMIT seriesRetrieved(QString::fromStdString(folder)); });
}

}  // namespace mr::app
