// The MDM's rules at the database (schema version 7, issue 8), tried in raw SQL over libpq under
// each desk login, as psql would: a role × operation matrix (every function of 0007, and direct
// writes to the outbox, the snapshot, the sync pages, the policy and device status/MDM id), in
// which a refused attempt must change nothing and leave no audit event; four eyes on wipes and
// retirements; what approval and the MDM's "done" do to status and custody; wipes that end undone;
// an MDM-id edit aiming a wipe at a held device; the per-person quotas and the hourly hold; the
// dispatcher queue (SKIP LOCKED between two sessions, leases, "absent" results, the attempt limit);
// junk sync pages; matching by MDM id, serial, IMEI; unfinished and foreign syncs; a viewer's lock
// in a sync's path; temporary objects standing in for the register's tables (or planting a
// trigger); and that every 0007 function pins search_path, bounds its waits and is executable by
// nobody it was not granted to. Tests that fail here name a hole in 0007, not in the test.
#include "db/database.hpp"
#include "tests/support/raw_sql.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kRoles = {"viewer", "agent", "manager", "approver", "admin"};

// Everything the MDM rules guard, as one hash: the outbox, snapshot, syncs and their pages, the
// policy, devices, custody, the timeline and the audit record's length.
constexpr const char* kFingerprint = R"sql(
select md5(string_agg(t, '|' order by t)) from (
  select 'c' || x::text from mdm_command x union all select 'd' || x::text from mdm_device x
  union all select 's' || x::text from mdm_sync x union all select 'r' || x::text from mdm_sync_row x
  union all select 'p' || x::text from mdm_policy x union all select 'v' || x::text from device x
  union all select 'k' || x::text from custody x union all select 'e' || x::text from device_event x
  union all select 'a' || coalesce(max(id), 0)::text from audit_event) s(t)
)sql";

class MdmRules : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        owner_ = std::make_unique<db::Database>(as("owner"));
        owner("insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone');"
              "insert into person (staff_no, name) select 'MR' || lpad(g::text, 4, '0'), 'Officer ' || g"
              "  from generate_series(1, 20) g");
    }

    // Persistent desk sessions, one per role (a desk with psql open).
    PgResult run(const std::string& role, const std::string& sql) {
        auto& s = sessions_[role];
        if (!s) s = std::make_unique<RawSession>(as(role));
        return s->run(sql);
    }
    std::string must(const std::string& role, const std::string& sql) {
        PgResult r = run(role, sql);
        EXPECT_TRUE(r.ok) << role << ": " << sql << ": " << r.sqlstate << " " << r.message;
        return r.value;
    }
    // What is really there, read as the owner.
    long long num(const std::string& sql) { return std::stoll(str(sql)); }
    std::string str(const std::string& sql) {
        std::string s;
        soci::indicator ind = soci::i_ok;
        owner_->sql() << sql, soci::into(s, ind);
        return ind == soci::i_null ? "<null>" : s;
    }
    void owner(const std::string& sql) { owner_->execScript(sql); }
    std::string fingerprint() { return str(kFingerprint); }
    long long auditMax() { return num("select coalesce(max(id), 0) from audit_event"); }

    // A device in stock, with an MDM id unless told otherwise. Returns its asset tag.
    // A device; with an MDM id, also as the last MDM sync saw it (approvals check the snapshot).
    std::string addDevice(bool withMdmId = true) {
        const std::string k = std::to_string(++devices_);
        owner("insert into device (asset_tag, serial, model_id, mdm_id) values ('M" + k + "', 'SM" + k +
              "X', (select min(id) from device_model), " + (withMdmId ? "'mdm-" + k + "'" : "null") + ")");
        if (withMdmId)
            owner("insert into mdm_sync (started_by, state, finished_at) select 'test', 'done', now()"
                  " where not exists (select 1 from mdm_sync);"
                  "insert into mdm_device (mdm_id, device_id, serial, sync_id) select 'mdm-" + k +
                  "', id, serial, (select max(id) from mdm_sync) from device where asset_tag = 'M" + k + "'");
        return "M" + k;
    }
    void issue(const std::string& tag) {
        const std::string n = std::to_string(++people_);
        must("agent", "select desk_issue('" + tag + "', 'MR" + std::string(4 - n.size(), '0') + n + "')");
    }
    std::string request(const std::string& by, const std::string& tag, const std::string& action) {
        return must(by, "select mdm_request('" + tag + "', '" + action + "', 'lost in the field')");
    }
    std::string approve(const std::string& by, const std::string& id) { return must(by, "select mdm_approve(" + id + ")"); }
    std::string take(const std::string& role, int lease = 600) {
        return must(role, "select string_agg(id || ':' || phase, ',' order by id) from mdm_take_work('w', 500, " +
                              std::to_string(lease) + ")");
    }
    // As the login whose dispatcher took the command (only it may record the outcome).
    std::string record(const std::string& id, const std::string& verdict, const std::string& by = "agent") {
        return must(by, "select mdm_record(" + id + ", '" + verdict + "', '', 0)");
    }
    std::string status(const std::string& tag) { return str("select status::text from device where asset_tag = '" + tag + "'"); }
    std::string state(const std::string& id) { return str("select state from mdm_command where id = " + id); }
    long long openCustody(const std::string& tag) {
        return num("select count(*) from custody c join device d on d.id = c.device_id where d.asset_tag = '" + tag +
                   "' and c.returned_at is null");
    }
    // A sync begun by `by`, with one page of one device when asked.
    std::string begun(const std::string& by, bool page) {
        const std::string s = must(by, "select mdm_sync_begin()");
        if (page) must(by, "select mdm_sync_page(" + s + ", '[{\"id\": \"page-" + s + "\"}]')");
        return s;
    }

    std::unique_ptr<db::Database> owner_;
    std::map<std::string, std::unique_ptr<RawSession>> sessions_;
    int devices_ = 0, people_ = 0;
};

// Who may do what. Cells: A allowed (and changes something), R allowed and read-only, N changes
// nothing whether or not it is refused, P refused as a permission (42501 or QM005), QM00x refused
// with exactly that SQLSTATE. A refusal changes nothing and writes no audit event.
struct Op {
    std::string name;
    std::vector<std::string> expect;  // viewer, agent, manager, approver, admin
    std::string sql;                  // {t} the cell's device; other {...} are prepared first (see fill)
};

