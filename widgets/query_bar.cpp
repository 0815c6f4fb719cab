#include "widgets/query_bar.h"

#include <QAction>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <memory>

namespace mr::widgets {

namespace {

std::unique_ptr<QSettings> openSettings(const QString& iniPath) {
    if (iniPath.isEmpty()) return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(iniPath, QSettings::IniFormat);
}

}  // namespace

QueryBar::QueryBar(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(4);
    outer->addLayout(buildQuestionRow());
    outer->addWidget(buildNotice());
    connectControls();
    setFocusProxy(edit_);
    loadHistory();
    retranslate();
    updateState();
}

QLayout* QueryBar::buildQuestionRow() {
    auto* row = new QHBoxLayout;
    row->setSpacing(4);
    edit_ = new QLineEdit(this);
    edit_->setObjectName("questionEdit");
    edit_->setClearButtonEnabled(true);
    edit_->setMinimumWidth(240);
    edit_->installEventFilter(this);
    row->addWidget(edit_, 1);

    historyButton_ = new QToolButton(this);
    historyButton_->setObjectName("historyButton");
    historyButton_->setPopupMode(QToolButton::InstantPopup);
    historyButton_->setAutoRaise(true);
    historyButton_->setArrowType(Qt::DownArrow);
    historyButton_->setMenu(new QMenu(historyButton_));
    connect(historyButton_->menu(), &QMenu::aboutToShow, this, &QueryBar::populateHistoryMenu);
    row->addWidget(historyButton_);

    askButton_ = new QPushButton(this);
    askButton_->setObjectName("askButton");
    askButton_->setDefault(false);
    askButton_->setAutoDefault(false);
    askButton_->setMinimumWidth(80);
    row->addWidget(askButton_);
    return row;
}

QWidget* QueryBar::buildNotice() {
    // The notice shown while no reasoner is configured: says so plainly and leads to the settings.
    notice_ = new QFrame(this);
    notice_->setObjectName("reasonerNotice");
    notice_->setFrameShape(QFrame::StyledPanel);
    notice_->setStyleSheet(
        QStringLiteral("QFrame#reasonerNotice { background: #eef3fb; border: 1px solid #b9cbe6; border-radius: 4px; }"
                       "QFrame#reasonerNotice QLabel { color: #1f3552; background: transparent; border: none; }"
                       "QPushButton#settingsButton { color: #1a5fb4; text-decoration: underline; border: none;"
                       " background: transparent; padding: 0 2px; font-weight: 600; }"
                       "QPushButton#settingsButton:hover { color: #0b3d80; }"));
    auto* noticeRow = new QHBoxLayout(notice_);
    noticeRow->setContentsMargins(8, 4, 8, 4);
    noticeRow->setSpacing(8);
    noticeIcon_ = new QLabel(notice_);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    noticeIcon_->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxInformation, nullptr, this).pixmap(iconSize, iconSize));
    noticeRow->addWidget(noticeIcon_, 0, Qt::AlignTop);
    noticeText_ = new QLabel(notice_);
    noticeText_->setObjectName("noticeText");
    noticeText_->setWordWrap(true);
    noticeText_->setTextFormat(Qt::PlainText);
    noticeRow->addWidget(noticeText_, 1);
    settingsButton_ = new QPushButton(notice_);
    settingsButton_->setObjectName("settingsButton");
    settingsButton_->setCursor(Qt::PointingHandCursor);
    settingsButton_->setFlat(true);
    settingsButton_->setAutoDefault(false);
    noticeRow->addWidget(settingsButton_, 0, Qt::AlignVCenter);
    return notice_;
}

void QueryBar::connectControls() {
    connect(edit_, &QLineEdit::returnPressed, this, &QueryBar::ask);
    connect(edit_, &QLineEdit::textChanged, this, &QueryBar::updateState);
    connect(edit_, &QLineEdit::textEdited, this, [this](const QString& t) {
        // Typing over a recalled entry makes it the new draft; Up starts from the newest again.
        historyIndex_ = -1;
        draft_ = t;
    });
    connect(askButton_, &QPushButton::clicked, this, [this] {
        if (busy_) Q_EMIT cancelRequested();
        else ask();
    });
    connect(settingsButton_, &QPushButton::clicked, this, &QueryBar::settingsRequested);
}

QString QueryBar::text() const { return edit_->text(); }

void QueryBar::setText(const QString& text) {
    edit_->setText(text);
    historyIndex_ = -1;
    draft_ = text;
}

bool QueryBar::canAsk() const { return ready_ && !busy_ && !edit_->text().trimmed().isEmpty(); }

void QueryBar::setSettingsFile(const QString& iniPath) {
    settingsFile_ = iniPath;
    loadHistory();
}

void QueryBar::setBusy(bool busy) {
    if (busy_ == busy) return;
    busy_ = busy;
    updateState();
    retranslate();
}

