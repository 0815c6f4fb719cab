#include "engine/eval/rewards.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace mr::eval {

namespace {

using mr::json::Value;

// Python's str.strip() for the characters a model can emit (ASCII whitespace and separators).
std::string_view pyStrip(std::string_view s) {
    auto ws = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1f);
    };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return s;
}

// re.search(r"<open>(.*?)<close>", s, re.DOTALL).group(1), or nullopt.
std::optional<std::string_view> firstBlock(std::string_view s, std::string_view open, std::string_view close) {
    const size_t a = s.find(open);
    if (a == std::string_view::npos) return std::nullopt;
    const size_t b = s.find(close, a + open.size());
    if (b == std::string_view::npos) return std::nullopt;
    return s.substr(a + open.size(), b - a - open.size());
}

// dict.get with Python's duplicate-key rule (the last occurrence wins).
const Value* pyGet(const Value& obj, std::string_view key) {
    if (!obj.isObject()) return nullptr;
    const auto& items = obj.items();
    for (auto it = items.rbegin(); it != items.rend(); ++it)
        if (it->first == key) return &it->second;
    return nullptr;
}

// isinstance(v, (int, float)): Python's bool is an int.
bool pyIsNumber(const Value& v) { return v.isNumber() || v.isBool(); }
double pyNumber(const Value& v) { return v.isBool() ? (v.asBool() ? 1.0 : 0.0) : v.asDouble(); }

bool validList(const Value* v, size_t n) {
    if (!v || !v->isArray() || v->size() != n) return false;
    for (size_t i = 0; i < n; ++i)
        if (!pyIsNumber((*v)[i])) return false;
    return true;
}

// Raised where the reference's Python raises (caught there by a bare `except`).
struct PyException {};

double pyLog(double v) {
    if (!(v > 0)) throw PyException{};  // math domain error
    return std::log(v);
}
double pyDiv(double a, double b) {
    if (b == 0) throw PyException{};  // ZeroDivisionError
    return a / b;
}

