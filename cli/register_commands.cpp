// qmctl db | user | device | person | demo — the register's set-up and maintenance commands.
#include "cli/commands.hpp"

#include "model/money.hpp"
#include "services/custody/custody.hpp"
#include "services/demo.hpp"
#include "services/schema.hpp"
#include "services/device_list.hpp"
#include "services/import/register_import.hpp"
#include "services/register/register.hpp"
#include "services/seed/demo_seed.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <iostream>

namespace qm::cli {
namespace {

using services::Access;
using services::Session;

std::string money(const std::optional<long long>& pence) { return pence ? formatPence(*pence) : ""; }

Fields deviceFields(const Device& d) {
    return {{"Asset tag", d.assetTag},
            {"Serial", d.serial},
            {"IMEI", d.imei},
            {"IMEI 2", d.imei2},
            {"Model", d.makeAndModel()},
            {"Kind", d.kind},
            {"Phone", d.phone},
            {"MDM id", d.mdmId},
            {"Status", std::string(statusLabel(d.status))},
            {"Condition", d.condition},
            {"Legal hold", d.legalHold ? "yes: " + d.holdReason : "no"},
            {"Unit", d.unit},
            {"Purchased", d.purchasedOn},
            {"Warranty until", d.warrantyUntil},
            {"Cost", money(d.costPence)},
            {"Notes", d.notes},
            {"Version", std::to_string(d.version)},
            {"Updated", d.updatedAt}};
}

Fields personFields(const Person& p) {
    return {{"Staff number", p.staffNo}, {"Name", p.name},   {"Rank", p.rank},
            {"Unit", p.unit},            {"Email", p.email}, {"Active", p.active ? "yes" : "no"}};
}

void reportCreated(const std::vector<std::string>& created) {
    for (const auto& c : created) std::cerr << "qmctl: created " << c << ".\n";
}

services::ImportOptions importOptions(const Args& args, const std::string& noun) {
    services::ImportOptions options;
    options.dryRun = args.has("--dry-run");
    options.strict = args.has("--strict");
    options.progress = [noun](std::size_t rows, std::size_t) {
        std::cerr << "qmctl: " << noun << " import: " << rows << " rows read\n";
        return true;
    };
    return options;
}

// The rejects file of an import. It is written beside its final name first and moved into
// place only when the import has finished, so an unwritable path refuses the import before any
// row lands, a fatal error leaves no empty or half-written file, and an existing file with that
// name is untouched until the new one is complete.
class RejectsFile {
public:
    RejectsFile(const std::string& path, const std::string& input) : path_(path) {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (fs::is_directory(path, ec)) throw invalid("rejects", "The rejects file " + path + " is a folder, not a file.");
        part_ = path + ".part";
        for (const std::string& p : {path, part_})
            if (fs::exists(p, ec) && fs::equivalent(p, input, ec))
                throw invalid("rejects", "The rejects file " + path + " (or " + part_ +
                                             ", written first) is the file being imported; name another file.");
        out_.open(part_, std::ios::binary | std::ios::trunc);
        if (!out_) throw invalid("rejects", "Cannot write the rejects file " + path + ".");
    }
    ~RejectsFile() {
        if (done_) return;
        out_.close();
        std::error_code ec;
        std::filesystem::remove(part_, ec);
    }
    RejectsFile(const RejectsFile&) = delete;
    RejectsFile& operator=(const RejectsFile&) = delete;

