#include "engine/nn/restricted_pickle.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <unordered_map>

#include "engine/core/limits.h"

namespace mr::nn::pickle {
namespace {

using Kind = Object::Kind;

const std::set<std::string>& storageTypes() {
    static const std::set<std::string> s{"Float", "Double", "Half", "BFloat16", "Long",         "Int",
                                         "Short", "Char",   "Byte", "Bool",     "ComplexFloat", "ComplexDouble"};
    return s;
}

bool allowedGlobal(const std::string& module, const std::string& name) {
    if (module == "collections" && name == "OrderedDict") return true;
    if (module == "torch._utils" && (name == "_rebuild_tensor_v2" || name == "_rebuild_parameter")) return true;
    if (module == "torch" && name.size() > 7 && name.compare(name.size() - 7, 7, "Storage") == 0)
        return storageTypes().count(name.substr(0, name.size() - 7)) != 0;
    return false;
}

class Unpickler {
public:
    Unpickler(const uint8_t* d, size_t n, std::string what) : p_(d), end_(d + n), begin_(d), what_(std::move(what)) {}

    // One opcode at a time, without recursion: containers are built on the explicit stack, so the depth of
    // the data never becomes the depth of the C++ stack. Each family of opcodes has its own member.
    Ref run() {
        while (true) {
            if (p_ >= end_) fail("ends before STOP (truncated?)");
            const size_t at = size_t(p_ - begin_);
            uint8_t op = *p_++;
            if (op == '.') {  // STOP
                if (stack_.empty()) fail("empty stack at STOP");
                return stack_.back();
            }
            if (!stackOp(op) && !scalarOp(op, at) && !textOp(op) && !containerOp(op) && !memoOp(op) &&
                !objectOp(op, at))
                unsupported(op, at);
        }
    }

private:
    [[noreturn]] void fail(const std::string& why) const { throw PickleError(what_ + ": " + why); }

    [[noreturn]] void unsupported(uint8_t op, size_t at) const {
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02x", op);
        fail(std::string("unsupported pickle opcode ") + buf + " at offset " + std::to_string(at) +
             " (only state_dicts of tensors are supported)");
    }

    // Framing and plain stack manipulation. Each opcode member returns false for opcodes of other families.
    bool stackOp(uint8_t op) {
        switch (op) {
            case 0x80: take(1); break;  // PROTO
            case 0x95: take(8); break;  // FRAME
            case '(': marks_.push_back(stack_.size()); break;
            case '0': pop(); break;
            case '1': popMark(); break;
            case '2': push(top()); break;
            default: return false;
        }
        return true;
    }

    // None, booleans, integers and floats.
    bool scalarOp(uint8_t op, size_t at) {
        switch (op) {
            case 'N': push(make(Kind::None)); break;
            case 0x88: {
                auto r = make(Kind::Bool);
                r->b = true;
                push(r);
                break;
            }
            case 0x89: push(make(Kind::Bool)); break;
            case 'J': {
                int32_t v;
                std::memcpy(&v, take(4), 4);
                push(makeInt(v));
                break;
            }
            case 'K': push(makeInt(*take(1))); break;
            case 'M': {
                const uint8_t* q = take(2);
                push(makeInt(q[0] | (q[1] << 8)));
                break;
            }
            case 0x8a: {  // LONG1
                size_t n = *take(1);
                if (n > 8) fail("integer too large at offset " + std::to_string(at));
                const uint8_t* q = take(n);
                uint64_t v = 0;
                for (size_t k = 0; k < n; ++k) v |= uint64_t(q[k]) << (8 * k);
                if (n > 0 && n < 8 && (q[n - 1] & 0x80)) v |= ~uint64_t(0) << (8 * n);
                push(makeInt(int64_t(v)));
                break;
            }
            case 'G': {  // BINFLOAT, big-endian
                const uint8_t* q = take(8);
                uint64_t u = 0;
                for (int k = 0; k < 8; ++k) u = (u << 8) | q[k];
                auto r = make(Kind::Float);
                std::memcpy(&r->f, &u, 8);
                push(r);
                break;
            }
            default: return false;
        }
        return true;
    }

