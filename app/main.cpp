// medreasoner-studio: the desktop application.
//   medreasoner-studio [PATH] [--demo] [--screenshot FILE] [--quit-when-shown]
// With no PATH the demo case opens on first start.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLibraryInfo>
#include <QLocale>
#include <QPainter>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

#include "app/main_window.h"
#include "app/worklist_controller.h"
#include "widgets/slice_view.h"
#include "widgets/vtk_gl_widget.h"

namespace {
void installTranslations(QApplication& app) {
    // Follow the system locale: Qt's own strings, then ours (compiled into the binary).
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), "qtbase", "_", QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    auto* ours = new QTranslator(&app);
    if (ours->load(QLocale(), "medreasoner", "_", ":/i18n")) app.installTranslator(ours);
}
}  // namespace

int main(int argc, char** argv) {
    QElapsedTimer sinceStart;
    sinceStart.start();
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();  // before QApplication exists
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MedReasoner");
    QApplication::setApplicationName("MedReasoner Studio");
    QApplication::setApplicationVersion(MR_VERSION);
    QApplication::setDesktopFileName("medreasoner-studio");
    installTranslations(app);

    QCommandLineParser cli;
    cli.setApplicationDescription(
        QApplication::translate("main", "Ask a medical image; see the reasoning; keep the mask."));
    cli.addHelpOption();
    cli.addVersionOption();
    cli.addPositionalArgument("path", QApplication::translate("main", "Image file or DICOM folder to open."), "[path]");
    QCommandLineOption demo("demo", QApplication::translate("main", "Open the bundled demo case."));
    QCommandLineOption screenshot(
        "screenshot", QApplication::translate("main", "Save a screenshot of the window once the image is shown."),
        "file");
    QCommandLineOption quitWhenShown(
        "quit-when-shown",
        QApplication::translate("main", "Quit once the image is shown (for scripts and benchmarks)."));
    cli.addOptions({demo, screenshot, quitWhenShown});
    cli.process(app);

    mr::app::MainWindow window;
    window.show();
    const bool quit = cli.isSet(quitWhenShown);
    const QString shot = cli.value(screenshot);
    QObject::connect(&window, &mr::app::MainWindow::imageShown, &window, [&, quit, shot] {
        // Two event-loop turns: the first paints the new image, the second presents it.
        QTimer::singleShot(150, &window, [&, quit, shot] {
            std::printf("shown after %lld ms\n", static_cast<long long>(sinceStart.elapsed()));
            std::fflush(stdout);
            if (!shot.isEmpty()) {
                window.sliceView()->update();
                QPixmap pix = window.grab();
                QImage frame = window.sliceView()->grabFramebuffer();
                QPainter(&pix).drawImage(window.sliceView()->mapTo(&window, QPoint(0, 0)), frame);
                if (!pix.save(shot)) std::fprintf(stderr, "cannot save %s\n", qPrintable(shot));
            }
            if (quit) QApplication::quit();
        });
    });

    QSettings settings;
    const QStringList paths = cli.positionalArguments();
    if (!paths.isEmpty()) {
        window.openPath(paths.first());
    } else if (cli.isSet(demo) || !settings.value("firstStartDone", false).toBool()) {
        settings.setValue("firstStartDone", true);
        window.openDemoCase();
    } else if (quit) {
        QTimer::singleShot(0, &app, &QApplication::quit);
    } else {
        window.worklist()->restoreLast();  // the reader goes on where they stopped
    }
    return app.exec();
}
