// qmctl receipt NUMBER [--pdf FILE] | receipt verify NUMBER CODE — a hand-over's receipt from
// the register (a reprint, marked COPY) and the check of a paper receipt; and the --receipt
// FILE.pdf that issue, return, swap and lost take.
#include "cli/commands.hpp"

#include "model/identifiers.hpp"
#include "services/receipts/receipt_layout.hpp"
#include "services/receipts/receipts.hpp"

#include <iostream>

namespace qm::cli {
namespace {

using services::Access;
using services::Session;

services::ReceiptPrint printOptions(const Args& args, bool copy) {
    services::ReceiptPrint print;
    print.settings = services::loadReceiptSettings(args.value("--receipt-settings"));
    if (args.has("--paper")) {
        auto paper = services::paperFromString(args.value("--paper"));
        if (!paper) throw invalid("paper", "Option --paper takes a4 or letter, not " + quoteInput(args.value("--paper")) + ".");
        print.settings.paper = *paper;
    }
    print.copy = copy;
    return print;
}

Fields receiptFields(const Receipt& r) {
    Fields f = {{"Receipt", r.number},
                {"Kind", std::string(toString(r.kind))},
                {"When", r.atLocal},
                {"By", r.by},
                {"Officer", r.officer.name},
                {"Staff number", r.officer.staffNo},
                {"Rank", r.officer.rank},
                {"Unit", r.officer.unit}};
    std::string received, handedBack;
    for (const auto& d : r.devices) {
        std::string& list = d.received ? received : handedBack;
        list += (list.empty() ? "" : ", ") + d.assetTag;
    }
    f.push_back({"Received", received});
    f.push_back({"Handed back", handedBack});
    if (r.kind == ReceiptKind::Swap) f.push_back({"Reason", r.reason});
    if (r.kind == ReceiptKind::Loss) f.push_back({"Incident reference", r.incidentReference});
    f.push_back({"Code", r.code});
    return f;
}

}  // namespace

const std::vector<OptionSpec>& receiptOptions() {
    static const std::vector<OptionSpec> options = {{"--receipt"}, {"--paper"}, {"--receipt-settings"}};
    return options;
}

std::optional<ReceiptRequest> receiptRequest(const Args& args) {
    if (!args.has("--receipt")) {
        // --paper or --receipt-settings alone write nothing, but a bad one is still refused.
        if (args.has("--paper") || args.has("--receipt-settings")) printOptions(args, false);
        return std::nullopt;
    }
    const std::string path = args.value("--receipt");
    if (path.empty()) throw usage("Option --receipt needs a file name for the PDF.");
    services::requireReceiptDrawing();
    return ReceiptRequest{path, printOptions(args, false)};
}

void saveReceipt(Session& session, const std::optional<ReceiptRequest>& request, const std::string& number) {
    if (!request) return;
    services::ReceiptLayout layout(services::findReceipt(session, number), request->print);
    try {
        services::writeReceiptPdf(layout, request->path);
    } catch (const Error& e) {
        // The hand-over stands; its receipt can be printed again from the register.
        throw Error(e.kind(), std::string(e.what()) + " The hand-over is recorded; print its receipt with 'qmctl receipt " +
                                  number + " --pdf FILE'.");
    }
    std::cout << "Receipt saved to " << request->path << " (" << layout.pageCount() << " page"
              << (layout.pageCount() == 1 ? "" : "s") << ").\n";
}

int receiptCommand(Context& ctx, const std::string& sub) {
    if (sub == "verify") {
        Args args(ctx.argv, ctx.at, {});
        std::string number, code;
        // The QR code's text as one argument ("QMR1 R2026-000123 3F2A-09BC-771E"), or the two
        // values printed on the paper.
        if (args.positional().size() == 1) {
            auto scanned = parseReceiptQr(args.positional()[0]);
            if (!scanned) throw usage("receipt verify NUMBER CODE, or the text of the receipt's QR code.");
            number = scanned->number;
            code = scanned->code;
        } else {
            args.expectPositional(2, "receipt verify NUMBER CODE");
            number = args.positional()[0];
            code = args.positional()[1];
        }
        Session session(ctx.conninfo, Access::Desk);
        auto check = services::checkReceipt(session, number, code);
        if (ctx.format == Format::Table) {
            (check.matches ? std::cout : std::cerr) << (check.matches ? "" : "qmctl: ") << check.sentence << "\n";
        } else {
            Fields f = {{"Receipt", number}, {"Matches", check.matches ? "yes" : "no"}, {"Sentence", check.sentence}};
            printRecord(std::cout, ctx.format, f);
        }
        return check.matches ? 0 : exitCode(ErrorKind::Invalid);
    }
    // receipt NUMBER [--pdf FILE] [--png FILE]: the receipt from the register, as a reprint.
    ctx.at -= 1;  // NUMBER is where a subcommand would be
    Args args(ctx.argv, ctx.at, {{"--pdf"}, {"--png"}, {"--paper"}, {"--receipt-settings"}});
    args.expectPositional(1, "receipt NUMBER [--pdf FILE] [--png FILE] [--paper a4|letter] | receipt verify NUMBER CODE");
    const bool toFile = args.has("--pdf") || args.has("--png");
    if (toFile) services::requireReceiptDrawing();
    // Settings first: a bad setting is refused before the register is asked anything.
    const services::ReceiptPrint print = toFile ? printOptions(args, true) : services::ReceiptPrint{};
    Session session(ctx.conninfo, Access::Desk);
    const Receipt receipt = services::findReceipt(session, args.positional()[0]);
    if (!toFile) {
        printRecord(std::cout, ctx.format, receiptFields(receipt));
        return 0;
    }
    services::ReceiptLayout layout(receipt, print);
    if (args.has("--pdf")) {
        services::writeReceiptPdf(layout, args.value("--pdf"));
        std::cout << "Receipt " << receipt.number << " (a copy) saved to " << args.value("--pdf") << ".\n";
    }
    if (args.has("--png")) {
        services::writeReceiptPng(layout, 0, 150, args.value("--png"));
        std::cout << "Receipt " << receipt.number << " (a copy, first page) saved to " << args.value("--png") << ".\n";
    }
    return 0;
}

}  // namespace qm::cli
