#pragma once
// The app's side of the PACS: remembered servers (QSettings, without passwords), passwords asked
// once per session and kept in memory (or read from the environment variable or file a server
// names), the PACS browser's searches on a task of their own (a search never cancels a load),
// and retrieval into the disk cache on the window's task, with progress and cancel in the
// status bar; a retrieved series is then opened like a folder.
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

#include "engine/pacs/dicomweb_client.h"
#include "widgets/pacs_browser_dialog.h"

class QWidget;

namespace mr::app {

class BackgroundTask;

class PacsController : public QObject {
    Q_OBJECT
public:
    // window: parent of dialogs; loader: the task whose progress the status bar shows.
    PacsController(QWidget* window, BackgroundTask* loader, QObject* parent = nullptr);
    ~PacsController() override;

    QList<mr::widgets::PacsServerEntry> servers() const;
    // The engine configuration of a server with its password or token (asked when its source is
    // "ask" and this session has none yet). nullopt when the user cancels the question; throws
    // mr::Error when the variable or file it names cannot be read.
    std::optional<mr::pacs::ServerConfig> configFor(int server);
    // The cache retrieved series go to (QStandardPaths' cache folder, "pacs/cacheMiB" MiB).
    std::shared_ptr<mr::pacs::SeriesCache> cache();
    BackgroundTask* searches() const { return searches_; }
    mr::widgets::PacsBrowserDialog* browser() const { return browser_; }  // while it is open

public Q_SLOTS:
    void showBrowser();  // File > Open from PACS… (window-modal; browser() while it is open)
    // Retrieves the study's image series with the most images from the server with this URL, then
    // seriesRetrieved (a PACS worklist's case).
    void openStudy(const QString& serverUrl, const QString& studyUid);

Q_SIGNALS:
    void seriesRetrieved(const QString& folder);
    // The browser's studies asked for as a worklist: the server's URL and the query's fields (one per line).
    void worklistRequested(const QString& serverUrl, const std::vector<mr::pacs::StudyResult>& studies,
                           const QString& query);
    void message(const QString& text);

private:
    void search(int server, const mr::widgets::PacsQuery& query);
    void listSeries(int server, const QString& studyUid);
    // An empty `seriesUid`: the study's image series with the most images.
    void retrieve(const mr::pacs::ServerConfig& config, const QString& studyUid, const QString& seriesUid);
    void forgetRefusedSecret(const QString& reason);
    // The configuration, or shows in the browser why there is none.
    std::optional<mr::pacs::ServerConfig> configOrProblem(int server);

    QWidget* window_;
    BackgroundTask* loader_;
    BackgroundTask* searches_;
    QMap<QString, QString> sessionSecrets_;  // server URL -> password or token, never written anywhere
    QPointer<mr::widgets::PacsBrowserDialog> browser_;
    std::shared_ptr<mr::pacs::SeriesCache> cache_;
};

}  // namespace mr::app
