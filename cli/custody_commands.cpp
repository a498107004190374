// qmctl issue | return | swap | lost | repair | restock | retire | hold | release | history |
// custody-at | commands — the custody desk from the command line.
#include "cli/commands.hpp"

#include "services/custody/custody.hpp"

#include <iostream>

namespace qm::cli {
namespace {

using services::Access;
using services::Session;

std::string personLabel(const Person& p) { return (p.rank.empty() ? "" : p.rank + " ") + p.staffNo + " " + p.name; }

// "in stock", "in repair": a status inside a sentence.
std::string lowerLabel(DeviceStatus status) {
    std::string s(toString(status));
    for (char& c : s)
        if (c == '_') c = ' ';
    return s;
}

void printReceipt(const std::string& receipt) { std::cout << "Receipt: " << receipt << "\n"; }

std::vector<OptionSpec> withReceipt(std::vector<OptionSpec> options) {
    options.insert(options.end(), receiptOptions().begin(), receiptOptions().end());
    return options;
}

std::optional<int> expectedVersion(const Args& args) {
    if (!args.has("--expect-version")) return std::nullopt;
    const std::string v = args.value("--expect-version");
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
        throw invalid("expect_version", "Option --expect-version needs a whole number, not '" + v + "'.");
    return std::stoi(v);
}

std::vector<std::vector<std::string>> timelineRows(const std::vector<TimelineRow>& events) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : events)
        rows.push_back({e.at, e.kind, e.assetTag, e.fromStatus.empty() ? "" : e.fromStatus + " -> " + e.toStatus,
                        e.staffNo.empty() ? "" : e.staffNo + " " + e.personName, e.receipt, e.actor, e.detail});
    return rows;
}

}  // namespace

