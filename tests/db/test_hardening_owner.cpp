// Issue 6, defects 2 and 3: the register is owned by a role nobody logs in as, migrations run as
// a superuser or a migrator that must SET ROLE, an old register moves to that owner on
// `db migrate`, and admins manage logins only through the register's functions, which grant
// qm_ desk roles and nothing else (no desk role holds CREATEROLE any more).
#include "db/database.hpp"
#include "db/logins.hpp"
#include "db/migrations.hpp"
#include "services/session.hpp"
#include "services/users.hpp"
#include "tests/support/raw_sql.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace qm::test {
namespace {

using ::testing::HasSubstr;

// Objects in the register's schema not owned by qm_register (the login functions belong to
// qm_user_manager; extension members to whoever installed the extension).
constexpr const char* kStrayOwners = R"sql(
select count(*) from (
  select c.relowner as owner from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'public' and c.relkind in ('r', 'S', 'v', 'm', 'p')
     and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
  union all
  select p.proowner from pg_proc p join pg_namespace n on n.oid = p.pronamespace
   where n.nspname = 'public'
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
  union all
  select t.typowner from pg_type t join pg_namespace n on n.oid = t.typnamespace
   where n.nspname = 'public' and t.typtype = 'e'
  union all
  select nspowner from pg_namespace where nspname = 'public'
) o where owner <> 'qm_register'::regrole
)sql";

void expectKind(const std::function<void()>& fn, ErrorKind kind, const std::string& mentions,
                const std::string& what) {
    try {
        fn();
        ADD_FAILURE() << what << " was allowed";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << what << ": " << e.what();
        EXPECT_THAT(std::string(e.what()), HasSubstr(mentions)) << what;
    }
}

class Ownership : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        owner_ = std::make_unique<db::Database>(as("owner"));
    }
    // One number from a query on another database (RegisterTest::scalar asks this test's).
    static long long scalarIn(db::Database& db, const std::string& sql) {
        long long n = -1;
        db.sql() << sql, soci::into(n);
        return n;
    }
    // A login made in this test; dropped when it ends (logins belong to the whole cluster).
    std::string login(const std::string& stem, const std::string& attributes) {
        std::string name = stem + "_" + database_;
        owner_->execScript("CREATE ROLE " + name + " LOGIN PASSWORD '" + kTestPassword + "' " + attributes);
        made_.push_back(name);
        return name;
    }
    void TearDown() override {
        db::Database admin(conninfo("postgres"));
        for (const auto& name : made_) admin.execScript("DROP ROLE IF EXISTS " + name);
    }

    std::unique_ptr<db::Database> owner_;
    std::vector<std::string> made_;
};

TEST_F(Ownership, TheRegisterBelongsToARoleNobodyLogsInAs) {
    EXPECT_EQ(scalar(kStrayOwners), 0);
    // The login manager's schema is its own: everything in it is qm_user_manager's, its functions
    // see nothing but the catalog, and the register's owner has no right in it at all.
    EXPECT_EQ(scalar("select count(*) from pg_namespace where nspname = 'qm_logins' and nspowner = 'qm_user_manager'::regrole"),
              1);
    EXPECT_EQ(scalar("select count(*) from pg_class where relnamespace = 'qm_logins'::regnamespace"
                     " and relowner <> 'qm_user_manager'::regrole"),
              0);
    EXPECT_EQ(scalar("select count(*) from pg_proc where pronamespace = 'qm_logins'::regnamespace"
                     " and (proowner <> 'qm_user_manager'::regrole"
                     "      or not 'search_path=pg_catalog, pg_temp' = any(proconfig))"),
              0);
    EXPECT_EQ(scalar("select count(*) from pg_namespace where nspname = 'qm_logins'"
                     " and has_schema_privilege('qm_register', oid, 'CREATE')"),
              0);
    EXPECT_EQ(scalar("select count(*) from pg_trigger t join pg_class c on c.oid = t.tgrelid"
                     " where c.relnamespace = 'qm_logins'::regnamespace"),
              0)
        << "no trigger (whose function the owner could change) on the login manager's tables";
    EXPECT_EQ(text("select rolcanlogin::text from pg_roles where rolname = 'qm_register'"), "false");
    EXPECT_EQ(text("select rolcanlogin::text from pg_roles where rolname = 'qm_user_manager'"), "false");
    // No desk login (or desk role) is a member of either, nor holds CREATEROLE or a predefined
    // role that reaches the server's files, programs or other sessions.
    EXPECT_EQ(scalar("select count(*) from pg_roles r where not r.rolsuper and pg_has_role(r.oid, 'qm_viewer', 'MEMBER')"
                    " and (pg_has_role(r.oid, 'qm_register', 'MEMBER') or pg_has_role(r.oid, 'qm_user_manager', 'MEMBER')"
                    "      or r.rolcreaterole or r.rolbypassrls or r.rolreplication"
                    "      or pg_has_role(r.oid, 'pg_execute_server_program', 'MEMBER')"
                    "      or pg_has_role(r.oid, 'pg_write_server_files', 'MEMBER')"
                    "      or pg_has_role(r.oid, 'pg_read_server_files', 'MEMBER')"
                    "      or pg_has_role(r.oid, 'pg_signal_backend', 'MEMBER'))"),
              0);
    for (const std::string role : {"viewer", "agent", "manager", "approver", "admin"}) {
        db::Database desk(as(role));
        auto me = db::whoAmI(desk);
        EXPECT_FALSE(me.ownsRegister) << role;
    }
}

