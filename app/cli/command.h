#pragma once
// Subcommands of the `medreasoner` command-line tool. Each lives in its own file and registers
// itself with a static Registration. A command declares its options once, on a CLI11 app (the
// kept parser of Debian's libcli11-dev); parsing, `--help` and the usage line all come from that
// declaration.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace mr::cli {

// What a command runs once its options are parsed; returns the exit code.
using Action = std::function<int()>;

struct Command {
    std::string name;     // e.g. "info"
    std::string summary;  // one line for `medreasoner help`
    // Declares the options and positionals on `app`, bound to state the returned action owns.
    std::function<Action(CLI::App& app)> declare;

    // Parses `args` (what follows the name) and runs the action. Wrong usage throws UsageError
    // with CLI11's message; --help prints the help and returns 0.
    int run(const std::vector<std::string>& args) const;
    std::string usage() const;  // "medreasoner NAME [OPTIONS] ..." from the declaration
    std::string help() const;   // the full help text
};

const std::vector<Command>& commands();
const Command& command(const std::string& name);  // throws std::out_of_range for an unknown name

struct Registration {
    explicit Registration(Command c);
};

// A command whose options fill an `Options` struct: `declare` declares them on the app (binding
// them to the struct), `run` runs with the parsed values.
template <class Options>
Command makeCommand(std::string name, std::string summary, void (*declare)(CLI::App&, Options&),
                    int (*run)(const Options&)) {
    return {std::move(name), std::move(summary), [declare, run](CLI::App& app) -> Action {
                auto options = std::make_shared<Options>();
                declare(app, *options);
                return [options, run] { return run(*options); };
            }};
}

// "1,2.5,3" → {1, 2.5, 3}. `what` names the option in the UsageError when the text is not numbers
// (e.g. "--box").
std::vector<double> parseNumbers(const std::string& text, const std::string& what);

// Thrown for wrong usage; main() prints the message and the command's usage, exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace mr::cli
