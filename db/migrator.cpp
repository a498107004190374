#include "db/database.hpp"
#include "db/logins.hpp"
#include "db/migrations.hpp"

#include <algorithm>
#include <string_view>

namespace qm::db {
namespace {

// After each migration a superuser applies, everything it made in the register's schema is
// handed to qm_register, the NOLOGIN owner (the login functions stay with qm_user_manager).
// Extension members and sequences that belong to a table column move with their owners.
constexpr const char* kHandOver = R"sql(
DO $$
DECLARE
    r record;
    previous text[];
    reachable text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'qm_register') THEN
        RETURN;
    END IF;
    -- The login that owned the register itself (the old set-up guide's owner login), to become a
    -- migrator once it owns nothing. Only the owner of its core tables: a login that owns some
    -- stray object must not gain the owner's role by it.
    SELECT array_agg(DISTINCT a.rolname) INTO previous
      FROM pg_class c JOIN pg_roles a ON a.oid = c.relowner
     WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN ('device', 'person', 'audit_event')
       AND a.rolcanlogin AND NOT a.rolsuper AND NOT pg_has_role(a.oid, 'qm_viewer', 'MEMBER');
    FOR r IN SELECT nspname FROM pg_namespace
              WHERE nspname IN ('public', 'qm_internal') AND nspowner <> 'qm_register'::regrole LOOP
        EXECUTE format('ALTER SCHEMA %I OWNER TO qm_register', r.nspname);
    END LOOP;
    IF NOT (SELECT rolsuper FROM pg_roles WHERE oid = (SELECT datdba FROM pg_database WHERE datname = current_database()))
       AND (SELECT datdba FROM pg_database WHERE datname = current_database()) <> 'qm_register'::regrole THEN
        EXECUTE format('ALTER DATABASE %I OWNER TO qm_register', current_database());
    END IF;
    FOR r IN SELECT c.oid::regclass AS obj, c.relkind AS kind
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname IN ('public', 'qm_internal') AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                AND c.relowner <> 'qm_register'::regrole
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                   AND d.deptype IN ('e', 'a', 'i'))
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO qm_register',
                       CASE r.kind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                   WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.obj);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS obj, p.prokind AS kind
               FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname IN ('public', 'qm_internal') AND p.proowner <> 'qm_register'::regrole
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                   AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO qm_register',
                       CASE r.kind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, r.obj);
    END LOOP;
    FOR r IN SELECT t.oid::regtype AS obj
               FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE n.nspname IN ('public', 'qm_internal') AND t.typowner <> 'qm_register'::regrole
                AND (t.typtype IN ('e', 'd', 'r')
                     OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                                   AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO qm_register', r.obj);
    END LOOP;
    -- A migrator holds no rights of its own: it must SET ROLE qm_register to act.
    FOR r IN SELECT unnest(coalesce(previous, '{}')) AS login LOOP
        EXECUTE format('GRANT qm_register TO %I', r.login);
        EXECUTE format('ALTER ROLE %I NOINHERIT NOCREATEROLE', r.login);
    END LOOP;
    -- No desk login may reach, by any path of memberships, the owner, the login manager or a
    -- role that reaches the server's files, programs or other sessions (an admin of an earlier
    -- version had CREATEROLE and could have set one up). Stop the upgrade and say which.
    SELECT string_agg(DISTINCT m.rolname || ' reaches ' || g.rolname, ', ') INTO reachable
      FROM pg_roles m CROSS JOIN pg_roles g
     WHERE NOT m.rolsuper AND pg_has_role(m.oid, 'qm_viewer', 'MEMBER')
       AND g.rolname IN ('qm_register', 'qm_user_manager', 'pg_execute_server_program', 'pg_read_server_files',
                         'pg_write_server_files', 'pg_read_all_data', 'pg_write_all_data', 'pg_signal_backend')
       AND m.rolname NOT IN ('qm_register', 'qm_user_manager') AND pg_has_role(m.oid, g.oid, 'MEMBER');
    IF reachable IS NOT NULL THEN
        RAISE EXCEPTION 'Desk logins can reach roles no desk login may hold: %; a superuser must revoke those memberships before the register is upgraded.',
            reachable USING ERRCODE = 'QM004';
    END IF;
