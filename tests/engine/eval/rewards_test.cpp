// Rewards against the reference vectors (tests/fixtures/umrg-rewards/goldens.jsonl).
#include <gtest/gtest.h>

#include <sstream>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/eval/rewards.h"

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

const char* kParts[] = {"score",
                        "format_think",
                        "format_seg",
                        "bbox_iou",
                        "points_dice",
                        "bbox_align",
                        "bbox_scale",
                        "points_align",
                        "points_angle",
                        "bbox_position_valid",
                        "bbox_area_valid",
                        "points_position_valid",
                        "points_spread_valid"};

TEST(Rewards, MatchReferenceGoldens) {
    const auto lines = goldenLines("reward");
    ASSERT_GE(lines.size(), 100u);
    int checked = 0;
    for (const auto& g : lines) {
        const auto gt = mr::eval::groundTruthFromJson(mr::json::parse(g.at("ground_truth").asString()));
        const std::string predict = g.at("predict").asString();
        for (auto mode : {mr::eval::RewardMode::Soft, mr::eval::RewardMode::Hard}) {
            const Value got = mr::eval::computeReward(predict, gt, mode).toJson();
            const Value& want = g.at(mr::eval::rewardModeName(mode));
            for (const char* part : kParts) {
                EXPECT_NEAR(got.at(part).asDouble(), want.at(part).asDouble(), 1e-4)
                    << "case " << g.at("case").asString() << ", " << mr::eval::rewardModeName(mode) << " " << part
                    << "\npredict: " << predict << "\nground truth: " << g.at("ground_truth").asString();
                ++checked;
            }
        }
    }
    EXPECT_EQ(checked, int(lines.size()) * 2 * 13);
}

TEST(Rewards, Helpers) {
    EXPECT_NEAR(mr::eval::smoothLog(0), 0.1, 1e-12);
    EXPECT_NEAR(mr::eval::smoothLog(1), 1.0, 1e-12);
    EXPECT_DOUBLE_EQ(mr::eval::pyRound(0.12345, 4), 0.1235);  // 0.12345 is above the half in binary
    EXPECT_DOUBLE_EQ(mr::eval::pyRound(2.5, 0), 2.0);         // half to even, as Python
    EXPECT_DOUBLE_EQ(mr::eval::penalize(0.5, 1, 1), 0.5);
}

TEST(Rewards, NeverThrowOnGarbage) {
    mr::eval::GroundTruth gt{{10, 10, 50, 60}, {{{20, 20}, {40, 50}}}};
    for (const char* s : {"", "<answer>", "<answer></answer>", "<think></think><answer>[1,2]</answer>",
                          "<answer>{'bbox': [1, 2, 3, 3], 'points_1': [1, 1], 'points_2': [1, 1]}</answer>",
                          "<answer>{'bbox': [5, 5, 5, 5], 'points_1': [true, 1], 'points_2': [1, 1e300]}</answer>",
                          "<answer>{\"bbox\": \"1,2,3,4\"}</answer>"}) {
        for (auto mode : {mr::eval::RewardMode::Soft, mr::eval::RewardMode::Hard}) {
            auto r = mr::eval::computeReward(s, gt, mode);
            EXPECT_GE(r.score, 0.0) << s;
        }
    }
}

}  // namespace
