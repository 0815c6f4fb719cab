// `medreasoner dataset list|export|stats`: the dataset folders that "Correct and keep" grows,
// without the GUI: a table of the reviewed samples, exports for other tools (PNG masks, NIfTI label
// maps per series, COCO, DICOM SEG per series; the label maps and SEGs include the samples' volume
// masks), and counts with the second readers' agreement. Opens the folder read-only, so it works while the
// app is saving to it, and never writes there: another tool's U-MRG records are listed and exported
// as they are.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/command.h"
#include "engine/core/json.h"
#include "engine/dataset/dataset_export.h"
#include "engine/dataset/dataset_store.h"
#include "engine/dataset/dicom_seg_export.h"
#include "engine/dataset/reader_agreement.h"

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
    bool json = false;
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

// What `dataset stats` prints, gathered once for the text and the JSON.
struct DatasetStats {
    size_t samples = 0;
    std::vector<std::pair<ds::ReviewStatus, size_t>> byStatus;
    size_t correctedAgain = 0, revisions = 0;  // samples with more than one revision; all revisions
    ds::ReaderAgreement agreement;
};

DatasetStats statsOf(const std::vector<ds::Sample>& samples) {
    DatasetStats st;
    st.samples = samples.size();
    for (auto status : {ds::ReviewStatus::Accepted, ds::ReviewStatus::Corrected, ds::ReviewStatus::Rejected,
                        ds::ReviewStatus::Imported})
        st.byStatus.emplace_back(status, std::count_if(samples.begin(), samples.end(),
                                                       [&](const ds::Sample& s) { return s.status == status; }));
    for (const auto& s : samples) {
        if (s.revisions.size() > 1) ++st.correctedAgain;
        st.revisions += std::max<size_t>(1, s.revisions.size());
    }
    st.agreement = ds::readerAgreement(samples);
    return st;
}

mr::json::Value diceOrNull(int readings, double dice) {
    return readings > 0 ? mr::json::Value(dice) : mr::json::Value();
}

mr::json::Value statsJson(const DatasetStats& st) {
    using mr::json::Value;
    const ds::ReaderAgreement& a = st.agreement;
    Value v = Value::object();
    v.set("samples", uint64_t(st.samples));
    Value byStatus = Value::object();
    for (const auto& [status, n] : st.byStatus) byStatus.set(ds::reviewStatusName(status), uint64_t(n));
    v.set("by_status", byStatus);
    v.set("samples_corrected_again", uint64_t(st.correctedAgain));
    v.set("revisions", uint64_t(st.revisions));
    Value reading = Value::object();
    reading.set("samples", a.samplesWithReading);
    reading.set("readings", a.readings);
    reading.set("mean_dice", diceOrNull(a.readings, a.meanDice));
    reading.set("adjudicated", a.adjudicated);
    reading.set("awaiting_adjudication", a.awaitingAdjudication);
    v.set("second_reading", reading);
    Value annotators = Value::array();
    for (const auto& x : a.annotators) {
        Value e = Value::object();
        e.set("annotator", x.annotator);
        e.set("read_first", x.readFirst);
        e.set("read_second", x.readSecond);
        e.set("adjudicated", x.adjudicated);
        e.set("readings", x.readings);
        e.set("mean_dice", diceOrNull(x.readings, x.meanDice));
        e.set("min_dice", diceOrNull(x.readings, x.minDice));
        annotators.push_back(e);
    }
    v.set("annotators", annotators);
    Value pairs = Value::array();
    for (const auto& p : a.pairs) {
        Value e = Value::object();
        e.set("first_reader", p.first);
        e.set("second_reader", p.second);
        e.set("readings", p.readings);
        e.set("mean_dice", p.meanDice);
        pairs.push_back(e);
    }
    v.set("pairs", pairs);
    return v;
}

std::string nameOf(const std::string& annotator) { return annotator.empty() ? "(unnamed)" : shorten(annotator, 24); }

std::string diceText(int readings, double dice) {
    if (readings == 0) return "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.3f", dice);
    return buf;
}

void printStats(const DatasetStats& st) {
    const ds::ReaderAgreement& a = st.agreement;
    std::printf("samples: %zu", st.samples);
    const char* sep = " (";
    for (const auto& [status, n] : st.byStatus) {
        std::printf("%s%s %zu", sep, ds::reviewStatusName(status), n);
        sep = ", ";
    }
    std::printf(")\n");
    std::printf("revisions: %zu in all; samples corrected again: %zu\n", st.revisions, st.correctedAgain);
    std::printf(
        "second readings: %d; samples read again: %d; mean Dice %s; adjudicated: %d; awaiting adjudication: %d\n",
        a.readings, a.samplesWithReading, diceText(a.readings, a.meanDice).c_str(), a.adjudicated,
        a.awaitingAdjudication);
    int width = int(std::string("annotator").size());
    for (const auto& x : a.annotators) width = std::max(width, int(nameOf(x.annotator).size()));
    std::printf("\n%-*s %10s %11s %11s %8s %9s %8s\n", width, "annotator", "read first", "read second", "adjudicated",
                "readings", "mean Dice", "min Dice");
    for (const auto& x : a.annotators)
        std::printf("%-*s %10d %11d %11d %8d %9s %8s\n", width, nameOf(x.annotator).c_str(), x.readFirst, x.readSecond,
                    x.adjudicated, x.readings, diceText(x.readings, x.meanDice).c_str(),
                    diceText(x.readings, x.minDice).c_str());
    if (a.pairs.empty()) return;
    int firstWidth = int(std::string("first reader").size()), secondWidth = int(std::string("second reader").size());
    for (const auto& p : a.pairs) {
        firstWidth = std::max(firstWidth, int(nameOf(p.first).size()));
        secondWidth = std::max(secondWidth, int(nameOf(p.second).size()));
    }
    std::printf("\n%-*s %-*s %8s %9s\n", firstWidth, "first reader", secondWidth, "second reader", "readings",
                "mean Dice");
    for (const auto& p : a.pairs)
        std::printf("%-*s %-*s %8d %9s\n", firstWidth, nameOf(p.first).c_str(), secondWidth, nameOf(p.second).c_str(),
                    p.readings, diceText(p.readings, p.meanDice).c_str());
}

int runStats(const DatasetArgs& args) {
    auto store = openFolder(args.folder);
    const DatasetStats st = statsOf(store->samples());
    if (args.json) std::cout << mr::json::dump(statsJson(st), 2) << "\n";
    else printStats(st);
    return 0;
}

// `dataset` has three actions, each a CLI11 subcommand with its own options.
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
    CLI::App* stats = app.add_subcommand(
        "stats", "counts by status and revision, and the second readers' agreement per annotator and pair");
    stats->add_option("folder", a->folder, "a dataset folder")->required()->type_name("FOLDER");
    stats->add_flag("--json", a->json, "print the same as JSON");
    return [a, list, stats] {
        if (list->parsed()) return runList(*a);
        if (stats->parsed()) return runStats(*a);
        return runExport(*a);
    };
}

const mr::cli::Registration reg({"dataset",
                                 "list the reviewed samples of a dataset folder, count them and their readers' "
                                 "agreement, or export its ground truth; never writes in the folder",
                                 declareDataset});

}  // namespace
