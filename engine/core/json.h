#pragma once
// A small JSON value, parser and writer (RFC 8259), standard library only, so the model core
// (safetensors headers, config.json, vocab.json) builds with libtorch alone.
// Objects keep insertion order; find() is linear, so code that looks up many keys in a large
// object (a 150k-entry vocabulary) should iterate items() once and build its own index.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/core/error.h"

namespace mr::json {

class ParseError : public mr::Error {
public:
    using mr::Error::Error;
};

class Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;

class Value {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : data_(b) {}
    Value(int v) : data_(Number{double(v), v, true}) {}
    Value(int64_t v) : data_(Number{double(v), v, true}) {}
    Value(uint64_t v) : data_(Number{double(v), int64_t(v), true}) {}
    Value(double v);
    Value(std::string s) : data_(std::move(s)) {}
    Value(const char* s) : data_(std::string(s)) {}
    Value(std::string_view s) : data_(std::string(s)) {}
    Value(Array a) : data_(std::move(a)) {}
    Value(Object o) : data_(std::move(o)) {}
    static Value array() { return Value(Array{}); }
    static Value object() { return Value(Object{}); }

    Type type() const { return Type(data_.index()); }
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isNumber() const { return type() == Type::Number; }
    bool isInteger() const { return isNumber() && std::get<Number>(data_).integral; }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }

    // Typed access; throws mr::json::ParseError ("expected a number, got a string") on mismatch.
    bool asBool() const;
    double asDouble() const;
    int64_t asInt() const;  // exact for integers written without fraction/exponent
    const std::string& asString() const;
    const Array& asArray() const;
    Array& asArray();
    const Object& items() const;
    Object& items();

    size_t size() const;                            // elements of an array or object, else 0
    const Value& operator[](size_t i) const;        // throws when out of range
    const Value* find(std::string_view key) const;  // nullptr when absent or not an object
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    const Value& at(std::string_view key) const;  // throws naming the key when absent

    // Lookups with a fallback when the key is absent or null.
    double get(std::string_view key, double fallback) const;
    int64_t get(std::string_view key, int64_t fallback) const;
    int get(std::string_view key, int fallback) const { return int(get(key, int64_t(fallback))); }
    bool get(std::string_view key, bool fallback) const;
    std::string get(std::string_view key, const char* fallback) const;

    // Building.
    Value& set(std::string key, Value v);  // insert or replace; turns null into an object
    Value& push_back(Value v);             // turns null into an array

    bool operator==(const Value& other) const;
    bool operator!=(const Value& other) const { return !(*this == other); }

private:
    struct Number {
        double d = 0;
        int64_t i = 0;
        bool integral = false;
        bool operator==(const Number& o) const { return d == o.d && i == o.i && integral == o.integral; }
    };
    friend class Parser;
    friend void writeValue(std::string&, const Value&, int, int);
    std::variant<std::monostate, bool, Number, std::string, Array, Object> data_;
};

// Parses one JSON document (surrounding whitespace allowed). Errors name line and column.
Value parse(std::string_view text);
// Reads and parses a file; errors name the file.
Value parseFile(const std::string& path);
// indent < 0: compact; otherwise pretty-printed with that many spaces. Non-finite numbers -> null.
std::string dump(const Value& v, int indent = -1);
// JSON string literal for s (with quotes), escaping as required.
std::string quote(std::string_view s);

}  // namespace mr::json