double dist(const Point& a, const Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

double normVal(double val, double maxVal) { return std::min(val, maxVal); }
double normVal(double val, const Box& box, double maxVal) {
    const double w = box.width(), h = box.height();
    const double diag = std::sqrt(w * w + h * h);
    return std::max(std::min(val / (diag + 1e-5), maxVal), 0.0);
}

double positionValid(const Point& p1, const Point& p2, const Box& b) {
    auto in = [&](const Point& p) { return b.contains(p); };
    return (in(p1) ? 1.0 : 0.5) * (in(p2) ? 1.0 : 0.5);
}

double clampedArea(const Box& b) { return std::max(0.0, b.width()) * std::max(0.0, b.height()); }

double areaValid(const Box& pred, const Box& gt) {
    const double a1 = clampedArea(pred), a2 = clampedArea(gt);
    return (0.5 * a2 < a1 && a1 < 2 * a2) ? 1.0 : 0.5;
}

// The reward's IoU: clamped areas, 1e-5 in the denominator (unlike the evaluation metric).
double rewardIoU(const Box& a, const Box& b) {
    const double iw = std::max(0.0, std::min(a.x2, b.x2) - std::max(a.x1, b.x1));
    const double ih = std::max(0.0, std::min(a.y2, b.y2) - std::max(a.y1, b.y1));
    const double inter = iw * ih;
    return inter / (clampedArea(a) + clampedArea(b) - inter + 1e-5);
}

double scaleRatio(const Box& b1, const Box& b2) {
    const double w1 = b1.x2 - b1.x1, h1 = b1.y2 - b1.y1;
    const double w2 = b2.x2 - b2.x1, h2 = b2.y2 - b2.y1;
    const double dArea = pyLog(pyDiv(w1 * h1 + 1e-6, w2 * h2 + 1e-6));
    const double dAspect = pyLog(pyDiv(pyDiv(w1, h1) + 1e-6, pyDiv(w2, h2) + 1e-6));
    return std::sqrt(dArea * dArea + dAspect * dAspect);
}

struct PartResult {
    double main = 0, align = 0, extra = 0, valid1 = 0, valid2 = 0;
};

PartResult bboxReward(const Value& answer, const GroundTruth& gt, RewardMode mode) {
    const Value* b = pyGet(answer, "bbox");
    if (!validList(b, 4)) return {};
    const Box pred{pyNumber((*b)[0]), pyNumber((*b)[1]), pyNumber((*b)[2]), pyNumber((*b)[3])};
    PartResult r;
    r.valid1 = positionValid(gt.points[0], gt.points[1], pred);
    r.valid2 = areaValid(pred, gt.bbox);
    r.main = penalize(smoothLog(rewardIoU(pred, gt.bbox)), r.valid1, r.valid2);
    if (mode == RewardMode::Hard) {
        double l1 = 0;
        const auto p = pred.toArray(), g = gt.bbox.toArray();
        for (size_t i = 0; i < 4; ++i) l1 += std::abs(p[i] - g[i]);
        r.align = penalize(smoothExp(normVal(l1 / 4, gt.bbox, 2.0), 3.0, 1.0), r.valid1, r.valid2);
        r.extra = penalize(smoothExp(normVal(scaleRatio(pred, gt.bbox), 1.0), 3.0, 0.5), r.valid1, r.valid2);
    }
    return r;
}

PartResult pointsReward(const Value& answer, const GroundTruth& gt, RewardMode mode) {
    const Value* a = pyGet(answer, "points_1");
    const Value* b = pyGet(answer, "points_2");
    if (!validList(a, 2) || !validList(b, 2)) return {};
    const Point p1{pyNumber((*a)[0]), pyNumber((*a)[1])};
    const Point p2{pyNumber((*b)[0]), pyNumber((*b)[1])};
    PartResult r;
    r.valid1 = positionValid(p1, p2, gt.bbox);
    r.valid2 = dist(p1, p2) > 10 ? 1.0 : 0.5;

    // Discs spanned by the pairs; the reward adds 1e-5 to the radii and to the overlap tests.
    const double pcx = (p1.x + p2.x) / 2, pcy = (p1.y + p2.y) / 2, pr = dist(p1, p2) / 2 + 1e-5;
    const Point& g1 = gt.points[0];
    const Point& g2 = gt.points[1];
    const double gcx = (g1.x + g2.x) / 2, gcy = (g1.y + g2.y) / 2, gr = dist(g1, g2) / 2 + 1e-5;
    const double d = std::hypot(pcx - gcx, pcy - gcy);
    const double inter = discIntersectionArea(pr, gr, d, 1e-5);
    const double uni = M_PI * pr * pr + M_PI * gr * gr - inter;
    r.main = penalize(smoothLog(2 * inter / (uni + 1e-5)), r.valid1, r.valid2);

    if (mode == RewardMode::Hard) {
        auto l1 = [](const Point& x, const Point& y) { return (std::abs(x.x - y.x) + std::abs(x.y - y.y)) / 2; };
        const double d1 = l1(p1, g1) + l1(p2, g2), d2 = l1(p1, g2) + l1(p2, g1);
        r.align = penalize(smoothExp(normVal(std::min(d1, d2) / 2, gt.bbox, 2.0)), r.valid1, r.valid2);
        const double vxg = g2.x - g1.x, vyg = g2.y - g1.y, vxp = p2.x - p1.x, vyp = p2.y - p1.y;
        const double lg = std::hypot(vxg, vyg) + 1e-8, lp = std::hypot(vxp, vyp) + 1e-8;
        const double cosSim = std::abs((vxg * vxp + vyg * vyp) / (lg * lp));
        r.extra = penalize(smoothLog(cosSim), r.valid1, r.valid2);
    }
    return r;
}

}  // namespace

const char* rewardModeName(RewardMode m) { return m == RewardMode::Soft ? "soft" : "hard"; }

double pyRound(double v, int digits) {
    if (!std::isfinite(v)) return v;
    // glibc's printf rounds the exact binary value half-to-even, as CPython's round() does.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return std::strtod(buf, nullptr) + 0.0;  // + 0.0 turns -0 into 0
}

double smoothLog(double v, double k) { return std::log(k * v + 1) / std::log(k + 1) * 0.9 + 0.1; }

double smoothExp(double v, double k, double c) {
    const double raw = 1.0 / (1 + std::exp(k * (v - c)));
    const double lo = 1.0 / (1 + std::exp(k * (2 - c)));
    const double hi = 1.0 / (1 + std::exp(k * (0 - c)));
    return (raw - lo) / (hi - lo + 1e-8) * 0.9 + 0.1;
}

