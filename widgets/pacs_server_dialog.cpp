#include "widgets/pacs_server_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace mr::widgets {

bool PacsServerEntry::operator==(const PacsServerEntry& o) const {
    return name == o.name && url == o.url && auth == o.auth && user == o.user && secretSource == o.secretSource &&
           caFile == o.caFile && verifyTls == o.verifyTls;
}

QList<PacsServerEntry> PacsServerEntry::loadAll(QSettings& s) {
    QList<PacsServerEntry> out;
    const int n = s.beginReadArray("pacs/servers");
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        PacsServerEntry e;
        e.name = s.value("name").toString();
        e.url = s.value("url").toString();
        e.auth = s.value("auth", "none").toString();
        e.user = s.value("user").toString();
        e.secretSource = s.value("secretSource", "ask").toString();
        e.caFile = s.value("caFile").toString();
        e.verifyTls = s.value("verifyTls", true).toBool();
        if (e.auth != "basic" && e.auth != "bearer") e.auth = "none";
        if (!e.url.isEmpty()) out << e;
    }
    s.endArray();
    return out;
}

void PacsServerEntry::saveAll(QSettings& s, const QList<PacsServerEntry>& servers) {
    s.remove("pacs/servers");
    s.beginWriteArray("pacs/servers", int(servers.size()));
    for (int i = 0; i < servers.size(); ++i) {
        s.setArrayIndex(i);
        const PacsServerEntry& e = servers[i];
        s.setValue("name", e.name);
        s.setValue("url", e.url);
        s.setValue("auth", e.auth);
        s.setValue("user", e.user);
        s.setValue("secretSource", e.secretSource);  // where the password comes from, not the password
        s.setValue("caFile", e.caFile);
        s.setValue("verifyTls", e.verifyTls);
    }
    s.endArray();
}

PacsServerDialog::PacsServerDialog(const PacsServerEntry& e, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("PACS Server"));
    auto* form = new QFormLayout(this);
    name_ = new QLineEdit(e.name, this);
    name_->setObjectName("serverName");
    url_ = new QLineEdit(e.url, this);
    url_->setObjectName("serverUrl");
    url_->setPlaceholderText("https://pacs.example.org/dicom-web");
    auth_ = new QComboBox(this);
    auth_->setObjectName("serverAuth");
    auth_->addItem(tr("None"), "none");
    auth_->addItem(tr("User name and password"), "basic");
    auth_->addItem(tr("Bearer token"), "bearer");
    auth_->setCurrentIndex(std::max(0, auth_->findData(e.auth)));
    user_ = new QLineEdit(e.user, this);
    user_->setObjectName("serverUser");
    secretKind_ = new QComboBox(this);
    secretKind_->setObjectName("secretKind");
    secretKind_->addItem(tr("Ask once per session"), "ask");
    secretKind_->addItem(tr("From an environment variable"), "env");
    secretKind_->addItem(tr("From a file"), "file");
    const int colon = e.secretSource.indexOf(':');
    const QString kind = colon > 0 ? e.secretSource.left(colon) : QStringLiteral("ask");
    secretKind_->setCurrentIndex(std::max(0, secretKind_->findData(kind)));
    secretWhere_ = new QLineEdit(colon > 0 ? e.secretSource.mid(colon + 1) : QString(), this);
    secretWhere_->setObjectName("secretWhere");
    caFile_ = new QLineEdit(e.caFile, this);
    caFile_->setPlaceholderText(tr("the system's certificates"));
    verifyTls_ = new QCheckBox(tr("Verify the server's certificate"), this);
    verifyTls_->setChecked(e.verifyTls);
    form->addRow(tr("Name"), name_);
    form->addRow(tr("DICOMweb address"), url_);
    form->addRow(tr("Authentication"), auth_);
    form->addRow(tr("User"), user_);
    form->addRow(tr("Password or token"), secretKind_);
    form->addRow(tr("Variable or file"), secretWhere_);
    form->addRow(tr("Trusted certificates (PEM)"), caFile_);
    form->addRow(QString(), verifyTls_);
    footer_ = FormFooter(this, form, QStringLiteral("serverProblem"));
    for (QLineEdit* l : {url_, secretWhere_}) connect(l, &QLineEdit::textChanged, this, &PacsServerDialog::refresh);
    for (QComboBox* c : {auth_, secretKind_})
        connect(c, &QComboBox::currentIndexChanged, this, &PacsServerDialog::refresh);
    refresh();
}

void PacsServerDialog::refresh() {
    const bool auth = auth_->currentData().toString() != "none";
    user_->setEnabled(auth_->currentData().toString() == "basic");
    secretKind_->setEnabled(auth);
    const bool where = auth && secretKind_->currentData().toString() != "ask";
    secretWhere_->setEnabled(where);
    secretWhere_->setPlaceholderText(secretKind_->currentData().toString() == "env" ? "PACS_PASSWORD"
                                                                                    : tr("a file only you can read"));
    QString problem;
    const QString url = url_->text().trimmed();
    if (!url.startsWith("http://") && !url.startsWith("https://"))
        problem = tr("The address starts with http:// or https://");
    else if (where && secretWhere_->text().trimmed().isEmpty()) problem = tr("Name the variable or the file");
    footer_.showProblem(problem);
}

PacsServerEntry PacsServerDialog::entry() const {
    PacsServerEntry e;
    e.url = url_->text().trimmed();
    e.name = name_->text().trimmed().isEmpty() ? e.url : name_->text().trimmed();
    e.auth = auth_->currentData().toString();
    e.user = e.auth == "basic" ? user_->text().trimmed() : QString();
    const QString kind = secretKind_->currentData().toString();
    e.secretSource = kind == "ask" ? QStringLiteral("ask") : kind + ":" + secretWhere_->text().trimmed();
    e.caFile = caFile_->text().trimmed();
    e.verifyTls = verifyTls_->isChecked();
    return e;
}

}  // namespace mr::widgets
