// qmctl mdm sync | mdm dispatch | mdm limits, wipe|retire request|approve|reject|release|cancel,
// lock, commands, report drift — the MDM from the command line.
#include "cli/commands.hpp"

#include "model/error.hpp"
#include "platform/terminal.hpp"
#include "services/mdm/commands.hpp"
#include "services/mdm/dispatch.hpp"
#include "services/mdm/graph.hpp"
#include "services/mdm/graph_json.hpp"
#include "services/mdm/sync.hpp"
#include "services/session.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

namespace qm::cli {
namespace {

using services::Access;
using services::Session;
namespace mdm = services::mdm;

const std::vector<OptionSpec> kMdmOptions = {{"--mdm-settings"}, {"--mdm-token-url"}, {"--mdm-graph-url"}, {"--mdm-ca"}};

std::vector<OptionSpec> with(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

mdm::MdmSettings settingsFrom(const Args& args) {
    mdm::SettingsOverrides o;
    o.file = args.value("--mdm-settings");
    o.tokenUrl = args.value("--mdm-token-url");
    o.graphUrl = args.value("--mdm-graph-url");
    o.caFile = args.value("--mdm-ca");
    auto s = mdm::loadSettings(o);
    if (!s)
        throw invalid("mdm-settings", "No MDM is configured: give --mdm-settings FILE, or --mdm-token-url and "
                                      "--mdm-graph-url with QM_MDM_CLIENT_ID and QM_MDM_CLIENT_SECRET.");
    return *s;
}

double seconds(const Args& args, const std::string& name, double fallback) {
    if (!args.has(name)) return fallback;
    try {
        std::size_t used = 0;
        const std::string v = args.value(name);
        double d = std::stod(v, &used);
        if (used == v.size() && d >= 0 && d <= 86400) return d;
    } catch (const std::exception&) {
    }
    throw invalid(name.substr(2), "Option " + name + " needs a number of seconds, not '" + args.value(name) + "'.");
}

std::atomic<bool> gStopDispatch{false};
extern "C" void stopDispatch(int) { gStopDispatch = true; }

// "3m", "2h", "4d" since an ISO 8601 UTC time ("" when there is none).
std::string age(const std::string& iso) {
    const auto at = mdm::graphTimeMicros(iso);
    if (!at) return "";
    const long long now = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count();
    const long long s = std::max(0LL, (now - *at) / 1000000);
    if (s < 60) return std::to_string(s) + "s";
    if (s < 3600) return std::to_string(s / 60) + "m";
    if (s < 86400 * 2) return std::to_string(s / 3600) + "h";
    return std::to_string(s / 86400) + "d";
}

void printCommands(const Context& ctx, const std::vector<CommandRow>& commands) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : commands) {
        if (ctx.format == Format::Table)
            rows.push_back({std::to_string(c.id), c.assetTag, c.action, c.state, c.requestedBy, c.approvedBy,
                            age(c.requestedAt), age(c.changedAt), c.outcome.empty() ? c.reason : c.outcome});
        else
            rows.push_back({std::to_string(c.id), c.assetTag, c.action, c.state, c.requestedBy, c.approvedBy,
                            c.requestedAt, c.approvedAt, c.changedAt, std::to_string(c.attempts), c.reason, c.outcome});
    }
    if (ctx.format == Format::Table)
        printRecords(std::cout, ctx.format,
                     {"Id", "Device", "Action", "State", "Requested by", "Approved by", "Age", "Changed", "Detail"}, rows);
    else
        printRecords(std::cout, ctx.format,
                     {"id", "device", "action", "state", "requested_by", "approved_by", "requested_at", "approved_at",
                      "changed_at", "attempts", "reason", "outcome"},
                     rows);
}

int syncInventory(Context& ctx, const Args& args) {
    const mdm::MdmSettings settings = settingsFrom(args);
    Session session(ctx.conninfo, Access::Desk);
    mdm::GraphGateway gateway(settings, [&](const std::string& line) {
        if (args.has("--verbose")) std::cerr << "qmctl: " << line << "\n";
    });
    const bool tty = platform::stderrIsTerminal();
    std::signal(SIGINT, stopDispatch);
    std::signal(SIGTERM, stopDispatch);
    auto summary = mdm::sync(
        session, gateway,
        [&](const mdm::SyncProgress& p) {
            if (tty) std::cerr << "\rqmctl: read " << p.devices << " devices (" << p.pages << " pages)" << std::flush;
            else if (p.pages % 10 == 0) std::cerr << "qmctl: read " << p.devices << " devices (" << p.pages << " pages)\n";
        },
        [] { return gStopDispatch.load(); });
    if (tty) std::cerr << "\n";
    if (ctx.format == Format::Json) {
        std::cout << "{\"seen\": " << summary.seen << ", \"new\": " << summary.added << ", \"changed\": "
                  << summary.changed << ", \"unmatched\": " << summary.unmatched << ", \"gone\": " << summary.gone
                  << "}\n";
    } else {
        printRecord(std::cout, ctx.format,
                    {{"Seen", std::to_string(summary.seen)},
                     {"New", std::to_string(summary.added)},
                     {"Changed", std::to_string(summary.changed)},
                     {"Unmatched", std::to_string(summary.unmatched)},
                     {"Gone from the MDM", std::to_string(summary.gone)}});
    }
    return 0;
}

int dispatch(Context& ctx, const Args& args) {
    const mdm::MdmSettings settings = settingsFrom(args);
    Session session(ctx.conninfo, Access::Desk);
    mdm::GraphGateway gateway(settings, [&](const std::string& line) {
        if (args.has("--verbose")) std::cerr << "qmctl: " << line << "\n";
    });
    mdm::DispatchOptions o;
    o.worker = args.value("--worker", "qmctl-" + std::to_string(platform::processId()));
    o.leaseSeconds = seconds(args, "--lease", 2 * settings.timeoutSeconds + 15);
    o.graceSeconds = seconds(args, "--grace", o.leaseSeconds);
    o.recheckSeconds = seconds(args, "--recheck", 3);
    o.log = [](const std::string& line) { std::cerr << "qmctl: " << line << "\n" << std::flush; };
    std::signal(SIGINT, stopDispatch);
    std::signal(SIGTERM, stopDispatch);
    mdm::DispatchRound total;
    auto add = [&](const mdm::DispatchRound& r) {
        total.sent += r.sent;
        total.checked += r.checked;
        total.done += r.done;
        total.failed += r.failed;
        total.attention += r.attention;
    };
    if (args.has("--once")) {
        add(mdm::dispatchUntilIdle(session, gateway, o, &gStopDispatch));
    } else {
        std::cerr << "qmctl: dispatching MDM commands as " << o.worker << "; stop with SIGTERM.\n";
        while (!gStopDispatch) {
            add(mdm::dispatchUntilIdle(session, gateway, o, &gStopDispatch));
            for (int i = 0; i < 5 && !gStopDispatch; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    printRecord(std::cout, ctx.format,
                {{"Sent", std::to_string(total.sent)},
                 {"Looked up", std::to_string(total.checked)},
                 {"Done", std::to_string(total.done)},
                 {"Failed", std::to_string(total.failed)},
                 {"Needs attention", std::to_string(total.attention)}});
    return 0;
}

}  // namespace

int mdmCommand(Context& ctx, const std::string& sub) {
    if (sub == "sync") {
        Args args(ctx.argv, ctx.at, with(kMdmOptions, {{"--verbose", false}, {"--reason"}}));
        if (args.positional().size() == 1) {
            // One device: an MDM sync command (its check-in), queued like a lock.
            Session session(ctx.conninfo, Access::Desk);
            const long long id = mdm::request(session, args.positional()[0], "sync", args.value("--reason"));
            std::cout << id << "\n";
            return 0;
        }
        args.expectPositional(0, "mdm sync [DEVICE] [--mdm-settings FILE]");
        return syncInventory(ctx, args);
    }
    if (sub == "dispatch") {
        Args args(ctx.argv, ctx.at,
                  with(kMdmOptions, {{"--once", false}, {"--worker"}, {"--lease"}, {"--grace"}, {"--recheck"},
                                     {"--verbose", false}}));
        args.expectPositional(0, "mdm dispatch [--once] [--worker NAME] [--mdm-settings FILE]");
        return dispatch(ctx, args);
    }
    if (sub == "limits") {
        Args args(ctx.argv, ctx.at, {{"--per-person-per-day"}, {"--per-hour-before-hold"}});
        args.expectPositional(0, "mdm limits [--per-person-per-day N] [--per-hour-before-hold N]");
        Session session(ctx.conninfo, Access::Desk);
        auto number = [&](const std::string& name) -> std::optional<int> {
            if (!args.has(name)) return std::nullopt;
            return wholeNumber(args, name, 0, 100000);
        };
        if (args.has("--per-person-per-day") || args.has("--per-hour-before-hold"))
            mdm::setWipeLimits(session, number("--per-person-per-day"), number("--per-hour-before-hold"));
        auto limits = mdm::wipeLimits(session);
        printRecord(std::cout, ctx.format,
                    {{"Wipes per person per day", std::to_string(limits.perPersonPerDay)},
                     {"Wipes per hour before holding", std::to_string(limits.perHourBeforeHold)}});
        return 0;
    }
    throw usage("Usage: qmctl mdm sync [DEVICE] | mdm dispatch [--once] | mdm limits");
}

int approvalCommand(Context& ctx, const std::string& action, const std::string& sub) {
    const std::string what = action;  // wipe | retire
    if (sub == "request") {
        Args args(ctx.argv, ctx.at, {{"--reason"}});
        args.expectPositional(1, what + " request DEVICE --reason TEXT");
        if (!args.has("--reason")) throw usage(what + " request needs --reason TEXT.");
        Session session(ctx.conninfo, Access::Desk);
        std::cout << mdm::request(session, args.positional()[0], what, args.value("--reason")) << "\n";
        return 0;
    }
    if (sub == "approve" || sub == "release") {
        Args args(ctx.argv, ctx.at, {});
        args.expectPositional(1, what + " " + sub + " COMMAND_ID");
        Session session(ctx.conninfo, Access::Desk);
        const long long id = mdm::parseCommandId(args.positional()[0]);
        // "retire approve 42" must not approve a wipe by a slip of the number.
        if (auto c = mdm::find(session, id); c && c->action != what)
            throw invalid("command", "Command " + std::to_string(id) + " is a " + c->action + ", not a " + what + ".");
        if (sub == "release") {
            mdm::release(session, id);
            std::cout << "Command " << id << " is released and queued.\n";
            return 0;
        }
        const std::string state = mdm::approve(session, id);
        if (state == "held")
            std::cout << "Command " << id << " is approved but held: more wipes than the hourly limit were approved; "
                         "an admin must release it (qmctl wipe release " << id << ").\n";
        else if (state == "done") std::cout << "Command " << id << " is approved; the device was not in the MDM and is retired.\n";
        else std::cout << "Command " << id << " is approved and queued for the MDM.\n";
        return 0;
    }
    if (sub == "reject" || sub == "cancel") {
        Args args(ctx.argv, ctx.at, {{"--reason"}});
        args.expectPositional(1, what + " " + sub + " COMMAND_ID --reason TEXT");
        if (sub == "reject" && !args.has("--reason")) throw usage(what + " reject needs --reason TEXT.");
        Session session(ctx.conninfo, Access::Desk);
        const long long id = mdm::parseCommandId(args.positional()[0]);
        if (auto c = mdm::find(session, id); c && sub == "reject" && c->action != what)
            throw invalid("command", "Command " + std::to_string(id) + " is a " + c->action + ", not a " + what + ".");
        if (sub == "reject") mdm::reject(session, id, args.value("--reason"));
        else mdm::cancel(session, id, args.value("--reason"));
        std::cout << "Command " << id << " is " << (sub == "reject" ? "rejected" : "cancelled") << ".\n";
        return 0;
    }
    if (what == "retire" && !sub.empty() && sub.rfind("--", 0) != 0) {
        // The older form "retire DEVICE --reason TEXT" is a request now (a second person approves).
        Args args(ctx.argv, ctx.at - 1, {{"--reason"}});
        args.expectPositional(1, "retire request DEVICE --reason TEXT");
        if (!args.has("--reason")) throw usage("retire needs --reason TEXT.");
        Session session(ctx.conninfo, Access::Desk);
        std::cout << mdm::request(session, args.positional()[0], "retire", args.value("--reason")) << "\n";
        return 0;
    }
    throw usage("Usage: qmctl " + what + " request DEVICE --reason TEXT | " + what + " approve ID | " + what +
                " reject ID --reason TEXT | " + what + " release ID | " + what + " cancel ID");
}

int lockCommand(Context& ctx) {
    Args args(ctx.argv, ctx.at, {{"--reason"}});
    args.expectPositional(1, "lock DEVICE [--reason TEXT]");
    Session session(ctx.conninfo, Access::Desk);
    std::cout << mdm::request(session, args.positional()[0], "remote_lock", args.value("--reason")) << "\n";
    return 0;
}

int commandsCommand(Context& ctx) {
    Args args(ctx.argv, ctx.at, {{"--state"}, {"--limit"}});
    args.expectPositional(0, "commands [--state STATE] [--limit N]");
    const int limit = args.has("--limit") ? wholeNumber(args, "--limit", 1, 100000) : 1000;
    Session session(ctx.conninfo, Access::Desk);
    printCommands(ctx, mdm::list(session, args.value("--state"), limit));
    return 0;
}

}  // namespace qm::cli
