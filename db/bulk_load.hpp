// Bulk loading with COPY — how `qmctl demo seed` puts a million devices in the register in
// well under a minute. Rows are streamed to the server in COPY text format as they are made;
// nothing is held in memory. Use inside a Transaction so a failure leaves nothing behind.
#pragma once

#include "db/database.hpp"
#include "db/register_repository.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qm::db {

// One field of a COPY row: a value, or NULL.
using CopyField = std::optional<std::string_view>;

class CopyStream {
public:
    // table: one of the register's tables; columns: whitelisted by the caller (db/ only).
    // freeze: COPY ... FREEZE, for a table emptied by emptyForLoad() in this transaction.
    CopyStream(Database& db, const std::string& table, const std::vector<std::string>& columns, bool freeze = false);
    ~CopyStream();  // abandons the COPY if finish() was not reached
    CopyStream(const CopyStream&) = delete;
    CopyStream& operator=(const CopyStream&) = delete;

    void row(std::initializer_list<CopyField> fields);
    // Ends the COPY; throws the server's verdict (e.g. a duplicate) as a qm::Error.
    long long finish();

private:
    void flush();
    Database& db_;
    std::string buffer_;
    bool open_ = true;
    long long rows_ = 0;
};

// The register's bulk loads, with their columns fixed here so no caller names SQL.
class PersonBulkLoad {
public:
    PersonBulkLoad(Database& db, bool freeze);
    void add(const NewPerson& person);
    long long finish() { return copy_.finish(); }

private:
    CopyStream copy_;
};

class DeviceBulkLoad {
public:
    DeviceBulkLoad(Database& db, bool freeze);
    void add(const NewDevice& device);
    long long finish() { return copy_.finish(); }

private:
    CopyStream copy_;
};

// Custody records for a bulk-loaded fleet (the holders of issued, lost and stolen devices).
struct NewCustody {
    long long deviceId = 0, personId = 0;
    std::string issuedAt, receipt;  // ISO timestamp, receipt number
    std::string returnedAt, closedAs;  // "" while open
    std::string overrideReason;        // a second phone or tablet held at once needs one
};
class CustodyBulkLoad {
public:
    CustodyBulkLoad(Database& db, bool freeze);
    void add(const NewCustody& custody);
    long long finish() { return copy_.finish(); }

private:
    CopyStream copy_;
};

// A bulk load writes what only the register itself may write (statuses, custody), so it runs as
// a superuser or as a migrator, who takes the owner's role for the transaction. A superuser's
// load runs with row triggers off: the IMEI namespace is then filled in one statement and the
// audit record gets one "bulk load" event describing the load instead of one event per row.
// Returns whether that fast path is on; throws Permission for anyone else.
bool beginBulkLoad(Database& db);
void finishBulkLoad(Database& db, bool fastPath, const std::string& summaryJson);

// On the fast path, for a register with no devices and no people: truncates the tables the
// load fills (and those that refer to them, all necessarily empty), so their COPYs can be FREEZE.
// Frozen rows are visible to all from the start: no vacuum has to visit a million fresh rows
// afterwards (it used to run beside the first searches) and index-only scans work at once.
void emptyForLoad(Database& db);

// For a load into an empty register: every index of device, person, custody and device_imei
// but their primary keys is dropped (unique constraints included), and built again by
// rebuildIndexes() once the rows are in, in the same transaction. One sorted build is far
// cheaper than a million inserts into each, at random places for serials and IMEIs; building a
// unique index checks the rows, so a duplicate still fails the load and leaves nothing behind.
// Returns the statements that rebuild them.
std::vector<std::string> dropSecondaryIndexes(Database& db);
void rebuildIndexes(Database& db, const std::vector<std::string>& definitions);

// The ids a load into an empty table gave its rows, in the order the rows were sent: one COPY
// takes identity values in row order, so sorting by id is sorting by load order. Lets the seed
// link custody to devices and people by position rather than by a million-key map.
std::vector<long long> deviceIdsInLoadOrder(Database& db);
std::vector<long long> personIdsInLoadOrder(Database& db);

// Refreshes planner statistics and vacuums the loaded tables after a bulk load (outside its
// transaction).
void analyzeRegister(Database& db);

}  // namespace qm::db
