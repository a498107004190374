// qmctl's commands, one function per command family; main.cpp dispatches to them.
// Each returns the process exit code or throws qm::Error (turned into a sentence and a code).
#pragma once

#include "cli/args.hpp"
#include "cli/output.hpp"

#include <iosfwd>
#include <string>
#include <vector>

#include "services/receipts/receipt_layout.hpp"

#include <optional>

namespace qm::services {
class Session;
}

namespace qm::cli {

struct Context {
    std::string conninfo;   // resolved: --db, QM_DB, or "" for libpq's PG* defaults
    Format format = Format::Table;
    std::vector<std::string> argv;  // the whole command line
    std::size_t at = 0;             // index of the first word after the command path
};

int dbCommand(Context& ctx, const std::string& sub);        // db migrate | db status
int userCommand(Context& ctx, const std::string& sub);      // user add | role | disable | enable | password | list
int deviceCommand(Context& ctx, const std::string& sub);    // device add | show | import
int personCommand(Context& ctx, const std::string& sub);    // person add | import
int demoCommand(Context& ctx, const std::string& sub);      // demo seed | start | stop
int auditCommand(Context& ctx, const std::string& sub);     // audit verify | anchor
int agentCommand(Context& ctx);                             // agent (until SIGTERM)
int mdmCommand(Context& ctx, const std::string& sub);       // mdm sync | dispatch | limits
// wipe|retire request|approve|reject|release|cancel (and the older "retire DEVICE --reason")
int approvalCommand(Context& ctx, const std::string& action, const std::string& sub);
int lockCommand(Context& ctx);                              // lock DEVICE
int commandsCommand(Context& ctx);                          // commands [--state S]
int reportCommand(Context& ctx, const std::string& name);   // report NAME (status, units, ... drift)
int searchCommand(Context& ctx);                            // search QUERY | --saved | --save | --list-saved
int setupCommand(Context& ctx);                             // setup [--database N] [--migrator L] [--admin L]
int receiptCommand(Context& ctx, const std::string& sub);   // receipt NUMBER [--pdf F] | receipt verify N CODE
// The options issue, return, swap and lost take for their receipt (--receipt FILE.pdf,
// --paper, --receipt-settings), and writing it when asked.
const std::vector<OptionSpec>& receiptOptions();
// receiptRequest reads them (refusing bad ones) before the hand-over; saveReceipt writes the
// PDF after it, when one was asked for.
struct ReceiptRequest {
    std::string path;
    services::ReceiptPrint print;
};
std::optional<ReceiptRequest> receiptRequest(const Args& args);
void saveReceipt(services::Session& session, const std::optional<ReceiptRequest>& request, const std::string& number);
// Single-word commands: issue, return, swap, lost, repair, restock, hold, release, history,
// custody-at. ctx.at is the first word after the verb.
int custodyCommand(Context& ctx, const std::string& verb);

}  // namespace qm::cli
