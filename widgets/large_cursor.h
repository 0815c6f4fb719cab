#pragma once
// Pointers drawn at a chosen size, for presentation mode: the system's cursors are about 24
// pixels, too small to follow on a projector. An arrow for navigation, a cross for the tools that
// place or draw; a blank cursor stays blank (the brush outline is the cursor).
#include <QCursor>

namespace mr::widgets {

// `shape` drawn `size` pixels tall (at least 16), black with a white rim so it shows on any gray.
QCursor largeCursor(Qt::CursorShape shape, int size);

}  // namespace mr::widgets