    void write(const services::ImportReport& report) {
        services::writeRejects(out_, report);
        out_.close();
        std::error_code ec;
        if (out_) std::filesystem::rename(part_, path_, ec);
        if (!out_ || ec) throw invalid("rejects", "Could not finish writing the rejects file " + path_ + ".");
        done_ = true;
    }

private:
    std::string path_, part_;
    std::ofstream out_;
    bool done_ = false;
};

std::unique_ptr<RejectsFile> openRejects(const Args& args) {
    if (!args.has("--rejects")) return nullptr;
    return std::make_unique<RejectsFile>(args.value("--rejects"), args.positional()[0]);
}

int finishImport(const Args& args, const services::ImportReport& report, const std::string& noun,
                 RejectsFile* rejects) {
    for (const auto& col : report.unknownColumns) std::cerr << "qmctl: column '" << col << "' is not used.\n";
    for (const auto& r : report.rejects)
        std::cerr << "qmctl: line " << r.line << (r.column.empty() ? "" : ", " + r.column) << ": " << r.reason << "\n";
    if (rejects) rejects->write(report);
    reportCreated(report.created);
    std::string verdict;
    if (args.has("--dry-run"))
        verdict = "Dry run: " + std::to_string(report.valid) + " of " + std::to_string(report.rows) + " " + noun +
                  " rows would be imported; nothing was written.";
    else if (!report.committed)
        verdict = "Strict import: " + std::to_string(report.rejects.size()) +
                  " row(s) refused, so nothing was written.";
    else
        verdict = "Imported " + std::to_string(report.imported - report.updated) + " of " + std::to_string(report.rows) + " " + noun +
                  " rows.";
    const std::string would = report.committed ? "" : " would be";
    if (report.updated) verdict += " " + std::to_string(report.updated) + " already there" + would + " brought up to date.";
    if (report.leavers) verdict += " " + std::to_string(report.leavers) + " not in the file" + would + " marked as leavers.";
    if (report.issued) verdict += " " + std::to_string(report.issued) + " checked out there issued to their holders.";
    for (const auto& note : report.notes) std::cerr << "qmctl: " << note << "\n";
    if (!report.rejects.empty())
        verdict += " " + std::to_string(report.rejects.size()) + " row(s) refused" +
                   (args.has("--rejects") ? " (written to " + args.value("--rejects") + ")." : ".");
    std::cout << verdict << "\n";
    return report.rejects.empty() ? 0 : exitCode(ErrorKind::Invalid);
}

std::ifstream openInput(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw invalid("file", path + " is a folder, not a file to import.");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw invalid("file", "Cannot open " + path + " for reading.");
    return in;
}

}  // namespace

int dbCommand(Context& ctx, const std::string& sub) {
    Args args(ctx.argv, ctx.at, {});
    args.expectPositional(0, "db migrate | db status");
    if (sub == "migrate") {
        Session session(ctx.conninfo, Access::Bootstrap, false);
        auto applied = services::migrateSchema(session);
        auto state = services::schemaStatus(session);
        if (applied.empty()) std::cout << "The schema is up to date (version " << state.current << ").\n";
        else std::cout << "Applied " << applied.size() << " migration(s); the schema is at version " << state.current << ".\n";
        for (const auto& column : services::textRulesNotYetValid(session))
            std::cerr << "qmctl: rows from before version 6 break the text rules of " << column
                      << " (control characters, direction overrides, nothing visible or too long); new rows are "
                         "held to them already, fix the old ones and run ALTER TABLE ... VALIDATE CONSTRAINT.\n";
        return 0;
    }
    if (sub == "status") {
        Session session(ctx.conninfo, Access::Bootstrap, false);
        auto state = services::schemaStatus(session);
        const auto& me = session.login();
        printRecord(std::cout, ctx.format,
                    {{"Database", me.database},
                     {"Login", me.user},
                     {"Role", me.superuser ? "superuser" : services::roleName(me.role)},
                     {"Schema version", std::to_string(state.current)},
                     {"Program knows", std::to_string(state.known)},
                     {"Pending", std::to_string(state.pending)}});
        return state.current > state.known ? exitCode(ErrorKind::Conflict) : 0;
    }
    throw usage("Usage: qmctl db migrate | db status");
}

int deviceCommand(Context& ctx, const std::string& sub) {
    if (sub == "add") {
        Args args(ctx.argv, ctx.at,
                  {{"--asset-tag"}, {"--serial"}, {"--imei"}, {"--imei2"}, {"--model"}, {"--phone"}, {"--unit"},
                   {"--status"}, {"--purchased-on"}, {"--warranty-until"}, {"--cost-pence"}, {"--notes"}});
        args.expectPositional(0, "device add --asset-tag T --serial S [--imei I] --model \"MAKER MODEL\" ...");
        Session session(ctx.conninfo, Access::Desk);
        services::DeviceInput in;
        in.assetTag = args.value("--asset-tag");
        in.serial = args.value("--serial");
        in.imei = args.value("--imei");
        in.imei2 = args.value("--imei2");
        in.model = args.value("--model");
        in.phone = args.value("--phone");
        in.unit = args.value("--unit");
        in.status = args.value("--status");
        in.purchasedOn = args.value("--purchased-on");
        in.warrantyUntil = args.value("--warranty-until");
        in.costPence = args.value("--cost-pence");
        in.notes = args.value("--notes");
        auto added = services::addDevice(session, in);
        reportCreated(added.created);
        printRecord(std::cout, ctx.format, deviceFields(added.device));
        return 0;
    }
    if (sub == "show") {
        Args args(ctx.argv, ctx.at, {});
        args.expectPositional(1, "device show DEVICE");
        Session session(ctx.conninfo, Access::Desk);
        Device device = services::showDevice(session, args.positional()[0]);
        Fields fields = deviceFields(device);
        auto holder = services::currentHolder(session, device);
        // Right after the status, where a desk reads it.
        fields.insert(fields.begin() + 9,
                      {"Holder", holder ? holder->staffNo + " " + holder->personName + " since " + holder->issuedAt +
                                              " (receipt " + holder->issueReceipt + ")"
                                        : ""});
        printRecord(std::cout, ctx.format, fields);
        return 0;
    }
    if (sub == "import") {
        Args args(ctx.argv, ctx.at, {{"--dry-run", false}, {"--strict", false}, {"--rejects"}, {"--format"}});
        args.expectPositional(1, "device import FILE [--format native|snipeit|intune] [--dry-run] [--strict] "
                                 "[--rejects OUT.csv]");
        auto options = importOptions(args, "device");
        if (args.has("--format")) options.format = services::parseDeviceFormat(args.value("--format"));
        auto in = openInput(args.positional()[0]);
        auto rejects = openRejects(args);
        Session session(ctx.conninfo, Access::Desk);
        auto report = services::importDevices(session, in, options);
        return finishImport(args, report, "device", rejects.get());
    }
    throw usage("Usage: qmctl device add | show | import");
}

int personCommand(Context& ctx, const std::string& sub) {
    if (sub == "add") {
        Args args(ctx.argv, ctx.at, {{"--staff-no"}, {"--name"}, {"--rank"}, {"--unit"}, {"--email"}});
        args.expectPositional(0, "person add --staff-no N --name NAME [--rank R] [--unit U] [--email E]");
        Session session(ctx.conninfo, Access::Desk);
        services::PersonInput in;
        in.staffNo = args.value("--staff-no");
        in.name = args.value("--name");
        in.rank = args.value("--rank");
        in.unit = args.value("--unit");
        in.email = args.value("--email");
        auto added = services::addPerson(session, in);
        reportCreated(added.created);
        printRecord(std::cout, ctx.format, personFields(added.person));
        return 0;
    }
    if (sub == "import") {
        Args args(ctx.argv, ctx.at,
                  {{"--dry-run", false}, {"--strict", false}, {"--rejects"}, {"--update", false}, {"--full", false},
                   {"--max-leavers"}});
        args.expectPositional(1, "person import FILE [--update | --full [--max-leavers N]] [--dry-run] [--strict] "
                                 "[--rejects OUT.csv]");
        auto options = importOptions(args, "person");
        options.update = args.has("--update");
        options.full = args.has("--full");
        if (args.has("--max-leavers")) options.maxLeavers = wholeNumber(args, "--max-leavers", 0, 10000000);
        auto in = openInput(args.positional()[0]);
        auto rejects = openRejects(args);
        Session session(ctx.conninfo, Access::Desk);
        auto report = services::importPeople(session, in, options);
        return finishImport(args, report, "person", rejects.get());
    }
    throw usage("Usage: qmctl person add | import");
}

int demoCommand(Context& ctx, const std::string& sub) {
    if (sub != "seed" && sub != "start" && sub != "stop")
        throw usage("Usage: qmctl demo seed [--devices N] [--people N] [--seed S] | demo start [--dir D] | demo stop [--dir D]");
    Args args(ctx.argv, ctx.at, {{"--devices"}, {"--people"}, {"--seed"}, {"--dir"}});
    args.expectPositional(0, "demo " + sub + " ...");
    auto number = [&](const std::string& name, unsigned long long fallback) -> unsigned long long {
        if (!args.has(name)) return fallback;
        const std::string text = args.value(name);
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 12)
            throw invalid(name.substr(2), "Option " + name + " needs a whole number, not '" + text + "'.");
        return std::stoull(text);
    };
    services::SeedOptions options;
    options.devices = number("--devices", 32000);
    options.people = number("--people", 30000);
    options.seed = number("--seed", 1);
    if (options.people == 0 && options.devices > 0)
        throw invalid("people", "A fleet with devices needs at least one person.");
    options.progress = [](const std::string& stage, std::size_t done, std::size_t total) {
        std::cerr << "qmctl: seeding " << stage << ": " << done << " of " << total << "\n";
    };
    std::filesystem::path root = args.has("--dir") ? std::filesystem::path(args.value("--dir"))
                                                   : services::defaultDemoRoot();
    if (sub == "start") {
        // The private cluster of scripts/demo, left running; prints how to reach it.
        services::DemoOptions demoOptions;
        demoOptions.root = root;
        demoOptions.seed = options;
        auto demo = services::startDemo(demoOptions);
        demo.cluster->detach();
        printRecord(std::cout, ctx.format,
                    {{"Cluster", root.string()},
                     {"Owner", demo.ownerConninfo},
                     {"Agent", demo.agentConninfo},
                     {"Manager", demo.managerConninfo},
                     {"Approver", demo.approverConninfo},
                     {"Seeded now", demo.seededNow ? "yes" : "no"}});
        return 0;
    }
    if (sub == "stop") {
        services::stopDemo(root);
        std::cout << "Stopped the demo cluster in " << root.string() << ".\n";
        return 0;
    }
    Session session(ctx.conninfo, Access::Bootstrap);
    auto report = services::seedDemo(session, options);
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", report.seconds);
    std::cout << "Seeded " << report.devices << " devices, " << report.people << " people, " << report.units
              << " command units and " << report.models << " device models in " << seconds << " s.\n";
    return 0;
}

}  // namespace qm::cli
