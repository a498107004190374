// The hostile-SQL suite (issue 6): every login treated as an attacker with psql. For each role —
// viewer, agent, manager, approver, admin and a login with no Quartermaster role — a corpus of
// attempts in raw SQL over libpq: direct DML on every table, COPY, TRUNCATE, switching triggers
// off, granting roles, changing passwords, server-program COPY, strong table locks, shadowing
// the register's tables with temporary ones, and the register's internal functions called with
// forged arguments. Each attempt must be refused, or be harmless; either way a fingerprint of
// the whole register (every table's rows, every function's code, owner, settings and rights,
// every trigger's state, every role's attributes, password and memberships) must not change.
#include "db/database.hpp"
#include "db/logins.hpp"
#include "tests/support/raw_sql.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace qm::test {
namespace {

const std::vector<std::string> kRoles = {"viewer", "agent", "manager", "approver", "admin", "none"};

// What the register is: rows, code, rights, triggers and the cluster's roles, as one hash.
// Rights are compared with their defaults filled in: a REVOKE by someone who granted nothing
// only writes the default rights out in full, which changes nothing.
constexpr const char* kFingerprint = R"sql(
select md5(string_agg(part, '|' order by part)) from (
  select 'rows:' || t.relname || ':' ||
         coalesce((xpath('/row/h/text()', query_to_xml(format('select md5(coalesce(string_agg(x::text, %L order by x::text), %L)) as h from %s x',
                                                              ',', '', t.oid::regclass), false, true, '')))[1]::text, '')
    from pg_class t join pg_namespace n on n.oid = t.relnamespace
   where n.nspname in ('public', 'qm_logins', 'qm_internal') and t.relkind = 'r'
  union all
  select 'proc:' || p.oid::regprocedure || ':' || md5(p.prosrc) || ':' || coalesce(p.proconfig::text, '') || ':' ||
         coalesce(p.proacl, acldefault('f', p.proowner))::text || ':' || p.proowner::regrole || ':' || p.prosecdef
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('public', 'qm_logins', 'qm_internal')
  union all
  select 'rel:' || c.relname || ':' || c.relowner::regrole || ':' ||
         coalesce(c.relacl, acldefault((case c.relkind when 'S' then 's' else 'r' end)::"char", c.relowner))::text || ':' ||
         c.relrowsecurity || ':' || c.relkind::text
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('public', 'qm_logins', 'qm_internal')
  union all
  select 'col:' || a.attrelid::regclass || '.' || a.attname || ':' || coalesce(a.attacl::text, '')
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
   where n.nspname in ('public', 'qm_logins', 'qm_internal') and a.attnum > 0 and a.attacl is not null
  union all
  select 'trigger:' || tgrelid::regclass || '.' || tgname || ':' || tgenabled::text || ':' || tgfoid::regproc
    from pg_trigger where not tgisinternal
  union all
  select 'constraint:' || conrelid::regclass || '.' || conname || ':' || convalidated || ':' || md5(pg_get_constraintdef(oid))
    from pg_constraint where connamespace::regnamespace::text in ('public', 'qm_logins', 'qm_internal')
  union all
  select 'schema:' || nspname || ':' || nspowner::regrole || ':' || coalesce(nspacl, acldefault('n', nspowner))::text
    from pg_namespace where nspname in ('public', 'qm_logins', 'qm_internal')
  union all
  select 'database:' || datdba::regrole || ':' || coalesce(datacl, acldefault('d', datdba))::text
    from pg_database where datname = current_database()
  union all
  select 'role:' || rolname || ':' || rolsuper || rolinherit || rolcreaterole || rolcreatedb || rolcanlogin ||
         rolreplication || rolbypassrls || ':' || md5(coalesce(rolpassword, ''))
    from pg_authid
  union all
  select 'member:' || roleid::regrole || '>' || member::regrole || ':' || admin_option from pg_auth_members
  union all
  select 'defacl:' || defaclrole::regrole || ':' || defaclobjtype::text || ':' || coalesce(defaclacl::text, '') from pg_default_acl
  union all
  select 'database-setting:' || coalesce(setconfig::text, '') from pg_db_role_setting
   where setdatabase = (select oid from pg_database where datname = current_database()) and setrole = 0
) s(part)
)sql";

enum class Expect { Refused, Harmless };

