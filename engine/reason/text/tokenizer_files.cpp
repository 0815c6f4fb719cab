#include "engine/reason/text/tokenizer_files.h"

#include <algorithm>
#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/core/limits.h"

namespace fs = std::filesystem;

namespace mr::reason {

namespace {

std::string trimAscii(std::string_view s) {
    size_t a = 0, b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n')) ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '\n')) --b;
    return std::string(s.substr(a, b - a));
}

// A special-token entry in tokenizer_config.json: "text", {"content": "text", ...} or null.
std::optional<std::string> tokenContent(const json::Value* v) {
    if (!v || v->isNull()) return std::nullopt;
    if (v->isString()) return v->asString();
    if (v->isObject()) {
        if (const auto* c = v->find("content"); c && c->isString()) return c->asString();
    }
    return std::nullopt;
}

void readVocab(const json::Value& vocab, const std::string& file, TokenizerFiles& out) {
    if (!vocab.isObject() || vocab.size() == 0)
        throw TokenizerError(file + ": the vocabulary is not a non-empty object");
    out.vocab.reserve(vocab.size() * 2);
    for (const auto& [tok, idv] : vocab.items()) {
        if (!idv.isInteger() || idv.asInt() < 0 || idv.asInt() > INT32_MAX)
            throw TokenizerError(file + ": token " + json::quote(tok) + " has no valid id");
        out.vocab[tok] = int32_t(idv.asInt());
    }
}

// merges.txt: one "left right" pair per line, after an optional "#version" header.
void readMergesText(const fs::path& path, TokenizerFiles& out) {
    const std::string text = mr::readFile(path.string(), mr::limits::kMaxTextFileBytes);
    size_t pos = 0;
    bool first = true;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        const std::string line = trimAscii(std::string_view(text).substr(pos, eol - pos));
        pos = eol + 1;
        const bool header = first && line.rfind("#version", 0) == 0;
        first = false;
        if (header || line.empty()) continue;
        const size_t sp = line.find(' ');
        if (sp == std::string::npos || line.find(' ', sp + 1) != std::string::npos) continue;
        out.merges.emplace_back(line.substr(0, sp), line.substr(sp + 1));
    }
}

// tokenizer.json's "model": a BPE vocabulary and merges ("a b" strings or ["a", "b"] pairs).
void readFastModel(const json::Value& fast, const std::string& file, TokenizerFiles& out) {
    const json::Value* model = fast.find("model");
    if (!model || !model->isObject()) throw TokenizerError(file + ": no \"model\" object");
    const std::string type = model->get("type", "BPE");
    if (type != "BPE") throw TokenizerError(file + ": model type " + type + " is not BPE");
    const json::Value* vocab = model->find("vocab");
    const json::Value* merges = model->find("merges");
    if (!vocab || !merges || !merges->isArray()) throw TokenizerError(file + ": model has no vocab or merges");
    readVocab(*vocab, file, out);
    for (const auto& m : merges->asArray()) {
        if (m.isString()) {
            const std::string& s = m.asString();
            const size_t sp = s.find(' ');
            if (sp != std::string::npos) out.merges.emplace_back(s.substr(0, sp), s.substr(sp + 1));
        } else if (m.isArray() && m.size() == 2 && m[0].isString() && m[1].isString()) {
            out.merges.emplace_back(m[0].asString(), m[1].asString());
        }
    }
}

AddedToken addedToken(int32_t id, const json::Value& t) {
    AddedToken a;
    a.id = id;
    a.content = t.at("content").asString();
    a.special = t.get("special", false);
    a.lstrip = t.get("lstrip", false);
    a.rstrip = t.get("rstrip", false);
    return a;
}

void readFastAddedTokens(const json::Value& fast, TokenizerFiles& out) {
    const auto* at = fast.find("added_tokens");
    if (!at || !at->isArray()) return;
    for (const auto& t : at->asArray()) {
        if (!t.isObject() || !t.contains("id") || !t.contains("content")) continue;
        out.added.push_back(addedToken(int32_t(t.at("id").asInt()), t));
    }
}

// tokenizer_config.json: added tokens (these win over tokenizer.json's) and special roles.
void readConfig(const fs::path& path, TokenizerFiles& out) {
    const std::string file = path.string();
    const json::Value cfg = json::parseFile(file);
    if (const auto* dec = cfg.find("added_tokens_decoder"); dec && dec->isObject()) {
        for (const auto& [key, t] : dec->items()) {
            int32_t id = -1;
            try {
                id = int32_t(std::stoll(key));
            } catch (const std::exception&) {
                throw TokenizerError(file + ": added token id " + json::quote(key) + " is not a number");
            }
            if (!t.isObject() || !t.contains("content"))
                throw TokenizerError(file + ": added token " + key + " has no content");
            AddedToken a = addedToken(id, t);
            auto& list = out.added;
            list.erase(std::remove_if(list.begin(), list.end(), [&](const AddedToken& o) { return o.id == a.id; }),
                       list.end());
            list.push_back(std::move(a));
        }
    }
    if (const auto* ast = cfg.find("additional_special_tokens"); ast && ast->isArray()) {
        for (const auto& t : ast->asArray())
            if (auto c = tokenContent(&t)) out.additionalSpecial.insert(*c);
    }
    for (const char* role :
         {"eos_token", "pad_token", "bos_token", "unk_token", "sep_token", "cls_token", "mask_token"})
        if (auto c = tokenContent(cfg.find(role))) out.specialContents.insert(*c);
    out.eos = tokenContent(cfg.find("eos_token"));
    out.pad = tokenContent(cfg.find("pad_token"));
    out.bos = tokenContent(cfg.find("bos_token"));
    out.splitSpecial = cfg.get("split_special_tokens", false);
    out.cleanUpSpaces = cfg.get("clean_up_tokenization_spaces", false);
}

}  // namespace

TokenizerFiles readTokenizerFiles(const std::string& folder) {
    const fs::path dir(folder);
    if (!fs::is_directory(dir)) throw TokenizerError("tokenizer folder not found: " + folder);
    const fs::path vocabPath = dir / "vocab.json", mergesPath = dir / "merges.txt", fastPath = dir / "tokenizer.json",
                   configPath = dir / "tokenizer_config.json";
    const bool haveSlow = fs::exists(vocabPath) && fs::exists(mergesPath);
    const bool haveFast = fs::exists(fastPath);
    if (!haveSlow && !haveFast) {
        std::string missing = fs::exists(vocabPath)    ? "merges.txt"
                              : fs::exists(mergesPath) ? "vocab.json"
                                                       : "vocab.json and merges.txt";
        throw TokenizerError("tokenizer files missing in " + folder + ": no " + missing + " and no tokenizer.json");
    }
    TokenizerFiles out;
    if (haveSlow) {
        readVocab(json::parseFile(vocabPath.string()), vocabPath.string(), out);
        readMergesText(mergesPath, out);
    }
    if (haveFast) {
        const json::Value fast = json::parseFile(fastPath.string());
        if (!haveSlow) readFastModel(fast, fastPath.string(), out);
        readFastAddedTokens(fast, out);
    }
    if (fs::exists(configPath)) readConfig(configPath, out);
    out.specialContents.insert(out.additionalSpecial.begin(), out.additionalSpecial.end());
    return out;
}

}  // namespace mr::reason
