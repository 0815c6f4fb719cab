#include "engine/serve/generation_queue.h"

#include <algorithm>

namespace mr::serve {

std::unique_ptr<GenerationQueue::Ticket> GenerationQueue::tryEnter() {
    std::lock_guard<std::mutex> lock(mutex_);
    const size_t occupied = waiting_.size() + (running_ ? 1 : 0);
    if (occupied >= size_t(maxWaiting_) + 1) return nullptr;
    const uint64_t number = nextNumber_++;
    waiting_.push_back(number);
    return std::unique_ptr<Ticket>(new Ticket(*this, number));
}

GenerationQueue::Counts GenerationQueue::counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {running_ ? 1 : 0, int(waiting_.size())};
}

void GenerationQueue::leave(uint64_t number) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (running_ == number) running_ = 0;
        waiting_.erase(std::remove(waiting_.begin(), waiting_.end(), number), waiting_.end());
    }
    changed_.notify_all();
}

GenerationQueue::Ticket::~Ticket() {
    if (!left_) queue_.leave(number_);
}

bool GenerationQueue::Ticket::running() const {
    std::lock_guard<std::mutex> lock(queue_.mutex_);
    return queue_.running_ == number_;
}

bool GenerationQueue::Ticket::waitTurn(const std::function<bool()>& stillWanted, std::chrono::milliseconds poll) {
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(queue_.mutex_);
            auto myTurn = [&] {
                return !queue_.running_ && !queue_.waiting_.empty() && queue_.waiting_.front() == number_;
            };
            if (queue_.changed_.wait_for(lock, poll, myTurn)) {
                queue_.waiting_.pop_front();
                queue_.running_ = number_;
                return true;
            }
        }
        if (stillWanted && !stillWanted()) {
            queue_.leave(number_);
            left_ = true;
            return false;
        }
    }
}

}  // namespace mr::serve
