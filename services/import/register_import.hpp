// Register imports — `qmctl device import` and `qmctl person import` (and the console's Import
// dialogs): RFC 4180 CSV with a header row, columns matched by name in any order.
//
// Every row is checked on its own; valid rows land and each invalid one is reported with its
// line, column and reason (and can be written to a rejects CSV). The whole import is one
// transaction — a crash or lost connection leaves nothing half-written — with a savepoint per
// row so one refused row does not spoil the rest. --dry-run rolls everything back at the end;
// --strict rolls back if any row was refused.
#pragma once

#include "services/import/csv.hpp"
#include "services/import/formats.hpp"
#include "services/session.hpp"

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace qm::services {

struct ImportOptions {
    bool dryRun = false;
    bool strict = false;
    DeviceFormat format = DeviceFormat::Native;  // devices: the register's columns, Snipe-IT's or Intune's
    bool update = false;     // people: existing staff numbers take the file's details
    bool full = false;       // people: the file is everyone; the active people missing from it become leavers
    long long maxLeavers = -1;  // --full refuses to make more leavers than this (-1: a tenth of the active)
    // Called every few thousand rows and at the end: rows read so far, bytes read so far.
    // Returning false cancels the import (nothing is written).
    std::function<bool(std::size_t rows, std::size_t bytes)> progress;
};

struct RejectedRow {
    std::size_t line = 0;       // physical line where the record starts
    std::string column;         // the column at fault, "" for the row as a whole
    std::string reason;         // one sentence
    std::vector<std::string> fields;
};

struct ImportReport {
    std::vector<std::string> header;
    std::vector<std::string> unknownColumns;  // present in the file but not used
    std::size_t rows = 0;                     // data rows read
    std::size_t imported = 0;                 // rows written (0 after a dry run or strict refusal)
    std::size_t valid = 0;                    // rows that would land
    std::vector<RejectedRow> rejects;
    std::vector<std::string> created;         // device models / command units made on the fly
    std::size_t updated = 0;                  // people brought up to date (--update, --full)
    std::size_t leavers = 0;                  // people marked as leavers (--full)
    std::size_t issued = 0;                   // checked-out devices that became custody records
    std::vector<std::string> notes;           // what was carried over differently ("line 7: not issued: ...")
    bool committed = false;
};

// Native device columns: asset_tag, serial, imei, imei2, manufacturer, model, phone, status,
// purchased_on, warranty_until, cost_pence, notes (and unit); or Snipe-IT's or Intune's export
// (options.format). Devices checked out to someone the register knows (by e-mail or staff
// number) are issued to them once the import has committed; the others say why not.
ImportReport importDevices(Session& session, std::istream& csv, const ImportOptions& options);
// Person columns: staff_no, name, rank, unit, email, active.
ImportReport importPeople(Session& session, std::istream& csv, const ImportOptions& options);

// The rejected rows as CSV: the file's own header plus a "reason" column.
void writeRejects(std::ostream& out, const ImportReport& report);

}  // namespace qm::services
