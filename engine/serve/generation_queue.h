#pragma once
// One generation at a time per model, the others waiting in arrival order, a bounded number of
// them: a request that finds the queue full is refused at once (HTTP 429) instead of waiting
// without end. A waiting request whose client went away leaves the queue.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace mr::serve {

class GenerationQueue {
public:
    // A place in the queue; destroying it leaves the queue or ends the turn.
    class Ticket {
    public:
        ~Ticket();
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;
        // Waits for this ticket's turn. `stillWanted` is asked every `poll`; false gives up (the
        // ticket leaves the queue) and returns false.
        bool waitTurn(const std::function<bool()>& stillWanted,
                      std::chrono::milliseconds poll = std::chrono::milliseconds(50));
        bool running() const;

    private:
        friend class GenerationQueue;
        Ticket(GenerationQueue& q, uint64_t number) : queue_(q), number_(number) {}
        GenerationQueue& queue_;
        uint64_t number_;
        bool left_ = false;
    };

    explicit GenerationQueue(int maxWaiting) : maxWaiting_(maxWaiting) {}

    // A ticket, or nullptr when `maxWaiting` requests already wait behind a running one.
    std::unique_ptr<Ticket> tryEnter();

    struct Counts {
        int running = 0, waiting = 0;
    };
    Counts counts() const;
    int maxWaiting() const { return maxWaiting_; }

private:
    void leave(uint64_t number);

    const int maxWaiting_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    uint64_t nextNumber_ = 1;
    uint64_t running_ = 0;          // the ticket generating now; 0 = none
    std::deque<uint64_t> waiting_;  // in arrival order
};

}  // namespace mr::serve