TEST_F(MdmRules, RoleOperationMatrixInRawSql) {
    owner("update mdm_policy set wipes_per_person_per_day = 99999, wipes_per_hour_before_hold = 99999");
    must("agent", "select mdm_sync_finish(" + begun("agent", true) + ")");  // a snapshot, and pages in flight
    begun("agent", true);
    const std::string A = "A", R = "R", N = "N", P = "P", Q3 = "QM003", Q4 = "QM004", Q5 = "QM005";
    const std::vector<std::string> allP = {P, P, P, P, P};
    auto other = [](const std::string& r) { return std::string(r == "agent" ? "manager" : "agent"); };
    auto self = [](const std::string& r) { return std::string(r == "viewer" ? "agent" : r); };
    auto decided = [&](const std::string& by, const std::string& t, int hold, const char* want) {  // an approved wipe
        const std::string id = request(by, t, "wipe");
        owner("update mdm_policy set wipes_per_hour_before_hold = " + std::to_string(hold));
        EXPECT_EQ(approve(by == "approver" ? "admin" : "approver", id), want);
        owner("update mdm_policy set wipes_per_hour_before_hold = 99999");
        return id;
    };
    // Replaces each {token} by what it names, prepared (as other logins or the owner) for role r.
    auto fill = [&](std::string sql, const std::string& r, const std::string& t) {
        const std::map<std::string, std::function<std::string()>> make = {
            {"{t}", [&] { return t; }},
            {"{own}", [&] { return request(self(r), t, "wipe"); }},
            {"{other}", [&] { return request(other(r), t, "wipe"); }},
            {"{retire}", [&] { return request("agent", t, "retire"); }},
            {"{held}", [&] { return decided("agent", t, 0, "held"); }},
            {"{own-held}", [&] { return decided(self(r), t, 0, "held"); }},
            {"{queued}", [&] { return decided("agent", t, 99999, "queued"); }},
            {"{lock}", [&] { return request("agent", t, "remote_lock"); }},
            {"{sent}", [&] {  // as this login's dispatcher left it
                 const std::string id = request("agent", t, "remote_lock");
                 owner("update mdm_command set state = 'sent', attempts = 1, sent_login = 'test_" + r +
                       "', check_after = now() + interval '1 hour' where id = " + id);
                 return id;
             }},
            {"{sent-elsewhere}", [&] {  // taken by another login's dispatcher
                 const std::string id = request("agent", t, "remote_lock");
                 owner("update mdm_command set state = 'sent', attempts = 1, sent_login = 'some_other_dispatcher',"
                       " check_after = now() + interval '1 hour' where id = " + id);
                 return id;
             }},
            {"{sync}", [&] { return begun(self(r), false); }},
            {"{sync+}", [&] { return begun(self(r), true); }},
            {"{other-sync}", [&] { return begun(other(r), false); }},
            {"{other-sync+}", [&] { return begun(other(r), true); }}};
        for (const auto& [token, value] : make)
            for (auto at = sql.find(token); at != std::string::npos; at = sql.find(token)) sql.replace(at, token.size(), value());
        return sql;
    };
    const std::vector<Op> ops = {
        {"request wipe", {P, A, A, A, A}, "select mdm_request('{t}', 'wipe', 'lost')"},
        {"request retire", {P, A, A, A, A}, "select mdm_request('{t}', 'retire', 'old')"},
        {"request remote_lock", {P, A, A, A, A}, "select mdm_request('{t}', 'remote_lock', 'lost')"},
        {"approve another's wipe", {P, P, P, A, A}, "select mdm_approve({other})"},
        {"approve own wipe", {P, P, P, Q5, Q5}, "select mdm_approve({own})"},
        {"reject another's wipe", {P, P, P, A, A}, "select mdm_reject({other}, 'not needed')"},
        {"reject own wipe", {P, P, P, Q5, Q5}, "select mdm_reject({own}, 'not needed')"},
        {"reject without a reason", {P, P, P, Q3, Q3}, "select mdm_reject({other}, '  ')"},
        {"cancel own request", {P, A, A, A, A}, "select mdm_cancel({own}, 'found it')"},
        {"cancel another's request", {P, Q5, Q5, A, A}, "select mdm_cancel({other}, 'found it')"},
        {"release another's held wipe", {P, P, P, P, A}, "select mdm_release({held})"},
        {"release own held wipe", {P, P, P, P, Q5}, "select mdm_release({own-held})"},
        {"release a queued wipe", {P, P, P, P, Q4}, "select mdm_release({queued})"},
        {"take work", {P, A, A, A, A}, "select {lock}, count(*) from mdm_take_work('matrix', 500, 60)"},
        {"record a verdict", {P, A, A, A, A}, "select mdm_record({sent}, 'done', 'locked')"},
        {"record another's command", {P, Q5, Q5, Q5, Q5}, "select mdm_record({sent-elsewhere}, 'done', 'locked')"},
        {"sync begin", {P, A, A, A, A}, "select mdm_sync_begin()"},
        {"sync page", {P, A, A, A, A}, "select mdm_sync_page({sync}, '[{\"id\": \"m-1\"}]')"},
        {"sync finish", {P, A, A, A, A}, "select seen from mdm_sync_finish({sync+})"},
        {"page into another's sync", {P, Q4, Q4, Q4, Q4}, "select mdm_sync_page({other-sync}, '[{\"id\": \"m-2\"}]')"},
        {"finish another's sync", {P, Q4, Q4, Q4, Q4}, "select seen from mdm_sync_finish({other-sync+})"},
        {"abandon another's sync", {P, Q4, Q4, Q4, Q4}, "select mdm_sync_abandon({other-sync+})"},
        {"read drift", {R, R, R, R, R}, "select count(*) from mdm_drift()"},
        {"set wipe limits", {P, P, P, P, A}, "select mdm_set_policy(100000, 100000)"},
        {"internal: lock a command", allP, "select mdm_lock_command({other})"},
        {"internal: retire a device", allP, "select mdm_retire_device(c, 'x') from mdm_command c where id = {retire}"},
        {"insert a queued wipe", allP, "insert into mdm_command (device_id, action, state, reason)"
                                       " select id, 'wipe', 'queued', 'forged' from device where asset_tag = '{t}'"},
        {"queue an awaiting wipe", allP, "update mdm_command set state = 'queued' where id = {other}"},
        {"set approved_by", allP, "update mdm_command set approved_by = 'test_approver', approved_at = now() where id = {other}"},
        {"release a held wipe by hand", allP, "update mdm_command set state = 'queued' where id = {held}"},
        {"delete a command", allP, "delete from mdm_command where id = {other}"},
        {"insert mdm_device", allP, "insert into mdm_device (mdm_id, sync_id) select 'forged', max(id) from mdm_sync"},
        {"update mdm_device", allP, "update mdm_device set device_id = null, upn = 'x'"},
        {"delete mdm_device", allP, "delete from mdm_device"},
        {"truncate mdm_device", allP, "truncate mdm_device"},
        {"insert mdm_sync_row", allP, "insert into mdm_sync_row (sync_id, mdm_id) select max(id), 'forged' from mdm_sync"},
        {"update mdm_sync_row", allP, "update mdm_sync_row set serial = 'X'"},
        {"delete mdm_sync_row", allP, "delete from mdm_sync_row"},
        {"take over a sync", allP, "update mdm_sync set started_by = session_user"},
        {"insert mdm_policy", allP, "insert into mdm_policy (id) values (1)"},
        {"update mdm_policy", allP, "update mdm_policy set wipes_per_person_per_day = 0"},
        {"delete mdm_policy", allP, "delete from mdm_policy"},
        {"device status wiped", allP, "select {queued}; update device set status = 'wiped' where asset_tag = '{t}'"},
        {"device status retired", allP, "update device set status = 'retired' where asset_tag = '{t}'"},
        {"device status pending_wipe", allP, "update device set status = 'pending_wipe' where asset_tag = '{t}'"},
        {"device mdm_id (master data)", {P, P, A, A, A}, "update device set mdm_id = 'edited-{t}' where asset_tag = '{t}'"},
    };

    std::map<std::pair<std::string, std::string>, std::string> cells;
    for (const auto& op : ops) {
        for (std::size_t i = 0; i < kRoles.size(); ++i) {
            const std::string& role = kRoles[i];
            SCOPED_TRACE(op.name + " as " + role);
            const std::string sql = fill(op.sql, role, addDevice());
            const std::string before = fingerprint();
            const long long audit = auditMax();
            PgResult r = run(role, sql);
            const bool changed = fingerprint() != before;
            const std::string& want = op.expect[i];
            const bool permission = r.sqlstate == "42501" || r.sqlstate == "QM005";
            const bool refused = !r.ok && (want == P ? permission : r.sqlstate == want);
            const bool good = want == A ? r.ok && changed : want == R ? r.ok && !changed : !changed && (want == N || refused);
            EXPECT_TRUE(good) << sql << "\n  " << (r.ok ? "allowed" : r.sqlstate + " " + r.message)
                              << (changed ? " (and the register changed)" : " (and nothing changed)");
            if (!r.ok) {
                EXPECT_EQ(auditMax(), audit) << "a refused attempt left an audit event";
            }
            if (permission) {
                EXPECT_EQ(db::translateSqlError(r.sqlstate, r.message).kind(), ErrorKind::Permission);
            }
            if (r.ok && auditMax() > audit) {
                EXPECT_EQ(str("select string_agg(distinct actor, ',') from audit_event where id > " + std::to_string(audit)),
                          "test_" + role);
            }
            cells[{op.name, role}] = (r.ok ? std::string("ok") : r.sqlstate) + (good ? "" : "(!)");
        }
    }
    std::ostringstream out;
    out << std::left << std::setw(30) << "operation";
    for (const auto& r : kRoles) out << std::setw(11) << r;
    for (const auto& op : ops) {
        out << "\n" << std::setw(30) << op.name;
        for (const auto& r : kRoles) out << std::setw(11) << cells[{op.name, r}];
    }
    std::cout << "MDM, raw SQL, role x operation (ok or the SQLSTATE; (!) = not as expected):\n" << out.str() << "\n";
}

