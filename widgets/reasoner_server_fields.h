#pragma once
// The fields of a reasoner server in Engine Settings: its URL, the served model's name, where the
// API key is read from (never the key itself) and the timeouts. Edits the engine's
// RemoteReasonerSettings; rows go into the dialog's form so they line up with the others.
#include <QList>
#include <QObject>

#include "engine/serve/remote_settings.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QWidget;

namespace mr::widgets {

class ReasonerServerFields : public QObject {
    Q_OBJECT
public:
    // Adds the rows to `form` (their widgets parented to `parent`).
    ReasonerServerFields(QFormLayout* form, QWidget* parent);

    void setSettings(const mr::serve::RemoteReasonerSettings& settings);
    // The fields' values on top of `base` (so values without a field are kept).
    mr::serve::RemoteReasonerSettings settings(mr::serve::RemoteReasonerSettings base) const;
    bool empty() const;  // neither URL nor model typed yet
    const QList<QWidget*>& rows() const { return rows_; }

Q_SIGNALS:
    void edited();

private:
    void updateKeyField();

    QLineEdit* url_ = nullptr;
    QLineEdit* model_ = nullptr;
    QComboBox* keyKind_ = nullptr;  // none, environment variable, file
    QLineEdit* key_ = nullptr;
    QDoubleSpinBox* connectTimeout_ = nullptr;
    QDoubleSpinBox* idleTimeout_ = nullptr;
    QList<QWidget*> rows_;
};

}  // namespace mr::widgets
