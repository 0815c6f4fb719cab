#include "engine/eval/results_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/limits.h"

namespace fs = std::filesystem;

namespace mr::eval {

namespace {

using mr::json::Value;

bool allDigits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Complete lines of a results file; `validBytes` receives the length of the complete prefix.
std::vector<Value> parseLines(const std::string& text, const std::string& path, size_t* validBytes) {
    std::vector<Value> out;
    size_t pos = 0, lineNo = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) break;  // torn last line: written partly when the run died
        ++lineNo;
        std::string_view line(text.data() + pos, end - pos);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
            Value v;
            try {
                v = mr::json::parse(line);
            } catch (const mr::Error& e) {
                throw ResultsError(path + ", line " + std::to_string(lineNo) + ": " + e.what());
            }
            const Value* id = v.find("id");
            if (!id || !id->isString())
                throw ResultsError(path + ", line " + std::to_string(lineNo) + ": a result without an 'id'");
            out.push_back(std::move(v));
        }
        pos = end + 1;
    }
    if (validBytes) *validBytes = pos;
    return out;
}

}  // namespace

bool idLess(const std::string& a, const std::string& b) {
    const bool na = allDigits(a), nb = allDigits(b);
    if (na != nb) return na;
    if (na) {
        auto strip = [](const std::string& s) { return s.substr(std::min(s.find_first_not_of('0'), s.size() - 1)); };
        const std::string sa = strip(a), sb = strip(b);
        if (sa.size() != sb.size()) return sa.size() < sb.size();
        if (sa != sb) return sa < sb;
    }
    return a < b;
}

ResultsStore::ResultsStore(const std::string& path) : path_(path) {
    std::error_code ec;
    if (auto dir = fs::path(path).parent_path(); !dir.empty()) fs::create_directories(dir, ec);
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw ResultsError("cannot open results file " + path + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw ResultsError("results file " + path + " is in use by another run");
    }
    size_t valid = 0;
    const std::string text = mr::readFile(path, mr::limits::kMaxTextFileBytes);
    for (auto& v : parseLines(text, path, &valid)) byId_[v.at("id").asString()] = std::move(v);
    if (valid != text.size() && ::ftruncate(fd_, off_t(valid)) != 0)
        throw ResultsError("cannot repair results file " + path + ": " + std::strerror(errno));
    ::lseek(fd_, 0, SEEK_END);
}

ResultsStore::~ResultsStore() {
    if (fd_ >= 0) {
        ::fdatasync(fd_);
        ::close(fd_);
    }
}

void ResultsStore::sync() {
    if (::fdatasync(fd_) != 0) throw ResultsError("cannot flush results file " + path_ + ": " + std::strerror(errno));
    lastSync_ = std::chrono::steady_clock::now();
}

void ResultsStore::append(const Value& result) {
    const std::string id = result.at("id").asString();
    const std::string line = mr::json::dump(result) + "\n";
    // One write of the whole line (O_APPEND semantics by seeking to the end first), then fsync:
    // a crash leaves either the full line or a torn tail that the next open cuts off.
    ::lseek(fd_, 0, SEEK_END);
    size_t done = 0;
    while (done < line.size()) {
        ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw ResultsError("cannot write results file " + path_ + ": " + std::strerror(errno));
        }
        done += size_t(n);
    }
    // The write alone survives a killed process; fdatasync (for power loss) at most twice a second,
    // since a sync per sample dominates the cost of scoring.
    const auto now = std::chrono::steady_clock::now();
    if (now - lastSync_ >= std::chrono::milliseconds(500)) sync();
    byId_[id] = result;
}

std::vector<Value> ResultsStore::sorted() const {
    std::vector<std::pair<std::string, const Value*>> order;
    for (const auto& [id, v] : byId_) order.emplace_back(id, &v);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return idLess(a.first, b.first); });
    std::vector<Value> out;
    for (const auto& [id, v] : order) out.push_back(*v);
    return out;
}

void ResultsStore::rewriteSorted() {
    // The lock is on our descriptor of the old inode; the rename replaces the file atomically.
    mr::writeFileAtomic(path_, toJsonLines(sorted()));
    const int fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
        ::flock(fd, LOCK_EX | LOCK_NB);
        ::close(fd_);
        fd_ = fd;
    }
}

std::vector<Value> readResults(const std::string& path) {
    return parseLines(mr::readFile(path, mr::limits::kMaxTextFileBytes), path, nullptr);
}

std::vector<std::string> findResultsFiles(const std::string& dirOrFile) {
    std::error_code ec;
    if (fs::is_regular_file(dirOrFile, ec)) return {dirOrFile};
    if (!fs::is_directory(dirOrFile, ec)) throw ResultsError("results folder '" + dirOrFile + "' does not exist");
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dirOrFile, ec)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && name.rfind("results", 0) == 0 && e.path().extension() == ".jsonl")
            files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) throw ResultsError("no results*.jsonl file in '" + dirOrFile + "'");
    return files;
}

std::vector<Value> mergeResults(const std::vector<std::vector<Value>>& parts) {
    std::map<std::string, std::pair<Value, std::string>> byId;  // id -> (result, its compact text)
    for (const auto& part : parts)
        for (const auto& v : part) {
            const std::string id = v.at("id").asString();
            std::string text = mr::json::dump(v);
            auto it = byId.find(id);
            if (it == byId.end()) byId.emplace(id, std::make_pair(v, std::move(text)));
            else if (it->second.second != text)
                throw ResultsError("sample '" + id +
                                   "' has different results in two of the inputs; "
                                   "were they scored against different predictions?");
        }
    std::vector<std::pair<std::string, Value>> order;
    for (auto& [id, pv] : byId) order.emplace_back(id, std::move(pv.first));
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return idLess(a.first, b.first); });
    std::vector<Value> out;
    for (auto& [id, v] : order) out.push_back(std::move(v));
    return out;
}

std::string toJsonLines(const std::vector<Value>& results) {
    std::string out;
    for (const auto& v : results) out += mr::json::dump(v) + "\n";
    return out;
}

}  // namespace mr::eval
