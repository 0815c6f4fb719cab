#pragma once
// Reports of a run: summary.json, results.csv (one row per sample) and report.html, a single
// self-contained page (inline SVG charts: per super-category bars, IoU/pDice/Dice histograms).
// Deterministic: the same results give byte-identical files (no dates, no absolute paths).
#include <string>
#include <vector>

#include "engine/core/json.h"

namespace mr::eval {

std::string resultsCsv(const std::vector<mr::json::Value>& results);
std::string reportHtml(const std::vector<mr::json::Value>& results, const mr::json::Value& summary,
                       const std::string& title);

struct ReportPaths {
    std::string summaryJson, csv, html;
};

// Writes summary.json, results.csv and report.html into outDir (created if needed), atomically.
ReportPaths writeReports(const std::string& outDir, const std::vector<mr::json::Value>& results,
                         const mr::json::Value& summary, const std::string& title = "MedReasoner evaluation");

}  // namespace mr::eval
