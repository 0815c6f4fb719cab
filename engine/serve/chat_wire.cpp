#include "engine/serve/chat_wire.h"

#include <cmath>

namespace mr::serve {

namespace {

using mr::json::Value;

std::string textOf(const Value& content, const char* role) {
    if (content.isString()) return content.asString();
    if (!content.isArray())
        throw ChatWireError(std::string("the ") + role + " message's content must be text or a list of parts");
    std::string text;
    for (const Value& part : content.asArray()) {
        if (part.get("type", "") != "text" || !part.contains("text"))
            throw ChatWireError(std::string("the ") + role + " message may only hold text parts");
        text += part.at("text").asString();
    }
    return text;
}

std::string imageUrlOf(const Value& part) {
    const Value& u = part.at("image_url");
    if (u.isString()) return u.asString();
    if (u.isObject() && u.contains("url")) return u.at("url").asString();
    throw ChatWireError("an image_url part has no url");
}

// The user turn: one image part, then text parts.
void readUserTurn(const Value& content, ChatRequest& r) {
    if (!content.isArray())
        throw ChatWireError("the user message must be a list of parts: an image_url part, then text");
    bool image = false;
    for (const Value& part : content.asArray()) {
        const std::string type = part.get("type", "");
        if (type == "image_url") {
            if (image) throw ChatWireError("the user message holds more than one image; one is served");
            r.imageUrl = imageUrlOf(part);
            image = true;
        } else if (type == "text") {
            if (!image) throw ChatWireError("the user message's text comes before the image; put the image first");
            r.text += part.at("text").asString();
        } else {
            throw ChatWireError("unsupported content part type '" + type + "' (image_url and text are served)");
        }
    }
    if (!image) throw ChatWireError("the user message holds no image (an image_url part with a data URL)");
}

std::optional<double> number(const Value& body, const char* key, double lo, double hi, bool loOpen) {
    const Value* v = body.find(key);
    if (!v || v->isNull()) return std::nullopt;
    if (!v->isNumber()) throw ChatWireError(std::string(key) + " must be a number");
    const double d = v->asDouble();
    if (!std::isfinite(d) || d < lo || (loOpen && d == lo) || d > hi)
        throw ChatWireError(std::string(key) + " is out of range");
    return d;
}

}  // namespace

Value chatRequestToJson(const ChatRequest& r) {
    Value messages = Value::array();
    if (r.system) messages.push_back(Value(json::Object{{"role", "system"}, {"content", *r.system}}));
    Value image(json::Object{{"type", "image_url"}, {"image_url", Value(json::Object{{"url", r.imageUrl}})}});
    Value text(json::Object{{"type", "text"}, {"text", r.text}});
    messages.push_back(Value(json::Object{{"role", "user"}, {"content", Value(json::Array{image, text})}}));
    Value body = Value::object();
    body.set("model", r.model);
    body.set("messages", messages);
    body.set("stream", r.stream);
    if (r.stream && r.includeUsage) body.set("stream_options", Value(json::Object{{"include_usage", true}}));
    if (r.maxTokens) body.set("max_tokens", *r.maxTokens);
    if (r.temperature) body.set("temperature", *r.temperature);
    if (r.topP) body.set("top_p", *r.topP);
    if (r.topK) body.set("top_k", *r.topK);
    if (r.repetitionPenalty) body.set("repetition_penalty", *r.repetitionPenalty);
    if (r.seed) body.set("seed", *r.seed);
    if (!r.stop.empty()) {
        Value stop = Value::array();
        for (const auto& s : r.stop) stop.push_back(s);
        body.set("stop", stop);
    }
    return body;
}

ChatRequest chatOptionsFromJson(const Value& body) {
    if (!body.isObject()) throw ChatWireError("the request body is not a JSON object");
    ChatRequest r;
    try {
        r.stream = body.get("stream", false);
        if (const Value* o = body.find("stream_options"); o && o->isObject())
            r.includeUsage = o->get("include_usage", false);
        for (const char* key : {"max_tokens", "max_completion_tokens"})
            if (const Value* v = body.find(key); v && !v->isNull()) {
                if (!v->isInteger() || v->asInt() < 1)
                    throw ChatWireError(std::string(key) + " must be a positive integer");
                r.maxTokens = v->asInt();
            }
        if (const Value* n = body.find("n"); n && !n->isNull() && (!n->isInteger() || n->asInt() != 1))
            throw ChatWireError("n must be 1: one reply per request is served");
        r.temperature = number(body, "temperature", 0, 100, false);
        r.topP = number(body, "top_p", 0, 1, true);
        r.repetitionPenalty = number(body, "repetition_penalty", 0, 100, true);
        if (const Value* k = body.find("top_k"); k && !k->isNull()) {
            if (!k->isInteger()) throw ChatWireError("top_k must be an integer");
            if (k->asInt() > 0) r.topK = k->asInt();  // -1 and 0 mean "off" in vLLM
        }
        if (const Value* s = body.find("seed"); s && !s->isNull()) {
            if (!s->isInteger() || s->asInt() < 0) throw ChatWireError("seed must be a non-negative integer");
            r.seed = uint64_t(s->asInt());
        }
        if (const Value* s = body.find("stop"); s && !s->isNull()) {
            if (s->isString()) r.stop.push_back(s->asString());
            else
                for (const Value& x : s->asArray()) r.stop.push_back(x.asString());
            if (r.stop.size() > 16) throw ChatWireError("at most 16 stop strings are served");
            for (const auto& x : r.stop)
                if (x.empty()) throw ChatWireError("stop strings must not be empty");
        }
    } catch (const json::ParseError& e) {
        throw ChatWireError(std::string("malformed request: ") + e.what());
    }
    return r;
}

ChatRequest chatRequestFromJson(const Value& body) {
    ChatRequest r = chatOptionsFromJson(body);
    try {
        r.model = body.get("model", "");
        const Value& messages = body.at("messages");
        if (!messages.isArray() || messages.size() == 0) throw ChatWireError("messages must be a non-empty list");
        size_t users = 0;
        for (const Value& m : messages.asArray()) {
            const std::string role = m.get("role", "");
            if (role == "system" && users == 0 && !r.system) {
                r.system = textOf(m.at("content"), "system");
            } else if (role == "user" && users++ == 0) {
                readUserTurn(m.at("content"), r);
            } else {
                throw ChatWireError(
                    "unsupported conversation: one optional system message, then one user message "
                    "(image, then text) are served; got a '" +
                    role + "' message there");
            }
        }
        if (users == 0) throw ChatWireError("the request has no user message");
    } catch (const json::ParseError& e) {
        throw ChatWireError(std::string("malformed request: ") + e.what());
    }
    return r;
}

ChatPiece chatPieceFromJson(const Value& v, bool streamed) {
    if (!v.isObject()) throw ChatWireError("the reply is not a JSON object");
    if (const Value* e = v.find("error"); e && !e->isNull())
        throw ChatWireError("the server reported an error: " + serverErrorMessage(json::dump(v)));
    ChatPiece p;
    try {
        if (const Value* u = v.find("usage"); u && u->isObject())
            p.usage = ChatUsage{u->get("prompt_tokens", int64_t(0)), u->get("completion_tokens", int64_t(0))};
        const Value* choices = v.find("choices");
        if (!choices || !choices->isArray()) throw ChatWireError("the reply has no choices list");
        if (choices->size() == 0) {
            if (!p.usage) throw ChatWireError("the reply's choices list is empty");
            return p;  // a usage-only chunk
        }
        const Value& c = (*choices)[0];
        const Value* m = c.find(streamed ? "delta" : "message");
        if (!m || !m->isObject())
            throw ChatWireError(streamed ? "a stream chunk has no delta" : "the reply has no message");
        if (const Value* content = m->find("content"); content && !content->isNull()) p.content = content->asString();
        if (const Value* f = c.find("finish_reason"); f && f->isString()) p.finishReason = f->asString();
    } catch (const json::ParseError& e) {
        throw ChatWireError(std::string("the reply does not follow the Chat Completions format: ") + e.what());
    }
    return p;
}

Value usageToJson(const ChatUsage& u) {
    return Value(json::Object{{"prompt_tokens", u.promptTokens},
                              {"completion_tokens", u.completionTokens},
                              {"total_tokens", u.promptTokens + u.completionTokens}});
}

Value chatChunkJson(const std::string& id, int64_t created, const std::string& model,
                    const std::optional<std::string>& content, const std::optional<std::string>& finishReason,
                    const std::optional<ChatUsage>& usage) {
    Value v(json::Object{{"id", id}, {"object", "chat.completion.chunk"}, {"created", created}, {"model", model}});
    Value choices = Value::array();
    if (content || finishReason) {
        Value delta = Value::object();
        if (content) delta.set("content", *content);
        choices.push_back(Value(json::Object{
            {"index", 0}, {"delta", delta}, {"finish_reason", finishReason ? Value(*finishReason) : Value()}}));
    }
    v.set("choices", choices);
    if (usage) v.set("usage", usageToJson(*usage));
    return v;
}

Value chatCompletionJson(const std::string& id, int64_t created, const std::string& model, const std::string& content,
                         const std::string& finishReason, const ChatUsage& usage) {
    Value message(json::Object{{"role", "assistant"}, {"content", content}});
    Value choice(json::Object{{"index", 0}, {"message", message}, {"finish_reason", finishReason}});
    return Value(json::Object{{"id", id},
                              {"object", "chat.completion"},
                              {"created", created},
                              {"model", model},
                              {"choices", Value(json::Array{choice})},
                              {"usage", usageToJson(usage)}});
}

Value errorJson(const std::string& message, const std::string& type, const std::string& code) {
    Value e(json::Object{{"message", message}, {"type", type}});
    e.set("code", code.empty() ? Value() : Value(code));
    return Value(json::Object{{"error", e}});
}

std::string serverErrorMessage(const std::string& body) {
    try {
        const Value v = json::parse(body);
        if (const Value* e = v.find("error")) {
            if (e->isString()) return e->asString();
            if (const Value* m = e->find("message"); m && m->isString()) return m->asString();
        }
        for (const char* key : {"detail", "message"})
            if (const Value* m = v.find(key)) return m->isString() ? m->asString() : json::dump(*m);
    } catch (const std::exception&) {}
    std::string text = body.substr(0, 300);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    if (body.size() > 300) text += "…";
    return text.empty() ? "(no message)" : text;
}

}  // namespace mr::serve