// Four eyes, and what a wipe request needs.
TEST_F(MdmRules, FourEyesAndWhatAWipeNeeds) {
    // An approver who requested cannot approve; an admin who requested neither.
    const std::string t1 = addDevice(), t2 = addDevice(), c1 = request("approver", t1, "wipe");
    const long long audit = auditMax();
    PgResult own = run("approver", "select mdm_approve(" + c1 + ")");
    EXPECT_EQ(own.sqlstate, "QM005");
    EXPECT_THAT(own.message, HasSubstr("cannot approve"));
    EXPECT_EQ(auditMax(), audit);
    EXPECT_EQ(state(c1) + " " + status(t1), "awaiting_approval in_stock");
    EXPECT_EQ(approve("admin", c1), "queued");
    EXPECT_EQ(str("select requested_by || '>' || approved_by from mdm_command where id = " + c1), "test_approver>test_admin");
    const std::string c2 = request("admin", t2, "retire");
    EXPECT_EQ(run("admin", "select mdm_approve(" + c2 + ")").sqlstate, "QM005");
    EXPECT_EQ(run("admin", "select mdm_reject(" + c2 + ", 'changed my mind')").sqlstate, "QM005");
    EXPECT_EQ(approve("approver", c2), "queued");

    // No MDM id: no wipe (nor lock). Under legal hold: no wipe, no retirement.
    const std::string t3 = addDevice(false), t4 = addDevice(), t5 = addDevice();
    must("manager", "select desk_hold('" + t4 + "', true, 'Op Exhibit 4')");
    for (const auto& [tag, action, why] : {std::tuple{t3, "wipe", "MDM id"}, {t3, "remote_lock", "MDM id"},
                                           {t4, "wipe", "legal hold"}, {t4, "retire", "legal hold"}}) {
        PgResult r = run("agent", "select mdm_request('" + tag + "', '" + action + "', 'lost')");
        EXPECT_EQ(r.sqlstate, "QM004") << action << ": " << r.message;
        EXPECT_THAT(r.message, HasSubstr(why));
    }
    EXPECT_EQ(num("select count(*) from mdm_command c join device d on d.id = c.device_id where asset_tag in ('" + t3 +
                  "', '" + t4 + "')"),
              0);
    // A hold placed between request and approval stops the approval.
    const std::string c5 = request("agent", t5, "wipe");
    must("manager", "select desk_hold('" + t5 + "', true, 'Op Exhibit 5')");
    EXPECT_EQ(run("approver", "select mdm_approve(" + c5 + ")").sqlstate, "QM004");
    EXPECT_EQ(state(c5) + " " + status(t5), "awaiting_approval in_stock");

    // One open wipe per device, awaiting approval or approved.
    const std::string t6 = addDevice(), c6 = request("agent", t6, "wipe");
    PgResult again = run("manager", "select mdm_request('" + t6 + "', 'wipe', 'lost')");
    EXPECT_EQ(again.sqlstate, "QM004");
    EXPECT_THAT(again.message, HasSubstr("already requested"));
    EXPECT_EQ(approve("approver", c6), "queued");
    EXPECT_EQ(run("manager", "select mdm_request('" + t6 + "', 'wipe', 'lost')").sqlstate, "QM004");
    EXPECT_EQ(num("select count(*) from mdm_command c join device d on d.id = c.device_id where d.asset_tag = '" + t6 + "'"), 1);
}

