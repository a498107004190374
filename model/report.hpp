// Reports for asset managers — fleet by status, unit and model, check-in ages, overdue returns,
// leavers still holding devices, warranties ending, hand-overs per week, people over the
// device policy — as plain tables that qmctl prints and the console's dashboard charts.
#pragma once

#include <string>
#include <vector>

namespace qm::report {

struct Column {
    std::string name;     // machine name (CSV and JSON keys)
    std::string heading;  // for people
    bool number = false;  // right-aligned, charted
};

struct Table {
    std::string name;   // "status"
    std::string title;  // "Fleet by status"
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> rows;
    // For each row, the search (DESIGN.md §8) that lists its devices, or "" when there is none:
    // clicking a bar on the dashboard runs it.
    std::vector<std::string> searches;
    // The label and the value a chart of this table shows (column indexes), -1 when not charted.
    int labelColumn = 0;
    int valueColumn = -1;
    bool truncated = false;  // more rows than the limit asked for
};

// Options some reports take; each report says which in its help line.
struct Options {
    int days = 0;   // overdue: held longer than (default 1095); warranty: ending within (default 90)
    int weeks = 0;  // handovers: how many weeks back (default 12)
    int max = 0;    // over-policy: devices of one kind a person may hold (default 1)
    int limit = 0;  // lists: most rows (default 1000; 0 = the default)
};

struct Info {
    const char* name;
    const char* summary;
};
// Every report, in the order help lists them.
const std::vector<Info>& reports();

}  // namespace qm::report
