// qmctl — Quartermaster's command line (DESIGN.md §7). Every desk operation the console offers
// can be scripted here; exit codes and one-sentence errors are a stable contract.
#include "cli/commands.hpp"
#include "cli/terminal_guard.hpp"

#include "services/session.hpp"

#include <iostream>
#include <map>
#include <set>

namespace {

constexpr const char* kHelp = R"(qmctl — Quartermaster's command line for the device register

Usage: qmctl [--db CONNINFO] [--format table|csv|json] COMMAND ...

  db migrate                      apply the schema migrations (idempotent)
  db status                       show the schema version and the login's role
  user add LOGIN --role viewer|agent|manager|approver|admin [--password-stdin]
  user role LOGIN --role ROLE | user disable LOGIN | user enable LOGIN
  user password LOGIN [--password-stdin] | user list
                                  desk logins (admins; a superuser makes the first admin)
  device add --asset-tag T --serial S [--imei I] [--imei2 I] --model "MAKER MODEL"
             [--phone N] [--unit U] [--status S] [--purchased-on D] [--warranty-until D]
             [--cost-pence P] [--notes TEXT]
  device show DEVICE              DEVICE = asset tag, serial, IMEI or MDM id
  device import FILE [--dry-run] [--strict] [--rejects OUT.csv]
  person add --staff-no N --name NAME [--rank R] [--unit U] [--email E]
  person import FILE [--dry-run] [--strict] [--rejects OUT.csv]
  issue DEVICE [DEVICE...] --to STAFF_NO [--accessory NAME]... [--note TEXT] [--override REASON]
               [--expect-version V]       several devices: one sitting, one receipt
  return DEVICE [--condition good|damaged|faulty|incomplete] [--note TEXT] [--expect-version V]
  swap OLD_DEVICE NEW_DEVICE --reason TEXT
  lost DEVICE [--stolen] [--reference REF]   marks lost/stolen and queues a remote lock
                                  issue, return, swap, lost: --receipt FILE.pdf [--paper a4|letter]
                                  [--receipt-settings FILE] saves the receipt the officer signs
  receipt NUMBER [--pdf FILE] [--png FILE]    a receipt from the register (printed: marked COPY)
  receipt verify NUMBER CODE                  does a paper receipt match the register? (exit 0/3)
  repair DEVICE | restock DEVICE
  hold DEVICE --reason TEXT | release DEVICE  legal hold (managers and above)
  history DEVICE|STAFF_NO                     custody and status timeline
  custody-at DEVICE --time ISO8601            who held it then
  wipe request DEVICE --reason TEXT           prints the command id; a different approver must
  wipe approve ID | wipe reject ID --reason TEXT    approve it (approvers; never their own)
  wipe release ID | wipe cancel ID [--reason TEXT]  release a held wipe (admins) | withdraw
  retire request|approve|reject|release|cancel ...  the same for retiring a device
  lock DEVICE [--reason TEXT]                 queue an MDM remote lock (no approval needed)
  commands [--state STATE] [--limit N]        the MDM command outbox, newest first
  mdm sync [DEVICE]                           read the whole MDM inventory (or queue one device's sync)
  mdm dispatch [--once] [--worker NAME]       send the outbox's commands and follow them up
  mdm limits [--per-person-per-day N] [--per-hour-before-hold N]   wipe limits (admins change them)
                                  MDM options: --mdm-settings FILE (mode 0600) | --mdm-token-url URL
                                  --mdm-graph-url URL [--mdm-ca FILE]; secret in QM_MDM_CLIENT_SECRET
  search QUERY [--limit N | --all] [--sort [-]FIELD] [--columns A,B] [--output FILE] [--bom]
                                  the search language (docs/user-guide.md): free words, status:issued
                                  unit:"Central West" lastseen>30d -hold:yes a OR b (...); --count
  search --saved NAME [QUERY] | --save NAME [--shared] QUERY | --list-saved | --delete-saved NAME
  report NAME [--days N] [--weeks N] [--max N] [--limit N] [--bom]
                                  status | units | models | checkin | overdue | leavers | warranty
                                  | handovers | over-policy | drift ('qmctl report' lists them)
  audit verify [--anchors FILE] [--key FILE]  walk the audit hash chain (and check its anchors)
  audit anchor [--to FILE] [--key FILE]       record the chain's head outside the database
  agent [--anchors FILE] [--key FILE] [--anchor-every 15m] [--sync-every 15m] [MDM options]
                                              anchor, sync and dispatch until SIGTERM
  demo seed [--devices N] [--people N] [--seed S]
  demo start [--dir D] [--devices N] | demo stop [--dir D]
                                  the private demo cluster (started, migrated, seeded)
  --version | --help

The database is --db (a libpq conninfo string or URI), else $QM_DB, else the PG* variables.

Exit codes: 0 success, 2 usage, 3 invalid input, 4 conflict, 5 permission denied,
6 database unavailable, 1 anything else.
)";

}  // namespace

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
                std::cout << kHelp;
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
            std::cerr << kHelp;
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
