#include "engine/nn/weight_table.h"

#include <gtest/gtest.h>

using mr::nn::StateDict;
using mr::nn::StateDictSource;
using mr::nn::WeightsError;
using mr::nn::WeightTable;

namespace {

StateDict sampleDict() {
    StateDict sd;
    sd["a.weight"] = torch::arange(6, torch::kFloat32).reshape({2, 3});
    sd["a.bias"] = torch::ones({2});
    sd["buffer"] = torch::zeros({1});
    return sd;
}

std::string bindError(const WeightTable& table, const StateDict& sd) {
    try {
        table.bind(StateDictSource(sd), "test weights");
    } catch (const WeightsError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(WeightTable, BindsEveryEntryWithoutCopying) {
    StateDict sd = sampleDict();
    torch::Tensor w, b;
    WeightTable table;
    table.add("a.weight", {2, 3}, &w);
    table.add("a.bias", {2}, &b);
    table.ignore("buffer");
    table.bind(StateDictSource(sd), "test weights");
    EXPECT_EQ(w.data_ptr(), sd["a.weight"].data_ptr());
    EXPECT_TRUE(b.equal(torch::ones({2})));
    EXPECT_EQ(table.size(), 2u);
}

TEST(WeightTable, ConvertSeesEveryNameAndTensor) {
    StateDict sd = sampleDict();
    torch::Tensor w, b;
    WeightTable table;
    table.add("a.weight", {2, 3}, &w);
    table.add("a.bias", {2}, &b);
    table.ignore("buffer");
    std::vector<std::string> seen;
    table.bind(StateDictSource(sd), "test weights", [&](const std::string& name, const torch::Tensor& t) {
        seen.push_back(name);
        return t.to(torch::kFloat64);
    });
    EXPECT_EQ(seen, (std::vector<std::string>{"a.weight", "a.bias"}));
    EXPECT_EQ(w.scalar_type(), torch::kFloat64);
}

TEST(WeightTable, OptionalEntriesMayBeAbsent) {
    StateDict sd = sampleDict();
    sd.erase("a.bias");
    torch::Tensor w, b;
    WeightTable table;
    table.add("a.weight", {2, 3}, &w);
    table.addOptional("a.bias", {2}, &b);
    table.ignore("buf");  // not a prefix (no trailing dot) and not the name: "buffer" stays unexpected
    EXPECT_NE(bindError(table, sd).find("unexpected keys (1):\n    buffer"), std::string::npos);
    table.ignore("buffer");
    EXPECT_EQ(bindError(table, sd), "");
    EXPECT_TRUE(w.defined());
    EXPECT_FALSE(b.defined());
}

TEST(WeightTable, ListsEveryDifferenceAndBindsNothing) {
    StateDict sd = sampleDict();
    sd["extra.0.x"] = torch::zeros({1});
    sd["extra.1.x"] = torch::zeros({1});
    torch::Tensor w, b, c;
    WeightTable table;
    table.add("a.weight", {3, 2}, &w);
    table.add("a.bias", {2}, &b);
    table.add("c", {1}, &c);
    table.ignore("extra.0.");
    const std::string msg = bindError(table, sd);
    EXPECT_NE(msg.find("test weights: the weights do not match the model"), std::string::npos) << msg;
    EXPECT_NE(msg.find("missing keys (1):\n    c"), std::string::npos) << msg;
    EXPECT_NE(msg.find("unexpected keys (2):\n    buffer\n    extra.1.x"), std::string::npos) << msg;
    EXPECT_NE(msg.find("a.weight (file [2,3], model [3,2])"), std::string::npos) << msg;
    EXPECT_FALSE(w.defined());
    EXPECT_FALSE(b.defined());
}