END
$$)sql";

// Whatever a migration forgets, after it is applied (by a superuser or a migrator, who owns the
// functions by then): every function pins its search_path, and one that nobody granted anything
// on is not executable by PUBLIC.
constexpr const char* kFunctionRules = R"sql(
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT p.oid::regprocedure AS obj, p.prokind AS kind, p.proacl IS NULL AS default_rights,
                    NOT coalesce(p.proconfig::text LIKE '%search_path=pg_catalog, public, pg_temp%', false) AS unpinned
               FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public' AND pg_has_role(current_user, p.proowner, 'USAGE')
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                   AND d.deptype = 'e')
    LOOP
        IF r.unpinned AND r.kind <> 'a' THEN
            EXECUTE format('ALTER ROUTINE %s SET search_path = pg_catalog, public, pg_temp', r.obj);
        END IF;
        IF r.default_rights THEN
            EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', r.obj);
        END IF;
    END LOOP;
END
$$)sql";

// Functions and operators in the register's schema named like PostgreSQL's own. The register
// defines none; the owner (a migrator) could, and PostgreSQL prefers an exact-type overload in
// any schema of the search path to a catalog function taking "any" (format, unnest, concat...):
// planted there, it would run with the rights of a superuser applying the next migration.
constexpr const char* kLookalikes = R"sql(
SELECT pg_catalog.string_agg(x, ', ') FROM (
  SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text AS x FROM pg_catalog.pg_proc p
   WHERE p.pronamespace = 'public'::pg_catalog.regnamespace
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                        AND d.objid = p.oid AND d.deptype = 'e')
     AND EXISTS (SELECT 1 FROM pg_catalog.pg_proc c WHERE c.pronamespace = 'pg_catalog'::pg_catalog.regnamespace
                    AND c.proname = p.proname)
  UNION ALL
  SELECT o.oid::pg_catalog.regoperator::pg_catalog.text FROM pg_catalog.pg_operator o
   WHERE o.oprnamespace = 'public'::pg_catalog.regnamespace
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass
                        AND d.objid = o.oid AND d.deptype = 'e')
) s
)sql";

// From version 7 on, a migration that makes roles or touches the login manager says so in its
// text; any other is applied as the register's owner even by a superuser, so nothing the owner
// wrote ever runs with a superuser's rights. Versions up to 6 were written for a superuser.
bool needsSuperuser(const Migration& m) {
    return m.version <= 6 || std::string_view(m.sql).find("-- qm: needs superuser") != std::string_view::npos;
}

bool ownerRoleExists(Database& db) {
    int n = 0;
    guarded(db, [&] { db.sql() << "select count(*) from pg_catalog.pg_roles where rolname = 'qm_register'", soci::into(n); });
    return n > 0;
}

// Restores the login's own role when the migration is over, however it ends.
class OwnerRole {
public:
    OwnerRole(Database& db, bool take) : db_(db), taken_(take) {
        if (taken_) db_.execScript("SET ROLE qm_register");
    }
    ~OwnerRole() {
        if (!taken_) return;
        try {
            db_.execScript("RESET ROLE");
        } catch (const Error&) {
            // The connection is gone; nothing is left to restore.
        }
    }
    OwnerRole(const OwnerRole&) = delete;
    OwnerRole& operator=(const OwnerRole&) = delete;

private:
    Database& db_;
    bool taken_;
};

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

