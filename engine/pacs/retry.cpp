#include "engine/pacs/retry.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace mr::pacs {

namespace {
// Sleeps in small steps so that a cancel is noticed within 50 ms.
void waitFor(double seconds, const mr::CancelToken& cancel) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        cancel.check();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    cancel.check();
}
}  // namespace

bool transientStatus(long status) { return status == 429 || status == 502 || status == 503 || status == 504; }

HttpResponse withRetries(const RetryPolicy& policy, const mr::CancelToken& cancel,
                         const std::function<HttpResponse()>& attempt,
                         const std::function<void(int, const std::string&)>& onRetry) {
    const int attempts = std::max(1, policy.attempts);
    double delay = policy.firstDelaySeconds;
    for (int i = 1;; ++i) {
        cancel.check();
        std::string why;
        try {
            HttpResponse r = attempt();
            if (!transientStatus(r.status) || i == attempts) return r;
            why = "HTTP " + std::to_string(r.status) + " " + httpReason(r.status);
        } catch (const HttpError& e) {
            if (!e.transient() || i == attempts) throw;
            why = e.what();
        }
        if (onRetry) onRetry(i, why);
        waitFor(delay, cancel);
        delay = std::min(delay * policy.factor, policy.maxDelaySeconds);
    }
}

}  // namespace mr::pacs