void QueryBar::setAvailability(bool reasonerReady, const QString& reasonWhenNot) {
    ready_ = reasonerReady;
    reasonWhenNot_ = reasonWhenNot;
    retranslate();
    updateState();
}

void QueryBar::clearHistory() {
    history_.clear();
    historyIndex_ = -1;
    saveHistory();
    updateState();
}

void QueryBar::focusQuestion() {
    edit_->setFocus(Qt::ShortcutFocusReason);
    edit_->selectAll();
}

void QueryBar::ask() {
    // Enter that cannot ask says why and what to do instead of doing nothing.
    if (busy_) return;
    if (!ready_) {
        Q_EMIT hint(tr("A reasoner model is needed to answer questions: choose one in Engine → Engine Settings."));
        return;
    }
    if (edit_->text().trimmed().isEmpty()) {
        Q_EMIT hint(tr("Type a question about the image first, e.g. “Where would you biopsy?”, then press Enter."));
        return;
    }
    const QString question = edit_->text().trimmed();
    addToHistory(question);
    historyIndex_ = -1;
    draft_ = edit_->text();
    // The question stays, selected, so it can be refined or replaced by typing.
    edit_->selectAll();
    Q_EMIT askRequested(question);
}

bool QueryBar::eventFilter(QObject* watched, QEvent* event) {
    if (watched == edit_ && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
            return QWidget::eventFilter(watched, event);
        switch (key->key()) {
            case Qt::Key_Up: recall(+1); return true;
            case Qt::Key_Down: recall(-1); return true;
            case Qt::Key_Escape:
                if (busy_) {
                    Q_EMIT cancelRequested();
                    return true;
                }
                break;
            default: break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void QueryBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void QueryBar::addToHistory(const QString& question) {
    history_.removeAll(question);
    history_.prepend(question);
    while (history_.size() > kMaxHistory) history_.removeLast();
    saveHistory();
    updateState();
}

void QueryBar::loadHistory() {
    auto settings = openSettings(settingsFile_);
    QStringList loaded = settings->value(QLatin1String(kHistoryKey)).toStringList();
    history_.clear();
    for (const QString& entry : loaded) {
        const QString q = entry.trimmed();
        if (!q.isEmpty() && !history_.contains(q)) history_.append(q);
        if (history_.size() == kMaxHistory) break;
    }
    historyIndex_ = -1;
    if (historyButton_) updateState();
}

void QueryBar::saveHistory() const {
    auto settings = openSettings(settingsFile_);
    settings->setValue(QLatin1String(kHistoryKey), history_);
}

void QueryBar::recall(int step) {
    if (history_.isEmpty()) return;
    const int next = historyIndex_ + step;
    if (next >= history_.size() || next < -1) return;
    if (historyIndex_ == -1) draft_ = edit_->text();
    historyIndex_ = next;
    edit_->setText(historyIndex_ == -1 ? draft_ : history_.at(historyIndex_));
    edit_->end(false);
}

void QueryBar::updateState() {
    askButton_->setEnabled(busy_ || canAsk());
    historyButton_->setEnabled(!history_.isEmpty());
    notice_->setVisible(!ready_);
}

void QueryBar::retranslate() {
    // Reads as an instruction with an example, not as a question already typed in.
    edit_->setPlaceholderText(tr("Ask a clinical question about this image, e.g. “Where would you biopsy?”"));
    edit_->setToolTip(
        tr("Ask a question about the image.\n"
           "Enter: ask · Up/Down: previous questions · Esc: stop while answering"));
    historyButton_->setToolTip(tr("Previous questions"));
    askButton_->setText(busy_ ? tr("Stop") : tr("Ask"));
    askButton_->setIcon(style()->standardIcon(busy_ ? QStyle::SP_MediaStop : QStyle::SP_ArrowRight, nullptr, this));
    askButton_->setToolTip(busy_ ? tr("Stop answering (Esc)") : tr("Ask the reasoner (Enter)"));
    QString notice = tr("A reasoner model is needed to answer questions.");
    // Two sentences joined as the language joins them (Chinese: no space between).
    if (!reasonWhenNot_.isEmpty()) notice = tr("%1 %2", "two sentences").arg(notice, reasonWhenNot_);
    noticeText_->setText(notice);
    settingsButton_->setText(tr("Engine Settings…"));
    settingsButton_->setToolTip(tr("Choose the reasoner model folder and the segmentation expert"));
}

void QueryBar::populateHistoryMenu() {
    QMenu* menu = historyButton_->menu();
    menu->clear();
    QFontMetrics fm(menu->font());
    for (const QString& q : history_) {
        QAction* a = menu->addAction(fm.elidedText(q, Qt::ElideRight, 480));
        a->setToolTip(q);
        connect(a, &QAction::triggered, this, [this, q] {
            setText(q);
            focusQuestion();
        });
    }
    if (!history_.isEmpty()) {
        menu->addSeparator();
        menu->addAction(tr("Clear History"), this, &QueryBar::clearHistory);
    }
}

}  // namespace mr::widgets