// Approval and the MDM's word move the device; status and custody agree throughout.
TEST_F(MdmRules, WipeAndRetireKeepStatusAndCustodyInStep) {
    const std::string t1 = addDevice();
    issue(t1);
    const std::string c1 = request("agent", t1, "wipe");
    EXPECT_EQ(approve("approver", c1), "queued");
    EXPECT_EQ(status(t1), "pending_wipe");
    EXPECT_EQ(openCustody(t1), 1) << "the holder keeps it until the MDM confirms the wipe";
    EXPECT_EQ(take("agent"), c1 + ":send");
    EXPECT_EQ(record(c1, "accepted"), "sent");
    PgResult done = run("agent", "select mdm_record(" + c1 + ", 'done', 'wiped', 0)");
    EXPECT_TRUE(done.ok && done.value == "done")
        << "the MDM's 'done' for the wipe of an issued device: " << done.sqlstate << " " << done.message;
    EXPECT_EQ(status(t1), "wiped");
    EXPECT_EQ(str("select string_agg(coalesce(closed_as, 'open'), ',') from custody c join device d on d.id = c.device_id"
                  " where d.asset_tag = '" + t1 + "'"), "wiped");

    // Retire with an MDM id: approval queues it; the MDM's "done" retires it.
    const std::string t2 = addDevice(), c2 = request("agent", t2, "retire");
    EXPECT_EQ(approve("approver", c2), "queued");
    EXPECT_EQ(status(t2), "in_stock");
    EXPECT_EQ(take("agent"), c2 + ":send");
    EXPECT_EQ(record(c2, "done"), "done");
    EXPECT_EQ(status(t2), "retired");

    // Retire without an MDM id: retired at once by the approval.
    const std::string t3 = addDevice(false), c3 = request("agent", t3, "retire");
    EXPECT_EQ(approve("approver", c3), "done");
    EXPECT_EQ(status(t3) + " " + state(c3), "retired done");

    // An issued device without an MDM id: either the request is refused (take it back first),
    // or the approval retires it and closes its custody, never an error at approval.
    const std::string t4 = addDevice(false);
    issue(t4);
    PgResult req = run("agent", "select mdm_request('" + t4 + "', 'retire', 'old')");
    if (!req.ok) {
        EXPECT_EQ(req.sqlstate, "QM004") << req.message;
    } else {
        PgResult ok = run("approver", "select mdm_approve(" + req.value + ")");
        EXPECT_TRUE(ok.ok) << "approving the retirement of an issued device: " << ok.sqlstate << " " << ok.message;
        EXPECT_EQ(status(t4) + " " + std::to_string(openCustody(t4)), "retired 0");
    }
}

// A wipe that ends without the MDM wiping (cancelled once approved, rejected while held, failed
// at the MDM) must not leave the device pending a wipe that nothing will do and nobody may ask again.
TEST_F(MdmRules, AWipeThatEndsUndoneDoesNotStrandTheDevice) {
    must("admin", "select mdm_set_policy(1000, 1)");  // the second approval within the hour is held
    const std::vector<std::string> t = {addDevice(), addDevice(), addDevice()};
    issue(t[0]);
    const std::vector<std::string> c = {request("agent", t[0], "wipe"), request("agent", t[1], "wipe"),
                                        request("agent", t[2], "wipe")};
    EXPECT_EQ(approve("approver", c[0]), "queued");
    EXPECT_EQ(approve("approver", c[1]), "held");
    EXPECT_EQ(approve("admin", c[2]), "held");
    must("agent", "select mdm_cancel(" + c[0] + ", 'found it')");
    must("admin", "select mdm_reject(" + c[1] + ", 'not this one')");
    must("admin", "select mdm_release(" + c[2] + ")");
    EXPECT_EQ(take("agent"), c[2] + ":send");
    EXPECT_EQ(record(c[2], "failed"), "failed");
    for (std::size_t i = 0; i < t.size(); ++i) {
        SCOPED_TRACE(t[i] + " after its wipe was " + state(c[i]));
        PgResult again = run("manager", "select mdm_request('" + t[i] + "', 'wipe', 'try again')");
        EXPECT_TRUE(status(t[i]) != "pending_wipe" || again.ok)
            << "left pending_wipe with no open wipe, and a new request is refused: " << again.message;
    }
}

// Managers edit MDM ids as master data; that must not aim a wipe at the MDM device of a device
// under legal hold (DESIGN.md §4), which the snapshot still links to the held device.
TEST_F(MdmRules, AnMdmIdEditCannotAimAWipeAtADeviceUnderLegalHold) {
    const std::string held = addDevice(), decoy = addDevice(false), target = "mdm-" + held.substr(1);
    const std::string s = begun("agent", false);
    must("agent", "select mdm_sync_page(" + s + ", '[{\"id\": \"" + target + "\"}]')");
    must("agent", "select mdm_sync_finish(" + s + ")");
    must("manager", "select desk_hold('" + held + "', true, 'Op Exhibit 9')");
    must("manager", "update device set mdm_id = null where asset_tag = '" + held + "'");
    must("manager", "update device set mdm_id = '" + target + "' where asset_tag = '" + decoy + "'");
    PgResult req = run("manager", "select mdm_request('" + decoy + "', 'wipe', 'lost')");
    if (req.ok) run("approver", "select mdm_approve(" + req.value + ")");
    take("agent");
    EXPECT_EQ(num("select count(*) from mdm_command where action = 'wipe' and mdm_id = '" + target +
                  "' and state in ('queued', 'sent')"),
              0)
        << "a wipe reached MDM device " << target << ", which the snapshot links to " << held << " (under legal hold)";
}

