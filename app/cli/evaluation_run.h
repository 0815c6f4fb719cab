#pragma once
// What `medreasoner score` and `medreasoner eval` share around the evaluation runner: the
// --shard option, the progress bar (Ctrl+C, see interrupt.h, keeps the finished samples), and the
// closing step (summary, reports or the shard merge hint, and the printout).
#include <string>

#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "engine/core/cancel.h"
#include "engine/eval/runner.h"

namespace mr::cli {

// The options `score` and `eval` share, declared once: --out, --shard, --records, --title, --json,
// --quiet.
struct RunArgs {
    std::string out, shard, records, title = "MedReasoner evaluation";
    bool json = false, quiet = false;

    void declare(CLI::App& app);
    // --shard i/N (0-based); the whole run without it. Throws UsageError for a bad value.
    mr::eval::Shard parsedShard() const;
};

// Runs `runner` with a progress bar on a terminal (unless `quiet`), labelled `verb` and the shard.
// An interruption says that the finished samples are kept, then rethrows mr::Cancelled.
mr::eval::RunStats runWithProgress(mr::eval::EvalRunner& runner, const std::string& verb, const mr::eval::Shard& shard,
                                   bool quiet, const mr::CancelToken& cancel);

// Summarises the results, writes the reports (whole run) or says how to merge (one shard), and
// prints the summary (--json: as JSON). `verb`: "scored", "evaluated". Returns the exit code.
int finishRun(const RunArgs& args, const mr::eval::Shard& shard, const mr::eval::RunStats& stats,
              const std::string& verb);

}  // namespace mr::cli
