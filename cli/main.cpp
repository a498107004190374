// qmctl — Quartermaster's command line (DESIGN.md §7). Every desk operation the console offers
// can be scripted here; exit codes and one-sentence errors are a stable contract.
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/terminal_guard.hpp"

#include "services/session.hpp"

#include <iostream>
#include <map>
#include <set>

int main(int argc, char** argv) {
    using namespace qm;
    // Nothing stored in the register reaches the terminal raw (see cli/terminal_guard.hpp).
    cli::TerminalGuard guardOut(std::cout), guardErr(std::cerr);
    std::vector<std::string> args(argv, argv + argc);
    cli::Context ctx;
    ctx.argv = args;
    try {
        std::string db, format = "table";
        // Global options may stand anywhere; after "device import" --format is the file's format.
        std::vector<std::string> rest{args[0]};
        bool importFormat = false;
        for (std::size_t i = 1; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (a == "--help" || a == "-h") {
                std::cout << qm::cli::kQmctlHelp;
                return 0;
            }
            if (a == "--version") {
                std::cout << "qmctl (Quartermaster) " << QM_VERSION << "\n";
                return 0;
            }
            if (rest.size() >= 3 && rest[1] == "device" && rest[2] == "import") importFormat = true;
            std::string name = a.substr(0, a.find('='));
            bool global = name == "--db" || name == "--config" || (name == "--format" && !importFormat);
            if (!global) {
                rest.push_back(a);
                continue;
            }
            std::string value;
            if (auto eq = a.find('='); eq != std::string::npos) {
                value = a.substr(eq + 1);
            } else {
                if (i + 1 >= args.size()) throw cli::usage("Option " + a + " needs a value.");
                value = args[++i];
            }
            if (name == "--db") db = value;
            else if (name == "--format") format = value;
            else throw cli::usage("--config is not supported yet; give the database with --db or QM_DB.");
        }
        args = rest;
        ctx.argv = args;
        std::size_t i = 1;
        ctx.format = cli::parseFormat(format);
        ctx.conninfo = services::resolveConninfo(db);
        if (i >= args.size()) {
            std::cerr << qm::cli::kQmctlHelp;
            return 2;
        }
        const std::string command = args[i];
        const std::string sub = i + 1 < args.size() ? args[i + 1] : "";
        ctx.at = i + 2;
        using Handler = int (*)(cli::Context&, const std::string&);
        static const std::map<std::string, Handler> families = {
            {"db", cli::dbCommand},         {"user", cli::userCommand}, {"device", cli::deviceCommand},
            {"person", cli::personCommand}, {"demo", cli::demoCommand}, {"audit", cli::auditCommand},
        };
        static const std::set<std::string> verbs = {"issue", "return",  "swap",    "lost",      "repair",
                                                    "restock", "hold", "release", "history", "custody-at"};
        if (command == "agent") {
            ctx.at = i + 1;
            return cli::agentCommand(ctx);
        }
        if (command == "wipe" || command == "retire") return cli::approvalCommand(ctx, command, sub);
        if (command == "mdm") return cli::mdmCommand(ctx, sub);
        if (command == "report") return cli::reportCommand(ctx, sub);
        if (command == "receipt") return cli::receiptCommand(ctx, sub);
        if (command == "setup") {
            ctx.at = i + 1;
            return cli::setupCommand(ctx);
        }
        if (command == "search") {
            ctx.at = i + 1;
            return cli::searchCommand(ctx);
        }
        if (command == "lock" || command == "commands") {
            ctx.at = i + 1;
            return command == "lock" ? cli::lockCommand(ctx) : cli::commandsCommand(ctx);
        }
        if (verbs.count(command)) {
            ctx.at = i + 1;
            return cli::custodyCommand(ctx, command);
        }
        auto it = families.find(command);
        if (it == families.end()) throw cli::usage("Unknown command '" + command + "'; see 'qmctl --help'.");
        return it->second(ctx, sub);
    } catch (const Error& e) {
        std::cerr << "qmctl: " << e.what() << "\n";
        return exitCode(e.kind());
    } catch (const std::exception& e) {
        std::cerr << "qmctl: " << e.what() << "\n";
        return 1;
    }
}
