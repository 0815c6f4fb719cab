#pragma once
// One way of turning mouse and keyboard input on a slice view into intents, in the manner of
// ITK-SNAP's interaction modes: the view routes Qt's events to the interaction of the active tool
// (left button on an axial slice) or to the navigation ones (window/level, pan/zoom, slice
// scrolling); the interaction emits what the user meant (a box drawn, a stroke painted, a new
// window) as a signal and paints its own feedback (a rubber band, the brush outline). It reads
// the view's state through SliceInput and never touches the view, its data or the engine.
#include <QObject>
#include <QPointF>

#include <optional>

#include "engine/imaging/windowing.h"
#include "widgets/slice_viewport.h"

class QPainter;

namespace mr::widgets {

// What an interaction may read of the view when an event arrives.
struct SliceInput {
    SliceViewport viewport;
    mr::imaging::WindowLevel window;
    bool colourImage = false;
};

// A mouse button going down (or a double-click treated as one).
struct SlicePress {
    QPointF pos;  // widget position, logical pixels
    Qt::MouseButton button = Qt::LeftButton;
    Qt::KeyboardModifiers modifiers;
};

class SliceInteraction : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // A button went down; true: this interaction follows the drag until the button is released.
    virtual bool press(const SliceInput&, const SlicePress&) { return false; }
    virtual void drag(const SliceInput&, QPointF) {}
    virtual void release(const SliceInput&, QPointF) {}
    // A double-click; false: the view treats it as another press.
    virtual bool doubleClick(const SliceInput&) { return false; }
    // The cursor moved, with or without a button, or left the view (nullopt).
    virtual void hover(std::optional<QPointF>) {}
    // A key; false: not this interaction's.
    virtual bool key(const SliceInput&, int) { return false; }
    // Whether key() would use this key now, before any window shortcut sees it (Esc drops a
    // polygon in progress rather than leaving presentation mode).
    virtual bool wantsKey(int) const { return false; }
    // Wheel steps (120ths of a turn rounded away from zero to whole steps).
    virtual void wheel(const SliceInput&, int) {}
    // Drops a gesture in progress without emitting it (the tool changed).
    virtual void cancel() {}
    // Feedback over the image while the tool is active (in widget coordinates).
    virtual void paint(QPainter&, const SliceViewport&) const {}
    virtual Qt::CursorShape cursor() const { return Qt::CrossCursor; }

Q_SIGNALS:
    void feedbackChanged();  // what paint() draws changed
};

}  // namespace mr::widgets
