#include "engine/eval/summary.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <string>

#include "engine/eval/answer_parser.h"
#include "engine/eval/results_store.h"

namespace mr::eval {

namespace {

using mr::json::Value;

const char* const kRewardParts[] = {"format_think", "format_seg", "bbox_iou",     "points_dice",
                                    "bbox_align",   "bbox_scale", "points_align", "points_angle"};

struct Acc {
    size_t count = 0, parseFailures = 0, iouHits = 0;
    double iou = 0, pdice = 0, soft = 0, hard = 0;
    double softParts[8] = {}, hardParts[8] = {};
    double dice[3] = {0, 0, 0};
    size_t diceN[3] = {0, 0, 0};

    void add(const Value& r) {
        ++count;
        const double i = numberOr(r.find("iou"));
        iou += i;
        iouHits += i >= 0.5;
        pdice += numberOr(r.find("pdice"));
        if (failure::isParseFailure(r.get("failure_kind", ""))) ++parseFailures;
        if (const Value* s = r.find("reward_soft")) {
            soft += numberOr(s->find("score"));
            for (int k = 0; k < 8; ++k) softParts[k] += numberOr(s->find(kRewardParts[k]));
        }
        if (const Value* h = r.find("reward_hard")) {
            hard += numberOr(h->find("score"));
            for (int k = 0; k < 8; ++k) hardParts[k] += numberOr(h->find(kRewardParts[k]));
        }
        const char* keys[3] = {"dice_bbox", "dice_points", "dice_joint"};
        for (int k = 0; k < 3; ++k)
            if (const Value* d = r.find(keys[k]); d && d->isNumber()) {
                dice[k] += d->asDouble();
                ++diceN[k];
            }
    }
    static double numberOr(const Value* v) { return v && v->isNumber() ? v->asDouble() : 0.0; }

    Value toJson() const {
        auto mean = [&](double s, size_t n) { return n ? Value(s / double(n)) : Value(); };
        Value v = Value::object();
        v.set("count", int64_t(count));
        v.set("mean_iou", mean(iou, count));
        v.set("mean_pdice", mean(pdice, count));
        v.set("iou_at_0_5", mean(double(iouHits), count));
        v.set("mean_dice_bbox", mean(dice[0], diceN[0]));
        v.set("mean_dice_points", mean(dice[1], diceN[1]));
        v.set("mean_dice_joint", mean(dice[2], diceN[2]));
        v.set("mean_reward_soft", mean(soft, count));
        v.set("mean_reward_hard", mean(hard, count));
        v.set("parse_failures", int64_t(parseFailures));
        return v;
    }

    // Mean of every reward part, soft and hard: {"soft": {part: mean}, "hard": {...}}.
    Value rewardParts() const {
        Value v = Value::object();
        for (int mode = 0; mode < 2; ++mode) {
            Value m = Value::object();
            for (int k = 0; k < 8; ++k)
                m.set(kRewardParts[k], count ? Value((mode ? hardParts : softParts)[k] / double(count)) : Value());
            v.set(mode ? "hard" : "soft", m);
        }
        return v;
    }
};

// Case-insensitive order like the reference's statistics, ties broken by the exact text.
struct NameLess {
    bool operator()(const std::string& a, const std::string& b) const {
        std::string la = a, lb = b;
        for (auto& c : la) c = char(std::tolower((unsigned char)c));
        for (auto& c : lb) c = char(std::tolower((unsigned char)c));
        return la != lb ? la < lb : a < b;
    }
};

Value groups(const std::map<std::string, Acc, NameLess>& m) {
    Value v = Value::object();
    for (const auto& [name, acc] : m) v.set(name, acc.toJson());
    return v;
}

std::string nameOf(const Value& r, const char* key) {
    std::string s = r.get(key, "");
    return s.empty() ? "unknown" : s;
}

Value latencyStats(const std::vector<double>& v) {
    Value s = Value::object();
    double sum = 0;
    for (double x : v) sum += x;
    s.set("count", int64_t(v.size()));
    s.set("mean", sum / double(v.size()));
    s.set("p50", percentile(v, 50));
    s.set("p90", percentile(v, 90));
    s.set("p95", percentile(v, 95));
    s.set("p99", percentile(v, 99));
    s.set("max", *std::max_element(v.begin(), v.end()));
    return s;
}

}  // namespace

double percentile(std::vector<double> values, double q) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const double pos = q / 100.0 * double(values.size() - 1);
    const size_t lo = size_t(std::floor(pos)), hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (values[hi] - values[lo]) * (pos - double(lo));
}

Value summarize(const std::vector<Value>& results) {
    Acc all;
    std::map<std::string, Acc, NameLess> bySuper, byCat, byModality;
    std::map<std::string, int64_t> kinds;
    std::vector<double> latency;
    std::map<std::string, std::vector<double>> stages;
    // Sum in the canonical order so that float rounding does not depend on the input order.
    std::vector<const Value*> order;
    for (const auto& r : results) order.push_back(&r);
    std::stable_sort(order.begin(), order.end(),
                     [](const Value* a, const Value* b) { return idLess(a->get("id", ""), b->get("id", "")); });
    for (const Value* rp : order) {
        const Value& r = *rp;
        all.add(r);
        bySuper[nameOf(r, "supercategory")].add(r);
        byCat[nameOf(r, "category")].add(r);
        byModality[nameOf(r, "modality")].add(r);
        if (std::string k = r.get("failure_kind", ""); !k.empty()) ++kinds[k];
        if (const Value* l = r.find("latency_ms"); l && l->isNumber()) latency.push_back(l->asDouble());
        if (const Value* t = r.find("timings_ms"); t && t->isObject())
            for (const auto& [stage, ms] : t->items())
                if (ms.isNumber() && stage != "total") stages[stage].push_back(ms.asDouble());
    }
    Value s = Value::object();
    s.set("total_samples", int64_t(results.size()));
    s.set("parse_failures", int64_t(all.parseFailures));
    s.set("parse_failure_rate", results.empty() ? 0.0 : double(all.parseFailures) / double(results.size()));
    s.set("missing_predictions", kinds[failure::kMissingPrediction]);
    s.set("out_of_image", kinds[failure::kOutOfImage]);
    Value k = Value::object();
    for (const auto& [name, n] : kinds)
        if (n) k.set(name, n);
    s.set("failure_kinds", k);
    s.set("metrics", all.toJson());
    s.set("reward_parts", all.rewardParts());
    if (latency.empty()) {
        s.set("latency_ms", Value());
    } else {
        Value l = latencyStats(latency);
        Value st = Value::object();
        for (const auto& [name, v] : stages) st.set(name, latencyStats(v));
        l.set("stages", st);
        s.set("latency_ms", l);
    }
    s.set("per_supercategory", groups(bySuper));
    s.set("per_category", groups(byCat));
    s.set("per_modality", groups(byModality));
    return s;
}

}  // namespace mr::eval
