// qmctl report NAME — the asset managers' reports (model/report.hpp) and the MDM drift report,
// as a table, CSV or JSON.
#include "cli/commands.hpp"

#include "services/mdm/sync.hpp"
#include "services/reports.hpp"

#include <iostream>

namespace qm::cli {
namespace {

using services::Access;
using services::Session;

int driftReport(Context& ctx) {
    Args args(ctx.argv, ctx.at, {{"--days"}});
    args.expectPositional(0, "report drift [--days N]");
    const int days = args.has("--days") ? wholeNumber(args, "--days", 1, 3650) : 30;
    Session session(ctx.conninfo, Access::Desk);
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : services::mdm::drift(session, days))
        rows.push_back({ctx.format == Format::Table ? services::mdm::driftKindWords(d.kind) : d.kind, d.assetTag,
                        d.mdmId, d.detail});
    if (ctx.format == Format::Table) printRecords(std::cout, ctx.format, {"Drift", "Device", "MDM id", "Detail"}, rows);
    else printRecords(std::cout, ctx.format, {"kind", "device", "mdm_id", "detail"}, rows);
    return 0;
}

}  // namespace

int reportCommand(Context& ctx, const std::string& name) {
    if (name.empty()) {
        std::string list;
        for (const auto& r : report::reports()) list += "\n  " + std::string(r.name) + " — " + r.summary;
        throw usage("Name a report:" + list);
    }
    if (name == "drift") return driftReport(ctx);
    Args args(ctx.argv, ctx.at, {{"--days"}, {"--weeks"}, {"--max"}, {"--limit"}, {"--bom", false}});
    args.expectPositional(0, "report " + name + " [--days N] [--weeks N] [--max N] [--limit N]");
    report::Options options;
    if (args.has("--days")) options.days = wholeNumber(args, "--days", 1, 36500);
    if (args.has("--weeks")) options.weeks = wholeNumber(args, "--weeks", 1, 520);
    if (args.has("--max")) options.max = wholeNumber(args, "--max", 1, 100);
    if (args.has("--limit")) options.limit = wholeNumber(args, "--limit", 1, 1000000);
    Session session(ctx.conninfo, Access::Desk);
    const report::Table table = services::runReport(session, name, options);
    std::vector<std::string> columns;
    for (const auto& c : table.columns) columns.push_back(ctx.format == Format::Table ? c.heading : c.name);
    RecordWriter writer(std::cout, ctx.format, columns, args.has("--bom") && ctx.format == Format::Csv);
    for (const auto& row : table.rows) writer.row(row);
    writer.finish();
    if (ctx.format == Format::Table) std::cerr << "qmctl: " << table.title << ".\n";
    if (table.truncated)
        std::cerr << "qmctl: only the first " << table.rows.size() << " rows; --limit N for more.\n";
    return 0;
}

}  // namespace qm::cli
