#include "engine/core/json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "engine/core/files.h"
#include "engine/core/limits.h"

namespace mr::json {

namespace {
const char* typeName(Value::Type t) {
    switch (t) {
        case Value::Type::Null: return "null";
        case Value::Type::Bool: return "a boolean";
        case Value::Type::Number: return "a number";
        case Value::Type::String: return "a string";
        case Value::Type::Array: return "an array";
        case Value::Type::Object: return "an object";
    }
    return "?";
}

[[noreturn]] void typeMismatch(const char* wanted, Value::Type got) {
    throw ParseError(std::string("JSON: expected ") + wanted + ", got " + typeName(got));
}

}  // namespace

Value::Value(double v) {
    Number n{v, 0, false};
    data_ = n;
}

bool Value::asBool() const {
    if (!isBool()) typeMismatch("a boolean", type());
    return std::get<bool>(data_);
}
double Value::asDouble() const {
    if (!isNumber()) typeMismatch("a number", type());
    return std::get<Number>(data_).d;
}
int64_t Value::asInt() const {
    if (!isNumber()) typeMismatch("an integer", type());
    const Number& n = std::get<Number>(data_);
    if (n.integral) return n.i;
    if (std::floor(n.d) != n.d || !std::isfinite(n.d)) typeMismatch("an integer", type());
    // A whole number written with an exponent or too many digits can lie beyond int64: converting
    // it would be undefined, so it is an error (2^63 is exact in a double).
    if (n.d >= 9223372036854775808.0 || n.d < -9223372036854775808.0)
        throw ParseError("JSON: expected an integer within ±9.2e18, got " + std::to_string(n.d));
    return int64_t(n.d);
}
const std::string& Value::asString() const {
    if (!isString()) typeMismatch("a string", type());
    return std::get<std::string>(data_);
}
const Array& Value::asArray() const {
    if (!isArray()) typeMismatch("an array", type());
    return std::get<Array>(data_);
}
Array& Value::asArray() {
    if (!isArray()) typeMismatch("an array", type());
    return std::get<Array>(data_);
}
const Object& Value::items() const {
    if (!isObject()) typeMismatch("an object", type());
    return std::get<Object>(data_);
}
Object& Value::items() {
    if (!isObject()) typeMismatch("an object", type());
    return std::get<Object>(data_);
}
size_t Value::size() const {
    if (isArray()) return std::get<Array>(data_).size();
    if (isObject()) return std::get<Object>(data_).size();
    return 0;
}
const Value& Value::operator[](size_t i) const {
    const Array& a = asArray();
    if (i >= a.size())
        throw ParseError("JSON: index " + std::to_string(i) + " out of range (size " + std::to_string(a.size()) + ")");
    return a[i];
}
const Value* Value::find(std::string_view key) const {
    if (!isObject()) return nullptr;
    for (const auto& [k, v] : std::get<Object>(data_))
        if (k == key) return &v;
    return nullptr;
}
const Value& Value::at(std::string_view key) const {
    if (!isObject()) typeMismatch("an object", type());
    const Value* v = find(key);
    if (!v) throw ParseError("JSON: missing key \"" + std::string(key) + "\"");
    return *v;
}
double Value::get(std::string_view key, double fallback) const {
    const Value* v = find(key);
    return v && !v->isNull() ? v->asDouble() : fallback;
}
int64_t Value::get(std::string_view key, int64_t fallback) const {
    const Value* v = find(key);
    return v && !v->isNull() ? v->asInt() : fallback;
}
bool Value::get(std::string_view key, bool fallback) const {
    const Value* v = find(key);
    return v && !v->isNull() ? v->asBool() : fallback;
}
std::string Value::get(std::string_view key, const char* fallback) const {
    const Value* v = find(key);
    return v && !v->isNull() ? v->asString() : std::string(fallback);
}
Value& Value::set(std::string key, Value v) {
    if (isNull()) data_ = Object{};
    Object& o = items();
    for (auto& [k, existing] : o)
        if (k == key) return existing = std::move(v);
    o.emplace_back(std::move(key), std::move(v));
    return o.back().second;
}
Value& Value::push_back(Value v) {
    if (isNull()) data_ = Array{};
    Array& a = asArray();
    a.push_back(std::move(v));
    return a.back();
}
bool Value::operator==(const Value& other) const {
    if (isNumber() && other.isNumber()) return asDouble() == other.asDouble();
    return data_ == other.data_;
}

// ---------------------------------------------------------------- parser
// nlohmann-json's SAX parser does the lexing and grammar (RFC 8259, UTF-8 checked, iterative);
// this handler builds our ordered Value tree without an intermediate DOM, bounds the nesting
// and turns the library's errors into the messages the app has always shown.
namespace {

class TreeBuilder final : public nlohmann::json_sax<nlohmann::json> {
public:
    explicit TreeBuilder(std::string_view text) : text_(text) {}

