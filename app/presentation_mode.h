#pragma once
// Presentation mode (View → Presentation Mode, F5; Esc or F5 leaves): the window full screen on
// the screen it is on, the image large with the Reasoning panel beside it in a large font, every
// other dock, the tool bars and the status bar out of the way, the slice views in the
// presentation style (thick, high-contrast overlays and a large pointer). Ctrl+= / Ctrl+- scale
// the font while it is on (they zoom the image otherwise: the keys move between the actions).
// Leaving restores the window exactly as it was (state, geometry, docks, fonts, keys).
#include <QByteArray>
#include <QFont>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QRect>
#include <QVector>

#include <utility>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class QKeySequence;

namespace mr::widgets {
class MultiPlanarView;
}

namespace mr::app {

class PresentationMode : public QObject {
    Q_OBJECT
public:
    // `reasoningDock` stays beside the image; `textWidgets` (the Reasoning panel, the question bar)
    // get the large font.
    PresentationMode(QMainWindow* window, mr::widgets::MultiPlanarView* viewer, QDockWidget* reasoningDock,
                     QList<QWidget*> textWidgets);

    // View → Presentation Mode (checkable) and the font keys, in `menu`.
    void addActions(QMenu* menu);
    QAction* toggleAction() const { return toggle_; }
    bool isActive() const { return active_; }
    // Of the text widgets' normal size, while the mode is on; remembered between sessions.
    double fontScale() const { return fontScale_; }

public Q_SLOTS:
    void setActive(bool on);
    void enlargeFont();
    void reduceFont();

Q_SIGNALS:
    void activeChanged(bool active);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void enter();
    void leave();
    void applyFont();
    void fitReasoningDock();
    void takeFontKeys();  // from the actions that hold them in normal mode (zoom)
    void giveBackFontKeys();

    struct SavedFont {
        QPointer<QWidget> widget;
        QFont font;
        bool own = false;  // set on the widget itself, not inherited
    };
    struct Saved {
        QByteArray state;
        QRect geometry;
        Qt::WindowStates windowState;
        bool statusBarVisible = true;
        QVector<SavedFont> fonts;
        QVector<std::pair<QPointer<QAction>, QList<QKeySequence>>> keys;
    };

    QMainWindow* window_;
    mr::widgets::MultiPlanarView* viewer_;
    QDockWidget* reasoningDock_;
    QList<QPointer<QWidget>> textWidgets_;
    QAction* toggle_ = nullptr;
    QAction* leave_ = nullptr;
    QAction* enlarge_ = nullptr;
    QAction* reduce_ = nullptr;
    bool active_ = false;
    double fontScale_ = 1.6;
    Saved saved_;
};

}  // namespace mr::app
