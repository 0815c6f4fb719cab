#include "engine/serve/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <mutex>

namespace mr::serve {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxCollectedBody = size_t(1) << 20;
constexpr int kPollMs = 25;  // how soon a cancel or an idle timeout is noticed

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lowerTrim(std::string s) {
    const size_t semi = s.find(';');
    if (semi != std::string::npos) s.resize(semi);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const char* ws = " \t\r\n";
    const size_t b = s.find_first_not_of(ws);
    return b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(ws) - b + 1);
}

struct Transfer {
    CURL* easy = nullptr;
    const BodyFn* onBody = nullptr;
    HttpResponse response;
    Clock::time_point lastByte;
    bool headKnown = false;
    bool anyByte = false;  // a header or body byte arrived
    size_t bodyBytes = 0;

    void learnHead() {
        if (headKnown) return;
        headKnown = true;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
        char* type = nullptr;
        curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type);
        if (type) response.contentType = lowerTrim(type);
    }
};

size_t onHeader(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    t->lastByte = Clock::now();
    t->anyByte = true;
    const std::string line(data, size * n);
    if (line.size() > 12 && lowerTrim(line.substr(0, 12)) == "retry-after:")
        t->response.retryAfter = lowerTrim(line.substr(12));
    if (line.rfind("HTTP/", 0) == 0) {  // a new status line (e.g. after "100 Continue"): forget the old head
        t->headKnown = false;
        t->response.retryAfter.clear();
    }
    return size * n;
}

size_t onData(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    t->lastByte = Clock::now();
    t->anyByte = true;
    t->learnHead();
    const size_t bytes = size * n;
    t->bodyBytes += bytes;
    const bool success = t->response.status >= 200 && t->response.status < 300;
    if (success && t->onBody && *t->onBody) {
        if (!(*t->onBody)(t->response, std::string_view(data, bytes))) {
            t->response.stopped = true;
            return 0;  // aborts the transfer (CURLE_WRITE_ERROR), reported as stopped
        }
        return bytes;
    }
    const size_t room = kMaxCollectedBody - std::min(kMaxCollectedBody, t->response.body.size());
    t->response.body.append(data, std::min(room, bytes));
    return bytes;
}

bool isTlsError(CURLcode c) {
    switch (c) {
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_USE_SSL_FAILED:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_CLIENTCERT: return true;
        default: return false;
    }
}

[[noreturn]] void throwTransportError(CURLcode code, const char* detail, const Transfer& t, const std::string& what) {
    const std::string why = detail && *detail ? detail : curl_easy_strerror(code);
    if (isTlsError(code))
        throw RemoteError(RemoteErrorKind::Tls,
                          what + ": the secure connection (TLS) failed: " + why +
                              " (is the URL's scheme right, and is the server's certificate trusted?)");
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
            throw RemoteError(RemoteErrorKind::Unreachable, what + ": cannot reach the server: " + why);
        case CURLE_OPERATION_TIMEDOUT:
            if (!t.anyByte) throw RemoteError(RemoteErrorKind::Unreachable, what + ": cannot reach the server: " + why);
            throw RemoteError(RemoteErrorKind::Timeout, what + ": the request took longer than allowed: " + why);
        case CURLE_GOT_NOTHING:
            throw RemoteError(RemoteErrorKind::Truncated, what + ": the server closed the connection without a reply");
        default:
            throw RemoteError(RemoteErrorKind::Truncated,
                              what + ": the connection ended before the reply was complete: " + why,
                              int(t.response.status));
    }
}

struct EasyDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct MultiDeleter {
    void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
struct ListDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

HttpResponse performHttp(const HttpRequest& req, const BodyFn& onBody, const mr::CancelToken& cancel) {
    initCurlOnce();
    const std::string what = req.method + " " + req.url;
    // Declared before the easy handle so it is cleaned up after it (the easy handle leaves it first).
    std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
    std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    if (!easy || !multi) throw RemoteError(RemoteErrorKind::Unreachable, what + ": libcurl could not start");
    curl_slist* list = nullptr;
    for (const auto& h : req.headers) list = curl_slist_append(list, h.c_str());
    std::unique_ptr<curl_slist, ListDeleter> headers(list);

    Transfer t;
    t.easy = easy.get();
    t.onBody = &onBody;
    char error[CURL_ERROR_SIZE] = {0};
    CURL* e = easy.get();
    curl_easy_setopt(e, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(req.connectTimeoutSeconds * 1000));
    if (req.totalTimeoutSeconds > 0) curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, long(req.totalTimeoutSeconds * 1000));
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    if (req.method == "POST") {
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(req.body.size()));
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, req.body.data());
    }
    curl_multi_add_handle(multi.get(), e);

    t.lastByte = Clock::now();
    int running = 1;
    while (running) {
        if (curl_multi_perform(multi.get(), &running) != CURLM_OK) break;
        if (!running) break;
        if (cancel.cancelled()) {
            t.response.cancelled = true;
            break;
        }
        // Until the first byte the connect time counts too (curl's own connect timeout bounds it).
        const double idle = std::chrono::duration<double>(Clock::now() - t.lastByte).count();
        if (idle > req.idleTimeoutSeconds + (t.anyByte ? 0 : req.connectTimeoutSeconds)) {
            curl_multi_remove_handle(multi.get(), e);
            throw RemoteError(RemoteErrorKind::IdleTimeout, what + ": the server sent nothing for " +
                                                                std::to_string(int(idle)) +
                                                                " s (idle timeout); it may be overloaded or stuck");
        }
        curl_multi_poll(multi.get(), nullptr, 0, kPollMs, nullptr);
    }
    CURLcode code = CURLE_OK;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left))
        if (msg->msg == CURLMSG_DONE) code = msg->data.result;
    t.learnHead();
    curl_multi_remove_handle(multi.get(), e);
    if (t.response.cancelled || (t.response.stopped && code == CURLE_WRITE_ERROR)) return t.response;
    if (code != CURLE_OK) throwTransportError(code, error, t, what);
    return t.response;
}

}  // namespace mr::serve
