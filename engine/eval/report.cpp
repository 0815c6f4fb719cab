#include "engine/eval/report.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "engine/core/files.h"
#include "engine/eval/svg_chart.h"

namespace fs = std::filesystem;

namespace mr::eval {

namespace {

using mr::json::Value;

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string numText(const Value* v, const char* fmt = "%.6g") {
    if (!v || !v->isNumber()) return "";
    char buf[40];
    std::snprintf(buf, sizeof buf, fmt, v->asDouble());
    return buf;
}

std::string fixed4(const Value* v) { return v && v->isNumber() ? numText(v, "%.4f") : "–"; }

double numberOr(const Value* v, double fallback) { return v && v->isNumber() ? v->asDouble() : fallback; }

const char* kCss = R"(body{font-family:sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f2f2f2}
td.l,th.l{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:16px}
.kpi{display:inline-block;margin:4px 18px 4px 0}.kpi b{font-size:20px;display:block}
.small{color:#666;font-size:12px})";

std::string groupTable(const Value& groups, const std::string& label) {
    std::string s = "<table><tr><th class=\"l\">" + svg::escape(label) +
                    "</th><th>n</th><th>IoU</th><th>pDice</th><th>IoU≥0.5</th><th>Dice box</th><th>Dice points</th>"
                    "<th>Dice joint</th><th>reward soft</th><th>reward hard</th><th>parse fail</th></tr>\n";
    for (const auto& [name, g] : groups.items()) {
        s += "<tr><td class=\"l\">" + svg::escape(name) + "</td><td>" + std::to_string(g.get("count", int64_t(0))) +
             "</td>";
        for (const char* k : {"mean_iou", "mean_pdice", "iou_at_0_5", "mean_dice_bbox", "mean_dice_points",
                              "mean_dice_joint", "mean_reward_soft", "mean_reward_hard"})
            s += "<td>" + fixed4(g.find(k)) + "</td>";
        s += "<td>" + std::to_string(g.get("parse_failures", int64_t(0))) + "</td></tr>\n";
    }
    return s + "</table>\n";
}

}  // namespace

std::string resultsCsv(const std::vector<Value>& results) {
    std::string s =
        "id,category,supercategory,modality,parse_ok,failure_kind,iou,pdice,dice_bbox,dice_points,dice_joint,"
        "reward_soft,reward_hard,latency_ms,failure_reason\n";
    for (const auto& r : results) {
        s += csvField(r.get("id", "")) + "," + csvField(r.get("category", "")) + "," +
             csvField(r.get("supercategory", "")) + "," + csvField(r.get("modality", "")) + "," +
             (r.get("parse_ok", false) ? "true" : "false") + "," + csvField(r.get("failure_kind", "")) + ",";
        for (const char* k : {"iou", "pdice", "dice_bbox", "dice_points", "dice_joint"}) s += numText(r.find(k)) + ",";
        const Value* soft = r.find("reward_soft");
        const Value* hard = r.find("reward_hard");
        s += numText(soft ? soft->find("score") : nullptr) + "," + numText(hard ? hard->find("score") : nullptr) + "," +
             numText(r.find("latency_ms")) + "," + csvField(r.get("failure_reason", "")) + "\n";
    }
    return s;
}

namespace {

// The headline numbers.
std::string kpiHtml(const Value& summary) {
    const Value& m = summary.at("metrics");
    std::string s;
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.2f%%", 100.0 * numberOr(summary.find("parse_failure_rate"), 0));
    auto kpi = [](const std::string& name, const std::string& value) {
        return "<span class=\"kpi\"><b>" + value + "</b>" + svg::escape(name) + "</span>";
    };
    s += "<div>" + kpi("samples", std::to_string(summary.get("total_samples", int64_t(0)))) +
         kpi("mean IoU", fixed4(m.find("mean_iou"))) + kpi("mean pDice (0–2)", fixed4(m.find("mean_pdice"))) +
         kpi("IoU ≥ 0.5", fixed4(m.find("iou_at_0_5"))) + kpi("Dice box", fixed4(m.find("mean_dice_bbox"))) +
         kpi("Dice points", fixed4(m.find("mean_dice_points"))) + kpi("Dice joint", fixed4(m.find("mean_dice_joint"))) +
         kpi("reward soft", fixed4(m.find("mean_reward_soft"))) +
         kpi("reward hard", fixed4(m.find("mean_reward_hard"))) + kpi("parse failures", rate) + "</div>\n";
    s += "<p class=\"small\">pDice is MedReasoner's two-point score: each point pair spans a circle and the value is "
         "2·|A∩B| / (|A∪B| + 1e-5), so it ranges from 0 to 2. Failed samples count with IoU = pDice = 0.</p>\n";
    return s;
}

// Bars per super-category and the distributions of the per-sample scores.
std::string chartsHtml(const std::vector<Value>& results, const Value& summary) {
    std::string s;
    const Value& supers = summary.at("per_supercategory");
    std::vector<std::string> names;
    svg::Series iou{"mean IoU", {}, "#4e79a7"}, pdice{"mean pDice / 2", {}, "#f28e2b"},
        dice{"mean Dice (joint)", {}, "#59a14f"};
    bool anyDice = false;
    for (const auto& [name, g] : supers.items()) {
        names.push_back(name);
        iou.values.push_back(numberOr(g.find("mean_iou"), NAN));
        pdice.values.push_back(numberOr(g.find("mean_pdice"), NAN) / 2);
        const double d = numberOr(g.find("mean_dice_joint"), NAN);
        anyDice |= std::isfinite(d);
        dice.values.push_back(d);
    }
    std::vector<svg::Series> series{iou, pdice};
    if (anyDice) series.push_back(dice);
    std::vector<double> ious, pdices, dices;
    for (const auto& r : results) {
        ious.push_back(numberOr(r.find("iou"), 0));
        pdices.push_back(numberOr(r.find("pdice"), 0));
        for (const char* k : {"dice_joint", "dice_bbox", "dice_points"})
            if (const Value* d = r.find(k); d && d->isNumber()) {
                dices.push_back(d->asDouble());
                break;
            }
    }
    s += "<h2>By super-category</h2>\n<div class=\"charts\">" +
         svg::barChart("Mean scores per super-category", names, series, 1.0) + "</div>\n";
    s += "<h2>Distributions</h2>\n<div class=\"charts\">" + svg::histogram("IoU", ious, 0, 1, 20, "#4e79a7") +
         svg::histogram("pDice (0–2)", pdices, 0, 2, 20, "#f28e2b");
    if (!dices.empty()) s += svg::histogram("Mask Dice", dices, 0, 1, 20, "#59a14f");
    s += "</div>\n";
    return s;
}

std::string rewardPartsHtml(const Value& summary) {
    std::string s;
    if (const Value* parts = summary.find("reward_parts"); parts && parts->isObject()) {
        s += "<h2>Reward parts (mean)</h2>\n<table><tr><th class=\"l\">part</th><th>soft</th><th>hard</th></tr>\n";
        const Value& soft = parts->at("soft");
        const Value& hard = parts->at("hard");
        for (const auto& [name, v] : soft.items())
            s += "<tr><td class=\"l\">" + svg::escape(name) + "</td><td>" + fixed4(&v) + "</td><td>" +
                 fixed4(hard.find(name)) + "</td></tr>\n";
        s += "</table>\n";
    }
    return s;
}

std::string failureKindsHtml(const Value& summary) {
    std::string s;
    s += "<h2>Failures</h2>\n<table><tr><th class=\"l\">kind</th><th>count</th></tr>\n";
    for (const auto& [kind, n] : summary.at("failure_kinds").items())
        s += "<tr><td class=\"l\">" + svg::escape(kind) + "</td><td>" + std::to_string(n.asInt()) + "</td></tr>\n";
    s += "</table>\n";
    return s;
}

std::string latencyHtml(const Value& summary) {
    std::string s;
    if (const Value* lat = summary.find("latency_ms"); lat && lat->isObject()) {
        s += "<h2>Latency (ms)</h2>\n<table><tr><th class=\"l\">stage</th><th>n</th><th>mean</th><th>p50</th>"
             "<th>p90</th><th>p95</th><th>p99</th><th>max</th></tr>\n";
        auto row = [&](const std::string& name, const Value& st) {
            s += "<tr><td class=\"l\">" + svg::escape(name) + "</td><td>" +
                 std::to_string(st.get("count", int64_t(0))) + "</td>";
            for (const char* k : {"mean", "p50", "p90", "p95", "p99", "max"})
                s += "<td>" + numText(st.find(k), "%.1f") + "</td>";
            s += "</tr>\n";
        };
        row("total", *lat);
        if (const Value* st = lat->find("stages"))
            for (const auto& [name, v] : st->items()) row(name, v);
        s += "</table>\n";
    }
    return s;
}

// The first 500 samples with a failure reason.
std::string failedSamplesHtml(const std::vector<Value>& results) {
    std::string s;
    size_t shown = 0;
    std::string rows;
    for (const auto& r : results) {
        const std::string kind = r.get("failure_kind", "");
        if (kind.empty()) continue;
        if (++shown > 500) break;
        rows += "<tr><td class=\"l\">" + svg::escape(r.get("id", "")) + "</td><td class=\"l\">" + svg::escape(kind) +
                "</td><td class=\"l\">" + svg::escape(r.get("failure_reason", "")) + "</td></tr>\n";
    }
    if (!rows.empty())
        s += "<h3>Samples with a failure reason" + std::string(shown > 500 ? " (first 500)" : "") +
             "</h3>\n<table><tr><th class=\"l\">id</th><th class=\"l\">kind</th><th class=\"l\">reason</th></tr>\n" +
             rows + "</table>\n";
    return s;
}

}  // namespace

std::string reportHtml(const std::vector<Value>& results, const Value& summary, const std::string& title) {
    std::string s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + svg::escape(title) +
                    "</title>\n<style>" + kCss + "</style></head><body>\n<h1>" + svg::escape(title) + "</h1>\n";
    s += kpiHtml(summary) + chartsHtml(results, summary);
    s += "<h2>Per super-category</h2>\n" + groupTable(summary.at("per_supercategory"), "super-category");
    s += "<h2>Per category</h2>\n" + groupTable(summary.at("per_category"), "category");
    s += "<h2>Per modality</h2>\n" + groupTable(summary.at("per_modality"), "modality");
    s += rewardPartsHtml(summary) + failureKindsHtml(summary) + latencyHtml(summary) + failedSamplesHtml(results);
    return s + "</body></html>\n";
}

ReportPaths writeReports(const std::string& outDir, const std::vector<Value>& results, const Value& summary,
                         const std::string& title) {
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec) throw mr::FileError("cannot create report folder " + outDir + ": " + ec.message());
    ReportPaths p{(fs::path(outDir) / "summary.json").string(), (fs::path(outDir) / "results.csv").string(),
                  (fs::path(outDir) / "report.html").string()};
    mr::writeFileAtomic(p.summaryJson, mr::json::dump(summary, 2) + "\n");
    mr::writeFileAtomic(p.csv, resultsCsv(results));
    mr::writeFileAtomic(p.html, reportHtml(results, summary, title));
    return p;
}

}  // namespace mr::eval
