// `medreasoner pacs find|get|put --server URL ...`: a DICOMweb PACS from the command line.
//   find: studies by patient, date, modality, accession (QIDO-RS); with --study UID its series.
//   get:  a series (WADO-RS) into the disk cache, copied to --out when given; resumes after a
//         broken connection; Ctrl+C cancels.
//   put:  DICOM files (STOW-RS), e.g. a SEG from seg-export; a refused store leaves them as they are.
// Passwords and tokens are named by where to read them (--password-from env:VAR|file:PATH), never
// given on the command line.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "engine/core/json.h"
#include "engine/pacs/credentials.h"
#include "engine/pacs/dicomweb_client.h"

namespace fs = std::filesystem;
namespace pacs = mr::pacs;
using mr::json::Value;

namespace {

const std::vector<std::string> kServerOptions = {"server", "user", "password-from", "token-from", "ca-file", "retries"};

pacs::ServerConfig serverConfig(const mr::cli::Args& args) {
    pacs::ServerConfig c;
    const auto url = args.value("server");
    if (!url)
        throw mr::cli::UsageError("--server URL is required (the DICOMweb root, e.g. http://host:8042/dicom-web)");
    c.url = *url;
    if (auto token = args.value("token-from")) {
        c.auth.kind = pacs::HttpAuth::Kind::Bearer;
        c.auth.secret = pacs::readSecret(*token);
    } else if (auto user = args.value("user")) {
        c.auth.kind = pacs::HttpAuth::Kind::Basic;
        c.auth.user = *user;
        const auto from = args.value("password-from");
        if (!from) throw mr::cli::UsageError("--user needs --password-from env:VAR or file:PATH");
        c.auth.secret = pacs::readSecret(*from);
    }
    c.tls.caFile = args.value("ca-file", "");
    c.tls.verifyPeer = !args.flag("insecure");
    if (auto r = args.value("retries")) c.retry.attempts = int(mr::cli::parseInteger(*r, "--retries")) + 1;
    return c;
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Progress on stderr, one line rewritten in place.
mr::ProgressFn stderrProgress() {
    return [](double f, std::string_view what) {
        std::fprintf(stderr, "\r%3d%%  %-70.70s", int(f * 100 + 0.5), std::string(what).c_str());
        std::fflush(stderr);
    };
}

int runFind(const std::vector<std::string>& argv) {
    mr::cli::Args args(
        argv, with(kServerOptions, {"patient", "patient-id", "date", "modality", "accession", "study", "limit"}),
        {"insecure", "json"});
    const pacs::DicomWebClient client(serverConfig(args));
    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupt(cancel);
    const bool json = args.flag("json");
    if (auto study = args.value("study"); study && !args.value("patient") && !args.value("date")) {
        const auto series = client.findSeries(*study, args.value("modality", ""), cancel);
        Value rows = Value::array();
        if (!json)
            std::printf("%-8s %6s %9s  %-30s %s\n", "modality", "number", "instances", "description", "series UID");
        for (const auto& s : series) {
            if (json) {
                Value r = Value::object();
                r.set("series_instance_uid", s.seriesInstanceUid);
                r.set("modality", s.modality);
                r.set("series_number", s.seriesNumber);
                r.set("description", s.description);
                r.set("instances", s.instanceCount);
                rows.push_back(r);
            } else {
                std::printf("%-8s %6d %9d  %-30.30s %s\n", s.modality.c_str(), s.seriesNumber, s.instanceCount,
                            s.description.c_str(), s.seriesInstanceUid.c_str());
            }
        }
        if (json)
            std::cout << mr::json::dump(rows, 1) << "\n";
        else
            std::printf("%zu series\n", series.size());
        return 0;
    }
    pacs::StudyQuery q;
    q.patientName = args.value("patient", "");
    q.patientId = args.value("patient-id", "");
    q.studyDate = args.value("date", "");
    q.modality = args.value("modality", "");
    q.accessionNumber = args.value("accession", "");
    q.studyInstanceUid = args.value("study", "");
    if (auto l = args.value("limit")) q.limit = int(mr::cli::parseInteger(*l, "--limit"));
    const auto studies = client.findStudies(q, cancel);
    Value rows = Value::array();
    if (!json)
        std::printf("%-24s %-12s %-8s %-10s %-8s %s\n", "patient", "id", "date", "modalities", "series", "study UID");
    for (const auto& s : studies) {
        if (json) {
            Value r = Value::object();
            r.set("study_instance_uid", s.studyInstanceUid);
            r.set("patient_name", s.patientName);
            r.set("patient_id", s.patientId);
            r.set("study_date", s.studyDate);
            r.set("description", s.description);
            r.set("accession_number", s.accessionNumber);
            r.set("modalities", s.modalities);
            r.set("series", s.seriesCount);
            rows.push_back(r);
        } else {
            std::printf("%-24.24s %-12.12s %-8s %-10.10s %-8d %s\n", s.patientName.c_str(), s.patientId.c_str(),
                        s.studyDate.c_str(), s.modalities.c_str(), s.seriesCount, s.studyInstanceUid.c_str());
        }
    }
    if (json)
        std::cout << mr::json::dump(rows, 1) << "\n";
    else
        std::printf("%zu studies\n", studies.size());
    return 0;
}

std::string defaultCacheFolder() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/medreasoner/pacs";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/medreasoner/pacs";
    return (fs::temp_directory_path() / "medreasoner-pacs").string();
}

int runGet(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv, with(kServerOptions, {"study", "series", "out", "cache", "cache-size"}),
                       {"insecure", "quiet"});
    const auto study = args.value("study"), series = args.value("series");
    if (!study || !series) throw mr::cli::UsageError("--study UID and --series UID are required");
    const pacs::DicomWebClient client(serverConfig(args));
    const int64_t mib =
        args.value("cache-size") ? mr::cli::parseInteger(*args.value("cache-size"), "--cache-size") : 4096;
    pacs::SeriesCache cache(args.value("cache", defaultCacheFolder()), uint64_t(std::max<int64_t>(mib, 1)) << 20);
    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupt(cancel);
    const std::string folder =
        client.retrieveSeries(*study, *series, cache, cancel, args.flag("quiet") ? mr::ProgressFn{} : stderrProgress());
    if (!args.flag("quiet")) std::fprintf(stderr, "\n");
    size_t files = 0;
    if (auto out = args.value("out")) {
        fs::create_directories(*out);
        for (const auto& e : fs::directory_iterator(folder))
            if (e.path().extension() == ".dcm") {
                fs::copy_file(e.path(), fs::path(*out) / e.path().filename(), fs::copy_options::overwrite_existing);
                ++files;
            }
        std::cout << "retrieved " << files << " instance(s) into " << *out << "\n";
    } else {
        std::cout << "retrieved series " << *series << " into " << folder << "\n";
    }
    return 0;
}

