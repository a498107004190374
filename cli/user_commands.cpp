// qmctl user add | role | disable | enable | password | list — desk logins, managed by admins
// through the register's user_* functions (a superuser creates the first admin).
#include "cli/commands.hpp"

#include "platform/terminal.hpp"
#include "services/users.hpp"

#include <iostream>

namespace qm::cli {
namespace {

using services::Access;
using services::Session;

constexpr const char* kUsage =
    "Usage: qmctl user add LOGIN --role ROLE [--password-stdin] | user role LOGIN --role ROLE |\n"
    "       user disable LOGIN | user enable LOGIN | user password LOGIN [--password-stdin] | user list\n"
    "ROLE is viewer, agent, manager, approver or admin.";

std::string readPassword(const Args& args, const std::string& login) {
    if (args.has("--password-stdin")) {
        std::string password;
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
        return password;
    }
    if (!platform::stdinIsTerminal())
        throw usage("No terminal to ask for the password; pass it on standard input with --password-stdin.");
    std::string password = platform::readHiddenLine("Password for " + login + ": ");
    if (platform::readHiddenLine("Again: ") != password) throw invalid("password", "The two passwords differ.");
    return password;
}

std::string requireRole(const Args& args, const std::string& command) {
    if (!args.has("--role")) throw usage("user " + command + " needs --role viewer|agent|manager|approver|admin.");
    const std::string role = args.value("--role");
    if (!services::roleFromName(role))
        throw invalid("role", "Role '" + role + "' is not one of viewer, agent, manager, approver or admin.");
    return role;
}

}  // namespace

int userCommand(Context& ctx, const std::string& sub) {
    // Bootstrap access: a superuser may create the first admin; everything else is checked
    // by the register itself (only admins manage logins).
    if (sub == "add") {
        Args args(ctx.argv, ctx.at, {{"--role"}, {"--password-stdin", false}});
        args.expectPositional(1, "user add LOGIN --role viewer|agent|manager|approver|admin [--password-stdin]");
        const std::string role = requireRole(args, "add");
        Session session(ctx.conninfo, Access::Bootstrap);
        const std::string login = args.positional()[0];
        services::addUser(session, login, role, readPassword(args, login));
        std::cout << "Created login " << login << " as " << role << ".\n";
        return 0;
    }
    if (sub == "role") {
        Args args(ctx.argv, ctx.at, {{"--role"}});
        args.expectPositional(1, "user role LOGIN --role viewer|agent|manager|approver|admin");
        const std::string role = requireRole(args, "role");
        Session session(ctx.conninfo, Access::Bootstrap);
        services::changeUserRole(session, args.positional()[0], role);
        std::cout << "Login " << args.positional()[0] << " is now " << role << ".\n";
        return 0;
    }
    if (sub == "disable" || sub == "enable") {
        Args args(ctx.argv, ctx.at, {});
        args.expectPositional(1, "user " + sub + " LOGIN");
        Session session(ctx.conninfo, Access::Bootstrap);
        services::setUserEnabled(session, args.positional()[0], sub == "enable");
        std::cout << "Login " << args.positional()[0] << " is " << sub << "d"
                  << (sub == "disable" ? "; its open sessions were ended" : "") << ".\n";
        return 0;
    }
    if (sub == "password") {
        Args args(ctx.argv, ctx.at, {{"--password-stdin", false}});
        args.expectPositional(1, "user password LOGIN [--password-stdin]");
        Session session(ctx.conninfo, Access::Bootstrap);
        const std::string login = args.positional()[0];
        services::resetUserPassword(session, login, readPassword(args, login));
        std::cout << "Password of " << login << " reset.\n";
        return 0;
    }
    if (sub == "list") {
        Args args(ctx.argv, ctx.at, {});
        args.expectPositional(0, "user list");
        Session session(ctx.conninfo, Access::Bootstrap);
        std::vector<std::vector<std::string>> rows;
        for (const auto& l : services::listUsers(session))
            rows.push_back({l.login, l.role, l.enabled ? "yes" : "no", l.createdAt, l.createdBy, l.changedAt,
                            l.changedBy, l.passwordSetAt});
        printRecords(std::cout, ctx.format,
                     {"Login", "Role", "Enabled", "Created", "Created by", "Changed", "Changed by", "Password set"},
                     rows);
        return 0;
    }
    throw usage(kUsage);
}

}  // namespace qm::cli