TEST_F(Ownership, AMigratorHoldsNoRightsUntilItTakesTheOwnersRole) {
    const std::string migrator = login("migrator", "NOINHERIT IN ROLE qm_register");
    db::Database db(conninfo(database_, migrator));
    // Without SET ROLE it holds nothing, not even a look at the register.
    expectKind([&] { db.execScript("select count(*) from public.device"); }, ErrorKind::Permission, "right", "migrator reads");
    expectKind([&] { db.execScript("alter table public.device disable trigger device_guard"); }, ErrorKind::Permission,
               "right", "migrator alters");
    // It is a migrator: refused for desk work, allowed to migrate (nothing is pending here).
    expectKind([&] { services::Session s(conninfo(database_, migrator), services::Access::Desk); },
               ErrorKind::Permission, "owns the register", "migrator at the desk");
    EXPECT_TRUE(db::migrate(db).empty());
    // With the role taken, it is the owner (what db migrate does for the migration's length).
    db.execScript("set role qm_register");
    EXPECT_EQ(scalarIn(db, "select count(*) from device"), 0);
    db.execScript("reset role");
    // Version 6 itself needs a superuser (it makes roles); the migrator is refused in a
    // sentence, and its attempt leaves the register as it was.
    owner_->execScript("delete from schema_migrations where version = 6");
    expectKind([&] { db::migrate(db); }, ErrorKind::Permission, "superuser", "migrator applies version 6");
    EXPECT_EQ(scalar("select count(*) from schema_migrations where version = 6"), 0);
    owner_->execScript("insert into schema_migrations (version, name) values (6, 'hardening')");
}

// The owner (a migrator) plants a function named like one of PostgreSQL's that takes "any"
// (format, unnest, concat...): an exact-type overload in any schema of the path wins, so it
// would run as the superuser applying the next migration. The migrator refuses to go on, and
// the planted code never runs.
TEST_F(Ownership, ASuperusersMigrationRefusesCodeTheOwnerPlantedInTheCatalogsNames) {
    owner_->execScript("set role qm_register;"
                       "create function public.format(text, text) returns text language plpgsql as $$"
                       " begin create table public.planted_code_ran (x int); return ''; end $$;"
                       "reset role;"
                       "delete from schema_migrations where version = 6");
    db::Database superuser(as("owner"));
    expectKind([&] { db::migrate(superuser); }, ErrorKind::Conflict, "format(text,text)",
               "a superuser's migration over planted code");
    EXPECT_EQ(scalar("select count(*) from pg_class where relname = 'planted_code_ran'"), 0);
    owner_->execScript("drop function public.format(text, text);"
                       "insert into schema_migrations (version, name) values (6, 'hardening')");
}