TEST_F(MdmRules, QuotasPerPersonPerDay) {
    must("admin", "select mdm_set_policy(2, 1000)");
    std::vector<std::string> t;
    for (int i = 0; i < 5; ++i) t.push_back(addDevice());
    const std::string c0 = request("agent", t[0], "wipe"), c1 = request("agent", t[1], "wipe");
    const long long audit = auditMax();
    PgResult third = run("agent", "select mdm_request('" + t[2] + "', 'wipe', 'lost')");
    EXPECT_EQ(third.sqlstate, "QM005");
    EXPECT_THAT(third.message, HasSubstr("has requested 2 wipes in the last 24 hours"));
    EXPECT_EQ(auditMax(), audit);
    const std::string c2 = request("manager", t[2], "wipe");  // another login has its own count
    EXPECT_EQ(approve("approver", c0), "queued");
    EXPECT_EQ(approve("approver", c1), "queued");
    PgResult over = run("approver", "select mdm_approve(" + c2 + ")");
    EXPECT_EQ(over.sqlstate, "QM005");
    EXPECT_THAT(over.message, HasSubstr("has approved 2 wipes in the last 24 hours"));
    EXPECT_EQ(state(c2) + " " + status(t[2]), "awaiting_approval in_stock");
    EXPECT_EQ(approve("admin", c2), "queued");
    // Limits are an admin's, and within bounds.
    EXPECT_EQ(run("admin", "select mdm_set_policy(-1, 5)").sqlstate, "QM003");
    EXPECT_EQ(run("approver", "select mdm_set_policy(100, 100)").sqlstate, "42501");
    EXPECT_EQ(str("select wipes_per_person_per_day || '/' || wipes_per_hour_before_hold from mdm_policy"), "2/1000");
}

TEST_F(MdmRules, TheThirdWipeWithinTheHourIsHeldForAnAdmin) {
    must("admin", "select mdm_set_policy(1000, 2)");
    std::vector<std::string> t, c;
    for (int i = 0; i < 4; ++i) t.push_back(addDevice());
    for (int i = 0; i < 3; ++i) c.push_back(request("agent", t[i], "wipe"));
    c.push_back(request("admin", t[3], "wipe"));
    EXPECT_EQ(approve("approver", c[0]), "queued");
    EXPECT_EQ(approve("approver", c[1]), "queued");
    EXPECT_EQ(approve("approver", c[2]), "held");
    EXPECT_EQ(approve("approver", c[3]), "held");
    EXPECT_EQ(status(t[2]), "pending_wipe");
    EXPECT_EQ(run("approver", "select mdm_reject(" + c[2] + ", 'no')").sqlstate, "QM005") << "a held wipe is an admin's";
    EXPECT_EQ(take("agent"), c[0] + ":send," + c[1] + ":send") << "a held wipe is not handed out";
    PgResult own = run("admin", "select mdm_release(" + c[3] + ")");
    EXPECT_EQ(own.sqlstate, "QM005") << own.message;
    EXPECT_EQ(run("approver", "select mdm_release(" + c[2] + ")").sqlstate, "42501");
    EXPECT_EQ(state(c[3]), "held");
    must("admin", "select mdm_release(" + c[2] + ")");
    EXPECT_EQ(str("select state || ' ' || released_by from mdm_command where id = " + c[2]), "queued test_admin");
    EXPECT_EQ(run("admin", "select mdm_release(" + c[2] + ")").sqlstate, "QM004");
    EXPECT_EQ(take("agent"), c[2] + ":send");
}

TEST_F(MdmRules, TwoDispatchersNeverTakeTheSameCommand) {
    owner("insert into device (asset_tag, serial, model_id, mdm_id) select 'Q-' || g, 'SQ' || lpad(g::text, 5, '0'),"
          " (select min(id) from device_model), 'mdm-q-' || g from generate_series(1, 50) g");
    ASSERT_EQ(must("agent", "select count(mdm_request(asset_tag, 'remote_lock', 'lost')) from device"
                            " where asset_tag like 'Q-%'"),
              "50");
    std::vector<std::string> taken[2], errors[2];
    auto dispatcher = [&](int n, const std::string& role) {
        RawSession s(as(role));
        for (int round = 0; round < 60; ++round) {
            s.run("begin");
            PgResult r = s.run("select string_agg(id::text, ',') from mdm_take_work('d" + std::to_string(n) + "', 5, 600)");
            s.run("select pg_sleep(0.01)");  // hold the claimed rows while the other one looks
            s.run("commit");
            if (!r.ok) errors[n].push_back(r.sqlstate + " " + r.message);
            if (!r.ok || r.value.empty()) break;
            std::stringstream ids(r.value);
            for (std::string id; std::getline(ids, id, ',');) taken[n].push_back(id);
        }
    };
    std::thread a(dispatcher, 0, "agent"), b(dispatcher, 1, "manager");
    a.join(), b.join();
    EXPECT_TRUE(errors[0].empty() && errors[1].empty()) << ::testing::PrintToString(errors[0]) << ::testing::PrintToString(errors[1]);
    std::set<std::string> all(taken[0].begin(), taken[0].end());
    all.insert(taken[1].begin(), taken[1].end());  // 50 distinct of 50 taken: none twice, none missed
    EXPECT_EQ(taken[0].size() + taken[1].size(), 50u) << "a command was handed out twice or not at all";
    EXPECT_EQ(all.size(), 50u);
    std::cout << "dispatcher 1 took " << taken[0].size() << ", dispatcher 2 took " << taken[1].size() << "\n";
    EXPECT_EQ(num("select count(*) from mdm_command where state = 'sent' and attempts = 1"), 50);
}