struct Attempt {
    Attempt(std::string n, std::string s, std::string data = {}, Expect e = Expect::Refused)
        : name(std::move(n)), sql(std::move(s)), copyData(std::move(data)), expect(e) {}
    std::string name, sql, copyData;
    Expect expect;
};

class HostileSql : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        owner_ = std::make_unique<db::Database>(as("owner"));
        owner_->execScript(
            "insert into command_unit (name, code) values ('Hostile Unit', 'HS');"
            "insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone');"
            "insert into person (staff_no, name) values ('HS100001', 'Ann Holder'), ('HS100002', 'Bob Free');"
            "insert into device (asset_tag, serial, model_id) select t, 'S' || t, (select min(id) from device_model)"
            "  from unnest(array['HS-1', 'HS-2', 'HS-ISSUED', 'HS-HELD', 'HS-PW']) t;"
            "select desk_issue('HS-ISSUED', 'HS100001');"
            "select desk_hold('HS-HELD', true, 'Op Hostile exhibit 1');"
            // No desk operation requests a wipe yet (the MDM issue's work): the superuser puts
            // one device where a wipe request would.
            "update device set status = 'pending_wipe' where asset_tag = 'HS-PW'");
        nobody_ = "nobody_" + database_;
        owner_->execScript("CREATE ROLE " + nobody_ + " LOGIN PASSWORD '" + kTestPassword + "'");
        // Another desk's login, which no attacker here is.
        victim_ = "victim_" + database_;
        db::createLogin(*owner_, victim_, db::DeskRole::Agent, kTestPassword);
        char* v = PQencryptPasswordConn(owner_->pg(), "forged-password", "test_viewer", "scram-sha-256");
        verifier_ = v;
        PQfreemem(v);
        modelId_ = std::to_string(scalar("select min(id) from device_model"));
        pwned_ = "/tmp/qm-hostile-" + std::to_string(::getpid());
    }
    void TearDown() override {
        db::Database admin(conninfo("postgres"));
        admin.execScript("DROP ROLE IF EXISTS " + nobody_ + ", " + victim_);
        std::error_code ec;
        std::filesystem::remove(pwned_, ec);
    }

    std::string conninfoFor(const std::string& role) const {
        if (role == "none") return conninfo(database_, nobody_);
        return as(role);
    }
    std::string fingerprint() {
        std::string h;
        owner_->sql() << kFingerprint, soci::into(h);
        return h;
    }

    std::vector<Attempt> corpus() const {
        const std::string m = modelId_;
        std::vector<Attempt> a = {
            // Devices: status, holds, versions and times only through the desk's functions.
            {"update device status", "update device set status = 'stolen' where asset_tag = 'HS-1'"},
            {"lift a legal hold", "update device set legal_hold = false, hold_reason = null where asset_tag = 'HS-HELD'"},
            {"lift a hold and retire at once",
             "update device set legal_hold = false, hold_reason = null, status = 'retired' where asset_tag = 'HS-HELD'"},
            {"retire without a reason", "update device set status = 'retired' where asset_tag = 'HS-2'"},
            {"pending wipe back to stock", "update device set status = 'in_stock' where asset_tag = 'HS-PW'"},
            {"forge a version", "update device set version = 999 where asset_tag = 'HS-1'"},
            {"backdate a device", "update device set created_at = '2001-01-01' where asset_tag = 'HS-1'"},
            {"insert a retired held device",
             "insert into device (asset_tag, serial, model_id, status, legal_hold, hold_reason) values"
             " ('EVIL-1', 'EVIL0001', " + m + ", 'retired', true, 'x')"},
            {"insert a lost device",
             "insert into device (asset_tag, serial, model_id, status) values ('EVIL-2', 'EVIL0002', " + m + ", 'lost')"},
            {"insert an issued device",
             "insert into device (asset_tag, serial, model_id, status) values ('EVIL-3', 'EVIL0003', " + m + ", 'issued')"},
            {"COPY a retired held device",
             "copy device (asset_tag, serial, model_id, status, legal_hold, hold_reason) from stdin",
             "EVIL-4\tEVIL0004\t" + m + "\tretired\tt\tevidence\n"},
            {"COPY a wiped device", "copy device (asset_tag, serial, model_id, status) from stdin",
             "EVIL-5\tEVIL0005\t" + m + "\twiped\n"},
            {"insert a device with escape codes in its notes",
             "insert into device (asset_tag, serial, model_id, notes) values ('EVIL-6', 'EVIL0006', " + m +
                 ", E'\\x1b]0;pwned\\x07')"},
            {"insert a person named with a direction override",
             "insert into person (staff_no, name) values ('EVIL0001', E'Ann \\u202Egnp.exe')"},
            {"insert a person named with nothing visible",
             "insert into person (staff_no, name) values ('EVIL0002', E'\\u200B\\u200B')"},
            {"rename a person with an escape code", "update person set name = E'Ann\\x1b[2J' where staff_no = 'HS100001'"},
            {"forge a person's version", "update person set version = 999 where staff_no = 'HS100001'"},
            {"delete a device", "delete from device where asset_tag = 'HS-1'"},
            {"truncate devices", "truncate device cascade"},
            {"delete a person", "delete from person where staff_no = 'HS100002'"},
            {"truncate people", "truncate person cascade"},
            {"delete a unit", "delete from command_unit"},
            {"delete a model", "delete from device_model"},
            // The custody record, the timeline, the outbox, the audit record: functions only.
            {"insert custody", "insert into custody (device_id, person_id, issue_receipt) select d.id, p.id, 'FAKE-1'"
                               " from device d, person p where d.asset_tag = 'HS-1' and p.staff_no = 'HS100002'"},
            {"close custody by hand", "update custody set returned_at = now(), returned_by = 'x', closed_as = 'returned'"},
            {"delete custody", "delete from custody"},
            {"truncate custody", "truncate custody cascade"},
            {"insert a swap", "insert into swap (old_custody_id, new_custody_id, reason, receipt)"
                              " select id, id, 'x', 'FAKE-2' from custody limit 1"},
            {"rewrite the timeline", "update device_event set detail = 'nothing happened'"},
            {"delete the timeline", "delete from device_event"},
            {"queue a wipe without approval", "insert into mdm_command (device_id, action, state)"
                                              " select id, 'wipe', 'queued' from device where asset_tag = 'HS-1'"},
            {"mark a command done", "update mdm_command set state = 'done'"},
            {"insert an audit event", "insert into audit_event (id, at, actor, action, entity, prev_hash, hash)"
                                      " values (9999, now(), 'x', 'insert', 'device', '\\x00', '\\x00')"},
            {"edit an audit event", "update audit_event set actor = 'someone else'"},
            {"delete the audit record", "delete from audit_event"},
            {"truncate the audit record", "truncate audit_event"},
            {"queue a fake audit event", "insert into audit_pending (action, entity) values ('insert', 'device')"},
            {"move the chain's head", "update qm_internal.audit_head set last_id = 0"},
            {"hold the chain's head", "select * from qm_internal.audit_head for update"},
            {"lock the chain's head", "lock table qm_internal.audit_head in exclusive mode"},
            {"look at the chain's head", "lock table qm_internal.audit_head in access share mode"},
            // PostgreSQL locks a statement's table as it parses it, before checking the right
            // to run it; the chain's head is out of reach even for that.
            {"hold the chain's head while parsing", "prepare p as delete from qm_internal.audit_head"},
            {"claim an IMEI", "insert into device_imei (imei, device_id) select '490154203237518', id from device limit 1"},
            {"free every IMEI", "delete from device_imei"},
            {"rewrite the lifecycle", "insert into status_transition values ('pending_wipe', 'in_stock', 'cheat')"},
            {"empty the lifecycle", "delete from status_transition"},
            {"forge a login record", "insert into qm_logins.desk_login (login, role) values ('ghost', 'admin')"},
            {"promote a login record", "update qm_logins.desk_login set role = 'admin'"},
            {"erase the logins' history", "delete from qm_logins.login_event"},
            {"plant a function beside the login manager's",
             "create function qm_logins.require_admin(what text) returns void language sql as ''"},
            {"replace the login manager's check", "create or replace function qm_logins.require_admin(what text)"
                                                  " returns void language sql as ''"},
            {"forge a migration", "insert into schema_migrations (version, name) values (9999, 'x')"},
            // Switching the rules off.
            {"disable the device guard", "alter table device disable trigger device_guard"},
            {"disable the audit triggers", "alter table device disable trigger all"},
            {"replica mode", "set session_replication_role = replica"},
            {"replace the guard", "create or replace function device_guard() returns trigger language plpgsql"
                                  " as $$ begin return new; end $$"},
            {"drop the guard", "drop trigger device_guard on device"},
            {"take the table", "alter table device owner to current_user"},
            {"make a desk function run as its caller", "alter function desk_issue(text, text, text[], text, text, int)"
                                                        " security invoker"},
            {"unpin a function's search_path", "alter function device_guard() reset search_path"},
            {"create a table", "create table public.sneaky (x int)"},
            {"create a function", "create function public.sneaky() returns int language sql as 'select 1'"},
            {"create a schema", "create schema sneaky"},
            {"change the database's defaults",
             "alter database " + database_ + " set default_transaction_isolation = 'serializable'"},
            {"give the database away", "alter database " + database_ + " owner to current_user"},
            // Allowed with a warning, and a no-op: only the grantor's own grants can be revoked.
            {"shut the desks out", "revoke connect on database " + database_ + " from public", "", Expect::Harmless},
            // Roles and passwords: the admin → superuser paths of PostgreSQL 15's CREATEROLE.
            {"grant server programs to myself", "grant pg_execute_server_program to current_user"},
            {"grant server files to myself", "grant pg_write_server_files to current_user"},
            {"grant the owner role to myself", "grant qm_register to current_user"},
            {"grant the login manager to myself", "grant qm_user_manager to current_user"},
            {"grant admin to another login", "grant qm_admin to " + victim_},
            {"become the owner", "set role qm_register"},
            {"become the superuser", "set session authorization postgres"},
            {"give myself CREATEROLE", "alter role current_user createrole"},
            {"give myself superuser", "alter role current_user superuser"},
            {"change another desk login's password", "alter role " + victim_ + " password 'taken-over'"},
            {"disable another desk login", "alter role " + victim_ + " nologin"},
            {"change the superuser's password", "alter role postgres password 'taken-over'"},
            {"create a login", "create role sneaky_login login password 'x'"},
            {"drop a desk login", "drop role " + victim_},
            {"run a program on the server", "copy (select 1) to program 'touch " + pwned_ + "'"},
            {"read a program's output", "copy device from program 'echo x'"},
            {"write a server file", "copy (select 1) to '" + pwned_ + "'"},
            {"read a server file", "select pg_read_file('/etc/passwd')"},
            // Strong locks a desk operation would queue behind.
            {"lock the devices", "lock table device in access exclusive mode"},
            {"lock the people", "lock table person in exclusive mode"},
            {"lock the custody record", "lock table custody in share mode"},
            {"lock the audit record", "lock table audit_event in exclusive mode"},
            {"lock the migrations ledger", "lock table schema_migrations in share row exclusive mode"},
            // The register's internals, called with forged arguments.
            {"append a forged audit event", "select audit_append('insert', 'device', array['{\"id\": 1}'::jsonb], null)"},
            {"open custody directly",
             "select custody_open(d, p, 'FAKE-3', '{}', '', null, true) from device d, person p"
             " where d.asset_tag = 'HS-1' and p.staff_no = 'HS100002'"},
            {"close custody directly", "select custody_close(d, 'returned', 'good', 'FAKE-4', '') from device d"
                                       " where d.asset_tag = 'HS-ISSUED'"},
            {"lock a device directly", "select lock_device('HS-1', null)"},
            {"take a receipt number", "select new_receipt_no()"},
            {"audit a table again", "select audit_table('person')"},
            {"seal the chain by hand", "select audit_chain_step('\\x00', '\\x00', '\\x00')"},
            {"a clear-text password through user_add",
             "select qm_logins.user_add('sneaky_login', 'viewer', 'plain-password')"},
            {"a reserved login through user_add", "select qm_logins.user_add('pg_sneaky', 'viewer', '" + verifier_ + "')"},
            {"the owner role through user_set_role", "select qm_logins.user_set_role('" + victim_ + "', 'register')"},
            {"reset the superuser's password", "select qm_logins.user_reset_password('postgres', '" + verifier_ + "')"},
            {"disable the superuser", "select qm_logins.user_set_enabled('postgres', false)"},
            {"change my own role", "select qm_logins.user_set_role(session_user, 'viewer')"},
            {"the login manager's check, called directly", "select qm_logins.target('" + victim_ + "')"},
            // The desk's own functions with what they must refuse.
            {"retire without a reason through the desk", "select desk_move('HS-2', 'retired', '')"},
            {"dodge a wipe through repair", "select desk_move('HS-PW', 'in_repair', 'x')"},
            {"restock a device awaiting its wipe", "select desk_move('HS-PW', 'in_stock', 'x')"},
            {"move straight to wiped", "select desk_move('HS-1', 'wiped', 'x')"},
            {"200,000 accessories", "select desk_issue('HS-1', 'HS100002', array_fill('charger'::text, array[200000]))"},
            {"a 30 MB note", "select desk_issue('HS-1', 'HS100002', '{}', repeat('x', 30000000))"},
            {"an escape code in a lost report",
             "select desk_report_lost('HS-ISSUED', false, E'INC-1\\x1b]0;pwned\\x07')"},
            {"a direction override in a swap reason", "select desk_swap('HS-ISSUED', 'HS-1', E'cracked \\u202Eexe.')"},
            {"an override nobody needs", "select desk_issue('HS-1', 'HS100002', '{}', '', 'because')"},
            {"issue a held device", "select desk_issue('HS-HELD', 'HS100002')"},
            // Harmless, but tried: they must change nothing (and must not stall anyone; the
            // concurrency tests hold these locks while desks work).
            {"the chain's old advisory lock", "select pg_advisory_lock(7312001)", "", Expect::Harmless},
            {"the migrations' old advisory lock", "select pg_advisory_lock(349189261639)", "", Expect::Harmless},
            {"shadow the lifecycle, then change a status",
             "create temp table status_transition as select f as from_status, t as to_status, 'x'::text as action"
             " from unnest(enum_range(null::device_status)) f, unnest(enum_range(null::device_status)) t;"
             " update device set status = 'stolen' where asset_tag = 'HS-1'"},
            {"shadow the devices, then read through a desk function",
             "create temp table device (id bigint, asset_tag text); select find_device_id('HS-1')"},
        };
        return a;
    }

    long long scalar(const std::string& sql) {
        long long n = -1;
        owner_->sql() << sql, soci::into(n);
        return n;
    }

    std::unique_ptr<db::Database> owner_;
    std::string nobody_, victim_, verifier_, modelId_, pwned_;
};

