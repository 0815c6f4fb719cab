#pragma once
// The Worklist dock: the cases of the open worklist with each one's status, "Case n of N", and
// Previous / Next. It draws plain data and emits what the reader asks for; the app's
// WorklistController opens the cases and keeps the progress.
#include <QString>
#include <QWidget>

#include <vector>

#include "engine/session/worklist_progress.h"

class QLabel;
class QListWidget;
class QPushButton;

namespace mr::widgets {

struct WorklistRow {
    QString title;
    QString question;  // the tooltip; empty for studies
    mr::session::CaseStatus status = mr::session::CaseStatus::New;
};

class WorklistPanel : public QWidget {
    Q_OBJECT
public:
    explicit WorklistPanel(QWidget* parent = nullptr);

    // `origin`: shown above the list; rows in the worklist's order.
    void setWorklist(const QString& origin, const std::vector<WorklistRow>& rows);
    void setStatus(int index, mr::session::CaseStatus status);
    void setCurrent(int index);  // the case open now (-1: none)
    int current() const { return current_; }
    int count() const;
    QListWidget* list() const { return list_; }
    QString positionText() const;  // "Case 3 of 40 · 2 saved"
    // The tooltips name the keys of the window's actions.
    void setKeyNames(const QString& previous, const QString& next);

    static QString statusText(mr::session::CaseStatus status);  // translated, e.g. "saved"

Q_SIGNALS:
    void caseRequested(int index);  // a row activated (double-click or Enter)
    void previousRequested();
    void nextRequested();

private:
    void refreshRow(int index);
    void refreshPosition();

    QLabel* origin_ = nullptr;
    QLabel* position_ = nullptr;
    QListWidget* list_ = nullptr;
    QPushButton* previous_ = nullptr;
    QPushButton* next_ = nullptr;
    std::vector<WorklistRow> rows_;
    int current_ = -1;
};

}  // namespace mr::widgets
