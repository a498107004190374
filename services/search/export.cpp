#include "services/search/export.hpp"

#include "model/error.hpp"
#include "model/identifiers.hpp"
#include "model/text.hpp"
#include "services/import/csv.hpp"
#include "services/search/search.hpp"

#include <cstdio>
#include <fstream>
#include <ostream>

namespace qm::services {
namespace {

constexpr int kExportPage = 2000;

}  // namespace

long long writeSearchResults(Session& session, const ExportRequest& request, std::ostream& out,
                             const ExportProgress& progress) {
    std::vector<std::string> columns = request.columns;
    if (columns.empty())
        for (const auto& c : search::resultColumns()) columns.emplace_back(c.name);
    // The first page is fetched before anything is written: a search that fails at once
    // leaves no header or bracket behind.
    auto pageAfter = [&](const std::optional<ListKey>& after, long long written) {
        int size = kExportPage;
        if (request.limit > 0) size = static_cast<int>(std::min<long long>(size, request.limit - written));
        return searchDevices(session, request.query, request.sort, after, size, false);
    };
    SearchPage page = pageAfter(std::nullopt, 0);
    if (request.json) out << '[';
    else {
        if (request.byteOrderMark) out << "\xEF\xBB\xBF";
        writeSafeCsvRow(out, columns);
    }
    long long written = 0;
    while (true) {
        for (const auto& row : page.rows) {
            std::vector<std::string> cells;
            cells.reserve(columns.size());
            for (const auto& name : columns) cells.push_back(search::cell(row, name));
            if (request.json) {
                out << (written ? ",\n " : "") << '{';
                for (std::size_t i = 0; i < columns.size(); ++i)
                    out << (i ? "," : "") << jsonString(columns[i]) << ':' << jsonString(cells[i]);
                out << '}';
            } else {
                writeSafeCsvRow(out, cells);
            }
            ++written;
        }
        if (progress && !progress(written)) throw Error(ErrorKind::Other, "The export was cancelled.");
        if (!page.more || page.scanned || page.rows.empty() || (request.limit > 0 && written >= request.limit)) break;
        page = pageAfter(page.rows.back().key, written);
    }
    if (request.json) out << "]\n";
    out.flush();
    return written;
}

long long exportSearchResults(Session& session, const ExportRequest& request, const std::string& path,
                              const ExportProgress& progress) {
    const std::string partial = path + ".part";
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file) throw invalid("output", "Cannot write " + quoteInput(path) + ": check the folder exists and may be written to.");
    long long rows = 0;
    try {
        rows = writeSearchResults(session, request, file, progress);
        file.close();
        if (!file) throw invalid("output", "Could not finish writing " + quoteInput(path) + " (is the disk full?).");
        if (std::rename(partial.c_str(), path.c_str()) != 0)
            throw invalid("output", "Could not put " + quoteInput(path) + " in place.");
    } catch (...) {
        file.close();
        std::remove(partial.c_str());
        throw;
    }
    return rows;
}

}  // namespace qm::services
