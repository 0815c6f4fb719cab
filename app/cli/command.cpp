#include "app/cli/command.h"

#include <algorithm>
#include <sstream>

namespace mr::cli {

namespace {
std::vector<Command>& registry() {
    static std::vector<Command> r;
    return r;
}
}  // namespace

const std::vector<Command>& commands() { return registry(); }

Registration::Registration(Command c) {
    auto& r = registry();
    r.push_back(std::move(c));
    std::sort(r.begin(), r.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
}

Args::Args(const std::vector<std::string>& args, const std::vector<std::string>& valueOptions,
           const std::vector<std::string>& flagOptions) {
    auto has = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string name = a.substr(2), val;
            bool inlineValue = false;
            if (auto eq = name.find('='); eq != std::string::npos) {
                val = name.substr(eq + 1);
                name = name.substr(0, eq);
                inlineValue = true;
            }
            if (has(flagOptions, name)) {
                if (inlineValue) throw UsageError("--" + name + " takes no value");
                flags_.push_back(name);
            } else if (has(valueOptions, name)) {
                if (!inlineValue) {
                    if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value");
                    val = args[++i];
                }
                values_.emplace(name, val);
            } else {
                throw UsageError("unknown option --" + name);
            }
        } else {
            positional_.push_back(a);
        }
    }
}

bool Args::flag(const std::string& name) const {
    return std::find(flags_.begin(), flags_.end(), name) != flags_.end();
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto range = values_.equal_range(name);
    if (range.first == range.second) return std::nullopt;
    return std::prev(range.second)->second;
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

std::vector<std::string> Args::values(const std::string& name) const {
    std::vector<std::string> out;
    auto range = values_.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    return out;
}

}  // namespace mr::cli

namespace mr::cli {

std::vector<double> parseNumbers(const std::string& text, const std::string& what) {
    std::vector<double> v;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        try {
            size_t used = 0;
            v.push_back(std::stod(item, &used));
            if (used != item.size()) throw std::invalid_argument(item);
        } catch (const std::exception&) {
            throw UsageError(what + ": '" + text + "' is not a comma-separated list of numbers");
        }
    }
    return v;
}

int64_t parseInteger(const std::string& text, const std::string& what) {
    try {
        size_t used = 0;
        long long v = std::stoll(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
        return v;
    } catch (const std::exception&) {
        throw UsageError(what + ": '" + text + "' is not an integer");
    }
}

}  // namespace mr::cli
