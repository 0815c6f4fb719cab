#pragma once
// One HTTP request through libcurl, its body streamed to a callback as it arrives, with the
// timeouts a reasoner needs (connect, idle = nothing received for a while, total) and prompt
// cancellation (the transfer is polled every few tens of milliseconds; cancelling closes the
// connection, which a server takes as "stop generating"). Each call has its own handles, so calls
// from several threads run at once. Transport failures throw RemoteError with a clear kind.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/serve/remote_error.h"

namespace mr::serve {

struct HttpRequest {
    std::string method = "GET";  // "GET" or "POST"
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;                  // POST only
    double connectTimeoutSeconds = 10;
    double idleTimeoutSeconds = 120;
    double totalTimeoutSeconds = 0;  // 0: none
};

struct HttpResponse {
    long status = 0;
    std::string contentType;  // lower case, without parameters
    std::string retryAfter;   // the Retry-After header, if any
    std::string body;         // the body when it was not streamed (non-2xx, or no callback); capped at 1 MiB
    bool cancelled = false;   // the CancelToken stopped the transfer
    bool stopped = false;     // the body callback asked to stop
};

// Receives each piece of a 2xx body as it arrives (the response's status and content type are
// already known). Returns false to stop the transfer (no error).
using BodyFn = std::function<bool(const HttpResponse& head, std::string_view piece)>;

// Performs the request. Without `onBody` (or for a non-2xx status) the body is collected. Throws
// RemoteError: Unreachable, Tls, Truncated (connection lost mid-reply), IdleTimeout, Timeout.
// `what` names the request in messages ("POST http://host/v1/chat/completions").
HttpResponse performHttp(const HttpRequest& request, const BodyFn& onBody, const mr::CancelToken& cancel);

}  // namespace mr::serve