TEST_F(HostileSql, EveryRoleTriesEveryAttackAndTheRegisterDoesNotChange) {
    const std::string before = fingerprint();
    ASSERT_FALSE(before.empty());
    std::map<std::string, std::string> allowed;  // attempt -> roles it succeeded for
    int tried = 0;
    for (const auto& attempt : corpus()) {
        for (const auto& role : kRoles) {
            SCOPED_TRACE(role + ": " + attempt.name);
            PgResult r = runSql(conninfoFor(role), attempt.sql, attempt.copyData);
            ++tried;
            if (attempt.expect == Expect::Refused) {
                EXPECT_FALSE(r.ok) << "was allowed";
                // Refused by a rule, never by a crash or a lost connection.
                EXPECT_NE(r.sqlstate, "") << r.message;
                EXPECT_NE(r.sqlstate.substr(0, 2), "08") << r.message;
                EXPECT_NE(r.sqlstate.substr(0, 2), "XX") << r.message;
            }
            if (r.ok) allowed[attempt.name] += role + " ";
            const std::string after = fingerprint();
            ASSERT_EQ(after, before) << "the register changed";
            EXPECT_FALSE(std::filesystem::exists(pwned_)) << "a program ran on the server";
        }
    }
    std::ostringstream report;
    report << tried << " attempts; allowed (harmless): ";
    for (const auto& [name, roles] : allowed) report << "[" << name << ": " << roles << "] ";
    std::cout << report.str() << "\n";
    // The harmless ones really ran for everyone who may connect (so the check above meant something).
    EXPECT_EQ(allowed["the chain's old advisory lock"], "viewer agent manager approver admin none ");
}

// The same attempts as a login with no Quartermaster role meet a register it cannot even see.
TEST_F(HostileSql, ALoginWithNoRoleSeesNothing) {
    for (const char* table : {"public.device", "public.person", "public.custody", "public.audit_event",
                              "public.device_event", "public.mdm_command", "qm_logins.desk_login",
                              "qm_internal.audit_head", "public.status_transition"}) {
        PgResult r = runSql(conninfoFor("none"), std::string("select count(*) from ") + table);
        EXPECT_FALSE(r.ok) << table;
        EXPECT_EQ(r.sqlstate, "42501") << table << ": " << r.message;
    }
    PgResult f = runSql(conninfoFor("none"), "select public.desk_issue('HS-1', 'HS100002')");
    EXPECT_FALSE(f.ok);
    EXPECT_EQ(f.sqlstate, "42501") << f.message;
}

}  // namespace
}  // namespace qm::test
