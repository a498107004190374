// qmctl search — the search language of DESIGN.md §8 from the command line, saved searches,
// and exports of the results (CSV that spreadsheets cannot run, JSON).
#include "cli/commands.hpp"

#include "model/identifiers.hpp"
#include "services/search/export.hpp"
#include "services/search/search.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

namespace qm::cli {
namespace {

using services::Access;
using services::Session;

// One argument is the whole query, as typed in the console: qmctl search 'smith OR jones'.
// Several are several terms, and the shell took the quotes off `unit:"Central West"`, so a
// value with spaces gets its quotes back.
std::string queryFromArguments(const std::vector<std::string>& words) {
    if (words.size() == 1) return words.front();
    std::string query;
    for (const auto& w : words) {
        std::string term = w;
        if (w.find_first_of(" \t") != std::string::npos && w.find('"') == std::string::npos) {
            std::size_t colon = w.find(':');
            bool field = colon != std::string::npos && colon > 0 &&
                         std::all_of(w.begin(), w.begin() + static_cast<long>(colon),
                                     [](unsigned char c) { return std::isalpha(c) || c == '-'; });
            term = field ? w.substr(0, colon + 1) + "\"" + w.substr(colon + 1) + "\"" : "\"" + w + "\"";
        }
        query += (query.empty() ? "" : " ") + term;
    }
    return query;
}

std::vector<std::string> chosenColumns(const Args& args, Format format) {
    std::vector<std::string> names;
    if (args.has("--columns")) {
        std::stringstream list(args.value("--columns"));
        for (std::string name; std::getline(list, name, ',');) {
            const auto& all = search::resultColumns();
            if (std::none_of(all.begin(), all.end(), [&](const search::Column& c) { return name == c.name; })) {
                std::string known;
                for (const auto& c : all) known += (known.empty() ? "" : ", ") + std::string(c.name);
                throw invalid("columns", "Unknown column " + quoteInput(name) + "; the columns are " + known + ".");
            }
            names.push_back(name);
        }
        return names;
    }
    if (format == Format::Table)
        return {"asset_tag", "model", "status", "unit", "staff_no", "holder", "imei", "serial", "last_seen"};
    for (const auto& c : search::resultColumns()) names.emplace_back(c.name);
    return names;
}

std::string withThousands(long long n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

int listSaved(Context& ctx, Session& session) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : services::savedSearches(session))
        rows.push_back({s.name, s.query, s.owner, s.shared ? "yes" : "no"});
    printRecords(std::cout, ctx.format,
                 ctx.format == Format::Table ? std::vector<std::string>{"Name", "Search", "Owner", "Shared"}
                                             : std::vector<std::string>{"name", "query", "owner", "shared"},
                 rows);
    return 0;
}

}  // namespace

int searchCommand(Context& ctx) {
    Args args(ctx.argv, ctx.at,
              {{"--limit"}, {"--sort"}, {"--columns"}, {"--saved"}, {"--save"}, {"--shared", false},
               {"--list-saved", false}, {"--delete-saved"}, {"--all", false}, {"--count", false}, {"--bom", false},
               {"--output"}});
    Session session(ctx.conninfo, Access::Desk);
    if (args.has("--list-saved")) return listSaved(ctx, session);
    if (args.has("--delete-saved")) {
        services::deleteSavedSearch(session, args.value("--delete-saved"));
        std::cerr << "qmctl: deleted the saved search " << quoteInput(args.value("--delete-saved")) << ".\n";
        return 0;
    }
    std::string text = queryFromArguments(args.positional());
    if (args.has("--saved")) {
        std::string saved = services::savedQuery(session, args.value("--saved"));
        text = text.empty() ? saved : "(" + saved + ") " + text;
    }
    if (args.has("--save")) {
        services::saveSearch(session, args.value("--save"), text, args.has("--shared"));
        std::cerr << "qmctl: saved " << (args.has("--shared") ? "and shared " : "") << "the search "
                  << quoteInput(args.value("--save")) << ".\n";
        return 0;
    }
    const search::Query query = search::parseOrThrow(text);
    search::Sort sort;
    if (args.has("--sort")) {
        auto parsed = search::parseSort(args.value("--sort"));
        if (!parsed) {
            std::string names;
            for (const auto& n : search::sortNames()) names += (names.empty() ? "" : ", ") + n;
            throw invalid("sort", "Unknown sort " + quoteInput(args.value("--sort")) + "; sort by one of " + names +
                                      " (a leading - reverses it).");
        }
        sort = *parsed;
    }
    if (args.has("--count")) {
        const search::Count count = services::countDevices(session, query);
        printRecord(std::cout, ctx.format,
                    {{ctx.format == Format::Table ? "Devices" : "devices", std::to_string(count.rows)},
                     {ctx.format == Format::Table ? "Counted" : "counted",
                      count.moreThan ? "more than" : count.estimated ? "estimate" : "exactly"}});
        return 0;
    }
    const bool all = args.has("--all");
    const int limit = args.has("--limit") ? wholeNumber(args, "--limit", 1, 10000) : 200;
    const auto columns = chosenColumns(args, ctx.format);
    if (ctx.format != Format::Table || args.has("--output")) {
        // CSV and JSON stream every page; into a file they go through FILE.part.
        if (ctx.format == Format::Table) throw usage("--output writes CSV or JSON: add --format csv or --format json.");
        services::ExportRequest request{query, sort, columns, ctx.format == Format::Json, args.has("--bom"),
                                        all ? 0 : limit};
        const long long rows = args.has("--output")
                                   ? services::exportSearchResults(session, request, args.value("--output"))
                                   : services::writeSearchResults(session, request, std::cout);
        if (args.has("--output"))
            std::cerr << "qmctl: wrote " << withThousands(rows) << (rows == 1 ? " device" : " devices") << " to "
                      << quoteInput(args.value("--output")) << ".\n";
        return 0;
    }
    std::vector<std::string> headings;
    for (const auto& name : columns)
        for (const auto& c : search::resultColumns())
            if (name == c.name) headings.emplace_back(c.title);
    RecordWriter writer(std::cout, ctx.format, headings);
    std::optional<ListKey> after;
    bool scanned = false, more = false;
    search::Count count;
    do {
        services::SearchPage page = services::searchDevices(session, query, sort, after, all ? 2000 : limit);
        for (const auto& row : page.rows) {
            std::vector<std::string> cells;
            for (const auto& name : columns)
                cells.push_back(name == "status" ? std::string(statusLabel(row.status)) : search::cell(row, name));
            writer.row(cells);
        }
        if (!after) count = page.count;
        scanned = page.scanned;
        more = page.more;
        if (!page.rows.empty()) after = page.rows.back().key;
    } while (all && more && !scanned);
    writer.finish();
    if (scanned) {
        std::cerr << "qmctl: exact match for a scanned identifier.\n";
    } else {
        std::cerr << "qmctl: " << withThousands(writer.rows()) << " of "
                  << (count.moreThan ? "more than " : count.estimated ? "about " : "") << withThousands(count.rows)
                  << (count.rows == 1 ? " device" : " devices") << ", sorted by " << search::sortName(sort)
                  << (more && !all ? "; --limit N or --all for more" : "") << ".\n";
    }
    return 0;
}

}  // namespace qm::cli