int custodyCommand(Context& ctx, const std::string& verb) {
    if (verb == "issue") {
        Args args(ctx.argv, ctx.at,
                  withReceipt({{"--to"}, {"--accessory"}, {"--note"}, {"--override"}, {"--expect-version"}}));
        const std::string usageLine =
            "issue DEVICE [DEVICE...] --to STAFF_NO [--accessory NAME]... [--note TEXT] [--override REASON]";
        if (args.positional().empty()) args.expectPositional(1, usageLine);
        if (!args.has("--to")) throw usage("issue needs --to STAFF_NO: the person receiving the device.");
        const auto receipt = receiptRequest(args);
        Session session(ctx.conninfo, Access::Desk);
        if (args.positional().size() == 1) {
            services::IssueRequest request{args.positional()[0], args.value("--to"), args.values("--accessory"),
                                           args.value("--note"), args.value("--override"), expectedVersion(args)};
            auto done = services::issueDevice(session, request);
            std::cout << "Issued " << done.device.assetTag << " (" << done.device.makeAndModel() << ") to "
                      << (done.person ? personLabel(*done.person) : request.staffNo) << ".\n";
            printReceipt(done.receipt);
            saveReceipt(session, receipt, done.receipt);
            return 0;
        }
        if (args.has("--expect-version"))
            throw usage("--expect-version is for one device; issue several devices without it.");
        // One sitting: the accessories and the note go with the first device.
        std::vector<services::IssueRequest> requests;
        for (const auto& device : args.positional()) {
            services::IssueRequest r{device, args.value("--to"), {}, {}, args.value("--override"), std::nullopt};
            if (requests.empty()) {
                r.accessories = args.values("--accessory");
                r.note = args.value("--note");
            }
            requests.push_back(std::move(r));
        }
        auto done = services::issueDevices(session, requests);
        std::cout << "Issued";
        for (std::size_t i = 0; i < done.devices.size(); ++i)
            std::cout << (i ? ", " : " ") << done.devices[i].assetTag << " (" << done.devices[i].makeAndModel() << ")";
        std::cout << " to " << (done.person ? personLabel(*done.person) : args.value("--to")) << ".\n";
        printReceipt(done.receipt);
        saveReceipt(session, receipt, done.receipt);
        return 0;
    }
    if (verb == "return") {
        Args args(ctx.argv, ctx.at, withReceipt({{"--condition"}, {"--note"}, {"--expect-version"}}));
        args.expectPositional(1, "return DEVICE [--condition good|damaged|faulty|incomplete] [--note TEXT]");
        const auto receipt = receiptRequest(args);
        Session session(ctx.conninfo, Access::Desk);
        services::ReturnRequest request{args.positional()[0], args.value("--condition", "good"), args.value("--note"),
                                        expectedVersion(args)};
        auto done = services::returnDevice(session, request);
        std::cout << "Returned " << done.device.assetTag << (done.person ? " from " + personLabel(*done.person) : "")
                  << "; it is now " << lowerLabel(done.device.status) << ".\n";
        printReceipt(done.receipt);
        saveReceipt(session, receipt, done.receipt);
        return 0;
    }
    if (verb == "swap") {
        Args args(ctx.argv, ctx.at, withReceipt({{"--reason"}}));
        args.expectPositional(2, "swap OLD_DEVICE NEW_DEVICE --reason TEXT");
        const auto receipt = receiptRequest(args);
        if (!args.has("--reason")) throw usage("swap needs --reason TEXT: what is wrong with the old device.");
        Session session(ctx.conninfo, Access::Desk);
        auto done = services::swapDevice(session, args.positional()[0], args.positional()[1], args.value("--reason"));
        std::cout << "Swapped " << done.oldDevice.assetTag << " (now " << lowerLabel(done.oldDevice.status) << ") for "
                  << done.newDevice.assetTag << ", issued to " << personLabel(done.person) << ".\n";
        printReceipt(done.receipt);
        saveReceipt(session, receipt, done.receipt);
        return 0;
    }
    if (verb == "lost") {
        Args args(ctx.argv, ctx.at, withReceipt({{"--stolen", false}, {"--reference"}}));
        args.expectPositional(1, "lost DEVICE [--stolen] [--reference REF]");
        const auto receipt = receiptRequest(args);
        Session session(ctx.conninfo, Access::Desk);
        auto done = services::reportLost(session, args.positional()[0], args.has("--stolen"), args.value("--reference"));
        std::cout << done.device.assetTag << " is reported " << toString(done.device.status)
                  << "; a remote lock is queued as command " << done.remoteLockCommand << ".\n";
        printReceipt(done.receipt);
        saveReceipt(session, receipt, done.receipt);
        return 0;
    }
    if (verb == "repair" || verb == "restock" || verb == "release") {
        Args args(ctx.argv, ctx.at, {{"--note"}});
        args.expectPositional(1, verb + " DEVICE");
        Session session(ctx.conninfo, Access::Desk);
        const std::string key = args.positional()[0];
        Device d = verb == "repair"    ? services::sendToRepair(session, key, args.value("--note"))
                   : verb == "restock" ? services::restock(session, key, args.value("--note"))
                                       : services::releaseHold(session, key);
        std::cout << d.assetTag << " is now " << lowerLabel(d.status)
                  << (verb == "release" ? ", its legal hold released" : "") << ".\n";
        return 0;
    }
    if (verb == "hold") {
        Args args(ctx.argv, ctx.at, {{"--reason"}});
        args.expectPositional(1, verb + " DEVICE --reason TEXT");
        if (!args.has("--reason")) throw usage(verb + " needs --reason TEXT.");
        Session session(ctx.conninfo, Access::Desk);
        Device d = services::placeHold(session, args.positional()[0], args.value("--reason"));
        std::cout << d.assetTag << " is under legal hold: " << d.holdReason << ".\n";
        return 0;
    }
    if (verb == "history") {
        Args args(ctx.argv, ctx.at, {});
        args.expectPositional(1, "history DEVICE|STAFF_NO");
        Session session(ctx.conninfo, Access::Desk);
        auto h = services::history(session, args.positional()[0]);
        if (ctx.format == Format::Table) {
            if (h.device) {
                std::cout << h.device->assetTag << " — " << h.device->makeAndModel() << " — "
                          << statusLabel(h.device->status) << (h.device->legalHold ? " — LEGAL HOLD: " + h.device->holdReason : "")
                          << "\n";
                if (auto holder = services::currentHolder(session, *h.device))
                    std::cout << "Held by " << holder->staffNo << " " << holder->personName << " since "
                              << holder->issuedAt << " (receipt " << holder->issueReceipt << ")\n";
            } else {
                std::cout << personLabel(*h.person) << (h.person->active ? "" : " (leaver)") << "\n";
                for (const auto& c : h.custody)
                    if (c.returnedAt.empty())
                        std::cout << "Holds " << c.assetTag << " (" << c.makeAndModel << ") since " << c.issuedAt << "\n";
            }
            std::cout << "\n";
        }
        printRecords(std::cout, ctx.format, {"When", "What", "Device", "Status", "Person", "Receipt", "By", "Detail"},
                     timelineRows(h.events));
        return 0;
    }
    if (verb == "custody-at") {
        Args args(ctx.argv, ctx.at, {{"--time"}});
        args.expectPositional(1, "custody-at DEVICE --time ISO8601");
        if (!args.has("--time")) throw usage("custody-at needs --time ISO8601, e.g. 2026-03-14T10:42.");
        Session session(ctx.conninfo, Access::Desk);
        auto c = services::custodyAt(session, args.positional()[0], args.value("--time"));
        if (!c) {
            // Scripts get an empty answer in their format; people get a sentence.
            if (ctx.format == Format::Json) std::cout << "null\n";
            else if (ctx.format == Format::Csv)
                printRecords(std::cout, ctx.format, {"Device", "Staff number", "Name", "Issued", "Returned", "Receipt"}, {});
            else std::cout << "Nobody held " << args.positional()[0] << " at " << args.value("--time") << ".\n";
            return 0;
        }
        printRecord(std::cout, ctx.format,
                    {{"Device", c->assetTag}, {"Staff number", c->staffNo}, {"Name", c->personName},
                     {"Issued", c->issuedAt}, {"Returned", c->returnedAt}, {"Receipt", c->issueReceipt}});
        return 0;
    }
    throw usage("Unknown command '" + verb + "'; see 'qmctl --help'.");
}

}  // namespace qm::cli
