#include "engine/serve/remote_error.h"

namespace mr::serve {

const char* remoteErrorKindName(RemoteErrorKind kind) {
    switch (kind) {
        case RemoteErrorKind::Config: return "config";
        case RemoteErrorKind::Unreachable: return "unreachable";
        case RemoteErrorKind::Tls: return "tls";
        case RemoteErrorKind::Unauthorized: return "unauthorized";
        case RemoteErrorKind::UnknownModel: return "unknown_model";
        case RemoteErrorKind::Busy: return "busy";
        case RemoteErrorKind::HttpStatus: return "http_status";
        case RemoteErrorKind::Malformed: return "malformed";
        case RemoteErrorKind::Truncated: return "truncated";
        case RemoteErrorKind::IdleTimeout: return "idle_timeout";
        case RemoteErrorKind::Timeout: return "timeout";
    }
    return "?";
}

}  // namespace mr::serve
