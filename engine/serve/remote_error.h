#pragma once
// What can go wrong talking to a reasoner server, each with a message that says what to do.
#include <string>

#include "engine/core/error.h"

namespace mr::serve {

enum class RemoteErrorKind {
    Config,        // no base URL or model, API key variable unset or key file unreadable
    Unreachable,   // name does not resolve, connection refused, connect timeout
    Tls,           // handshake failed, certificate not trusted, plain HTTP on an https URL
    Unauthorized,  // HTTP 401/403: API key missing or wrong
    UnknownModel,  // the server does not serve the model name
    Busy,          // HTTP 429 after the allowed retries (the server's queue is full)
    HttpStatus,    // any other 4xx/5xx, with the server's own message
    Malformed,     // a reply or stream event that is not what the protocol says
    Truncated,     // the connection ended before the reply was complete
    IdleTimeout,   // the server stopped sending for longer than the idle timeout
    Timeout,       // the whole request took longer than allowed
};
const char* remoteErrorKindName(RemoteErrorKind kind);  // "unreachable", "tls", ...

class RemoteError : public mr::Error {
public:
    RemoteError(RemoteErrorKind kind, const std::string& what, int httpStatus = 0)
        : mr::Error(what), kind_(kind), httpStatus_(httpStatus) {}
    RemoteErrorKind kind() const { return kind_; }
    int httpStatus() const { return httpStatus_; }  // 0 when no HTTP status was received

private:
    RemoteErrorKind kind_;
    int httpStatus_;
};

}  // namespace mr::serve
