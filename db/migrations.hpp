// The schema migrations compiled into every binary (from db/migrations/NNNN_name.sql) and the
// migrator that applies them. `qmctl db migrate` and the test harness call migrate(); every
// other entry point calls requireCurrentSchema() so a binary never works on a schema it does
// not know.
#pragma once

#include <string>
#include <vector>

namespace qm::db {

class Database;

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

// All known migrations, in version order.
const std::vector<Migration>& migrations();
int latestKnownVersion();

struct SchemaState {
    int current = 0;             // highest applied version, 0 for an empty database
    int known = 0;               // highest version this binary knows
    std::vector<int> pending;    // known but not yet applied
};

SchemaState schemaState(Database& db);
// The same for any login: a migrator (who holds no rights until it takes the owner's role)
// reads the ledger as the owner. For `qmctl db status` and `db migrate`'s report.
SchemaState schemaStateForAnyLogin(Database& db);

// Applies each pending migration in its own transaction (with its record in
// schema_migrations). Idempotent; concurrent migrators serialise on an advisory lock.
// Returns the versions applied. Throws Conflict if the schema is newer than this binary.
std::vector<int> migrate(Database& db);

// "table.column" for each text rule (schema version 6) that rows from before it still break:
// the rule holds for new and changed rows, but the old rows need fixing.
std::vector<std::string> textRulesNotYetValid(Database& db);

// Throws unless the schema is exactly what this binary knows: Unavailable-with-advice when
// migrations are pending, Conflict when the database is newer than the binary.
void requireCurrentSchema(Database& db);

}  // namespace qm::db