TEST_F(Ownership, DeskLoginsCannotMigrate) {
    owner_->execScript("delete from schema_migrations where version = 6");
    for (const std::string role : {"viewer", "manager", "admin"}) {
        db::Database desk(as(role));
        expectKind([&] { db::migrate(desk); }, ErrorKind::Permission, "may not change the register's schema", role);
    }
}

// Defect 3's upgrade path: a register that an old version set up with an owner login (with
// CREATEROLE, as the old guide said) moves to qm_register on `db migrate` by a superuser, and
// the old owner becomes a migrator; old admin logins lose CREATEROLE and are adopted.
TEST_F(Ownership, AnOldRegisterMovesToItsOwnerRoleOnMigrate) {
    const std::string legacy = login("legacy_owner", "CREATEROLE");
    const std::string oldAdmin = login("old_admin", "CREATEROLE IN ROLE qm_admin");
    const std::string oldLeaver = login("old_leaver", "IN ROLE qm_agent");
    owner_->execScript("ALTER ROLE " + oldLeaver + " NOLOGIN");
    const std::string name = "legacy_" + database_;
    owner_->execScript("CREATE DATABASE " + name + " OWNER " + legacy);
    {
        // What an old qmctl did: versions 1 to 5, applied by the owner login.
        db::Database old(conninfo(name, legacy));
        old.execScript("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,"
                       " applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT session_user)");
        for (const auto& m : db::migrations()) {
            if (m.version > 5) break;
            old.execScript(std::string("BEGIN; ") + m.sql + "; INSERT INTO schema_migrations (version, name) VALUES (" +
                           std::to_string(m.version) + ", '" + m.name + "'); COMMIT");
        }
        old.execScript("insert into device_model (manufacturer, model) values ('Apple', 'iPhone 15')");
        EXPECT_EQ(scalarIn(old, "select count(*) from pg_class where relname = 'device' and relowner = '" + legacy +
                                 "'::regrole"),
                  1);
    }
    {
        // A rogue admin of the old version (who had CREATEROLE) left a path to the server's
        // programs through a role of their own: the upgrade refuses, naming it, and changes nothing.
        const std::string path = "sneaky_path_" + database_;
        made_.push_back(path);
        owner_->execScript("CREATE ROLE " + path + " NOLOGIN IN ROLE pg_execute_server_program; GRANT " + path + " TO " +
                           oldAdmin);
        db::Database superuser(conninfo(name));
        expectKind([&] { db::migrate(superuser); }, ErrorKind::Conflict, oldAdmin + " reaches pg_execute_server_program",
                   "an upgrade with a hidden path to the server's programs");
        EXPECT_EQ(scalarIn(superuser, "select count(*) from schema_migrations"), 5);
        owner_->execScript("REVOKE " + path + " FROM " + oldAdmin);
    }
    {
        db::Database superuser(conninfo(name));
        auto applied = db::migrate(superuser);
        ASSERT_FALSE(applied.empty());
        EXPECT_EQ(applied.front(), 6);  // and every later version after it
        EXPECT_EQ(applied.back(), db::latestKnownVersion());
        EXPECT_EQ(scalarIn(superuser, kStrayOwners), 0);
        EXPECT_EQ(scalarIn(superuser, "select count(*) from pg_database where datname = current_database()"
                                   " and datdba = 'qm_register'::regrole"),
                  1);
        EXPECT_EQ(scalarIn(superuser, "select count(*) from pg_roles where rolname = '" + legacy +
                                       "' and not rolinherit and not rolcreaterole"
                                       " and pg_has_role(oid, 'qm_register', 'MEMBER')"),
                  1)
            << "the old owner becomes a migrator";
        EXPECT_EQ(scalarIn(superuser, "select count(*) from pg_roles where rolname = '" + oldAdmin + "' and rolcreaterole"), 0);
        EXPECT_EQ(scalarIn(superuser, "select count(*) from qm_logins.desk_login where login = '" + oldAdmin +
                                       "' and role = 'admin' and enabled"),
                  1);
        EXPECT_EQ(scalarIn(superuser, "select count(*) from qm_logins.desk_login where login = '" + oldLeaver +
                                       "' and role = 'agent' and not enabled"),
                  1)
            << "a disabled login is adopted as disabled";
        // The data came through, and the old owner can now only change it as a migrator.
        EXPECT_EQ(scalarIn(superuser, "select count(*) from device_model"), 1);
    }
    {
        db::Database asLegacy(conninfo(name, legacy));
        expectKind([&] { asLegacy.execScript("delete from public.device_model"); }, ErrorKind::Permission, "right",
                   "old owner edits");
    }
    owner_->execScript("DROP DATABASE " + name);
}