TEST_F(MdmRules, LeasesAbsentResultsAndTheAttemptLimit) {
    const std::string c = request("agent", addDevice(), "remote_lock");
    EXPECT_EQ(take("agent", 1), c + ":send");
    EXPECT_EQ(take("manager", 1), "") << "a command is not handed out again during its lease";
    must("agent", "select pg_sleep(1.2)");
    EXPECT_EQ(take("manager", 1), c + ":check") << "after the lease, the next dispatcher looks it up";
    EXPECT_EQ(num("select attempts::bigint from mdm_command where id = " + c), 1);
    EXPECT_EQ(record(c, "absent", "manager"), "queued") << "never accepted and not at the MDM: send again";
    EXPECT_EQ(take("agent"), c + ":send");
    EXPECT_EQ(record(c, "accepted"), "sent");
    EXPECT_EQ(record(c, "absent"), "needs_attention") << "accepted but absent: a person looks, nothing is sent twice";
    EXPECT_EQ(take("agent"), "");

    const std::string d = request("agent", addDevice(), "remote_lock");
    for (int attempt = 1; attempt <= 5; ++attempt) {
        SCOPED_TRACE("attempt " + std::to_string(attempt));
        EXPECT_EQ(take("agent"), d + ":send");
        EXPECT_EQ(record(d, "absent"), attempt < 5 ? "queued" : "needs_attention");
    }
    EXPECT_EQ(num("select attempts::bigint from mdm_command where id = " + d), 5);
    EXPECT_EQ(take("agent"), "");
    EXPECT_TRUE(run("agent", "select mdm_record(" + d + ", 'nonsense', '')").ok) << "a finished command ignores late words";
}

TEST_F(MdmRules, JunkPagesAreCleanedOrSkippedNeverAnError) {
    const std::string s = begun("agent", false);
    PgResult page = run("agent", "select mdm_sync_page(" + s + R"sql(, jsonb_build_array(
        1, 'text', null, true, jsonb_build_array(1), '{}'::jsonb, jsonb_build_object('id', null),
        jsonb_build_object('id', ''), jsonb_build_object('id', E' \u0007\u202E '),
        jsonb_build_object('id', 'junk-1', 'deviceName', E'Ann\u0007s \u202Ephone\u001b[2J', 'serialNumber', E' sn\tx1 ',
                           'imei', '35-000000-000001-4', 'lastSyncDateTime', 'yesterday',
                           'enrolledDateTime', '2024-02-30T10:00:00Z', 'userPrincipalName', repeat('u', 10000),
                           'osVersion', jsonb_build_object('a', 1)),
        jsonb_build_object('id', repeat('i', 10000), 'deviceName', repeat('n', 10000)),
        jsonb_build_object('id', 42, 'lastSyncDateTime', '2024-05-01T10:00:00.1234567Z',
                           'enrolledDateTime', '0001-01-01T00:00:00Z'),
        jsonb_build_object('id', 'junk-1', 'deviceName', 'a repeat'),
        jsonb_build_object('id', 'junk-2', 'lastSyncDateTime', '2024-05-01T10:00:00+99:00'))))sql");
    ASSERT_TRUE(page.ok) << page.sqlstate << " " << page.message;
    EXPECT_EQ(page.value, "4");
    EXPECT_EQ(run("agent", "select mdm_sync_page(" + s + ", '{\"id\": \"x\"}')").sqlstate, "QM003");
    must("agent", "select mdm_sync_finish(" + s + ")");
    EXPECT_EQ(str("select string_agg(left(mdm_id, 8), ',' order by mdm_id) from mdm_device"), "42,iiiiiiii,junk-1,junk-2");
    EXPECT_EQ(str("select concat_ws('|', device_name, serial, imei, length(upn), os_version, coalesce(last_sync_at::text, '-'),"
                  " coalesce(enrolled_at::text, '-')) from mdm_device where mdm_id = 'junk-1'"),
              "Anns phone[2J|SNX1|350000000000014|254|{\"a\": 1}|-|-");
    EXPECT_EQ(str("select length(mdm_id) || '/' || length(device_name) from mdm_device where mdm_id like 'iii%'"), "64/200");
    EXPECT_EQ(str("select (last_sync_at at time zone 'UTC')::text || '|' || coalesce(enrolled_at::text, '-')"
                  " from mdm_device where mdm_id = '42'"),
              "2024-05-01 10:00:00.123457|-");
    EXPECT_EQ(str("select coalesce(last_sync_at::text, '-') from mdm_device where mdm_id = 'junk-2'"), "-");
    EXPECT_EQ(num("select count(*) from mdm_device m where m::text ~ E'[\\u0001-\\u001f\\u202a-\\u202e]'"), 0);
}

TEST_F(MdmRules, SyncMatchesByMdmIdThenSerialThenImei) {
    owner("insert into device (asset_tag, serial, model_id, mdm_id, imei) select 'M' || k || '-1', 'SM' || k || '0001',"
          " (select min(id) from device_model), m, i from (values ('A', 'mdm-a', null), ('B', null, null),"
          " ('C', null, '350000000000022'), ('D', null, null), ('E', null, '350000000000030')) v(k, m, i)");
    const std::string s = begun("agent", false);
    must("agent", "select mdm_sync_page(" + s + R"(, '[
        {"id": "mdm-a", "serialNumber": "smb0001"}, {"id": "mdm-b", "serialNumber": "smb0001"},
        {"id": "mdm-c", "imei": "35 000000 000002 2"},
        {"id": "mdm-d", "serialNumber": "SMD0001", "imei": "350000000000030"},
        {"id": "mdm-x", "serialNumber": "NOPE0001"}]'))");
    EXPECT_EQ(must("agent", "select concat_ws(' ', seen, new_devices, unmatched, gone) from mdm_sync_finish(" + s + ")"),
              "5 5 1 0");
    EXPECT_EQ(str("select string_agg(asset_tag || '=' || coalesce(mdm_id, '-'), ' ' order by asset_tag) from device"
                  " where asset_tag like 'M_-1'"),
              "MA-1=mdm-a MB-1=mdm-b MC-1=mdm-c MD-1=mdm-d ME-1=-");
    EXPECT_EQ(str("select string_agg(m.mdm_id || '=' || coalesce(d.asset_tag, '-'), ' ' order by m.mdm_id)"
                  " from mdm_device m left join device d on d.id = m.device_id"),
              "mdm-a=MA-1 mdm-b=MB-1 mdm-c=MC-1 mdm-d=MD-1 mdm-x=-");
    EXPECT_EQ(must("viewer", "select string_agg(kind || ':' || mdm_id, ',') from mdm_drift() where kind = 'not_in_register'"),
              "not_in_register:mdm-x");
    // Re-enrolled: a new MDM id with the same serial moves to the device.
    const std::string s2 = begun("manager", false);
    must("manager", "select mdm_sync_page(" + s2 + R"(, '[{"id": "mdm-a"}, {"id": "mdm-b2", "serialNumber": "SMB0001"}]'))");
    EXPECT_EQ(must("manager", "select gone from mdm_sync_finish(" + s2 + ")"), "4");
    EXPECT_EQ(str("select mdm_id from device where asset_tag = 'MB-1'"), "mdm-b2");
}