    // Strings and bytes with a 1-, 4- or 8-byte length.
    bool textOp(uint8_t op) {
        switch (op) {
            case 'X': pushText(Kind::String, len32()); break;
            case 0x8c: pushText(Kind::String, *take(1)); break;
            case 0x8d: pushText(Kind::String, len64()); break;
            case 'T': pushText(Kind::String, len32()); break;
            case 'U': pushText(Kind::String, *take(1)); break;
            case 'B': pushText(Kind::Bytes, len32()); break;
            case 'C': pushText(Kind::Bytes, *take(1)); break;
            case 0x8e: pushText(Kind::Bytes, len64()); break;
            default: return false;
        }
        return true;
    }

    // Tuples, lists and dicts: made empty or from the items above a MARK, or extended in place.
    bool containerOp(uint8_t op) {
        switch (op) {
            case ')': push(make(Kind::Tuple)); break;
            case 't': {
                auto r = make(Kind::Tuple);
                addItems(r, popMark());
                push(r);
                break;
            }
            case 0x85:
            case 0x86:
            case 0x87: {
                size_t n = size_t(op - 0x84);
                if (stack_.size() < n + floor()) fail("stack underflow in TUPLE" + std::to_string(n));
                auto r = make(Kind::Tuple);
                addItems(r, std::vector<Ref>(stack_.end() - long(n), stack_.end()));
                stack_.resize(stack_.size() - n);
                push(r);
                break;
            }
            case ']': push(make(Kind::List)); break;
            case 'l': {
                auto r = make(Kind::List);
                addItems(r, popMark());
                push(r);
                break;
            }
            case 'a': {
                Ref v = pop();
                addItems(mutable_(top(), Kind::List, "APPEND"), {v});
                break;
            }
            case 'e': {
                auto items = popMark();
                addItems(mutable_(top(), Kind::List, "APPENDS"), items);
                break;
            }
            case '}': push(make(Kind::Dict)); break;
            case 'd': {
                auto r = make(Kind::Dict);
                addPairs(r, popMark());
                push(r);
                break;
            }
            case 's': {
                Ref v = pop(), k = pop();
                addPairs(mutable_(top(), Kind::Dict, "SETITEM"), {k, v});
                break;
            }
            case 'u': {
                auto items = popMark();
                addPairs(mutable_(top(), Kind::Dict, "SETITEMS"), items);
                break;
            }
            default: return false;
        }
        return true;
    }

    // The memo: PUT (binary, long, MEMOIZE, text) and GET.
    bool memoOp(uint8_t op) {
        switch (op) {
            case 'q': memo_[*take(1)] = top(); break;
            case 'r': memo_[len32()] = top(); break;
            case 0x94: memo_[memo_.size()] = top(); break;
            case 'p': memo_[decimal(line())] = top(); break;
            case 'h': push(memo(*take(1))); break;
            case 'j': push(memo(len32())); break;
            case 'g': push(memo(decimal(line()))); break;
            default: return false;
        }
        return true;
    }

    // Globals (allowed ones only), REDUCE, BUILD and persistent ids: how tensors and storages are made.
    bool objectOp(uint8_t op, size_t at) {
        switch (op) {
            case 'c': {
                std::string module = line();
                std::string name = line();
                push(global(module, name, at));
                break;
            }
            case 0x93: {  // STACK_GLOBAL
                Ref name = pop(), module = pop();
                if (name->kind != Kind::String || module->kind != Kind::String) fail("bad STACK_GLOBAL");
                push(global(module->s, name->s, at));
                break;
            }
            case 'R': {
                Ref args = pop(), fn = pop();
                push(reduce(fn, args, at));
                break;
            }
            case 'b': {  // BUILD: only the state of dicts (state_dict._metadata) and tensors, ignored
                Ref state = pop();
                Ref obj = top();
                if (obj->kind != Kind::Dict && obj->kind != Kind::Tensor)
                    fail("BUILD on an unsupported object at offset " + std::to_string(at));
                (void)state;
                break;
            }
            case 'Q': {  // BINPERSID
                Ref pid = pop();
                push(persistent(pid, at));
                break;
            }
            default: return false;
        }
        return true;
    }

