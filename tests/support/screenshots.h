#pragma once
// Saves what a widget shows into the test's output folder (MR_TEST_OUTPUT_DIR), so a person can
// look at what a test drove; returns the file's path.
#include <QString>
#include <QWidget>

namespace mr::test {

inline QString saveScreenshot(QWidget* widget, const QString& name) {
    const QString path = QStringLiteral(MR_TEST_OUTPUT_DIR "/%1.png").arg(name);
    widget->grab().save(path);
    return path;
}

}  // namespace mr::test
