#include "engine/nn/weight_table.h"

#include <algorithm>
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

bool WeightTable::ignored(const std::string& name) const {
    return std::any_of(ignored_.begin(), ignored_.end(), [&](const std::string& p) {
        return p == name || (!p.empty() && p.back() == '.' && name.compare(0, p.size(), p) == 0);
    });
}

std::map<std::string, std::vector<int64_t>> WeightTable::shapes() const {
    std::map<std::string, std::vector<int64_t>> m;
    for (const Entry& e : entries_) m[e.name] = e.shape;
    return m;
}

void WeightTable::bind(const TensorSource& source, const std::string& what, const TensorConvert& convert) const {
    std::vector<std::string> missing, unexpected, mismatched;
    std::map<std::string, const Entry*> byName;
    for (const Entry& e : entries_) {
        byName[e.name] = &e;
        if (!source.contains(e.name)) {
            if (!e.optional) missing.push_back(e.name);
            continue;
        }
        const std::vector<int64_t> got = source.shape(e.name);
        if (got != e.shape)
            mismatched.push_back(e.name + " (file " + shapeString(got) + ", model " + shapeString(e.shape) + ")");
    }
    for (const std::string& n : source.names())
        if (!byName.count(n) && !ignored(n)) unexpected.push_back(n);
    throwIfWeightsDiffer(what, missing, unexpected, mismatched);
    for (const Entry& e : entries_) {
        if (!source.contains(e.name)) continue;
        torch::Tensor t = source.tensor(e.name);
        *e.target = convert ? convert(e.name, t) : t;
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
