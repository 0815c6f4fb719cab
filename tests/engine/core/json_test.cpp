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

TEST(Json, KeepsLargeIntegersExact) { EXPECT_EQ(parse("9007199254740993").asInt(), 9007199254740993LL); }

// Found by the qwen_config fuzzer: a whole number beyond int64 (here 1.28e126 in preprocessor_config's
// max_pixels) was converted to int64, which is undefined; it is an error that says why.
TEST(Json, AWholeNumberBeyondInt64IsAnErrorNotAnOverflow) {
    EXPECT_EQ(parse("-9223372036854775808").asInt(), INT64_MIN);
    EXPECT_EQ(parse("4e18").asInt(), int64_t(4000000000000000000LL));
    for (const char* text : {"1.2845056777777777e126", "9223372036854775808.0", "-1e19", "1e300"}) {
        try {
            (void)parse(text).asInt();
            ADD_FAILURE() << text << " read as an integer";
        } catch (const mr::json::ParseError& e) {
            EXPECT_NE(std::string(e.what()).find("within"), std::string::npos) << e.what();
        }
    }
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

// nlohmann-json parses; the messages users see stay the ones the app always showed.
TEST(Json, ErrorMessagesKeepTheirWording) {
    auto why = [](const char* text) {
        try {
            parse(text);
        } catch (const ParseError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(why(""), "JSON: unexpected end of input at line 1, column 1");
    EXPECT_EQ(why("{\"a\": tru}"), "JSON: invalid literal at line 1, column 10");
    EXPECT_EQ(why("{\"a\": 1 \"b\": 2}"), "JSON: expected ',' or '}' at line 1, column 11");
    EXPECT_EQ(why("[1 2]"), "JSON: expected ',' or ']' at line 1, column 4");
    EXPECT_EQ(why("{\"a\" 1}"), "JSON: expected ':' at line 1, column 6");
    EXPECT_EQ(why("{1: 2}"), "JSON: expected a string key at line 1, column 2");
    EXPECT_EQ(why("[1,]"), "JSON: unexpected character ']' at line 1, column 4");
    EXPECT_EQ(why("1 2"), "JSON: unexpected text after the JSON value at line 1, column 3");
    EXPECT_EQ(why("\"abc"), "JSON: unterminated string at line 1, column 5");
    EXPECT_EQ(why("\"a\nb\""), "JSON: control character in string at line 1, column 3");
    EXPECT_EQ(why("\"\\ud800\""), "JSON: unpaired surrogate at line 1, column 8");
    EXPECT_EQ(why("\"\\q\""), "JSON: invalid escape at line 1, column 3");
    EXPECT_EQ(why("-"), "JSON: invalid number at line 1, column 2");
    EXPECT_NE(why(std::string(600, '[').c_str()).find("nesting too deep at line 1, column 513"), std::string::npos);
}

TEST(Json, NumbersAreWrittenAsBefore) {
    // std::to_chars' shortest form, not nlohmann's ("2.0", "0.0001"): written files keep their bytes.
    EXPECT_EQ(mr::json::dump(parse("[2.0, 0.0001, 1e21, 0.1, -0.0, 3, 18446744073709551615]")),
              "[2,1e-04,1e+21,0.1,-0,3,18446744073709551616]");
    EXPECT_EQ(mr::json::dump(parse(R"({"a":[1,{"b":[]}],"c":{}})"), 2),
              "{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    }\n  ],\n  \"c\": {}\n}");
}

TEST(Json, StringsAreEscapedAndAlwaysValidUtf8) {
    EXPECT_EQ(mr::json::quote("a\"\\\n\t\x01\x7f/é"), "\"a\\\"\\\\\\n\\t\\u0001\x7f/é\"");
    // Invalid UTF-8 (a model's partial token, a Latin-1 file name) is written as U+FFFD, so that
    // what the app writes always reads back.
    const std::string written = mr::json::quote("ab\xff");
    EXPECT_EQ(written, "\"ab\xEF\xBF\xBD\"");
    EXPECT_EQ(parse(written).asString(), "ab\xEF\xBF\xBD");
    EXPECT_THROW(parse("\"\xff\""), ParseError);
}