    Value take() { return std::move(root_); }

    bool null() override { return put(Value()); }
    bool boolean(bool b) override { return put(Value(b)); }
    bool number_integer(number_integer_t v) override { return put(Value(int64_t(v))); }
    bool number_unsigned(number_unsigned_t v) override {
        // Beyond int64 the old parser (and JavaScript) kept the nearest double.
        return put(v <= uint64_t(INT64_MAX) ? Value(int64_t(v)) : Value(double(v)));
    }
    bool number_float(number_float_t v, const string_t&) override { return put(Value(double(v))); }
    bool string(string_t& s) override { return put(Value(std::move(s))); }
    bool binary(binary_t&) override { return false; }  // not produced by the JSON reader
    bool start_object(std::size_t) override { return open(Value::object()); }
    bool key(string_t& k) override {
        key_ = std::move(k);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(Value::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        // `position` is just past the last character read: the error is reported at that character.
        const size_t at = std::min(position == 0 ? 0 : position - 1, text_.size());
        fail(at, describe(ex.what(), at < text_.size() ? text_[at] : '\0'));
    }

private:
    std::string_view text_;
    Value root_;
    std::vector<Value*> open_;  // the containers being filled, innermost last
    std::string key_;           // key of the next value in the innermost object

    Value& place(Value v) {
        if (open_.empty()) return root_ = std::move(v);
        Value& c = *open_.back();
        if (c.isArray()) return c.asArray().emplace_back(std::move(v));
        return c.items().emplace_back(std::move(key_), std::move(v)).second;
    }
    bool put(Value v) {
        place(std::move(v));
        return true;
    }
    bool open(Value container) {
        if (open_.size() >= size_t(mr::limits::kMaxJsonDepth)) fail(offsetOfDepth(), "nesting too deep");
        open_.push_back(&place(std::move(container)));
        return true;
    }
    bool close() {
        open_.pop_back();
        return true;
    }

    // Where the nesting first exceeds the limit (the SAX callbacks carry no position).
    size_t offsetOfDepth() const {
        int depth = 0;
        bool inString = false;
        for (size_t i = 0; i < text_.size(); ++i) {
            char c = text_[i];
            if (inString) {
                if (c == '\\') ++i;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > mr::limits::kMaxJsonDepth) return i;
            } else if (c == ']' || c == '}') {
                --depth;
            }
        }
        return text_.size();
    }