TEST_F(MdmRules, AnUnfinishedSyncLeavesTheSnapshotAlone) {
    const std::string s1 = begun("agent", false);
    must("agent", "select mdm_sync_page(" + s1 + R"(, '[{"id": "keep-1"}, {"id": "keep-2"}]'))");
    must("agent", "select mdm_sync_finish(" + s1 + ")");
    const std::string snapshot = "select string_agg(mdm_id || ':' || sync_id || ':' || changed_at, ',' order by mdm_id) from mdm_device";
    const std::string before = str(snapshot);
    // Abandoned: its pages go, the snapshot stays, and it cannot be resumed.
    const std::string s2 = begun("agent", true);
    must("agent", "select mdm_sync_abandon(" + s2 + ")");
    EXPECT_EQ(str(snapshot), before);
    EXPECT_EQ(str("select state || (select count(*) from mdm_sync_row where sync_id = " + s2 + ") from mdm_sync where id = " + s2),
              "abandoned0");
    EXPECT_EQ(run("agent", "select mdm_sync_page(" + s2 + ", '[{\"id\": \"late\"}]')").sqlstate, "QM004");
    EXPECT_EQ(run("agent", "select mdm_sync_finish(" + s2 + ")").sqlstate, "QM004");
    // Never finished (the dispatcher died): the snapshot stays; a day later its pages are dropped.
    std::string s3;
    {
        RawSession dying(as("agent"));
        s3 = dying.run("select mdm_sync_begin()").value;
        EXPECT_TRUE(dying.run("select mdm_sync_page(" + s3 + ", '[{\"id\": \"lost-1\"}]')").ok);
    }
    EXPECT_EQ(str(snapshot), before);
    EXPECT_EQ(num("select count(*) from mdm_sync_row where sync_id = " + s3), 1);
    owner("update mdm_sync set started_at = started_at - interval '2 days' where id = " + s3);
    begun("manager", false);
    EXPECT_EQ(str("select state || (select count(*) from mdm_sync_row where sync_id = " + s3 + ") from mdm_sync where id = " + s3),
              "abandoned0");
    EXPECT_EQ(str(snapshot), before);
}

TEST_F(MdmRules, ASyncBelongsToTheLoginThatBeganIt) {
    const std::string s = begun("agent", true);
    for (const char* role : {"manager", "approver", "admin"}) {
        SCOPED_TRACE(role);
        EXPECT_EQ(run(role, "select mdm_sync_page(" + s + ", '[{\"id\": \"intruder\"}]')").sqlstate, "QM004");
        EXPECT_EQ(run(role, "select mdm_sync_finish(" + s + ")").sqlstate, "QM004");
        PgResult abandon = run(role, "select mdm_sync_abandon(" + s + ")");
        EXPECT_EQ(num("select count(*) from mdm_sync_row where sync_id = " + s), 1)
            << "another login's mdm_sync_abandon emptied the pages of a sync it did not begin ("
            << (abandon.ok ? "allowed" : abandon.sqlstate) << ")";
        EXPECT_EQ(str("select state from mdm_sync where id = " + s), "running");
    }
    EXPECT_EQ(must("agent", "select seen from mdm_sync_finish(" + s + ")"), "1");
    EXPECT_EQ(num("select count(*) from mdm_device where mdm_id = 'intruder'"), 0);
}

// A viewer can take no lock that a sync must wait for (DESIGN.md §10): PostgreSQL locks a
// statement's table when parsing it, before checking the right to run it.
TEST_F(MdmRules, AViewerCannotStallASync) {
    RawSession viewer(as("viewer"));
    ASSERT_TRUE(viewer.run("begin").ok);
    PgResult held = viewer.run("prepare stall as delete from mdm_device");
    bool blocked = false;
    if (held.ok) {
        RawSession agent(as("agent"));
        const std::string pid = agent.run("select pg_backend_pid()").value;
        const std::string s = agent.run("select mdm_sync_begin()").value;
        agent.run("select mdm_sync_page(" + s + ", '[{\"id\": \"stall-1\"}]')");
        PgResult finish;
        std::thread t([&] { finish = agent.run("select seen from mdm_sync_finish(" + s + ")"); });
        for (int i = 0; i < 30 && !blocked; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            blocked = num("select count(*) from pg_stat_activity where pid = " + pid + " and wait_event_type = 'Lock'") > 0;
        }
        viewer.run("rollback");
        t.join();
        EXPECT_TRUE(finish.ok) << finish.sqlstate << " " << finish.message;
    }
    EXPECT_FALSE(blocked) << "a viewer's open transaction (BEGIN; PREPARE p AS DELETE FROM mdm_device) holds a lock"
                             " mdm_sync_finish waits for, up to its 30 s lock_timeout";
}

