#pragma once
// Cooperative cancellation and progress for long engine work (model loading, series decoding,
// generation). The GUI keeps a copy of the token and calls cancel(); workers poll it.
#include <atomic>
#include <functional>
#include <memory>
#include <string_view>

#include "engine/core/error.h"

namespace mr {

class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { flag_->store(true, std::memory_order_relaxed); }
    bool cancelled() const { return flag_->load(std::memory_order_relaxed); }
    // Throws mr::Cancelled when cancellation was requested.
    void check() const {
        if (cancelled()) throw Cancelled();
    }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

// fraction in [0,1]; what is a short user-facing description of the current step.
using ProgressFn = std::function<void(double fraction, std::string_view what)>;

}  // namespace mr
