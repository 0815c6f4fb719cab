#pragma once
// Per-sample results as JSON Lines, appended one complete line per sample so that a run can be
// interrupted at any moment (kill -9 included) and resumed: on open, a torn last line is cut off
// and the ids already present are skipped by the runner. Also: reading and merging result files
// (shards) into one list in the canonical order.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/json.h"

namespace mr::eval {

class ResultsError : public mr::Error {
public:
    using mr::Error::Error;
};

// The canonical sample order: ids that are both decimal integers compare numerically, everything
// else compares as text (integers before text).
bool idLess(const std::string& a, const std::string& b);

class ResultsStore {
public:
    // Opens or creates `path` for appending, holding an exclusive lock (a second run writing the
    // same file gets a ResultsError). Existing complete lines are loaded.
    explicit ResultsStore(const std::string& path);
    ~ResultsStore();
    ResultsStore(const ResultsStore&) = delete;
    ResultsStore& operator=(const ResultsStore&) = delete;

    const std::string& path() const { return path_; }
    bool has(const std::string& id) const { return byId_.count(id) != 0; }
    size_t size() const { return byId_.size(); }
    // Appends one result (an object with a string "id") as one write of one line; the data reach
    // the disk (fdatasync) at least every 0.5 s, on sync() and when the store closes.
    void append(const mr::json::Value& result);
    void sync();
    // The results in canonical order.
    std::vector<mr::json::Value> sorted() const;
    // Rewrites the file atomically in canonical order (after a complete run).
    void rewriteSorted();

private:
    std::string path_;
    int fd_ = -1;
    std::chrono::steady_clock::time_point lastSync_{};
    std::map<std::string, mr::json::Value> byId_;
};

// Reads a results file (complete lines only; a torn last line is ignored).
std::vector<mr::json::Value> readResults(const std::string& path);

// The results files (*.jsonl whose name starts with "results") of a folder, or the file itself.
std::vector<std::string> findResultsFiles(const std::string& dirOrFile);

// Merges result lists: canonical order; an id present in several inputs must have identical
// results there (else ResultsError naming the id).
std::vector<mr::json::Value> mergeResults(const std::vector<std::vector<mr::json::Value>>& parts);

// The JSON Lines text of results, one compact object per line.
std::string toJsonLines(const std::vector<mr::json::Value>& results);

}  // namespace mr::eval
