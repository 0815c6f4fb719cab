#include "app/cli/command.h"

#include <algorithm>
#include <iostream>
#include <sstream>

namespace mr::cli {

namespace {
std::vector<Command>& registry() {
    static std::vector<Command> r;
    return r;
}

// A fresh app for one command: its options, and the action bound to them.
std::pair<std::unique_ptr<CLI::App>, Action> declared(const Command& c) {
    auto app = std::make_unique<CLI::App>(c.summary, "medreasoner " + c.name);
    app->get_formatter()->column_width(34);
    Action action = c.declare(*app);
    return {std::move(app), std::move(action)};
}
}  // namespace

const std::vector<Command>& commands() { return registry(); }

const Command& command(const std::string& name) {
    for (const auto& c : registry())
        if (c.name == name) return c;
    throw std::out_of_range("no command '" + name + "'");
}

Registration::Registration(Command c) {
    auto& r = registry();
    r.push_back(std::move(c));
    std::sort(r.begin(), r.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
}

int Command::run(const std::vector<std::string>& args) const {
    auto [app, action] = declared(*this);
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    try {
        app->parse(reversed);
    } catch (const CLI::CallForHelp&) {
        std::cout << app->help();
        return 0;
    } catch (const CLI::ParseError& e) {
        throw UsageError(e.what());
    }
    return action();
}

std::string Command::usage() const {
    auto [app, action] = declared(*this);
    const std::string help = app->help();
    const size_t start = help.find("Usage: ");
    const size_t end = help.find('\n', start);
    return start == std::string::npos ? "medreasoner " + name : help.substr(start + 7, end - start - 7);
}

std::string Command::help() const { return declared(*this).first->help(); }

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

}  // namespace mr::cli