    Ref make(Kind k) {
        if (++created_ > mr::limits::kMaxPickleObjects)
            fail("creates more than " + std::to_string(mr::limits::kMaxPickleObjects) + " objects");
        auto r = std::make_shared<Object>();
        r->kind = k;
        return r;
    }
    Ref makeInt(int64_t v) {
        auto r = make(Kind::Int);
        r->i = v;
        return r;
    }
    Ref makeStr(Kind k, std::string s) {
        auto r = make(k);
        r->s = std::move(s);
        return r;
    }

    // A memo key written as text (protocol 0 PUT/GET).
    uint64_t decimal(const std::string& text) {
        if (text.empty() || text.size() > 19) fail("bad memo key '" + text.substr(0, 20) + "'");
        uint64_t v = 0;
        for (char c : text) {
            if (c < '0' || c > '9') fail("bad memo key '" + text + "'");
            v = v * 10 + uint64_t(c - '0');
        }
        return v;
    }

    const uint8_t* take(size_t n) {
        if (size_t(end_ - p_) < n) fail("truncated pickle");
        const uint8_t* q = p_;
        p_ += n;
        return q;
    }
    uint64_t len32() {
        uint32_t v;
        std::memcpy(&v, take(4), 4);
        return v;
    }
    uint64_t len64() {
        uint64_t v;
        std::memcpy(&v, take(8), 8);
        return v;
    }
    std::string line() {
        const uint8_t* q = p_;
        while (q < end_ && *q != '\n') ++q;
        if (q >= end_) fail("truncated pickle (missing newline)");
        std::string s(reinterpret_cast<const char*>(p_), size_t(q - p_));
        p_ = q + 1;
        return s;
    }
    void pushText(Kind k, uint64_t n) {
        if (n > uint64_t(end_ - p_)) fail("truncated string");
        const uint8_t* q = take(size_t(n));
        push(makeStr(k, std::string(reinterpret_cast<const char*>(q), size_t(n))));
    }
    size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
    void push(Ref r) { stack_.push_back(std::move(r)); }
    Ref pop() {
        if (stack_.size() <= floor()) fail("stack underflow");
        Ref r = stack_.back();
        stack_.pop_back();
        return r;
    }
    Ref top() {
        if (stack_.size() <= floor()) fail("stack underflow");
        return stack_.back();
    }
    std::vector<Ref> popMark() {
        if (marks_.empty()) fail("no MARK on the stack");
        size_t m = marks_.back();
        marks_.pop_back();
        std::vector<Ref> items(stack_.begin() + long(m), stack_.end());
        stack_.resize(m);
        return items;
    }
    Ref memo(uint64_t k) {
        auto it = memo_.find(k);
        if (it == memo_.end()) fail("memo key " + std::to_string(k) + " not found");
        return it->second;
    }
    // A container an opcode is about to change: never one already inside another, so that no
    // container can come to hold itself and every depth stays what it was when it was nested.
    Ref mutable_(const Ref& r, Kind k, const char* op) {
        if (r->kind != k) fail(std::string(op) + " on the wrong kind of object");
        if (r->nested) fail(std::string(op) + " changes a container that is already inside another");
        return r;
    }
    void nest(const Ref& container, const Ref& child) {
        if (child == container) fail("a container would hold itself");
        child->nested = true;
        container->depth = std::max(container->depth, child->depth + 1);
        if (container->depth > mr::limits::kMaxPickleDepth)
            fail("containers nest more than " + std::to_string(mr::limits::kMaxPickleDepth) + " deep");
    }
    void addItems(const Ref& c, const std::vector<Ref>& items) {
        for (const auto& v : items) nest(c, v);
        c->items.insert(c->items.end(), items.begin(), items.end());
    }
    void addPairs(const Ref& d, const std::vector<Ref>& items) {
        if (items.size() % 2) fail("odd number of items for a dict");
        for (const auto& v : items) nest(d, v);
        for (size_t k = 0; k < items.size(); k += 2) d->dict.emplace_back(items[k], items[k + 1]);
    }
    Ref global(const std::string& module, const std::string& name, size_t at) {
        if (!allowedGlobal(module, name))
            fail("refers to " + module + "." + name + " at offset " + std::to_string(at) +
                 ", which is not allowed: only state_dicts of tensors are read (no code is executed)");
        return makeStr(Kind::Global, module + "." + name);
    }
    int64_t asInt(const Ref& r, const char* what) {
        if (r->kind != Kind::Int) fail(std::string(what) + " is not an integer");
        return r->i;
    }
    std::vector<int64_t> intTuple(const Ref& r, const char* what) {
        if (r->kind != Kind::Tuple && r->kind != Kind::List) fail(std::string(what) + " is not a tuple");
        std::vector<int64_t> v;
        for (const auto& x : r->items) v.push_back(asInt(x, what));
        return v;
    }
    Ref reduce(const Ref& fn, const Ref& args, size_t at) {
        if (fn->kind != Kind::Global || args->kind != Kind::Tuple)
            fail("REDUCE of something that is not an allowed global at offset " + std::to_string(at));
        const auto& a = args->items;
        if (fn->s == "collections.OrderedDict") {
            if (!a.empty()) fail("OrderedDict with arguments is not supported");
            return make(Kind::Dict);
        }
        if (fn->s == "torch._utils._rebuild_tensor_v2") {
            if (a.size() < 4 || a[0]->kind != Kind::Storage) fail("malformed _rebuild_tensor_v2 call");
            auto t = std::make_shared<TensorRef>();
            t->storage = *a[0]->storage;
            t->offset = asInt(a[1], "storage offset");
            t->size = intTuple(a[2], "tensor size");
            t->stride = intTuple(a[3], "tensor stride");
            if (t->size.size() != t->stride.size()) fail("tensor size and stride differ in length");
            auto r = make(Kind::Tensor);
            r->tensor = t;
            return r;
        }
        if (fn->s == "torch._utils._rebuild_parameter") {
            if (a.empty() || a[0]->kind != Kind::Tensor) fail("malformed _rebuild_parameter call");
            return a[0];
        }
        fail("calls " + fn->s + ", which is not allowed");
    }
    Ref persistent(const Ref& pid, size_t at) {
        if (pid->kind != Kind::Tuple || pid->items.size() < 5 || pid->items[0]->kind != Kind::String ||
            pid->items[0]->s != "storage" || pid->items[1]->kind != Kind::Global)
            fail("unsupported persistent id at offset " + std::to_string(at));
        auto s = std::make_shared<StorageRef>();
        const std::string& type = pid->items[1]->s;  // torch.FloatStorage
        const std::string prefix = "torch.", suffix = "Storage";
        if (type.size() <= prefix.size() + suffix.size() || type.compare(0, prefix.size(), prefix) != 0 ||
            type.compare(type.size() - suffix.size(), suffix.size(), suffix) != 0)
            fail("persistent id names " + type + ", which is not a storage type, at offset " + std::to_string(at));
        s->dtype = type.substr(prefix.size(), type.size() - prefix.size() - suffix.size());
        if (pid->items[2]->kind != Kind::String) fail("storage key is not a string");
        s->key = pid->items[2]->s;
        s->location = pid->items[3]->kind == Kind::String ? pid->items[3]->s : "cpu";
        s->numel = asInt(pid->items[4], "storage size");
        auto r = make(Kind::Storage);
        r->storage = s;
        return r;
    }

    const uint8_t* p_;
    const uint8_t* end_;
    const uint8_t* begin_;
    std::string what_;
    std::vector<Ref> stack_;
    std::vector<size_t> marks_;
    std::unordered_map<uint64_t, Ref> memo_;
    int64_t created_ = 0;
};

}  // namespace

Ref load(const uint8_t* data, size_t size, const std::string& what) { return Unpickler(data, size, what).run(); }

}  // namespace mr::nn::pickle
