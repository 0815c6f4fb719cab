#pragma once
// Retries with exponential back-off for transient failures: refused or dropped connections,
// timeouts, and the HTTP statuses that say "try again" (429, 502, 503, 504). Anything else (a
// wrong password, a 500, a 404) fails at once: repeating it would only delay the message.
#include <functional>
#include <string>

#include "engine/core/cancel.h"
#include "engine/pacs/http_client.h"

namespace mr::pacs {

struct RetryPolicy {
    int attempts = 4;  // in all, the first one included
    double firstDelaySeconds = 0.5;
    double factor = 2.0;
    double maxDelaySeconds = 8.0;
};

bool transientStatus(long status);

// Calls `attempt` until it returns a response whose status is not transient, or the attempts are
// used up; HttpError that is transient is retried too, the last one rethrown. Waits are cut
// short by cancellation (mr::Cancelled). `onRetry` (optional) hears each retry and why.
HttpResponse withRetries(const RetryPolicy& policy, const mr::CancelToken& cancel,
                         const std::function<HttpResponse()>& attempt,
                         const std::function<void(int attempt, const std::string& why)>& onRetry = {});

}  // namespace mr::pacs
