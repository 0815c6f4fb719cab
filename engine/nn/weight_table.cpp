#include "engine/nn/weight_table.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace mr::nn {

std::vector<std::string> StateDictSource::names() const {
    std::vector<std::string> n;
    n.reserve(sd_.size());
    for (const auto& [k, t] : sd_) n.push_back(k);
    return n;
}

void WeightTable::add(const std::string& name, std::vector<int64_t> shape, torch::Tensor* target) {
    entries_.push_back({name, std::move(shape), target, false});
}

void WeightTable::addOptional(const std::string& name, std::vector<int64_t> shape, torch::Tensor* target) {
    entries_.push_back({name, std::move(shape), target, true});
}

void WeightTable::ignore(const std::string& nameOrPrefix) { ignored_.push_back(nameOrPrefix); }
void WeightTable::ignoreSuffix(const std::string& suffix) { ignoredSuffixes_.push_back(suffix); }

bool WeightTable::ignored(const std::string& name) const {
    const bool byName = std::any_of(ignored_.begin(), ignored_.end(), [&](const std::string& p) {
        return p == name || (!p.empty() && p.back() == '.' && name.compare(0, p.size(), p) == 0);
    });
    return byName || std::any_of(ignoredSuffixes_.begin(), ignoredSuffixes_.end(), [&](const std::string& s) {
               return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
           });
}

std::map<std::string, std::vector<int64_t>> WeightTable::shapes() const {
    std::map<std::string, std::vector<int64_t>> m;
    for (const Entry& e : entries_) m[e.name] = e.shape;
    return m;
}

WeightDifferences WeightTable::compare(const TensorSource& source) const {
    WeightDifferences d;
    std::set<std::string> known;
    for (const Entry& e : entries_) {
        known.insert(e.name);
        if (!source.contains(e.name)) {
            if (!e.optional) d.missing.push_back(e.name);
            continue;
        }
        std::vector<int64_t> got = source.shape(e.name);
        if (got != e.shape) d.misshapen.push_back({e.name, std::move(got), e.shape});
    }
    for (const std::string& n : source.names())
        if (!known.count(n) && !ignored(n)) d.unexpected.push_back(n);
    std::sort(d.unexpected.begin(), d.unexpected.end());
    return d;
}

void WeightTable::bind(const TensorSource& source, const std::string& what, const TensorConvert& convert) const {
    const WeightDifferences d = compare(source);
    std::vector<std::string> mismatched;
    for (const auto& m : d.misshapen)
        mismatched.push_back(m.name + " (file " + shapeString(m.file) + ", " + expectedLabel_ + " " +
                             shapeString(m.expected) + ")");
    throwIfWeightsDiffer(what, d.missing, d.unexpected, mismatched);
    bindChecked(source, convert);
}

std::vector<std::string> WeightTable::names() const {
    std::vector<std::string> n;
    n.reserve(entries_.size());
    for (const Entry& e : entries_) n.push_back(e.name);
    return n;
}

void WeightTable::bindChecked(const TensorSource& source, const TensorConvert& convert) const {
    std::map<std::string, const Entry*> byName;
    std::vector<std::string> present;
    for (const Entry& e : entries_)
        if (source.contains(e.name)) {
            byName[e.name] = &e;
            present.push_back(e.name);
        }
    for (const std::string& name : source.readOrder(std::move(present))) {
        const Entry& e = *byName.at(name);
        torch::Tensor t = source.tensor(e.name);
        if (!convert) {
            *e.target = t;
            continue;
        }
        *e.target = convert(e.name, t);
        if (!e.target->defined() || !e.target->is_alias_of(t)) source.release(e.name);
    }
}

void throwIfWeightsDiffer(const std::string& what, const std::vector<std::string>& missing,
                          const std::vector<std::string>& unexpected, const std::vector<std::string>& mismatched) {
    if (missing.empty() && unexpected.empty() && mismatched.empty()) return;
    std::ostringstream os;
    os << what << ": the weights do not match the model";
    auto list = [&](const char* title, const std::vector<std::string>& v) {
        if (v.empty()) return;
        os << "\n  " << title << " (" << v.size() << "):";
        for (size_t i = 0; i < v.size() && i < 20; ++i) os << "\n    " << v[i];
        if (v.size() > 20) os << "\n    ... and " << v.size() - 20 << " more";
    };
    list("missing keys", missing);
    list("unexpected keys", unexpected);
    list("shape mismatches", mismatched);
    throw WeightsError(os.str());
}

std::string shapeString(const std::vector<int64_t>& s) {
    std::string r = "[";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
    return r + "]";
}

}  // namespace mr::nn
