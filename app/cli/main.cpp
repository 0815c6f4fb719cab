// `medreasoner`: the engine without a GUI, for scripts, clusters and tests.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/command.h"
#include "engine/core/error.h"

namespace {
void printHelp() {
    std::cout << "usage: medreasoner COMMAND [OPTIONS]\n\ncommands:\n";
    for (const auto& c : mr::cli::commands()) std::cout << "  " << c.usage() << "\n      " << c.summary << "\n";
    std::cout
        << "\nmedreasoner COMMAND --help describes a command's options; medreasoner --version prints the version.\n";
}
}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        if (args.size() == 2) {
            try {
                std::cout << mr::cli::command(args[1]).help();
                return 0;
            } catch (const std::out_of_range&) {}
        }
        printHelp();
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "medreasoner " << MR_VERSION << "\n";
        return 0;
    }
    for (const auto& c : mr::cli::commands()) {
        if (c.name != args[0]) continue;
        try {
            return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
        } catch (const mr::cli::UsageError& e) {
            std::cerr << "medreasoner " << c.name << ": " << e.what() << "\nusage: " << c.usage() << "\n(medreasoner "
                      << c.name << " --help lists the options)\n";
            return 2;
        } catch (const mr::Cancelled&) {
            std::cerr << "medreasoner " << c.name << ": cancelled\n";
            return 130;
        } catch (const std::exception& e) {
            std::cerr << "medreasoner " << c.name << ": error: " << e.what() << "\n";
            return 1;
        }
    }
    std::cerr << "medreasoner: unknown command '" << args[0] << "' (try: medreasoner help)\n";
    return 2;
}
