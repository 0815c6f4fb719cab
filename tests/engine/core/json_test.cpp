#include "engine/core/json.h"

#include <gtest/gtest.h>

using mr::json::parse;
using mr::json::ParseError;
using mr::json::Value;

TEST(Json, ParsesNestedDocument) {
    Value v = parse(R"( {"a": [1, 2.5, -3e2, true, null], "b": {"c": "x\ny\u00e9\ud83d\ude00"}} )");
    ASSERT_TRUE(v.isObject());
    EXPECT_EQ(v.at("a").size(), 5u);
    EXPECT_EQ(v.at("a")[0].asInt(), 1);
    EXPECT_TRUE(v.at("a")[0].isInteger());
    EXPECT_DOUBLE_EQ(v.at("a")[1].asDouble(), 2.5);
    EXPECT_DOUBLE_EQ(v.at("a")[2].asDouble(), -300.0);
    EXPECT_TRUE(v.at("a")[3].asBool());
    EXPECT_TRUE(v.at("a")[4].isNull());
    EXPECT_EQ(v.at("b").at("c").asString(), "x\ny\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(Json, KeepsLargeIntegersExact) {
    EXPECT_EQ(parse("9007199254740993").asInt(), 9007199254740993LL);
}

TEST(Json, RoundTripsThroughDump) {
    const char* text = R"({"k":[1,0.1,"q\"\\",{"z":false}],"e":{}})";
    EXPECT_EQ(mr::json::dump(parse(text)), text);
    Value pretty = parse(mr::json::dump(parse(text), 2));
    EXPECT_EQ(pretty, parse(text));
}

TEST(Json, ErrorsNameLineAndColumn) {
    try {
        parse("{\n  \"a\": 1,\n  \"b\" 2}");
        FAIL() << "no error";
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    }
}

TEST(Json, RejectsMalformedInput) {
    for (const char* bad : {"", "{", "[1,]", "{'a':1}", "tru", "\"abc", "01", "1 2", "\"\\ud800\"", "[1}"}) {
        EXPECT_THROW(parse(bad), ParseError) << bad;
    }
}

TEST(Json, DeepNestingIsAnErrorNotACrash) {
    std::string deep(100000, '[');
    EXPECT_THROW(parse(deep), ParseError);
}

TEST(Json, TypeMismatchesThrow) {
    Value v = parse(R"({"a":"s"})");
    EXPECT_THROW(v.at("a").asDouble(), ParseError);
    EXPECT_THROW(v.at("missing"), ParseError);
    EXPECT_EQ(v.get("missing", 7), 7);
    EXPECT_EQ(v.get("a", "d"), "s");
}

TEST(Json, BuildsValues) {
    Value v;
    v.set("x", 1);
    v.set("list", Value::array()).push_back("a");
    v.set("x", 2);
    EXPECT_EQ(mr::json::dump(v), R"({"x":2,"list":["a"]})");
}