Error newerSchema(int current) {
    return conflict("The database schema is at version " + std::to_string(current) +
                    ", newer than this program knows (" + std::to_string(latestKnownVersion()) +
                    "); install the newer Quartermaster.");
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

SchemaState schemaStateForAnyLogin(Database& db) {
    const LoginInfo who = whoAmI(db);
    OwnerRole owner(db, !who.superuser && who.migrator);
    return schemaState(db);
}

std::vector<int> migrate(Database& db) {
    // A superuser works as itself; a migrator (a member of qm_register) holds none of the
    // owner's rights until it takes its role, and can read even the ledger only as the owner.
    const LoginInfo who = whoAmI(db);
    OwnerRole owner(db, !who.superuser && who.migrator);
    const SchemaState state = schemaState(db);
    if (state.current > state.known) throw newerSchema(state.current);
    if (state.pending.empty()) return {};
    if (!who.superuser && !who.migrator)
        throw denied("Login '" + db.user() + "' may not change the register's schema: run 'qmctl db migrate' as a "
                     "database superuser or as a migrator login (a member of qm_register).");
    db.execScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version integer PRIMARY KEY,"
        " name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now(),"
        " applied_by text NOT NULL DEFAULT session_user)");
    std::vector<int> done;
    for (const auto& m : migrations()) {
        Transaction tx(db);
        // Migrators wait for each other on the ledger itself: a lock only its owner can take
        // (an advisory key could be held by any login). A desk holding a table the migration
        // must alter makes it give up after 30 seconds rather than hang.
        // (pg_catalog, not named, is searched first; new objects go into public.)
        db.execScript("SET LOCAL search_path = public, pg_temp; SET LOCAL lock_timeout = '30s';"
                      " LOCK TABLE public.schema_migrations IN SHARE ROW EXCLUSIVE MODE");
        // Re-read under the lock: another migrator may have applied it meanwhile.
        auto applied = appliedVersions(db);
        if (!applied.empty() && applied.back() > latestKnownVersion()) throw newerSchema(applied.back());
        if (std::binary_search(applied.begin(), applied.end(), m.version)) continue;
        const bool asSuperuser = who.superuser && (needsSuperuser(m) || !ownerRoleExists(db));
        if (asSuperuser) {
            std::string lookalikes;
            soci::indicator none = soci::i_ok;
            guarded(db, [&] { db.sql() << kLookalikes, soci::into(lookalikes, none); });
            if (none == soci::i_ok)
                throw conflict("The register's schema holds functions or operators named like PostgreSQL's own (" +
                               lookalikes + "); they could run with a superuser's rights during the upgrade, so a "
                               "superuser must look at them and drop them before migrating.");
        } else if (who.superuser) {
            db.execScript("SET LOCAL ROLE qm_register");
        }
        db.execScript(m.sql);
        // The hand-over and the function rules see the catalog only.
        db.execScript("SET LOCAL search_path = pg_catalog, pg_temp");
        if (asSuperuser) db.execScript(kHandOver);
        if (m.version >= 6) db.execScript(kFunctionRules);
        int version = m.version;
        std::string name = m.name;
        guarded(db, [&] {
            db.sql() << "insert into public.schema_migrations (version, name) values (:v, :n)", soci::use(version),
                soci::use(name);
        });
        tx.commit();
        done.push_back(m.version);
    }
    return done;
}

std::vector<std::string> textRulesNotYetValid(Database& db) {
    return guarded(db, [&] {
        std::vector<std::string> rules;
        soci::rowset<std::string> rows =
            db.sql().prepare << "select conrelid::regclass::text || '.' ||"
                                " substr(conname, length(conrelid::regclass::text) + 2,"
                                "        length(conname) - length(conrelid::regclass::text) - 6)"
                                " from pg_constraint where connamespace = 'public'::regnamespace"
                                " and contype = 'c' and not convalidated and conname like '%\\_text' order by 1";
        for (const auto& r : rows) rules.push_back(r);
        return rules;
    });
}

void requireCurrentSchema(Database& db) {
    SchemaState state = schemaState(db);
    if (state.current > state.known) throw newerSchema(state.current);
    if (state.current == 0)
        throw unavailable("The database holds no Quartermaster register yet; an administrator must run "
                          "'qmctl db migrate' first.");
    if (!state.pending.empty())
        throw unavailable("The database schema is at version " + std::to_string(state.current) +
                          " but this program needs version " + std::to_string(state.known) +
                          "; an administrator must run 'qmctl db migrate'.");
}

}  // namespace qm::db
