// `medreasoner dataset list|export`: the dataset folders that "Correct and keep" grows, without
// the GUI: a table of the reviewed samples, and exports for other tools (PNG masks, NIfTI label
// maps per series, COCO, DICOM SEG per series). Opens the folder read-only, so it works while the
// app is saving to it.
#include <cstdio>
#include <iostream>

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
    return store;
}

int runList(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv, {"status"}, {});
    if (args.positional().size() != 1) throw mr::cli::UsageError("expected exactly one FOLDER");
    std::optional<ds::ReviewStatus> only;
    if (auto s = args.value("status")) {
        only = ds::reviewStatusFromName(*s);
        if (!only) throw mr::cli::UsageError("--status must be accepted, corrected or rejected");
    }
    auto store = openFolder(args.positional()[0]);
    std::printf("%-8s %-9s %-8s %-20s %6s  %s\n", "id", "status", "modality", "category", "dice", "question");
    size_t shown = 0;
    for (const auto& s : store->samples()) {
        if (only && s.status != *only) continue;
        ++shown;
        std::printf("%-8s %-9s %-8s %-20s %6.3f  %s\n", s.id.c_str(), ds::reviewStatusName(s.status),
                    shorten(s.modality, 8).c_str(), shorten(s.category, 20).c_str(), s.dice,
                    shorten(s.question, 60).c_str());
    }
    std::printf("%zu of %zu samples\n", shown, store->samples().size());
    return 0;
}

int runExport(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv, {"format", "out"}, {});
    if (args.positional().size() != 1) throw mr::cli::UsageError("expected exactly one FOLDER");
    const auto format = args.value("format");
    const auto out = args.value("out");
    if (!format) throw mr::cli::UsageError("--format png|nifti|coco|dicom-seg is required");
    if (!out) throw mr::cli::UsageError("--out PATH is required");
    auto store = openFolder(args.positional()[0]);
    if (*format == "png")
        ds::exportPngMasks(*store, *out);
    else if (*format == "nifti")
        ds::exportNiftiLabelMaps(*store, *out);
    else if (*format == "coco")
        ds::exportCoco(*store, *out);
    else if (*format == "dicom-seg")
        ds::exportDicomSegs(*store, *out);
    else
        throw mr::cli::UsageError("--format must be png, nifti, coco or dicom-seg");
    size_t kept = 0;
    for (const auto& s : store->samples()) kept += s.status != ds::ReviewStatus::Rejected;
    std::cout << "exported " << kept << " accepted or corrected samples as " << *format << " to " << *out << "\n";
    return 0;
}

int run(const std::vector<std::string>& args) {
    if (args.empty()) throw mr::cli::UsageError("expected list or export");
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "list") return runList(rest);
    if (args[0] == "export") return runExport(rest);
    throw mr::cli::UsageError("unknown dataset action '" + args[0] + "' (expected list or export)");
}

const mr::cli::Registration reg({"dataset",
                                 "dataset list FOLDER [--status accepted|corrected|rejected] | "
                                 "dataset export FOLDER --format png|nifti|coco|dicom-seg --out PATH",
                                 "list the reviewed samples of a dataset folder, or export its ground truth", run});

}  // namespace
