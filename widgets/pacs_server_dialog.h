#pragma once
// A remembered PACS (DICOMweb) server and the dialog that edits one. Settings keep the address,
// the kind of authentication, the user name and where the password comes from, never the
// password: "ask" (asked once per session, kept in memory), "env:NAME" or "file:PATH".
#include <QDialog>
#include <QList>
#include <QString>

#include "widgets/form_footer.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSettings;

namespace mr::widgets {

struct PacsServerEntry {
    QString name;                                  // shown in the server list
    QString url;                                   // the DICOMweb root
    QString auth = QStringLiteral("none");         // "none", "basic", "bearer"
    QString user;                                  // basic
    QString secretSource = QStringLiteral("ask");  // "ask", "env:NAME", "file:PATH"
    QString caFile;                                // PEM bundle to trust (empty: the system's)
    bool verifyTls = true;

    bool operator==(const PacsServerEntry& o) const;
    // QSettings array "pacs/servers"; entries without a URL are dropped.
    static QList<PacsServerEntry> loadAll(QSettings& settings);
    static void saveAll(QSettings& settings, const QList<PacsServerEntry>& servers);
};

class PacsServerDialog : public QDialog {
    Q_OBJECT
public:
    explicit PacsServerDialog(const PacsServerEntry& entry, QWidget* parent = nullptr);
    PacsServerEntry entry() const;

private:
    void refresh();

    QLineEdit* name_ = nullptr;
    QLineEdit* url_ = nullptr;
    QComboBox* auth_ = nullptr;
    QLineEdit* user_ = nullptr;
    QComboBox* secretKind_ = nullptr;
    QLineEdit* secretWhere_ = nullptr;
    QLineEdit* caFile_ = nullptr;
    QCheckBox* verifyTls_ = nullptr;
    FormFooter footer_;
};

}  // namespace mr::widgets
