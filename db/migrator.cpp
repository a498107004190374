#include "db/database.hpp"
#include "db/migrations.hpp"

#include <algorithm>

namespace qm::db {
namespace {

// Any number: all migrators of a database serialise on this advisory lock.
constexpr long long kMigrationLock = 0x514D4D4947;  // "QMMIG"

bool ledgerExists(Database& db) {
    int exists = 0;
    guarded(db, [&] {
        db.sql() << "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    " where n.nspname = 'public' and c.relname = 'schema_migrations'",
            soci::into(exists);
    });
    return exists != 0;
}

std::vector<int> appliedVersions(Database& db) {
    if (!ledgerExists(db)) return {};
    std::vector<int> versions(1000);
    guarded(db, [&] { db.sql() << "select version from schema_migrations order by version", soci::into(versions); });
    return versions;
}

}  // namespace

int latestKnownVersion() { return migrations().empty() ? 0 : migrations().back().version; }

SchemaState schemaState(Database& db) {
    SchemaState state;
    state.known = latestKnownVersion();
    auto applied = appliedVersions(db);
    state.current = applied.empty() ? 0 : applied.back();
    for (const auto& m : migrations())
        if (!std::binary_search(applied.begin(), applied.end(), m.version)) state.pending.push_back(m.version);
    return state;
}

std::vector<int> migrate(Database& db) {
    db.execScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version integer PRIMARY KEY,"
        " name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now(),"
        " applied_by text NOT NULL DEFAULT session_user)");
    std::vector<int> done;
    for (const auto& m : migrations()) {
        Transaction tx(db);
        db.execScript("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
        // Re-read under the lock: another migrator may have applied it meanwhile.
        auto applied = appliedVersions(db);
        if (!applied.empty() && applied.back() > latestKnownVersion())
            throw conflict("The database schema is at version " + std::to_string(applied.back()) +
                           ", newer than this program knows (" + std::to_string(latestKnownVersion()) +
                           "); install the newer Quartermaster.");
        if (std::binary_search(applied.begin(), applied.end(), m.version)) continue;
        db.execScript(m.sql);
        int version = m.version;
        std::string name = m.name;
        guarded(db, [&] {
            db.sql() << "insert into schema_migrations (version, name) values (:v, :n)", soci::use(version),
                soci::use(name);
        });
        tx.commit();
        done.push_back(m.version);
    }
    return done;
}

void requireCurrentSchema(Database& db) {
    SchemaState state = schemaState(db);
    if (state.current > state.known)
        throw conflict("The database schema is at version " + std::to_string(state.current) +
                       ", newer than this program knows (" + std::to_string(state.known) +
                       "); install the newer Quartermaster.");
    if (state.current == 0)
        throw unavailable("The database holds no Quartermaster register yet; an administrator must run "
                          "'qmctl db migrate' first.");
    if (!state.pending.empty())
        throw unavailable("The database schema is at version " + std::to_string(state.current) +
                          " but this program needs version " + std::to_string(state.known) +
                          "; an administrator must run 'qmctl db migrate'.");
}

}  // namespace qm::db
