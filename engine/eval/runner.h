#pragma once
// The evaluation runner: every sample of a U-MRG dataset folder (sorted by id; one shard of them
// with --shard i/N) goes through a Predictor and is scored (parsed answer, IoU, pDice, mask Dice
// per prompt kind, soft and hard rewards, timings, failure reason). Results are appended to a
// JSON Lines file one sample at a time, so an interrupted run resumes where it stopped, and the
// results of the shards merge into exactly the results of one unsharded run.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/core/json.h"
#include "engine/dataset/umrg_records.h"
#include "engine/eval/mask_segmenter.h"
#include "engine/eval/predictor.h"

namespace mr::eval {

struct Shard {
    int index = 0;  // 0-based
    int count = 1;
    // Parses "i/N" (0 <= i < N); throws mr::Error with a clear message otherwise.
    static Shard parse(std::string_view text);
    bool whole() const { return count == 1; }
};

// The samples of `shard` among `n` sorted samples: a contiguous range [begin, end).
std::pair<size_t, size_t> shardRange(size_t n, const Shard& shard);

// "results.jsonl", or "results.shard-<i>-of-<N>.jsonl" for one shard of several.
std::string resultsFileName(const Shard& shard);

struct RunOptions {
    std::string datasetDir;
    std::string recordsFile;  // empty: dataset::findRecordsFile(datasetDir)
    std::string outDir;
    Shard shard;
    // Optional: makes the masks for Dice from the parsed answer when the prediction has none.
    MaskSegmenter* segmenter = nullptr;
    // Samples predicted at once (at most the predictor's maxConcurrency()); scoring stays on the
    // calling thread and the results are the same as one at a time.
    size_t concurrency = 1;
};

struct RunStats {
    size_t samples = 0;   // in this shard
    size_t resumed = 0;   // already in the results file, skipped
    size_t scored = 0;    // scored by this call
    size_t failures = 0;  // samples of this shard with a failure reason of any kind
    std::string resultsPath;
};

// done/total count samples of this shard (resumed ones included); id is the sample just finished.
using RunProgressFn = std::function<void(size_t done, size_t total, size_t resumed, std::string_view id)>;

// Keeps a predicted mask made in memory as a file; returns the name the result records for it
// ("mask_files"). Throws mr::Error when it cannot.
using MaskKeeper = std::function<std::string(const std::string& kind, const MaskImage& mask)>;

// Scores one sample. `prediction` is nullopt when there is none; `predictorError` is set when the
// predictor failed. Reads the image size and masks from disk. With a `segmenter`, prompt kinds the
// prediction has no mask for are segmented from the answer. Writes no file itself: masks made in
// memory are handed to `keep`, when given, and the result names them with the prediction's own
// mask files in "mask_files".
mr::json::Value scoreSample(const mr::dataset::UmrgRecord& record, const std::string& datasetDir,
                            const std::optional<Prediction>& prediction, const std::string& predictorError = {},
                            MaskSegmenter* segmenter = nullptr, const mr::CancelToken& cancel = {},
                            const MaskKeeper& keep = {});

class EvalRunner {
public:
    EvalRunner(RunOptions options, Predictor& predictor);

    // Runs (or resumes) the shard. Throws mr::Cancelled when `cancel` fires (the results written so
    // far stay valid); throws mr::Error subclasses for unusable inputs (dataset, out folder).
    RunStats run(const mr::CancelToken& cancel = {}, const RunProgressFn& progress = {});

    // The sorted records of the whole dataset (loaded on construction).
    const std::vector<mr::dataset::UmrgRecord>& records() const { return records_; }

private:
    RunOptions options_;
    Predictor& predictor_;
    std::vector<mr::dataset::UmrgRecord> records_;
};

}  // namespace mr::eval
