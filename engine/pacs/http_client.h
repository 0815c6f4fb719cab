#pragma once
// One HTTP(S) exchange over libcurl: authentication (basic or bearer), TLS verification with an
// optional CA file, timeouts, a cap on the response size, progress and cancellation. No retries
// here (see retry.h); no Qt.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/core/error.h"

namespace mr::pacs {

struct HttpAuth {
    enum class Kind { None, Basic, Bearer };
    Kind kind = Kind::None;
    std::string user;    // basic
    std::string secret;  // the password (basic) or the token (bearer); kept in memory only
};

struct TlsOptions {
    bool verifyPeer = true;  // false accepts any certificate (a test server with a self-signed one)
    std::string caFile;      // PEM bundle to trust instead of the system's
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string_view body;             // sent as is (POST/PUT); must outlive the call
    uint64_t maxResponseBytes = uint64_t(4) << 30;
};

struct HttpResponse {
    long status = 0;
    std::string contentType;
    std::string body;
};

// A transport failure (no HTTP status): connection refused, timeout, TLS, a reply too large.
class HttpError : public mr::Error {
public:
    HttpError(const std::string& message, bool transient) : mr::Error(message), transient_(transient) {}
    bool transient() const { return transient_; }  // worth another attempt

private:
    bool transient_;
};

struct HttpTimeouts {
    long connectSeconds = 10;
    long lowSpeedSeconds = 60;  // give up when less than 1 byte/s arrives for this long
};

class HttpClient {
public:
    HttpClient(HttpAuth auth, TlsOptions tls, HttpTimeouts timeouts = {});

    // Any HTTP status is returned; transport failures throw HttpError, cancellation mr::Cancelled.
    // progress gets bytes received over the expected total when the server says it (else 0).
    HttpResponse send(const HttpRequest& request, const mr::CancelToken& cancel = {},
                      const mr::ProgressFn& progress = {}) const;

private:
    HttpAuth auth_;
    TlsOptions tls_;
    HttpTimeouts timeouts_;
};

// "Not Found" for 404, ... (the reason phrase of common statuses, else "").
const char* httpReason(long status);

}  // namespace mr::pacs
