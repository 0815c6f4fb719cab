#include "app/presentation_mode.h"

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>

#include "widgets/multi_planar_view.h"

namespace mr::app {

namespace {
const char* kFontScaleKey = "presentation/fontScale";
constexpr double kMinFontScale = 1.0, kMaxFontScale = 4.0, kFontStep = 1.15;
constexpr double kReasoningShare = 0.36;  // of the window's width, beside the image

// The keys that scale the font in presentation mode and zoom the image otherwise.
QList<QKeySequence> enlargeKeys() { return {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence::ZoomIn}; }
QList<QKeySequence> reduceKeys() { return {QKeySequence::ZoomOut}; }
}  // namespace

PresentationMode::PresentationMode(QMainWindow* window, mr::widgets::MultiPlanarView* viewer,
                                   QDockWidget* reasoningDock, QList<QWidget*> textWidgets)
    : QObject(window), window_(window), viewer_(viewer), reasoningDock_(reasoningDock) {
    for (QWidget* w : textWidgets) textWidgets_ << w;
    fontScale_ = std::clamp(QSettings().value(kFontScaleKey, fontScale_).toDouble(), kMinFontScale, kMaxFontScale);
    toggle_ = new QAction(tr("&Presentation Mode"), this);
    toggle_->setObjectName("presentationModeAction");
    toggle_->setCheckable(true);
    toggle_->setShortcut(QKeySequence(Qt::Key_F5));
    toggle_->setShortcutContext(Qt::WindowShortcut);
    connect(toggle_, &QAction::toggled, this, &PresentationMode::setActive);
    // Esc leaves; it is bound only while the mode is on, so it never takes Esc from anything else.
    leave_ = new QAction(tr("Leave Presentation Mode"), this);
    leave_->setShortcut(QKeySequence(Qt::Key_Escape));
    leave_->setShortcutContext(Qt::WindowShortcut);
    connect(leave_, &QAction::triggered, this, [this] { setActive(false); });
    enlarge_ = new QAction(tr("Presentation: &Larger Text"), this);
    enlarge_->setEnabled(false);
    connect(enlarge_, &QAction::triggered, this, &PresentationMode::enlargeFont);
    reduce_ = new QAction(tr("Presentation: &Smaller Text"), this);
    reduce_->setEnabled(false);
    connect(reduce_, &QAction::triggered, this, &PresentationMode::reduceFont);
}

void PresentationMode::addActions(QMenu* menu) {
    menu->addAction(toggle_);
    menu->addAction(enlarge_);
    menu->addAction(reduce_);
}

void PresentationMode::setActive(bool on) {
    if (on == active_) return;
    active_ = on;
    on ? enter() : leave();
    toggle_->setChecked(on);
    Q_EMIT activeChanged(on);
}

namespace {
// The replay bar (Help → Demo Tour, File → Replay Session…) stays while presenting: a presenter
// plays the tour in this mode, and the bar is how a replay is stopped or sped up.
bool ownsItsVisibility(const QToolBar* bar) { return bar->objectName() == QLatin1String("replayBar"); }
}  // namespace

void PresentationMode::enter() {
    saved_ = {};
    saved_.state = window_->saveState();
    saved_.geometry = window_->geometry();
    saved_.windowState = window_->windowState();
    saved_.statusBarVisible = window_->statusBar()->isVisible();
    for (const QPointer<QWidget>& w : textWidgets_)
        if (w) saved_.fonts.append({w, w->font(), w->testAttribute(Qt::WA_SetFont)});
    for (QDockWidget* dock : window_->findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly))
        if (dock != reasoningDock_) dock->hide();
    for (QToolBar* bar : window_->findChildren<QToolBar*>(QString(), Qt::FindDirectChildrenOnly))
        if (!ownsItsVisibility(bar)) bar->hide();
    reasoningDock_->setFloating(false);
    reasoningDock_->show();
    reasoningDock_->raise();
    window_->statusBar()->hide();
    takeFontKeys();
    window_->addAction(leave_);
    enlarge_->setEnabled(true);
    reduce_->setEnabled(true);
    applyFont();
    viewer_->setDisplayStyle(mr::widgets::DisplayStyle::presentation());
    window_->installEventFilter(this);
    window_->showFullScreen();  // on the screen the window is on
    fitReasoningDock();
}

