#include "engine/core/json.h"

#include "engine/core/utf8.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

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
        throw ParseError("JSON: index " + std::to_string(i) + " out of range (size " +
                         std::to_string(a.size()) + ")");
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
class Parser {
public:
    explicit Parser(std::string_view text) : s_(text) {}

    Value document() {
        skipWs();
        Value v = value(0);
        skipWs();
        if (p_ != s_.size()) fail("unexpected text after the JSON value");
        return v;
    }

private:
    static constexpr int kMaxDepth = 512;  // bounds recursion on hostile input
    std::string_view s_;
    size_t p_ = 0;

    [[noreturn]] void fail(const std::string& why) const {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < p_ && i < s_.size(); ++i) {
            if (s_[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw ParseError("JSON: " + why + " at line " + std::to_string(line) + ", column " +
                         std::to_string(col));
    }
    void skipWs() {
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r'))
            ++p_;
    }
    bool consume(char c) {
        if (p_ < s_.size() && s_[p_] == c) {
            ++p_;
            return true;
        }
        return false;
    }
    void expectWord(std::string_view w) {
        if (s_.substr(p_, w.size()) != w) fail("invalid literal");
        p_ += w.size();
    }

    Value value(int depth) {
        if (depth > kMaxDepth) fail("nesting too deep");
        if (p_ >= s_.size()) fail("unexpected end of input");
        char c = s_[p_];
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return Value(string());
            case 't': expectWord("true"); return Value(true);
            case 'f': expectWord("false"); return Value(false);
            case 'n': expectWord("null"); return Value();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                fail(std::string("unexpected character '") + c + "'");
        }
    }

    Value object(int depth) {
        ++p_;
        Object o;
        skipWs();
        if (consume('}')) return Value(std::move(o));
        for (;;) {
            skipWs();
            if (p_ >= s_.size() || s_[p_] != '"') fail("expected a string key");
            std::string key = string();
            skipWs();
            if (!consume(':')) fail("expected ':'");
            skipWs();
            Value v = value(depth + 1);
            o.emplace_back(std::move(key), std::move(v));
            skipWs();
            if (consume(',')) continue;
            if (consume('}')) break;
            fail("expected ',' or '}'");
        }
        return Value(std::move(o));
    }

    Value array(int depth) {
        ++p_;
        Array a;
        skipWs();
        if (consume(']')) return Value(std::move(a));
        for (;;) {
            skipWs();
            a.push_back(value(depth + 1));
            skipWs();
            if (consume(',')) continue;
            if (consume(']')) break;
            fail("expected ',' or ']'");
        }
        return Value(std::move(a));
    }

    uint32_t hex4() {
        if (p_ + 4 > s_.size()) fail("truncated \\u escape");
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = s_[p_++];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f') v |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= uint32_t(c - 'A' + 10);
            else fail("invalid \\u escape");
        }
        return v;
    }

    std::string string() {
        ++p_;  // opening quote
        std::string out;
        for (;;) {
            size_t start = p_;
            while (p_ < s_.size() && s_[p_] != '"' && s_[p_] != '\\' && (unsigned char)s_[p_] >= 0x20) ++p_;
            out.append(s_.data() + start, p_ - start);
            if (p_ >= s_.size()) fail("unterminated string");
            char c = s_[p_++];
            if (c == '"') return out;
            if (c != '\\') fail("control character in string");
            if (p_ >= s_.size()) fail("unterminated string");
            char e = s_[p_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    uint32_t cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (s_.substr(p_, 2) != "\\u") fail("unpaired surrogate");
                        p_ += 2;
                        uint32_t lo = hex4();
                        if (lo < 0xDC00 || lo > 0xDFFF) fail("invalid low surrogate");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        fail("unpaired surrogate");
                    }
                    mr::appendUtf8(out, cp);
                    break;
                }
                default: fail("invalid escape");
            }
        }
    }

    Value number() {
        size_t start = p_;
        bool integral = true;
        consume('-');
        if (p_ >= s_.size() || !std::isdigit((unsigned char)s_[p_])) fail("invalid number");
        if (s_[p_] == '0') {
            ++p_;
        } else {
            while (p_ < s_.size() && std::isdigit((unsigned char)s_[p_])) ++p_;
        }
        if (consume('.')) {
            integral = false;
            if (p_ >= s_.size() || !std::isdigit((unsigned char)s_[p_])) fail("invalid number");
            while (p_ < s_.size() && std::isdigit((unsigned char)s_[p_])) ++p_;
        }
        if (p_ < s_.size() && (s_[p_] == 'e' || s_[p_] == 'E')) {
            integral = false;
            ++p_;
            if (!consume('+')) consume('-');
            if (p_ >= s_.size() || !std::isdigit((unsigned char)s_[p_])) fail("invalid number");
            while (p_ < s_.size() && std::isdigit((unsigned char)s_[p_])) ++p_;
        }
        std::string_view tok = s_.substr(start, p_ - start);
        Value v;
        if (integral) {
            int64_t i = 0;
            auto r = std::from_chars(tok.data(), tok.data() + tok.size(), i);
            if (r.ec == std::errc()) {
                v.data_ = Value::Number{double(i), i, true};
                return v;
            }
        }
        // strtod needs a terminated buffer; tok is short.
        std::string buf(tok);
        v.data_ = Value::Number{std::strtod(buf.c_str(), nullptr), 0, false};
        return v;
    }
};

Value parse(std::string_view text) { return Parser(text).document(); }

Value parseFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ParseError("cannot open " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    try {
        return parse(ss.str());
    } catch (const ParseError& e) {
        throw ParseError(path + ": " + e.what());
    }
}

// ---------------------------------------------------------------- writer
std::string quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if ((unsigned char)c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", (unsigned char)c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
    return out;
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
