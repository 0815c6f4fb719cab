#pragma once
// Subcommands of the `medreasoner` command-line tool. Each lives in its own file and registers
// itself with a static Registration; main() dispatches on the first argument.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mr::cli {

struct Command {
    std::string name;     // e.g. "info"
    std::string usage;    // e.g. "info PATH [--json]"
    std::string summary;  // one line for `medreasoner help`
    std::function<int(const std::vector<std::string>& args)> run;  // args after the name; returns exit code
};

const std::vector<Command>& commands();

struct Registration {
    explicit Registration(Command c);
};

// A small parser for "--key value", "--key=value", repeatable keys, flags and positionals.
// Unknown options are errors so typos do not pass silently.
class Args {
public:
    // valueOptions take a value; flagOptions do not. Names without the leading "--".
    Args(const std::vector<std::string>& args, const std::vector<std::string>& valueOptions,
         const std::vector<std::string>& flagOptions);
    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;  // the last one given
    std::string value(const std::string& name, const std::string& fallback) const;
    std::vector<std::string> values(const std::string& name) const;  // every occurrence, in order
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::multimap<std::string, std::string> values_;
    std::vector<std::string> order_;
    std::vector<std::string> flags_;
    std::vector<std::string> positional_;
};

// "1,2.5,3" → {1, 2.5, 3}; "12" → 12. `what` names the option in the UsageError when the text is
// not numbers (e.g. "--box").
std::vector<double> parseNumbers(const std::string& text, const std::string& what);
int64_t parseInteger(const std::string& text, const std::string& what);

// Thrown for wrong usage; main() prints the message and the command's usage, exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace mr::cli