double penalize(double reward, double valid1, double valid2, double k) {
    const double avg = (valid1 + valid2) / 2;
    const double r = k * reward + (1 - k) * reward * avg;
    return pyRound(std::min(std::max(r, 0.0), 1.0), 4);
}

Value RewardParts::toJson() const {
    Value v = Value::object();
    v.set("score", score);
    v.set("format_think", formatThink);
    v.set("format_seg", formatSeg);
    v.set("bbox_iou", bboxIou);
    v.set("points_dice", pointsDice);
    v.set("bbox_align", bboxAlign);
    v.set("bbox_scale", bboxScale);
    v.set("points_align", pointsAlign);
    v.set("points_angle", pointsAngle);
    v.set("bbox_position_valid", bboxPositionValid);
    v.set("bbox_area_valid", bboxAreaValid);
    v.set("points_position_valid", pointsPositionValid);
    v.set("points_spread_valid", pointsSpreadValid);
    return v;
}

GroundTruth groundTruthFromJson(const Value& v) {
    GroundTruth gt;
    const Value* b = v.find("bbox_2d");
    if (!b || !b->isArray() || b->size() != 4) throw mr::Error("ground truth: 'bbox_2d' must be 4 numbers");
    gt.bbox = {(*b)[0].asDouble(), (*b)[1].asDouble(), (*b)[2].asDouble(), (*b)[3].asDouble()};
    const Value* p = v.find("point_2d");
    if (!p || !p->isArray() || p->size() != 2) throw mr::Error("ground truth: 'point_2d' must be 2 points");
    for (size_t i = 0; i < 2; ++i) {
        if (!(*p)[i].isArray() || (*p)[i].size() != 2) throw mr::Error("ground truth: a point must be [x, y]");
        gt.points[i] = {(*p)[i][0].asDouble(), (*p)[i][1].asDouble()};
    }
    return gt;
}

RewardParts computeReward(std::string_view predict, const GroundTruth& gt, RewardMode mode) {
    RewardParts r;
    const auto think = firstBlock(predict, "<think>", "</think>");
    const auto answerBlock = firstBlock(predict, "<answer>", "</answer>");
    r.formatThink = !think ? 0.0 : pyStrip(*think).empty() ? 0.2 : 1.0;

    std::optional<Value> answer;
    if (answerBlock) {
        std::string text(pyStrip(*answerBlock));
        std::replace(text.begin(), text.end(), '\'', '"');
        try {
            answer = mr::json::parse(text);
        } catch (const mr::Error&) {}
    }

    if (!answerBlock) {
        r.formatSeg = 0.0;
    } else if (!answer || !answer->isObject()) {
        r.formatSeg = 0.2;
    } else if (!pyGet(*answer, "bbox") || !pyGet(*answer, "points_1") || !pyGet(*answer, "points_2")) {
        r.formatSeg = 0.4;
    } else {
        const bool boxOk = validList(pyGet(*answer, "bbox"), 4);
        const bool ptsOk = validList(pyGet(*answer, "points_1"), 2) && validList(pyGet(*answer, "points_2"), 2);
        r.formatSeg = (!boxOk && !ptsOk) ? 0.4 : (!boxOk || !ptsOk) ? 0.6 : 1.0;
    }

    if (answer && answer->isObject()) {
        PartResult b, p;
        try {
            b = bboxReward(*answer, gt, mode);
        } catch (const PyException&) {
            b = {};
        }
        try {
            p = pointsReward(*answer, gt, mode);
        } catch (const PyException&) {
            p = {};
        }
        r.bboxIou = b.main;
        r.bboxAlign = b.align;
        r.bboxScale = b.extra;
        r.bboxPositionValid = b.valid1;
        r.bboxAreaValid = b.valid2;
        r.pointsDice = p.main;
        r.pointsAlign = p.align;
        r.pointsAngle = p.extra;
        r.pointsPositionValid = p.valid1;
        r.pointsSpreadValid = p.valid2;
    }
    r.score = r.formatThink + r.formatSeg + r.bboxIou + r.bboxAlign + r.bboxScale + r.pointsAlign + r.pointsAngle +
              r.pointsDice;
    return r;
}

}  // namespace mr::eval
