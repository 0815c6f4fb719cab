#include "widgets/reasoner_server_fields.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace mr::widgets {

namespace {
QDoubleSpinBox* secondsSpin(QWidget* parent, const char* name, double max) {
    auto* spin = new QDoubleSpinBox(parent);
    spin->setObjectName(QLatin1String(name));
    spin->setRange(0.5, max);
    spin->setDecimals(1);
    spin->setSuffix(QStringLiteral(" s"));
    return spin;
}

// A row made of several widgets, as one widget so the row can be hidden.
QWidget* rowOf(QWidget* parent, std::initializer_list<QWidget*> widgets, bool stretch) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : widgets) layout->addWidget(w, w->objectName() == QLatin1String("apiKeyEdit") ? 1 : 0);
    if (stretch) layout->addStretch(1);
    return row;
}
}  // namespace

ReasonerServerFields::ReasonerServerFields(QFormLayout* form, QWidget* parent) : QObject(parent) {
    url_ = new QLineEdit(parent);
    url_->setObjectName("serverUrlEdit");
    url_->setClearButtonEnabled(true);
    url_->setPlaceholderText(QStringLiteral("http://gpu-server:8000/v1"));
    model_ = new QLineEdit(parent);
    model_->setObjectName("serverModelEdit");
    model_->setPlaceholderText(tr("The served model's name, e.g. MedReasoner-7B"));
    keyKind_ = new QComboBox(parent);
    keyKind_->setObjectName("apiKeyKindCombo");
    keyKind_->addItems({tr("None"), tr("Environment variable"), tr("File")});
    keyKind_->setToolTip(tr("Where the API key is read from when connecting; the key itself is never saved."));
    key_ = new QLineEdit(parent);
    key_->setObjectName("apiKeyEdit");
    connectTimeout_ = secondsSpin(parent, "connectTimeoutSpin", 600);
    idleTimeout_ = secondsSpin(parent, "idleTimeoutSpin", 3600);
    idleTimeout_->setToolTip(tr("Give up when the server sends nothing for this long."));
    QWidget* keyRow = rowOf(parent, {keyKind_, key_}, false);
    QWidget* timeRow =
        rowOf(parent,
              {new QLabel(tr("connect"), parent), connectTimeout_, new QLabel(tr("idle"), parent), idleTimeout_}, true);
    form->addRow(tr("URL:"), url_);
    form->addRow(tr("Model:"), model_);
    form->addRow(tr("API key:"), keyRow);
    form->addRow(tr("Timeouts:"), timeRow);
    rows_ = {url_, model_, keyRow, timeRow};
    for (QLineEdit* edit : {url_, model_, key_})
        connect(edit, &QLineEdit::textChanged, this, &ReasonerServerFields::edited);
    connect(keyKind_, &QComboBox::currentIndexChanged, this, [this] {
        updateKeyField();
        Q_EMIT edited();
    });
    updateKeyField();
}

void ReasonerServerFields::setSettings(const mr::serve::RemoteReasonerSettings& s) {
    url_->setText(QString::fromStdString(s.baseUrl));
    model_->setText(QString::fromStdString(s.model));
    keyKind_->setCurrentIndex(!s.apiKeyEnv.empty() ? 1 : !s.apiKeyFile.empty() ? 2 : 0);
    key_->setText(QString::fromStdString(!s.apiKeyEnv.empty() ? s.apiKeyEnv : s.apiKeyFile));
    connectTimeout_->setValue(s.connectTimeoutSeconds);
    idleTimeout_->setValue(s.idleTimeoutSeconds);
    updateKeyField();
}

mr::serve::RemoteReasonerSettings ReasonerServerFields::settings(mr::serve::RemoteReasonerSettings s) const {
    s.baseUrl = url_->text().trimmed().toStdString();
    s.model = model_->text().trimmed().toStdString();
    const std::string key = key_->text().trimmed().toStdString();
    s.apiKeyEnv = keyKind_->currentIndex() == 1 ? key : std::string();
    s.apiKeyFile = keyKind_->currentIndex() == 2 ? key : std::string();
    s.connectTimeoutSeconds = connectTimeout_->value();
    s.idleTimeoutSeconds = idleTimeout_->value();
    return s;
}

bool ReasonerServerFields::empty() const {
    return url_->text().trimmed().isEmpty() && model_->text().trimmed().isEmpty();
}

void ReasonerServerFields::updateKeyField() {
    const int kind = keyKind_->currentIndex();
    key_->setEnabled(kind != 0);
    key_->setPlaceholderText(kind == 1   ? tr("Variable name, e.g. MEDREASONER_API_KEY")
                             : kind == 2 ? tr("File whose first line is the key")
                                         : QString());
}

}  // namespace mr::widgets