int runPut(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv, kServerOptions, {"insecure"});
    if (args.positional().empty()) throw mr::cli::UsageError("expected one or more DICOM FILEs");
    const pacs::DicomWebClient client(serverConfig(args));
    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupt(cancel);
    try {
        const pacs::StoreResult r = client.store(args.positional(), cancel);
        std::cout << "stored " << r.stored << " instance(s) on " << client.config().url << "\n";
    } catch (const pacs::PacsError& e) {
        std::string files;
        for (const auto& f : args.positional()) files += "\n  " + f;
        throw mr::Error(std::string(e.what()) +
                        "\nnothing was changed on this machine; the files are still at:" + files);
    }
    return 0;
}

int run(const std::vector<std::string>& args) {
    if (args.empty()) throw mr::cli::UsageError("expected find, get or put");
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "find") return runFind(rest);
    if (args[0] == "get") return runGet(rest);
    if (args[0] == "put") return runPut(rest);
    throw mr::cli::UsageError("unknown pacs action '" + args[0] + "' (expected find, get or put)");
}

const mr::cli::Registration reg(
    {"pacs",
     "pacs find --server URL [--patient NAME] [--patient-id ID] [--date YYYYMMDD[-YYYYMMDD]] [--modality M] "
     "[--accession A] [--study UID] [--json] | pacs get --server URL --study UID --series UID [--out DIR] "
     "[--cache DIR] [--cache-size MiB] | pacs put --server URL FILE...   (auth: [--user NAME --password-from "
     "env:VAR|file:PATH] [--token-from env:VAR|file:PATH] [--ca-file PEM] [--insecure] [--retries N])",
     "search, retrieve from and store to a DICOMweb PACS (QIDO-RS, WADO-RS, STOW-RS)", run});

}  // namespace
