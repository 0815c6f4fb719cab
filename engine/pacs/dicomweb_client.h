#pragma once
// A DICOMweb client (PS3.18): QIDO-RS search of studies, series and instances, WADO-RS retrieval
// of a series into a disk cache (instance by instance, so a broken connection loses nothing that
// arrived and the next try resumes), STOW-RS storage of DICOM files. Every request goes through
// the retry policy. Failures are PacsError naming the server, what was asked and why.
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/core/error.h"
#include "engine/pacs/dicom_json.h"
#include "engine/pacs/http_client.h"
#include "engine/pacs/retry.h"
#include "engine/pacs/series_cache.h"

namespace mr::pacs {

struct ServerConfig {
    std::string url;  // the DICOMweb root, e.g. "http://127.0.0.1:8042/dicom-web"
    HttpAuth auth;
    TlsOptions tls;
    HttpTimeouts timeouts;
    RetryPolicy retry;
};

struct StudyQuery {
    std::string patientName;  // DICOM matching: '*' and '?' wildcards
    std::string patientId;
    std::string studyDate;  // "YYYYMMDD" or a range "YYYYMMDD-YYYYMMDD"
    std::string modality;   // one modality in the study, e.g. "CT"
    std::string accessionNumber;
    std::string studyInstanceUid;
    int limit = 200;
};

class PacsError : public mr::Error {
public:
    PacsError(const std::string& message, long status = 0) : mr::Error(message), status_(status) {}
    long status() const { return status_; }  // the HTTP status, 0 for a transport failure

private:
    long status_;
};

struct StoreResult {
    int stored = 0;
    std::vector<std::string> storedInstances;  // SOP Instance UIDs the server confirmed
};

class DicomWebClient {
public:
    explicit DicomWebClient(ServerConfig config);
    const ServerConfig& config() const { return config_; }

    std::vector<StudyResult> findStudies(const StudyQuery& query, const mr::CancelToken& cancel = {}) const;
    // The series of a study; modality "" for all.
    std::vector<SeriesResult> findSeries(const std::string& studyUid, const std::string& modality = {},
                                         const mr::CancelToken& cancel = {}) const;
    std::vector<InstanceResult> findInstances(const std::string& studyUid, const std::string& seriesUid,
                                              const mr::CancelToken& cancel = {}) const;

    // The folder of the series in the cache (one .dcm per instance), retrieved when not cached.
    // progress: instances received over the series' count.
    std::string retrieveSeries(const std::string& studyUid, const std::string& seriesUid, SeriesCache& cache,
                               const mr::CancelToken& cancel = {}, const mr::ProgressFn& progress = {}) const;

    // Stores DICOM files with STOW-RS (requests of up to 64 MiB); the files are only read. Throws
    // PacsError when the server refuses any of them, naming them and why (and what was stored).
    StoreResult store(const std::vector<std::string>& files, const mr::CancelToken& cancel = {},
                      const mr::ProgressFn& progress = {}) const;

private:
    // With retries; throws PacsError for transport failures only.
    HttpResponse send(const std::string& what, const HttpRequest& req, const mr::CancelToken& cancel,
                      const mr::ProgressFn& progress = {}) const;
    // send, and a refused request (status 400 and up) is a PacsError saying why.
    HttpResponse request(const std::string& what, const HttpRequest& req, const mr::CancelToken& cancel,
                         const mr::ProgressFn& progress = {}) const;
    mr::json::Value query(const std::string& what, const std::string& path, const mr::CancelToken& cancel) const;
    StoreResult storeBatch(const std::vector<std::string>& contents, const mr::CancelToken& cancel,
                           const mr::ProgressFn& progress) const;
    std::string retrieveInstance(const std::string& studyUid, const std::string& seriesUid, const std::string& sopUid,
                                 const mr::CancelToken& cancel) const;

    ServerConfig config_;
    HttpClient http_;
};

// "PatientName=DOE^J*": a query parameter; '&', '#', '%', '+', '=' and bytes outside printable
// ASCII are percent-encoded, a space becomes the wildcard '?'.
std::string queryParameter(const std::string& name, const std::string& value);

}  // namespace mr::pacs
