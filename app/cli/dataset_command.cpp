// `medreasoner dataset list|export`: the dataset folders that "Correct and keep" grows, without
// the GUI: a table of the reviewed samples, and exports for other tools (PNG masks, NIfTI label
// maps per series, COCO, DICOM SEG per series; the label maps and SEGs include the samples' volume
// masks). Opens the folder read-only, so it works while the
// app is saving to it, and never writes there: another tool's U-MRG records are listed and exported
// as they are.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "app/cli/command.h"
#include "engine/dataset/dataset_export.h"
#include "engine/dataset/dataset_store.h"
#include "engine/dataset/dicom_seg_export.h"

namespace ds = mr::dataset;

namespace {

// Cuts UTF-8 text to at most `max` bytes without splitting a character; one line.
std::string shorten(std::string s, size_t max) {
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (s.size() <= max) return s;
    size_t cut = max - 3;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut) + "...";
}

std::unique_ptr<ds::DatasetStore> openFolder(const std::string& folder) {
    auto store = ds::DatasetStore::open(folder, ds::StoreAccess::ReadOnly);
    for (const auto& w : store->warnings()) std::cerr << "warning: " << w << "\n";
    if (store->foreignView())
        std::cerr << "note: " << folder << " holds U-MRG records written by another tool; they are shown as "
                  << "\"imported\" and the folder is not changed\n";
    return store;
}

struct DatasetArgs {
    std::string folder, status, format, out;
};

int runList(const DatasetArgs& args) {
    std::optional<ds::ReviewStatus> only;
    if (!args.status.empty()) only = ds::reviewStatusFromName(args.status);
    auto store = openFolder(args.folder);
    std::printf("%-8s %-9s %3s %-8s %-20s %6s  %s\n", "id", "status", "rev", "modality", "category", "dice",
                "question");
    size_t shown = 0;
    for (const auto& s : store->samples()) {
        if (only && s.status != *only) continue;
        ++shown;
        std::printf("%-8s %-9s %3zu %-8s %-20s %6.3f  %s\n", s.id.c_str(), ds::reviewStatusName(s.status),
                    std::max<size_t>(1, s.revisions.size()), shorten(s.modality, 8).c_str(),
                    shorten(s.category, 20).c_str(), s.dice, shorten(s.question, 60).c_str());
    }
    std::printf("%zu of %zu samples\n", shown, store->samples().size());
    return 0;
}

int runExport(const DatasetArgs& args) {
    const std::string* format = &args.format;
    const std::string* out = &args.out;
    auto store = openFolder(args.folder);
    if (*format == "png") ds::exportPngMasks(*store, *out);
    else if (*format == "nifti") ds::exportNiftiLabelMaps(*store, *out);
    else if (*format == "coco") ds::exportCoco(*store, *out);
    else if (*format == "dicom-seg") ds::exportDicomSegs(*store, *out);
    else throw mr::cli::UsageError("--format must be png, nifti, coco or dicom-seg");  // (checked when parsing, too)
    const std::vector<ds::Sample> truth = store->groundTruth();  // each at its latest accepted revision
    const size_t kept = truth.size();
    const auto volumes =
        std::count_if(truth.begin(), truth.end(), [](const ds::Sample& s) { return bool(s.volumeMask); });
    std::cout << "exported " << kept << " accepted, corrected or imported samples as " << *format << " to " << *out;
    // The label maps and SEGs hold the volume masks' slices too; PNG and COCO are 2-D.
    if (volumes && (*format == "nifti" || *format == "dicom-seg"))
        std::cout << " (" << volumes << " with a volume mask, all its slices included)";
    std::cout << "\n";
    return 0;
}

// `dataset` has two actions, each a CLI11 subcommand with its own options.
mr::cli::Action declareDataset(CLI::App& app) {
    auto a = std::make_shared<DatasetArgs>();
    app.require_subcommand(1);
    CLI::App* list = app.add_subcommand("list", "list the samples (another tool's records as \"imported\")");
    list->add_option("folder", a->folder, "a dataset folder")->required()->type_name("FOLDER");
    list->add_option("--status", a->status, "only samples with this status")
        ->check(CLI::IsMember({"accepted", "corrected", "rejected", "imported"}));
    CLI::App* exp =
        app.add_subcommand("export", "export the ground truth (accepted, corrected, imported) for other tools");
    exp->add_option("folder", a->folder, "a dataset folder")->required()->type_name("FOLDER");
    exp->add_option(
           "--format", a->format,
           "png masks, nifti label maps per series, coco JSON, or dicom-seg (one de-identified SEG per series)")
        ->required()
        ->check(CLI::IsMember({"png", "nifti", "coco", "dicom-seg"}));
    exp->add_option("--out", a->out, "a folder (png, nifti, dicom-seg) or a file (coco)")
        ->required()
        ->type_name("PATH");
    return [a, list] { return list->parsed() ? runList(*a) : runExport(*a); };
}

const mr::cli::Registration reg({"dataset",
                                 "list the reviewed samples of a dataset folder, or export its ground truth; never "
                                 "writes in the folder",
                                 declareDataset});

}  // namespace
