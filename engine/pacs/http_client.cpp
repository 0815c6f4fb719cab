#include "engine/pacs/http_client.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace mr::pacs {

namespace {

void globalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
    HttpResponse* response = nullptr;
    uint64_t maxBytes = 0;
    bool tooLarge = false;
    const mr::CancelToken* cancel = nullptr;
    const mr::ProgressFn* progress = nullptr;
    bool upload = false;
};

size_t onBody(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    if (t->response->body.size() + n > t->maxBytes) {
        t->tooLarge = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    t->response->body.append(data, n);
    return n;
}

int onProgress(void* user, curl_off_t dlTotal, curl_off_t dlNow, curl_off_t ulTotal, curl_off_t ulNow) {
    auto* t = static_cast<Transfer*>(user);
    if (t->cancel->cancelled()) return 1;  // CURLE_ABORTED_BY_CALLBACK
    if (*t->progress) {
        const curl_off_t total = t->upload ? ulTotal : dlTotal, now = t->upload ? ulNow : dlNow;
        (*t->progress)(total > 0 ? double(now) / double(total) : 0.0, t->upload ? "Sending" : "Receiving");
    }
    return 0;
}

// The URL for messages: without user:password@ (never show credentials) and without the query.
std::string forMessages(std::string url) {
    url = url.substr(0, url.find('?'));
    const size_t scheme = url.find("://");
    const size_t at = url.find('@');
    const size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (scheme == std::string::npos || at == std::string::npos || (slash != std::string::npos && at > slash))
        return url;
    return url.substr(0, scheme + 3) + url.substr(at + 1);
}

bool transientCode(CURLcode c) {
    switch (c) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM: return true;
        default: return false;
    }
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

// Request headers as curl wants them, freed with the transfer.
struct HeaderList {
    curl_slist* list = nullptr;
    HeaderList() = default;
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    ~HeaderList() { curl_slist_free_all(list); }
    void add(const std::string& header) {
        curl_slist* next = curl_slist_append(list, header.c_str());
        if (!next) throw HttpError("out of memory building an HTTP request", false);
        list = next;
    }
};

}  // namespace

const char* httpReason(long status) {
    switch (status) {
        case 200: return "OK";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 406: return "Not Acceptable";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "";
    }
}

HttpClient::HttpClient(HttpAuth auth, TlsOptions tls, HttpTimeouts timeouts)
    : auth_(std::move(auth)), tls_(std::move(tls)), timeouts_(timeouts) {
    globalInit();
}

HttpResponse HttpClient::send(const HttpRequest& request, const mr::CancelToken& cancel,
                              const mr::ProgressFn& progress) const {
    cancel.check();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) throw HttpError("cannot start an HTTP transfer (libcurl)", false);
    CURL* c = curl.get();
    HttpResponse response;
    Transfer t{&response, request.maxResponseBytes, false, &cancel, &progress, !request.body.empty()};
    char errorText[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeouts_.connectSeconds);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, timeouts_.lowSpeedSeconds);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode (gzip, ...)
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, tls_.verifyPeer ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, tls_.verifyPeer ? 2L : 0L);
    if (!tls_.caFile.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, tls_.caFile.c_str());
    if (auth_.kind == HttpAuth::Kind::Basic) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
        curl_easy_setopt(c, CURLOPT_USERNAME, auth_.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, auth_.secret.c_str());
    } else if (auth_.kind == HttpAuth::Kind::Bearer) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, long(CURLAUTH_BEARER));
        curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, auth_.secret.c_str());
    }
    if (request.method == "POST" || request.method == "PUT" || !request.body.empty()) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    }
    if (request.method != "GET" && request.method != "POST")
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    HeaderList headers;
    for (const std::string& h : request.headers) headers.add(h);
    headers.add("Expect:");  // curl adds "Expect: 100-continue" to large POSTs; some servers stall on it
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.list);

    const CURLcode code = curl_easy_perform(c);
    const std::string where = forMessages(request.url);
    if (code == CURLE_ABORTED_BY_CALLBACK) throw mr::Cancelled();
    if (t.tooLarge)
        throw HttpError(
            where + ": the reply is larger than " + std::to_string(request.maxResponseBytes >> 20) + " MiB; refused",
            false);
    if (code != CURLE_OK) {
        const std::string detail = errorText[0] ? errorText : curl_easy_strerror(code);
        throw HttpError("cannot reach " + where + ": " + detail, transientCode(code));
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    char* type = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) response.contentType = type;
    return response;
}

}  // namespace mr::pacs
