#pragma once
// Ctrl+C (and SIGTERM) as a cancellation: long commands stop between steps and keep what is done.
#include "engine/core/cancel.h"

namespace mr::cli {

// While alive, SIGINT and SIGTERM cancel `token` (an atomic store, safe in a signal handler);
// the previous handlers come back when it goes.
class InterruptCancels {
public:
    explicit InterruptCancels(mr::CancelToken& token);
    ~InterruptCancels();
    InterruptCancels(const InterruptCancels&) = delete;
    InterruptCancels& operator=(const InterruptCancels&) = delete;

private:
    void (*previousInt_)(int);
    void (*previousTerm_)(int);
};

}  // namespace mr::cli
