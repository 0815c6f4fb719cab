#include "engine/eval/progress_bar.h"

#include <cmath>
#include <cstdio>

namespace mr::eval {

ProgressBar::ProgressBar(std::ostream& out, std::string label) : out_(out), label_(std::move(label)) {}

std::string ProgressBar::formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "--:--";
    const long s = long(std::llround(seconds));
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
    return buf;
}

std::string ProgressBar::render(std::string_view label, size_t done, size_t total, double rate, double eta,
                                size_t width) {
    const double frac = total ? double(done) / double(total) : 1.0;
    const size_t filled = size_t(std::floor(frac * double(width)));
    std::string bar(filled, '#');
    bar += std::string(width - std::min(filled, width), '.');
    char rateText[32] = "-/s";
    if (rate > 0) std::snprintf(rateText, sizeof rateText, rate >= 10 ? "%.0f/s" : "%.2f/s", rate);
    char buf[200];
    std::snprintf(buf, sizeof buf, " [%s] %zu/%zu %3d%%  %s  ETA %s", bar.c_str(), done, total,
                  int(std::floor(frac * 100)), rateText, formatDuration(eta).c_str());
    return std::string(label) + buf;
}

void ProgressBar::update(size_t done, size_t total, size_t resumed, std::string_view) {
    const auto now = std::chrono::steady_clock::now();
    if (!started_) {
        started_ = true;
        start_ = now;
        startDone_ = resumed;
    }
    done_ = done;
    total_ = total;
    if (drawn_ && done < total && now - lastDraw_ < std::chrono::milliseconds(100)) return;
    lastDraw_ = now;
    draw();
}

void ProgressBar::draw() {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const size_t work = done_ > startDone_ ? done_ - startDone_ : 0;
    const double rate = elapsed > 0 && work > 0 ? double(work) / elapsed : 0;
    const double eta = rate > 0 ? double(total_ - std::min(done_, total_)) / rate : (done_ >= total_ ? 0 : NAN);
    out_ << "\r" << render(label_, done_, total_, rate, eta) << "\x1b[K" << std::flush;
    drawn_ = true;
}

void ProgressBar::finish() {
    if (!started_) return;
    draw();
    out_ << "\n" << std::flush;
}

}  // namespace mr::eval