void PresentationMode::leave() {
    window_->removeEventFilter(this);
    viewer_->setDisplayStyle(mr::widgets::DisplayStyle::everyday());
    window_->removeAction(leave_);
    enlarge_->setEnabled(false);
    reduce_->setEnabled(false);
    giveBackFontKeys();
    for (const SavedFont& f : saved_.fonts)
        if (f.widget) f.widget->setFont(f.own ? f.font : QFont());
    // The window state first, then a normal window's geometry exactly as it was (restoreGeometry
    // would add a frame a window manager may not draw), then the docks and tool bars.
    if (saved_.windowState & Qt::WindowFullScreen) {
        window_->showFullScreen();
    } else if (saved_.windowState & Qt::WindowMaximized) {
        window_->showMaximized();
    } else {
        window_->showNormal();
        window_->setGeometry(saved_.geometry);
    }
    // A replay bar shows while a replay plays: it keeps what it is now, not what it was on entering.
    QList<QPair<QToolBar*, bool>> own;
    for (QToolBar* bar : window_->findChildren<QToolBar*>(QString(), Qt::FindDirectChildrenOnly))
        if (ownsItsVisibility(bar)) own.append({bar, bar->isVisible()});
    window_->restoreState(saved_.state);
    for (const auto& [bar, visible] : own) bar->setVisible(visible);
    window_->statusBar()->setVisible(saved_.statusBarVisible);
    saved_ = {};
}

void PresentationMode::enlargeFont() {
    if (!active_) return;
    fontScale_ = std::min(kMaxFontScale, fontScale_ * kFontStep);
    applyFont();
}

void PresentationMode::reduceFont() {
    if (!active_) return;
    fontScale_ = std::max(kMinFontScale, fontScale_ / kFontStep);
    applyFont();
}

void PresentationMode::applyFont() {
    QSettings().setValue(kFontScaleKey, fontScale_);
    for (const SavedFont& saved : saved_.fonts) {
        if (!saved.widget) continue;
        QFont f = saved.font;
        if (saved.font.pointSizeF() > 0) f.setPointSizeF(saved.font.pointSizeF() * fontScale_);
        else f.setPixelSize(int(saved.font.pixelSize() * fontScale_ + 0.5));
        saved.widget->setFont(f);
    }
}

// The Reasoning panel takes a fixed share of the width at every window size; the image the rest.
void PresentationMode::fitReasoningDock() {
    window_->resizeDocks({reasoningDock_}, {int(window_->width() * kReasoningShare)}, Qt::Horizontal);
}

bool PresentationMode::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && event->type() == QEvent::Resize) fitReasoningDock();
    return QObject::eventFilter(watched, event);
}

// Two actions with one key in one window make Qt's shortcut ambiguous (neither runs): the font
// actions take Ctrl+= / Ctrl++ / Ctrl+- from whichever actions hold them, and give them back.
void PresentationMode::takeFontKeys() {
    const QList<QKeySequence> taken = enlargeKeys() + reduceKeys();
    for (QAction* a : window_->findChildren<QAction*>()) {
        if (a == enlarge_ || a == reduce_) continue;
        const QList<QKeySequence> keys = a->shortcuts();
        QList<QKeySequence> kept;
        for (const QKeySequence& k : keys)
            if (!taken.contains(k)) kept << k;
        if (kept.size() == keys.size()) continue;
        saved_.keys.append({a, keys});
        a->setShortcuts(kept);
    }
    enlarge_->setShortcuts(enlargeKeys());
    reduce_->setShortcuts(reduceKeys());
}

void PresentationMode::giveBackFontKeys() {
    enlarge_->setShortcuts({});
    reduce_->setShortcuts({});
    for (const auto& [action, keys] : saved_.keys)
        if (action) action->setShortcuts(keys);
}

}  // namespace mr::app
