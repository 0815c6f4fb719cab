// `medreasoner pacs find|get|put --server URL ...`: a DICOMweb PACS from the command line.
//   find: studies by patient, date, modality, accession (QIDO-RS); with --study UID its series.
//   get:  a series (WADO-RS) into the disk cache, copied to --out when given; resumes after a
//         broken connection; Ctrl+C cancels.
//   put:  DICOM files (STOW-RS), e.g. a SEG from seg-export; a refused store leaves them as they are.
// Passwords and tokens are named by where to read them (--password-from env:VAR|file:PATH), never
// given on the command line.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "engine/core/json.h"
#include "engine/pacs/credentials.h"
#include "engine/pacs/dicomweb_client.h"

namespace fs = std::filesystem;
namespace pacs = mr::pacs;
using mr::json::Value;

namespace {

struct PacsArgs {
    // server
    std::string server, user, passwordFrom, tokenFrom, caFile;
    bool insecure = false;
    int retries = 3;
    // find
    std::string patient, patientId, date, modality, accession, study;
    int limit = 200;
    bool json = false;
    // get
    std::string series, out, cache;
    int64_t cacheMiB = 4096;
    bool quiet = false;
    // put
    std::vector<std::string> files;
};

pacs::ServerConfig serverConfig(const PacsArgs& a) {
    pacs::ServerConfig c;
    c.url = a.server;
    if (!a.tokenFrom.empty()) {
        c.auth.kind = pacs::HttpAuth::Kind::Bearer;
        c.auth.secret = pacs::readSecret(a.tokenFrom);
    } else if (!a.user.empty()) {
        c.auth.kind = pacs::HttpAuth::Kind::Basic;
        c.auth.user = a.user;
        if (a.passwordFrom.empty()) throw mr::cli::UsageError("--user needs --password-from env:VAR or file:PATH");
        c.auth.secret = pacs::readSecret(a.passwordFrom);
    }
    c.tls.caFile = a.caFile;
    c.tls.verifyPeer = !a.insecure;
    c.retry.attempts = std::max(0, a.retries) + 1;
    return c;
}

// Progress on stderr, one line rewritten in place.
mr::ProgressFn stderrProgress() {
    return [](double f, std::string_view what) {
        std::fprintf(stderr, "\r%3d%%  %-70.70s", int(f * 100 + 0.5), std::string(what).c_str());
        std::fflush(stderr);
    };
}

// A JSON list of the rows (`json`), else a table: the header, one line per row, and the count.
template <class Row, class Line, class ToJson>
int printRows(const std::vector<Row>& rows, bool json, Line printHeaderOrLine, ToJson toJson, const char* noun) {
    if (json) {
        Value list = Value::array();
        for (const Row& r : rows) list.push_back(toJson(r));
        std::cout << mr::json::dump(list, 1) << "\n";
        return 0;
    }
    printHeaderOrLine(nullptr);
    for (const Row& r : rows) printHeaderOrLine(&r);
    std::printf("%zu %s\n", rows.size(), noun);
    return 0;
}

int printSeries(const std::vector<pacs::SeriesResult>& series, bool json) {
    auto line = [](const pacs::SeriesResult* s) {
        if (!s) std::printf("%-8s %6s %9s  %-30s %s\n", "modality", "number", "instances", "description", "series UID");
        else
            std::printf("%-8s %6d %9d  %-30.30s %s\n", s->modality.c_str(), s->seriesNumber, s->instanceCount,
                        s->description.c_str(), s->seriesInstanceUid.c_str());
    };
    auto toJson = [](const pacs::SeriesResult& s) {
        Value r = Value::object();
        r.set("series_instance_uid", s.seriesInstanceUid);
        r.set("modality", s.modality);
        r.set("series_number", s.seriesNumber);
        r.set("description", s.description);
        r.set("instances", s.instanceCount);
        return r;
    };
    return printRows(series, json, line, toJson, "series");
}

int printStudies(const std::vector<pacs::StudyResult>& studies, bool json) {
    auto line = [](const pacs::StudyResult* s) {
        if (!s)
            std::printf("%-24s %-12s %-8s %-10s %-8s %s\n", "patient", "id", "date", "modalities", "series",
                        "study UID");
        else
            std::printf("%-24.24s %-12.12s %-8s %-10.10s %-8d %s\n", s->patientName.c_str(), s->patientId.c_str(),
                        s->studyDate.c_str(), s->modalities.c_str(), s->seriesCount, s->studyInstanceUid.c_str());
    };
    auto toJson = [](const pacs::StudyResult& s) {
        Value r = Value::object();
        r.set("study_instance_uid", s.studyInstanceUid);
        r.set("patient_name", s.patientName);
        r.set("patient_id", s.patientId);
        r.set("study_date", s.studyDate);
        r.set("description", s.description);
        r.set("accession_number", s.accessionNumber);
        r.set("modalities", s.modalities);
        r.set("series", s.seriesCount);
        return r;
    };
    return printRows(studies, json, line, toJson, "studies");
}

int runFind(const PacsArgs& a) {
    const pacs::DicomWebClient client(serverConfig(a));
    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupt(cancel);
    // A study and nothing else to match: list its series.
    if (!a.study.empty() && a.patient.empty() && a.patientId.empty() && a.date.empty() && a.accession.empty())
        return printSeries(client.findSeries(a.study, a.modality, cancel), a.json);
    pacs::StudyQuery q;
    q.patientName = a.patient;
    q.patientId = a.patientId;
    q.studyDate = a.date;
    q.modality = a.modality;
    q.accessionNumber = a.accession;
    q.studyInstanceUid = a.study;
    q.limit = a.limit;
    return printStudies(client.findStudies(q, cancel), a.json);
}

std::string defaultCacheFolder() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/medreasoner/pacs";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/medreasoner/pacs";
    return (fs::temp_directory_path() / "medreasoner-pacs").string();
}