TEST_F(MdmRules, TemporaryTablesCannotStandInForTheRegisters) {
    const std::string t = addDevice();
    RawSession agent(as("agent"));
    PgResult shadow = agent.run(
        "create temp table mdm_command (id bigint, device_id bigint, action text, state text, reason text,"
        "  requested_at timestamptz, requested_by text, mdm_id text, attempts int, not_before timestamptz,"
        "  check_after timestamptz);"
        "create temp table device (id bigint, asset_tag text, serial text, mdm_id text, status text, legal_hold boolean,"
        "  version int);"
        "insert into device values (-1, '" + t + "', 'X', null, 'retired', true, 1);"
        "create temp table mdm_policy (only_row boolean, wipes_per_person_per_day int, wipes_per_hour_before_hold int);"
        "insert into mdm_policy values (true, 0, 0);"
        "create temp table mdm_sync (id bigint, state text, started_by text, started_at timestamptz);"
        "create temp table mdm_device (mdm_id text, device_id bigint, sync_id bigint)");
    ASSERT_TRUE(shadow.ok) << shadow.message;
    PgResult w = agent.run("select mdm_request('" + t + "', 'wipe', 'lost')");
    EXPECT_TRUE(w.ok) << w.sqlstate << " " << w.message;
    PgResult l = agent.run("select mdm_request('" + t + "', 'remote_lock', 'lost')");
    ASSERT_TRUE(l.ok) << l.sqlstate << " " << l.message;
    EXPECT_EQ(num("select count(*) from public.mdm_command c join public.device d on d.id = c.device_id"
                  " where d.asset_tag = '" + t + "'"),
              2);
    EXPECT_EQ(agent.run("select count(*) from pg_temp.mdm_command").value, "0");
    EXPECT_EQ(agent.run("select string_agg(id::text, ',') from mdm_take_work('tmp', 10, 60)").value, l.value);
    const std::string s = agent.run("select mdm_sync_begin()").value;
    EXPECT_TRUE(agent.run("select mdm_sync_page(" + s + ", '[{\"id\": \"tmp-1\"}]')").ok);
    EXPECT_EQ(agent.run("select seen from mdm_sync_finish(" + s + ")").value, "1");
    EXPECT_EQ(num("select count(*) from public.mdm_device where mdm_id = 'tmp-1'"), 1);
    EXPECT_EQ(agent.run("select count(*) from pg_temp.mdm_device").value, "0");
}

// mdm_sync_finish keeps its matches in a temporary table named mdm_match. One the caller made
// first, with a trigger, must not run the caller's code with the owner's rights.
TEST_F(MdmRules, ATemporaryTableCannotRunCodeInsideSyncFinish) {
    const std::string c = request("manager", addDevice(), "wipe");
    RawSession agent(as("agent"));
    PgResult plant = agent.run(
        "create temp table mdm_match (mdm_id text primary key, device_id bigint);"
        "grant all on mdm_match to public;"
        "create function pg_temp.qm_plant() returns trigger language plpgsql as $$ begin"
        "  update public.mdm_command set state = 'queued', approved_by = 'nobody', approved_at = now()"
        "   where state = 'awaiting_approval';"
        "  return null; end $$;"
        "create trigger qm_plant after insert on mdm_match for each statement execute function pg_temp.qm_plant()");
    if (plant.ok) {
        const std::string s = agent.run("select mdm_sync_begin()").value;
        agent.run("select mdm_sync_page(" + s + ", '[{\"id\": \"plant-1\"}]')");
        agent.run("select seen from mdm_sync_finish(" + s + ")");
    }
    EXPECT_EQ(str("select state || ' ' || coalesce(approved_by, '-') from mdm_command where id = " + c),
              "awaiting_approval -")
        << "an agent's temporary mdm_match with a trigger ran as the register's owner inside mdm_sync_finish and"
           " queued a wipe nobody approved";
}

TEST_F(MdmRules, EveryFunctionIsPinnedBoundedAndNotPublic) {
    const std::string names =
        "array['mdm_text', 'mdm_time', 'mdm_sync_begin', 'mdm_sync_page', 'mdm_sync_abandon', 'mdm_sync_finish',"
        " 'mdm_drift', 'require_custody_agrees', 'mdm_action_words', 'mdm_lock_command', 'mdm_request',"
        " 'mdm_retire_device', 'mdm_approve', 'mdm_reject', 'mdm_release', 'mdm_cancel', 'mdm_set_policy',"
        " 'mdm_take_work', 'mdm_record', 'desk_move']";
    const std::string from = " from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname = any(" + names + ")";
    EXPECT_EQ(num("select count(distinct proname)" + from), 20);
    EXPECT_EQ(str("select string_agg(p.oid::regprocedure::text, ', ')" + from +
                  " and not coalesce(array_to_string(p.proconfig, ';') like '%search_path=pg_catalog, public, pg_temp%', false)"),
              "<null>")
        << "functions without a pinned search_path";
    EXPECT_EQ(str("select string_agg(p.oid::regprocedure::text, ', ')" + from +
                  " and has_function_privilege('public', p.oid, 'EXECUTE')"),
              "<null>")
        << "functions PUBLIC may execute";
    // The internals run only inside the register's functions; each operation only for its roles.
    EXPECT_EQ(str("select string_agg(v.r || ': ' || p.proname, ', ') from pg_proc p, (values ('qm_admin', array['mdm_lock_command',"
                  " 'mdm_retire_device', 'mdm_text', 'mdm_time', 'mdm_action_words', 'require_custody_agrees']),"
                  " ('qm_approver', array['mdm_release', 'mdm_set_policy']), ('qm_manager', array['mdm_approve', 'mdm_reject']),"
                  " ('qm_viewer', array['mdm_request', 'mdm_cancel', 'mdm_take_work', 'mdm_record', 'mdm_sync_begin',"
                  " 'mdm_sync_page', 'mdm_sync_abandon', 'mdm_sync_finish'])) v(r, f)"
                  " where p.proname = any(v.f) and has_function_privilege(v.r, p.oid, 'EXECUTE')"),
              "<null>");
    EXPECT_EQ(num("select count(*) from pg_proc where proname = 'mdm_drift' and has_function_privilege('qm_viewer', oid, 'EXECUTE')"), 1);
    // Every wait in a desk operation is bounded (DESIGN.md §10): each one that takes row or
    // table locks sets its own lock_timeout.
    EXPECT_EQ(str("select string_agg(p.oid::regprocedure::text, ', ' order by p.proname)" + from +
                  " and p.prosecdef and p.proname not in ('mdm_sync_page', 'require_custody_agrees')"
                  " and not coalesce(array_to_string(p.proconfig, ';') like '%lock_timeout=%', false)"),
              "<null>")
        << "desk operations with no lock_timeout (desk_move had '3s' from schema version 6)";
}

}  // namespace
}  // namespace qm::test
