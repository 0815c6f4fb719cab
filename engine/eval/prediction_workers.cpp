#include "engine/eval/prediction_workers.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace mr::eval {

namespace {

// One prediction; false when it was cancelled (nothing to report).
bool predictOne(Predictor& predictor, const PredictRequest& request, const mr::CancelToken& cancel,
                PredictOutcome& out) {
    try {
        out.prediction = predictor.predict(request, cancel);
    } catch (const mr::Cancelled&) {
        return false;
    } catch (const std::exception& e) {
        if (cancel.cancelled()) return false;
        out.error = e.what();
    }
    return true;
}

}  // namespace

void predictAll(Predictor& predictor, const std::vector<PredictRequest>& requests, size_t threads,
                const mr::CancelToken& cancel, const std::function<void(PredictOutcome&)>& onOutcome) {
    if (threads <= 1) {
        for (size_t i = 0; i < requests.size(); ++i) {
            cancel.check();
            PredictOutcome o{i, std::nullopt, {}};
            if (!predictOne(predictor, requests[i], cancel, o)) throw mr::Cancelled();
            onOutcome(o);
        }
        return;
    }
    // Workers predict with their own token, which the caller's cancel or a failure here triggers.
    const mr::CancelToken stop;
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<PredictOutcome> outcomes;
    std::atomic<size_t> next{0};
    size_t running = std::min(threads, requests.size());
    auto work = [&] {
        for (size_t i; !stop.cancelled() && (i = next++) < requests.size();) {
            PredictOutcome o{i, std::nullopt, {}};
            if (!predictOne(predictor, requests[i], stop, o)) continue;
            std::lock_guard<std::mutex> lock(mutex);
            outcomes.push_back(std::move(o));
            ready.notify_one();
        }
        std::lock_guard<std::mutex> lock(mutex);
        --running;
        ready.notify_one();
    };
    std::vector<std::thread> workers;
    for (size_t t = 0; t < running; ++t) workers.emplace_back(work);
    auto joinAll = [&] {
        stop.cancel();
        for (auto& w : workers) w.join();
    };
    try {
        for (;;) {
            std::unique_lock<std::mutex> lock(mutex);
            ready.wait_for(lock, std::chrono::milliseconds(50), [&] { return !outcomes.empty() || running == 0; });
            if (cancel.cancelled()) stop.cancel();
            if (outcomes.empty()) {
                if (running == 0) break;
                continue;
            }
            PredictOutcome o = std::move(outcomes.front());
            outcomes.pop_front();
            lock.unlock();
            onOutcome(o);
        }
    } catch (...) {
        joinAll();
        throw;
    }
    joinAll();
    cancel.check();
}

}  // namespace mr::eval
