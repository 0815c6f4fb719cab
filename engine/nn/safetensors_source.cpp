#include "engine/nn/safetensors_source.h"

#include <algorithm>

namespace mr::nn {

SafeTensorsSource::SafeTensorsSource(const std::vector<std::string>& paths) {
    for (const std::string& p : paths) files_.push_back(std::make_unique<SafeTensorsFile>(p));
    rename({});
}

void SafeTensorsSource::rename(const Rename& rename) {
    std::map<std::string, Location> where;
    std::vector<std::string> order;
    for (const auto& f : files_) {
        std::vector<std::string> stored = f->names();
        std::sort(stored.begin(), stored.end(),
                  [&](const std::string& a, const std::string& b) { return f->info(a).begin < f->info(b).begin; });
        for (const std::string& s : stored) {
            const std::string name = rename ? rename(s) : s;
            auto [it, added] = where.emplace(name, Location{f.get(), s});
            if (!added)
                throw WeightsError("tensor " + s + " is stored twice (" + it->second.file->path() + " and " +
                                   f->path() + ")");
            order.push_back(name);
        }
    }
    where_ = std::move(where);
    order_ = std::move(order);
    rank_.clear();
    for (size_t i = 0; i < order_.size(); ++i) rank_[order_[i]] = i;
}

std::vector<std::string> SafeTensorsSource::readOrder(std::vector<std::string> wanted) const {
    std::sort(wanted.begin(), wanted.end(),
              [&](const std::string& a, const std::string& b) { return rank_.at(a) < rank_.at(b); });
    return wanted;
}

const SafeTensorsSource::Location& SafeTensorsSource::at(const std::string& name) const {
    auto it = where_.find(name);
    if (it == where_.end()) throw WeightsError("no tensor named " + name);
    return it->second;
}

std::vector<int64_t> SafeTensorsSource::shape(const std::string& name) const {
    const Location& l = at(name);
    return l.file->info(l.stored).shape;
}

torch::ScalarType SafeTensorsSource::dtype(const std::string& name) const {
    const Location& l = at(name);
    return l.file->dtype(l.stored);
}

torch::Tensor SafeTensorsSource::tensor(const std::string& name) const {
    const Location& l = at(name);
    return l.file->tensor(l.stored);
}

void SafeTensorsSource::release(const std::string& name) const {
    const Location& l = at(name);
    l.file->releasePages(l.stored);
}

void SafeTensorsSource::populate(const std::string& name) const {
    const Location& l = at(name);
    l.file->populatePages(l.stored);
}

uint64_t SafeTensorsSource::bytes(const std::string& name) const {
    const Location& l = at(name);
    const TensorInfo& i = l.file->info(l.stored);
    return i.end - i.begin;
}

}  // namespace mr::nn
