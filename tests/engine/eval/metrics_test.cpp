// Metrics against the reference vectors (tests/fixtures/umrg-rewards/goldens.jsonl).
#include <gtest/gtest.h>

#include <sstream>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/eval/metrics.h"

namespace {

using mr::json::Value;

std::vector<Value> goldenLines(const std::string& kind) {
    std::istringstream in(mr::readFile(std::string(MR_FIXTURES_DIR) + "/umrg-rewards/goldens.jsonl"));
    std::vector<Value> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        Value v = mr::json::parse(line);
        if (v.at("kind").asString() == kind) out.push_back(v);
    }
    return out;
}

mr::Box box(const Value& v) { return {v[0].asDouble(), v[1].asDouble(), v[2].asDouble(), v[3].asDouble()}; }
mr::eval::PointPair points(const Value& v) {
    return {{{v[0][0].asDouble(), v[0][1].asDouble()}, {v[1][0].asDouble(), v[1][1].asDouble()}}};
}

TEST(Metrics, IoUAndPointDiceMatchGoldens) {
    const auto lines = goldenLines("metric");
    ASSERT_GE(lines.size(), 100u);
    for (const auto& g : lines) {
        EXPECT_NEAR(mr::eval::boxIoU(box(g.at("pred_bbox")), box(g.at("gt_bbox"))), g.at("iou").asDouble(), 1e-4)
            << mr::json::dump(g);
        EXPECT_NEAR(mr::eval::pointDice(points(g.at("pred_points")), points(g.at("gt_points"))),
                    g.at("pdice").asDouble(), 1e-4)
            << mr::json::dump(g);
    }
}

TEST(Metrics, MaskDiceMatchesGoldens) {
    const auto lines = goldenLines("dice");
    ASSERT_GE(lines.size(), 10u);
    for (const auto& g : lines) {
        std::vector<uint8_t> pred, gt;
        for (const auto& x : g.at("pred").asArray()) pred.push_back(uint8_t(x.asInt()));
        for (const auto& x : g.at("gt").asArray()) gt.push_back(uint8_t(x.asInt()));
        ASSERT_EQ(pred.size(), size_t(g.at("shape")[0].asInt() * g.at("shape")[1].asInt()));
        EXPECT_NEAR(mr::eval::maskDice(pred, gt), g.at("dice").asDouble(), 1e-4);
    }
}

TEST(Metrics, PointDiceRangesToTwo) {
    mr::eval::PointPair p{{{0, 0}, {10, 0}}};
    EXPECT_NEAR(mr::eval::pointDice(p, p), 2.0, 1e-4);  // the reference divides by the union
    mr::eval::PointPair far{{{100, 100}, {110, 100}}};
    EXPECT_EQ(mr::eval::pointDice(p, far), 0.0);
    mr::eval::PointPair same{{{5, 5}, {5, 5}}};
    EXPECT_EQ(mr::eval::pointDice(same, same), 0.0);  // a degenerate circle has no area
}

TEST(Metrics, IoUBasics) {
    EXPECT_NEAR(mr::eval::boxIoU({0, 0, 10, 10}, {0, 0, 10, 10}), 1.0, 1e-6);
    EXPECT_NEAR(mr::eval::boxIoU({0, 0, 10, 10}, {5, 0, 15, 10}), 50.0 / 150.0, 1e-6);
    EXPECT_EQ(mr::eval::boxIoU({0, 0, 10, 10}, {20, 20, 30, 30}), 0.0);
}

TEST(Metrics, MaskDiceSizeMismatchThrows) {
    EXPECT_THROW(mr::eval::maskDice(std::vector<uint8_t>(4), std::vector<uint8_t>(5)), mr::Error);
}

}  // namespace
