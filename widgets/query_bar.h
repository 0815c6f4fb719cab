#pragma once
// The "ask the image" bar: one line for the question with a remembered history (Up/Down recall,
// Enter asks, Esc cancels while busy), an Ask button that turns into Stop while a run is going,
// and a plain notice with a way to the engine settings when no reasoner model is configured.
// Knows nothing of the engine: the app connects the signals to its grounding controller.
#include <QStringList>
#include <QWidget>

class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QToolButton;
class QFrame;

namespace mr::widgets {

class QueryBar : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxHistory = 50;
    static constexpr const char* kHistoryKey = "queryHistory";

    // Loads the history from QSettings() (the application's organisation/name).
    explicit QueryBar(QWidget* parent = nullptr);

    QString text() const;  // what is typed now, untrimmed
    bool isBusy() const { return busy_; }
    bool isReasonerReady() const { return ready_; }
    bool canAsk() const;                              // ready, not busy and something to ask
    QStringList history() const { return history_; }  // most recent first, no duplicates, <= 50

    // Reads and writes the history in this INI file instead of QSettings() (tests, portable
    // setups). Reloads the history from it.
    void setSettingsFile(const QString& iniPath);

public Q_SLOTS:
    void setText(const QString& text);
    void setBusy(bool busy);
    // reasonWhenNot: one short sentence shown after the notice (e.g. "No reasoner folder is set.").
    void setAvailability(bool reasonerReady, const QString& reasonWhenNot = QString());
    void clearHistory();
    void focusQuestion();
    // As if the user pressed Enter / the Ask button: emits askRequested when allowed.
    void ask();

Q_SIGNALS:
    void askRequested(const QString& question);  // trimmed, never empty
    void cancelRequested();
    void settingsRequested();
    // Why Enter did not ask (nothing typed, no reasoner), in one sentence for the status bar.
    void hint(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QLayout* buildQuestionRow();
    QWidget* buildNotice();
    void connectControls();
    void addToHistory(const QString& question);
    void loadHistory();
    void saveHistory() const;
    void recall(int step);  // +1: older (Up), -1: newer (Down)
    void updateState();
    void retranslate();
    void populateHistoryMenu();

    QLineEdit* edit_ = nullptr;
    QToolButton* historyButton_ = nullptr;
    QPushButton* askButton_ = nullptr;
    QFrame* notice_ = nullptr;
    QLabel* noticeIcon_ = nullptr;
    QLabel* noticeText_ = nullptr;
    QPushButton* settingsButton_ = nullptr;

    QStringList history_;
    int historyIndex_ = -1;  // -1: the draft being typed; else an index into history_
    QString draft_;
    QString settingsFile_;
    QString reasonWhenNot_;
    bool busy_ = false;
    bool ready_ = true;
};

}  // namespace mr::widgets