int runGet(const PacsArgs& a) {
    const pacs::DicomWebClient client(serverConfig(a));
    pacs::SeriesCache cache(a.cache.empty() ? defaultCacheFolder() : a.cache, uint64_t(std::max<int64_t>(a.cacheMiB, 1))
                                                                                  << 20);
    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupt(cancel);
    const std::string folder =
        client.retrieveSeries(a.study, a.series, cache, cancel, a.quiet ? mr::ProgressFn{} : stderrProgress());
    if (!a.quiet) std::fprintf(stderr, "\n");
    if (a.out.empty()) {
        std::cout << "retrieved series " << a.series << " into " << folder << "\n";
        return 0;
    }
    fs::create_directories(a.out);
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.path().extension() == ".dcm") {
            fs::copy_file(e.path(), fs::path(a.out) / e.path().filename(), fs::copy_options::overwrite_existing);
            ++files;
        }
    std::cout << "retrieved " << files << " instance(s) into " << a.out << "\n";
    return 0;
}

int runPut(const PacsArgs& a) {
    const pacs::DicomWebClient client(serverConfig(a));
    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupt(cancel);
    try {
        const pacs::StoreResult r = client.store(a.files, cancel);
        std::cout << "stored " << r.stored << " instance(s) on " << client.config().url << "\n";
    } catch (const pacs::PacsError& e) {
        std::string files;
        for (const auto& f : a.files) files += "\n  " + f;
        throw mr::Error(std::string(e.what()) +
                        "\nnothing was changed on this machine; the files are still at:" + files);
    }
    return 0;
}

// Every action takes the server and its authentication.
void addServerOptions(CLI::App* app, PacsArgs& a) {
    app->add_option("--server", a.server, "the DICOMweb root, e.g. http://host:8042/dicom-web")
        ->required()
        ->type_name("URL");
    app->add_option("--user", a.user, "basic authentication: the user name")->type_name("NAME");
    app->add_option("--password-from", a.passwordFrom,
                    "where the password is: env:VARIABLE or file:PATH (never the "
                    "password itself)")
        ->type_name("SOURCE");
    app->add_option("--token-from", a.tokenFrom, "bearer authentication: where the token is (env:VAR or file:PATH)")
        ->type_name("SOURCE");
    app->add_option("--ca-file", a.caFile, "PEM certificates to trust instead of the system's")->type_name("PEM");
    app->add_flag("--insecure", a.insecure, "accept any TLS certificate (test servers only)");
    app->add_option("--retries", a.retries, "retries of a transient failure, with back-off")->capture_default_str();
}

mr::cli::Action declarePacs(CLI::App& app) {
    auto a = std::make_shared<PacsArgs>();
    app.require_subcommand(1);
    CLI::App* find = app.add_subcommand("find", "search studies (QIDO-RS); with only --study, list its series");
    addServerOptions(find, *a);
    find->add_option("--patient", a->patient, "patient name; * and ? are wildcards")->type_name("NAME");
    find->add_option("--patient-id", a->patientId, "patient ID")->type_name("ID");
    find->add_option("--date", a->date, "study date or range")->type_name("YYYYMMDD[-YYYYMMDD]");
    find->add_option("--modality", a->modality, "a modality in the study (of the series with --study)")->type_name("M");
    find->add_option("--accession", a->accession, "accession number")->type_name("A");
    find->add_option("--study", a->study, "a Study Instance UID")->type_name("UID");
    find->add_option("--limit", a->limit, "at most this many studies")->capture_default_str();
    find->add_flag("--json", a->json, "print JSON");
    CLI::App* get = app.add_subcommand("get", "retrieve a series (WADO-RS) into the cache, copied to --out");
    addServerOptions(get, *a);
    get->add_option("--study", a->study, "its Study Instance UID")->required()->type_name("UID");
    get->add_option("--series", a->series, "its Series Instance UID")->required()->type_name("UID");
    get->add_option("--out", a->out, "copy the instances into this folder")->type_name("DIR");
    get->add_option("--cache", a->cache, "the cache folder (default: $XDG_CACHE_HOME/medreasoner/pacs)")
        ->type_name("DIR");
    get->add_option("--cache-size", a->cacheMiB, "the cache's size limit in MiB")->capture_default_str();
    get->add_flag("--quiet", a->quiet, "no progress line");
    CLI::App* put = app.add_subcommand("put", "store DICOM files (STOW-RS), e.g. a SEG from seg-export --link-source");
    addServerOptions(put, *a);
    put->add_option("files", a->files, "DICOM files")->required()->type_name("FILE...");
    return [a, find, get] { return find->parsed() ? runFind(*a) : get->parsed() ? runGet(*a) : runPut(*a); };
}

const mr::cli::Registration reg({"pacs",
                                 "search, retrieve from and store to a DICOMweb PACS (QIDO-RS, WADO-RS, STOW-RS); "
                                 "passwords come from env:VAR or file:PATH",
                                 declarePacs});

}  // namespace
