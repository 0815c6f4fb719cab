#pragma once
// A one-line terminal progress bar with rate and ETA, redrawn in place ("\r") at most ~10 times a
// second. The rate counts only work done since the bar started, so resumed samples do not make the
// ETA optimistic.
#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace mr::eval {

class ProgressBar {
public:
    explicit ProgressBar(std::ostream& out, std::string label = {});
    // done of total; `resumed` of them were already finished before this run started.
    void update(size_t done, size_t total, size_t resumed, std::string_view current = {});
    void finish();  // final redraw and newline

    // The text of one bar (exposed for tests): "label [####......]  45/100  45%  3.2/s  ETA 00:17".
    static std::string render(std::string_view label, size_t done, size_t total, double ratePerSecond,
                              double etaSeconds, size_t width = 30);
    static std::string formatDuration(double seconds);  // "00:17", "1:02:03", "--:--"

private:
    std::ostream& out_;
    std::string label_;
    std::chrono::steady_clock::time_point start_, lastDraw_;
    size_t startDone_ = 0, done_ = 0, total_ = 0;
    bool started_ = false, drawn_ = false;
    void draw();
};

}  // namespace mr::eval
