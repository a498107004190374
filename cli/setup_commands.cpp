// qmctl setup — a register on a bare PostgreSQL server, interactively or from flags; run twice
// it changes nothing and says so (services/setup.hpp).
#include "cli/commands.hpp"

#include "platform/terminal.hpp"
#include "services/setup.hpp"

#include <iostream>

namespace qm::cli {
namespace {

// A question on the terminal with a default ("" for none), asked again until the answer is a
// name setup accepts for `field`, so a typing slip is caught before the passwords.
std::string ask(const std::string& question, const std::string& fallback, const std::string& field) {
    for (;;) {
        std::cerr << question << (fallback.empty() ? " (Enter for none): " : " [" + fallback + "]: ");
        std::string answer;
        if (!std::getline(std::cin, answer)) return fallback;
        if (!answer.empty() && answer.back() == '\r') answer.pop_back();
        if (answer.empty()) return fallback;
        try {
            services::checkSetupName(field, answer);
            return answer;
        } catch (const Error& e) {
            std::cerr << e.what() << "\n";
        }
    }
}

}  // namespace

int setupCommand(Context& ctx) {
    Args args(ctx.argv, ctx.at,
              {{"--database"}, {"--migrator"}, {"--admin"}, {"--password-stdin", false}, {"--yes", false}});
    args.expectPositional(0, "setup [--database NAME] [--migrator LOGIN] [--admin LOGIN] [--password-stdin] [--yes]");
    services::SetupOptions options;
    options.database = args.value("--database", options.database);
    options.migrator = args.value("--migrator");
    options.admin = args.value("--admin");
    const bool interactive = !args.has("--yes") && !args.has("--password-stdin") && platform::stdinIsTerminal();
    if (interactive) {
        std::cerr << "Setting up a Quartermaster register on this PostgreSQL server (as a superuser).\n";
        if (!args.has("--database")) options.database = ask("Database for the register", options.database, "database");
        if (!args.has("--migrator"))
            options.migrator = ask("Migrator login for later upgrades without a superuser", "", "migrator");
        if (!args.has("--admin")) options.admin = ask("First admin login (creates the other desk logins)", "", "admin");
    }
    const bool fromStdin = args.has("--password-stdin");
    options.password = [fromStdin](const std::string& login) {
        if (fromStdin) {
            // One line per login created, in order: the migrator's, then the admin's.
            std::string password;
            if (!std::getline(std::cin, password))
                throw invalid("password", "Standard input ended before the password for " + login + ".");
            if (!password.empty() && password.back() == '\r') password.pop_back();
            return password;
        }
        if (!platform::stdinIsTerminal())
            throw usage("No terminal to ask for " + login + "'s password; pass it on standard input with --password-stdin.");
        std::string password = platform::readHiddenLine("Password for " + login + ": ");
        if (platform::readHiddenLine("Again: ") != password) throw invalid("password", "The two passwords differ.");
        return password;
    };
    auto report = services::setupRegister(ctx.conninfo, options);
    for (const auto& step : report.steps) std::cout << step.sentence << "\n";
    if (!report.changedAnything())
        std::cout << "Nothing changed: the register was set up already.\n";
    else
        std::cout << "The register is ready. Desks connect with dbname=" << options.database
                  << (options.admin.empty() ? "; create the first admin with 'qmctl user add LOGIN --role admin'."
                                            : "; " + options.admin + " creates the other desk logins (qmctl user add).")
                  << "\n";
    return 0;
}

}  // namespace qm::cli
