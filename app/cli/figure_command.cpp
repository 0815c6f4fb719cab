// `medreasoner figure SAMPLE_OR_SESSION --out fig.{png,svg,pdf}`: the figure File → Export Figure…
// draws, for a sample saved in a dataset folder or a recorded session: the image with its mask,
// box, key points and a scale bar, beside (or above) the question, the trace and the answer.
// SAMPLE is a sample id with --dataset, or the path of the sample's image file
// (FOLDER/images/ID.png); a session is its .mrsession file. Opens the dataset read-only.
// The only command that uses Qt (GUI, no widgets): a QGuiApplication exists while it runs, on the
// offscreen platform when there is no display.
#include <QGuiApplication>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <utility>

#include "app/cli/command.h"
#include "engine/core/error.h"
#include "engine/dataset/dataset_store.h"
#include "engine/record/session_figure.h"
#include "engine/session/figure_scene.h"
#include "figure/figure_file.h"

namespace fs = std::filesystem;

namespace {

struct FigureArgs {
    std::string sample, out, layout = "side", trace = "full", dataset;
    int traceLines = 8;
};

struct FoundSample {
    std::unique_ptr<mr::dataset::DatasetStore> store;
    const mr::dataset::Sample* sample = nullptr;
};

// A sample id in --dataset, or a sample's image file: FOLDER/images/ID.png.
FoundSample findSample(const FigureArgs& a) {
    std::string folder = a.dataset, id = a.sample;
    if (folder.empty()) {
        const fs::path image = fs::path(a.sample).lexically_normal();
        if (image.parent_path().filename() != "images" || image.extension() != ".png")
            throw mr::Error(
                a.sample +
                ": not a dataset sample or session (give a sample id with --dataset FOLDER, a .mrsession file, or the "
                "sample's image file FOLDER/images/ID.png)");
        folder = image.parent_path().parent_path().string();
        if (folder.empty()) folder = ".";
        id = image.stem().string();
    }
    if (!fs::is_directory(folder)) throw mr::Error(folder + ": not a dataset folder (no such folder)");
    FoundSample found;
    found.store = mr::dataset::DatasetStore::open(folder, mr::dataset::StoreAccess::ReadOnly);
    found.sample = found.store->find(id);
    if (!found.sample) throw mr::Error(a.sample + ": not a dataset sample (no sample " + id + " in " + folder + ")");
    return found;
}

// Qt needs an application object to draw text; without a display it draws offscreen.
std::unique_ptr<QGuiApplication> guiApplication() {
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((!display || !*display) && (!wayland || !*wayland) && !std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    static int argc = 1;
    static char name[] = "medreasoner";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QGuiApplication>(argc, argv);
}

bool isSessionFile(const std::string& path) { return fs::path(path).extension() == ".mrsession"; }

// The scene and what it is, for the closing line.
std::pair<mr::session::FigureScene, std::string> sceneOf(const FigureArgs& a) {
    if (isSessionFile(a.sample))
        return {mr::record::figureSceneOfSession(mr::record::loadSession(a.sample)), "session " + a.sample};
    const FoundSample found = findSample(a);
    return {mr::session::figureSceneOfSample(*found.store, *found.sample), "sample " + found.sample->id};
}

int runFigure(const FigureArgs& a) {
    mr::figure::figureFormatOf(a.out);  // a wrong extension fails before any work
    auto [scene, what] = sceneOf(a);
    const auto app = guiApplication();
    mr::figure::FigureOptions options;
    options.layout = a.layout == "stacked" ? mr::figure::FigureLayout::Stacked : mr::figure::FigureLayout::SideBySide;
    options.fullTrace = a.trace == "full";
    options.traceLines = a.traceLines;
    const mr::figure::FigurePainter figure(std::move(scene), options);
    mr::figure::writeFigure(figure, a.out);
    std::cout << "wrote the figure of " << what << " to " << a.out << "\n";
    return 0;
}

void declareFigure(CLI::App& app, FigureArgs& a) {
    app.add_option("sample", a.sample,
                   "a sample id (with --dataset), a sample's image file FOLDER/images/ID.png, or a recorded "
                   "session's .mrsession file")
        ->required()
        ->type_name("SAMPLE_OR_SESSION");
    app.add_option("--out", a.out, "the figure file: .png, .svg or .pdf")->required()->type_name("FILE");
    app.add_option("--layout", a.layout, "the text beside the image or below it")
        ->check(CLI::IsMember({"side", "stacked"}))
        ->capture_default_str();
    app.add_option("--trace", a.trace, "the whole reasoning trace, or its first --trace-lines lines")
        ->check(CLI::IsMember({"full", "trimmed"}))
        ->capture_default_str();
    app.add_option("--trace-lines", a.traceLines, "lines of a trimmed trace")
        ->check(CLI::Range(1, 200))
        ->capture_default_str();
    app.add_option("--dataset", a.dataset, "the dataset folder the sample id belongs to")->type_name("FOLDER");
}

const mr::cli::Registration reg(mr::cli::makeCommand<FigureArgs>(
    "figure",
    "draw a saved sample's or a recorded session's image, mask, box, points, question and trace as a PNG, SVG or "
    "PDF figure",
    declareFigure, runFigure));

}  // namespace
