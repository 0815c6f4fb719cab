#include "app/cli/interrupt.h"

#include <csignal>

namespace mr::cli {

namespace {
mr::CancelToken* g_cancel = nullptr;
extern "C" void cancelOnInterrupt(int) {
    if (g_cancel) g_cancel->cancel();
}
}  // namespace

InterruptCancels::InterruptCancels(mr::CancelToken& token) {
    g_cancel = &token;
    previousInt_ = std::signal(SIGINT, cancelOnInterrupt);
    previousTerm_ = std::signal(SIGTERM, cancelOnInterrupt);
}

InterruptCancels::~InterruptCancels() {
    std::signal(SIGINT, previousInt_);
    std::signal(SIGTERM, previousTerm_);
    g_cancel = nullptr;
}

}  // namespace mr::cli