    [[noreturn]] void fail(size_t offset, const std::string& why) const {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < offset && i < text_.size(); ++i) {
            if (text_[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw ParseError("JSON: " + why + " at line " + std::to_string(line) + ", column " + std::to_string(col));
    }

    // The library's message ("[json.exception.parse_error.101] parse error at line 1, column 4:
    // syntax error while parsing value - invalid literal; last read: 'tru'") in the app's words.
    static std::string describe(std::string message, char offending) {
        auto has = [&](const char* s) { return message.find(s) != std::string::npos; };
        if (has("number overflow")) return "number out of range";
        if (has("last read:")) {  // the lexer rejected a token
            if (has("invalid literal")) return "invalid literal";
            if (has("missing closing quote")) return "unterminated string";
            if (has("control character")) return "control character in string";
            if (has("surrogate U+D800..U+DBFF must be followed")) return "unpaired surrogate";
            if (has("must follow U+D800..U+DBFF")) return "unpaired surrogate";
            if (has("4 hex digits")) return "invalid \\u escape";
            if (has("after backslash")) return "invalid escape";
            if (has("ill-formed UTF-8")) return "invalid UTF-8 in string";
            if (has("invalid number")) return "invalid number";
        }
        if (has("; expected end of input")) return "unexpected text after the JSON value";
        if (has("; expected ':'")) return "expected ':'";
        if (has("; expected '}'")) return "expected ',' or '}'";
        if (has("; expected ']'")) return "expected ',' or ']'";
        if (has("unexpected end of input")) return "unexpected end of input";
        if (has("; expected string literal")) return "expected a string key";
        if (has("; expected '[', '{', or a literal")) return std::string("unexpected character '") + offending + "'";
        // Anything else: the library's own words without its prefix.
        const size_t colon = message.find(": ");
        if (colon != std::string::npos) message.erase(0, colon + 2);
        const size_t dash = message.find(" - ");
        if (message.rfind("syntax error", 0) == 0 && dash != std::string::npos) message.erase(0, dash + 3);
        return message;
    }
};

}  // namespace

Value parse(std::string_view text) {
    TreeBuilder builder(text);
    nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
    return builder.take();
}

Value parseFile(const std::string& path) {
    std::string text;
    try {
        text = mr::readFile(path, mr::limits::kMaxTextFileBytes);
    } catch (const mr::Error& e) {
        throw ParseError(e.what());
    }
    try {
        return parse(text);
    } catch (const ParseError& e) {
        throw ParseError(path + ": " + e.what());
    }
}

// ---------------------------------------------------------------- writer
// Strings are escaped by nlohmann-json (invalid UTF-8 becomes U+FFFD, so what we write can
// always be read back). Numbers keep the app's own format, std::to_chars' shortest round-trip
// form ("2", "1e-04"), which differs from the library's ("2.0", "0.0001"): files written before
// stay byte for byte the same.
std::string quote(std::string_view s) {
    return nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void writeValue(std::string& out, const Value& v, int indent, int level) {
    auto newline = [&](int lvl) {
        if (indent < 0) return;
        out += '\n';
        out.append(size_t(indent * lvl), ' ');
    };
    switch (v.type()) {
        case Value::Type::Null: out += "null"; break;
        case Value::Type::Bool: out += v.asBool() ? "true" : "false"; break;
        case Value::Type::Number: {
            const auto& n = std::get<Value::Number>(v.data_);
            if (n.integral) {
                out += std::to_string(n.i);
            } else if (!std::isfinite(n.d)) {
                out += "null";
            } else {
                char buf[32];
                auto r = std::to_chars(buf, buf + sizeof buf, n.d);  // shortest round-trip form
                out.append(buf, r.ptr);
            }
            break;
        }
        case Value::Type::String: out += quote(v.asString()); break;
        case Value::Type::Array: {
            const Array& a = v.asArray();
            out += '[';
            for (size_t i = 0; i < a.size(); ++i) {
                if (i) out += ',';
                newline(level + 1);
                writeValue(out, a[i], indent, level + 1);
            }
            if (!a.empty()) newline(level);
            out += ']';
            break;
        }
        case Value::Type::Object: {
            const Object& o = v.items();
            out += '{';
            for (size_t i = 0; i < o.size(); ++i) {
                if (i) out += ',';
                newline(level + 1);
                out += quote(o[i].first);
                out += indent < 0 ? ":" : ": ";
                writeValue(out, o[i].second, indent, level + 1);
            }
            if (!o.empty()) newline(level);
            out += '}';
            break;
        }
    }
}

std::string dump(const Value& v, int indent) {
    std::string out;
    writeValue(out, v, indent, 0);
    return out;
}

}  // namespace mr::json