class DeskLogins : public Ownership {
protected:
    std::unique_ptr<services::Session> admin() { return session("admin"); }
    std::string signIn(const std::string& login, const std::string& password) const {
        return cluster().conninfo(database_, login) + " password=" + password;
    }
    bool canSignIn(const std::string& login, const std::string& password) {
        try {
            db::Database db(signIn(login, password));
            return true;
        } catch (const Error&) {
            return false;
        }
    }
    std::string roles(const std::string& login) {
        return text("select coalesce(string_agg(g.rolname, ',' order by g.rolname), '') from pg_auth_members m"
                    " join pg_roles g on g.oid = m.roleid join pg_roles u on u.oid = m.member where u.rolname = '" +
                    login + "'");
    }
};

TEST_F(DeskLogins, AnAdminMakesChangesAndDisablesLogins) {
    auto a = admin();
    const std::string ann = "ann_" + database_;
    made_.push_back(ann);
    services::addUser(*a, ann, "agent", "first-password-1");
    EXPECT_EQ(roles(ann), "qm_agent");
    EXPECT_TRUE(canSignIn(ann, "first-password-1"));
    EXPECT_EQ(text("select role || ' by ' || created_by from qm_logins.desk_login where login = '" + ann + "'"),
              "agent by test_admin");
    // Every change to a login is recorded, with the admin who made it.
    EXPECT_EQ(scalar("select count(*) from qm_logins.login_event where login = '" + ann + "' and actor = 'test_admin'"), 1);

    services::changeUserRole(*a, ann, "manager");
    EXPECT_EQ(roles(ann), "qm_manager");
    services::resetUserPassword(*a, ann, "second-password-2");
    EXPECT_FALSE(canSignIn(ann, "first-password-1"));
    EXPECT_TRUE(canSignIn(ann, "second-password-2"));

    // Disabling a leaver ends the session they have open, and they cannot sign in again.
    RawSession open(signIn(ann, "second-password-2"));
    ASSERT_TRUE(open.run("select 1").ok);
    services::setUserEnabled(*a, ann, false);
    EXPECT_FALSE(open.run("select 1").ok) << "the open session survived";
    EXPECT_FALSE(canSignIn(ann, "second-password-2"));
    services::setUserEnabled(*a, ann, true);
    EXPECT_TRUE(canSignIn(ann, "second-password-2"));
    EXPECT_EQ(text("select string_agg(change, ', ' order by id) from qm_logins.login_event where login = '" + ann + "'"),
              "created, role changed, password reset, disabled, enabled");
}

