#pragma once
// A main window as a user meets it for keyboard tests: shown, active (so window shortcuts reach
// it under Xvfb, which has no window manager) and showing a small CT phantom.
#include <QtTest>

#include "app/main_window.h"
#include "engine/demo/abdomen_phantom.h"
#include "widgets/slice_view.h"

namespace mr::test {

// A 64×64×6 CT phantom: small enough to show at once, real enough to edit.
inline mr::demo::Phantom smallCtPhantom() {
    mr::demo::PhantomOptions o;
    o.width = o.height = 64;
    o.slices = 6;
    o.pixelSpacing = 5.0;
    return mr::demo::makeAbdomenPhantom(o);
}

// Shows the window, makes it the active one and waits until it is; false when it never was.
inline bool showActive(QWidget& w) {
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) return false;
    w.activateWindow();
    return QTest::qWaitForWindowActive(&w);
}

// Shows `image` in the window with the keyboard focus on the slice view.
inline void showImageFocused(mr::app::MainWindow& w, const mr::imaging::Image& image) {
    w.showImage(image, QStringLiteral("phantom.dcm"));
    QApplication::processEvents();
    w.sliceView()->setFocus();
}

}  // namespace mr::test
