// Exports of search results — what `qmctl search --format csv|json` and the console's Export
// write: every matching device, page by page (nothing held in memory), as CSV that a
// spreadsheet will not run as formulas (optionally with a UTF-8 byte-order mark for Excel) or
// as JSON. A file is written beside its name and renamed into place only once complete, so a
// cancelled or failed export leaves nothing half-written.
#pragma once

#include "model/search_query.hpp"
#include "model/search_results.hpp"
#include "services/session.hpp"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace qm::services {

struct ExportRequest {
    search::Query query;
    search::Sort sort;
    std::vector<std::string> columns;  // machine names (search::resultColumns()); empty: all
    bool json = false;
    bool byteOrderMark = false;        // CSV only
    long long limit = 0;               // most rows; 0: every match
};

// Called after each page with the rows written so far; returning false cancels the export.
using ExportProgress = std::function<bool(long long rows)>;

// Streams the matches to `out`; returns how many rows were written. A cancel throws
// Error(Other, "The export was cancelled.").
long long writeSearchResults(Session& session, const ExportRequest& request, std::ostream& out,
                             const ExportProgress& progress = {});

// The same into the file `path` (through `path`.part, renamed when complete).
long long exportSearchResults(Session& session, const ExportRequest& request, const std::string& path,
                              const ExportProgress& progress = {});

}  // namespace qm::services