TEST_F(DeskLogins, WhatTheLoginFunctionsRefuse) {
    auto a = admin();
    const std::string pw = "a-good-password";
    expectKind([&] { services::addUser(*a, "pg_evil", "agent", pw); }, ErrorKind::Invalid, "reserved", "pg_ name");
    expectKind([&] { services::addUser(*a, "qm_owner", "agent", pw); }, ErrorKind::Invalid, "reserved", "qm_ name");
    expectKind([&] { services::addUser(*a, "public", "agent", pw); }, ErrorKind::Invalid, "reserved", "public");
    expectKind([&] { services::addUser(*a, "test_viewer", "agent", pw); }, ErrorKind::Conflict, "already exists",
               "existing");
    expectKind([&] { services::addUser(*a, "short_pw", "agent", "short"); }, ErrorKind::Invalid, "8 characters",
               "short password");
    // Only desk logins Quartermaster manages: never the superuser, a migrator, or a desk login
    // that a DBA has since given more than a desk role.
    expectKind([&] { services::resetUserPassword(*a, "postgres", pw); }, ErrorKind::Invalid, "no desk login",
               "superuser's password");
    expectKind([&] { services::setUserEnabled(*a, "postgres", false); }, ErrorKind::Invalid, "no desk login",
               "disable the superuser");
    const std::string promoted = "promoted_" + database_;
    made_.push_back(promoted);
    services::addUser(*a, promoted, "viewer", pw);
    owner_->execScript("ALTER ROLE " + promoted + " CREATEROLE");
    expectKind([&] { services::changeUserRole(*a, promoted, "admin"); }, ErrorKind::Permission,
               "more than a desk role", "a login with CREATEROLE");
    owner_->execScript("ALTER ROLE " + promoted + " NOCREATEROLE; GRANT qm_register TO " + promoted);
    expectKind([&] { services::resetUserPassword(*a, promoted, pw); }, ErrorKind::Permission, "more than a desk role",
               "a migrator's password");
    owner_->execScript("REVOKE qm_register FROM " + promoted);
    // Nor one a DBA has since given another role (here the server's files) or CREATEDB.
    owner_->execScript("GRANT pg_write_server_files TO " + promoted);
    expectKind([&] { services::resetUserPassword(*a, promoted, pw); }, ErrorKind::Permission, "more than a desk role",
               "a login holding pg_write_server_files");
    owner_->execScript("REVOKE pg_write_server_files FROM " + promoted + "; ALTER ROLE " + promoted + " CREATEDB");
    expectKind([&] { services::setUserEnabled(*a, promoted, false); }, ErrorKind::Permission, "more than a desk role",
               "a login with CREATEDB");
    owner_->execScript("ALTER ROLE " + promoted + " NOCREATEDB");
    // Not their own login, and only admins.
    expectKind([&] { services::changeUserRole(*a, "test_admin", "viewer"); }, ErrorKind::Permission, "Another admin",
               "own role");
    expectKind([&] { services::setUserEnabled(*a, "test_admin", false); }, ErrorKind::Permission, "Another admin",
               "disable self");
    for (const std::string role : {"viewer", "agent", "manager", "approver"}) {
        auto desk = session(role);
        expectKind([&] { services::addUser(*desk, "x_" + database_, "viewer", pw); }, ErrorKind::Permission,
                   "only an admin", role + " adds a login");
        expectKind([&] { services::changeUserRole(*desk, promoted, "admin"); }, ErrorKind::Permission, "only an admin",
                   role + " promotes");
    }
    EXPECT_EQ(roles(promoted), "qm_viewer");
}

// The register's owner (a migrator, after SET ROLE) must not reach CREATEROLE through the login
// manager: nothing the login functions use is the owner's to change.
TEST_F(DeskLogins, TheRegistersOwnerCannotSlipCodeIntoTheLoginManager) {
    RawSession owner(as("owner"));
    ASSERT_TRUE(owner.run("set role qm_register").ok);
    // A format() that would beat the catalog's on argument types, were the functions to look in
    // public (which qm_register owns).
    ASSERT_TRUE(owner.run("create function public.format(text, text, text, text) returns text language plpgsql"
                          " as $$ begin raise exception 'the owner''s code ran'; end $$")
                    .ok);
    EXPECT_FALSE(owner.run("create function qm_logins.sneaky() returns int language sql as 'select 1'").ok);
    EXPECT_FALSE(owner.run("create or replace function qm_logins.require_admin(what text) returns void"
                           " language sql as ''").ok);
    EXPECT_FALSE(owner.run("alter function qm_logins.user_add(text, text, text) reset search_path").ok);
    EXPECT_FALSE(owner.run("create trigger sneaky after insert on qm_logins.desk_login"
                           " for each row execute function audit_refuse_change()").ok);
    EXPECT_FALSE(owner.run("grant qm_user_manager to qm_register").ok);
    // An admin's next `user add` runs the login manager's own code, and only that.
    const std::string bea = "bea_" + database_;
    made_.push_back(bea);
    auto a = admin();
    EXPECT_NO_THROW(services::addUser(*a, bea, "agent", "a-good-password"));
    EXPECT_EQ(roles(bea), "qm_agent");
}

}  // namespace
}  // namespace qm::test
