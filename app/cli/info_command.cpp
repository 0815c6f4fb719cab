// `medreasoner info PATH [--json] [--series N|UID]`: what the imaging engine finds in a file or
// folder and what it loads, so a load can be compared with other tools (dcm2niix, ITK, 3D Slicer).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "app/cli/command.h"
#include "engine/core/json.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/image_json.h"
#include "engine/imaging/image_read_error.h"
#include "engine/imaging/image_reader.h"

namespace img = mr::imaging;
using mr::json::Value;

namespace {

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}

void printImage(const Value& v) {
    auto arr = [](const Value& a) {
        std::string s;
        for (size_t i = 0; i < a.size(); ++i) s += (i ? " x " : "") + num(a[i].asDouble());
        return s;
    };
    const auto& d = v.at("direction");
    std::cout << "dimensions      " << arr(v.at("dimensions")) << "  (" << v.at("pixel_type").asString() << ")\n"
              << "spacing (mm)    " << arr(v.at("spacing")) << "\n"
              << "origin (LPS mm) " << num(v.at("origin")[0].asDouble()) << ", " << num(v.at("origin")[1].asDouble())
              << ", " << num(v.at("origin")[2].asDouble()) << "\n"
              << "orientation     " << v.at("orientation").asString() << " (" << v.at("plane").asString()
              << "); direction columns [" << num(d[0].asDouble()) << " " << num(d[3].asDouble()) << " "
              << num(d[6].asDouble()) << "] [" << num(d[1].asDouble()) << " " << num(d[4].asDouble()) << " "
              << num(d[7].asDouble()) << "] [" << num(d[2].asDouble()) << " " << num(d[5].asDouble()) << " "
              << num(d[8].asDouble()) << "]\n"
              << "modality        " << v.at("modality").asString() << "\n"
              << "photometric     " << v.at("photometric").asString();
    if (const auto* s = v.find("source_photometric")) std::cout << " (file: " << s->asString() << ")";
    std::cout << "\n";
    if (!v.at("transfer_syntax").asString().empty())
        std::cout << "transfer syntax " << v.at("transfer_syntax_name").asString() << " ("
                  << v.at("transfer_syntax").asString() << ")\n";
    if (!v.at("units").asString().empty()) std::cout << "units           " << v.at("units").asString() << "\n";
    std::cout << "rescale         slope " << num(v.at("rescale_slope").asDouble()) << ", intercept "
              << num(v.at("rescale_intercept").asDouble()) << " (applied)\n";
    const auto& st = v.at("statistics");
    std::cout << "values          min " << num(st.at("min").asDouble()) << ", max " << num(st.at("max").asDouble())
              << ", mean " << num(st.at("mean").asDouble()) << "\n";
    const auto& w = v.at("windows");
    if (w.size()) {
        std::cout << "windows        ";
        for (size_t i = 0; i < w.size(); ++i)
            std::cout << " " << w[i].at("name").asString() << " " << num(w[i].at("center").asDouble()) << "/"
                      << num(w[i].at("width").asDouble()) << (i + 1 < w.size() ? ";" : "");
        std::cout << "\n";
    }
    for (const auto& n : v.at("notes").asArray()) std::cout << "note            " << n.asString() << "\n";
    for (const auto& n : v.at("warnings").asArray()) std::cout << "warning         " << n.asString() << "\n";
}

struct InfoArgs {
    std::string path, series;
    bool json = false;
};

int runInfo(const InfoArgs& args) {
    const std::string& path = args.path;
    const bool json = args.json;
    const img::ImageFileKind kind = img::detectImageKind(path);

    Value out = Value::object();
    out.set("path", path);
    out.set("kind", img::imageFileKindName(kind));
    img::Image image;
    if (kind == img::ImageFileKind::DicomFolder) {
        img::DicomScanResult scan = img::scanDicomFolder(path);
        Value series = Value::array(), skipped = Value::array();
        for (size_t i = 0; i < scan.series.size(); ++i) series.push_back(img::seriesToJson(scan.series[i], i));
        for (const auto& s : scan.skipped) skipped.push_back(img::skippedFileToJson(s));
        out.set("files_examined", scan.filesExamined);
        out.set("series", series);
        out.set("skipped", skipped);
        if (scan.series.empty()) throw mr::Error(path + ": no DICOM image series found");
        size_t chosen = 0;
        for (size_t i = 1; i < scan.series.size(); ++i)
            if (scan.series[i].sliceCount > scan.series[chosen].sliceCount) chosen = i;
        if (const std::string* want = args.series.empty() ? nullptr : &args.series) {
            bool found = false;
            for (size_t i = 0; i < scan.series.size(); ++i)
                if (scan.series[i].seriesInstanceUid == *want || std::to_string(i) == *want) {
                    chosen = i;
                    found = true;
                }
            if (!found) throw mr::cli::UsageError("no series '" + *want + "' (give an index or a Series Instance UID)");
        }
        out.set("loaded_series", int64_t(chosen));
        if (!json) {
            std::cout << "kind            dicom-folder (" << scan.filesExamined << " files, " << scan.series.size()
                      << " series, " << scan.skipped.size() << " skipped)\n";
            for (size_t i = 0; i < scan.series.size(); ++i) {
                const auto& s = scan.series[i];
                std::cout << (i == chosen ? "* " : "  ") << "[" << i << "] " << s.modality << " \""
                          << s.seriesDescription << "\" " << s.columns << "x" << s.rows << "x" << s.sliceCount << " ("
                          << s.files.size() << " files, " << img::transferSyntaxName(s.transferSyntax) << ") "
                          << s.seriesInstanceUid << "\n";
            }
            for (const auto& s : scan.skipped) std::cout << "  skipped " << s.path << ": " << s.reason << "\n";
        }
        try {
            image = img::readDicomSeries(scan.series[chosen]);
        } catch (const img::ImageReadError& e) {
            // The scan is still worth showing: report the load failure beside it.
            out.set("error", Value(e.what()));
            if (json) std::cout << mr::json::dump(out, 2) << "\n";
            else std::cout << "error           " << e.what() << "\n";
            return 1;
        }
    } else {
        if (!args.series.empty()) throw mr::cli::UsageError("--series applies to DICOM folders");
        image = img::readImage(path);
        if (!json) std::cout << "kind            " << img::imageFileKindName(kind) << "\n";
    }
    Value loaded = img::imageToJson(image);
    out.set("image", loaded);
    if (json) std::cout << mr::json::dump(out, 2) << "\n";
    else printImage(loaded);
    return 0;
}

void declareInfo(CLI::App& app, InfoArgs& a) {
    app.add_option("path", a.path, "an image file (DICOM, NIfTI, PNG/JPEG/TIFF...) or a DICOM folder")
        ->required()
        ->type_name("PATH");
    app.add_option("--series", a.series, "the series of a DICOM folder to load (index or Series Instance UID)")
        ->type_name("N|UID");
    app.add_flag("--json", a.json, "print JSON");
}

const mr::cli::Registration reg(mr::cli::makeCommand<InfoArgs>(
    "info", "describe an image file or DICOM folder: series, geometry, encoding, value statistics", declareInfo,
    runInfo));

}  // namespace
