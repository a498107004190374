// qmctl audit verify | audit anchor, and qmctl agent — keeping the audit record honest.
#include "cli/commands.hpp"

#include "services/agent.hpp"
#include "services/audit/audit.hpp"

#include <atomic>
#include <csignal>
#include <iostream>

namespace qm::cli {
namespace {

using services::Access;
using services::Session;

std::atomic<bool> gStop{false};

extern "C" void stopAgent(int) { gStop = true; }

std::string keyFrom(const Args& args) { return args.has("--key") ? services::readKeyFile(args.value("--key")) : ""; }

// "15m", "90s", "1h", or a number of minutes.
std::chrono::seconds parseInterval(const std::string& text, const std::string& option) {
    auto bad = [&] {
        return invalid(option.substr(2), "Option " + option + " needs a duration such as 15m, 90s or 1h, not '" + text + "'.");
    };
    if (text.empty() || text.size() > 9) throw bad();
    std::size_t digits = text.find_first_not_of("0123456789");
    if (digits == 0) throw bad();
    long long n = std::stoll(text.substr(0, digits));
    std::string unit = digits == std::string::npos ? "m" : text.substr(digits);
    long long seconds = unit == "s" ? n : unit == "m" ? n * 60 : unit == "h" ? n * 3600 : -1;
    if (seconds < 1) throw bad();
    return std::chrono::seconds(seconds);
}

}  // namespace

int auditCommand(Context& ctx, const std::string& sub) {
    if (sub == "verify") {
        Args args(ctx.argv, ctx.at, {{"--anchors"}, {"--key"}, {"--anchors-of"}});
        args.expectPositional(0, "audit verify [--anchors FILE] [--key FILE] [--anchors-of DATABASE]");
        if ((args.has("--key") || args.has("--anchors-of")) && !args.has("--anchors"))
            throw usage("audit verify --key and --anchors-of are about anchors; give them with --anchors FILE.");
        std::vector<services::Anchor> anchors;
        if (args.has("--anchors")) anchors = services::readAnchorsFile(args.value("--anchors"));
        const std::string key = keyFrom(args);
        Session session(ctx.conninfo, Access::Desk);
        auto verdict = services::verifyAudit(session, anchors, key, args.value("--anchors-of"));
        if (verdict.intact) {
            std::cout << verdict.sentence << "\n";
            if (anchors.empty())
                std::cout << "Without anchors, a rewrite that recomputed every later hash, or deleted the newest "
                             "events, would not show; see 'qmctl audit anchor'.\n";
            return 0;
        }
        std::cerr << "qmctl: " << verdict.sentence << "\n";
        return 1;
    }
    if (sub == "anchor") {
        Args args(ctx.argv, ctx.at, {{"--to"}, {"--key"}});
        args.expectPositional(0, "audit anchor [--to FILE] [--key FILE]");
        const std::string key = keyFrom(args);
        Session session(ctx.conninfo, Access::Desk);
        auto anchor = services::takeAnchor(session, key);
        services::recordAnchor(anchor, args.value("--to"));
        std::cout << services::anchorLine(anchor) << "\n";
        return 0;
    }
    throw usage("Usage: qmctl audit verify [--anchors FILE] [--key FILE] [--anchors-of DATABASE] | "
                "audit anchor [--to FILE] [--key FILE]");
}

int agentCommand(Context& ctx) {
    Args args(ctx.argv, ctx.at,
              {{"--anchors"}, {"--key"}, {"--anchor-every"}, {"--sync-every"}, {"--worker"}, {"--mdm-settings"},
               {"--mdm-token-url"}, {"--mdm-graph-url"}, {"--mdm-ca"}});
    args.expectPositional(0, "agent [--anchors FILE] [--key FILE] [--anchor-every 15m] [--sync-every 15m]");
    services::AgentOptions options;
    options.conninfo = ctx.conninfo;
    options.anchorsFile = args.value("--anchors");
    options.key = keyFrom(args);
    if (args.has("--anchor-every")) options.anchorEvery = parseInterval(args.value("--anchor-every"), "--anchor-every");
    if (args.has("--sync-every")) options.syncEvery = parseInterval(args.value("--sync-every"), "--sync-every");
    if (args.has("--worker")) options.worker = args.value("--worker");
    options.mdm = services::mdm::loadSettings({args.value("--mdm-settings"), args.value("--mdm-token-url"),
                                               args.value("--mdm-graph-url"), args.value("--mdm-ca")});
    options.log = [](const std::string& line) { std::cerr << "qmctl agent: " << line << "\n" << std::flush; };
    // Checked before the loop so a wrong login or database fails the service at once.
    { Session check(ctx.conninfo, Access::Desk); }
    std::signal(SIGTERM, stopAgent);
    std::signal(SIGINT, stopAgent);
    std::cerr << "qmctl agent: anchoring the audit chain every " << options.anchorEvery.count() << " s"
              << (options.mdm ? "; syncing the MDM every " + std::to_string(options.syncEvery.count()) +
                                    " s and dispatching its commands"
                              : "; no MDM configured")
              << "; stop with SIGTERM.\n";
    services::runAgent(options, gStop);
    std::cerr << "qmctl agent: stopped.\n";
    return 0;
}

}  // namespace qm::cli
