// Who may do what at the custody desk (issue 3, DESIGN.md §5): a role × operation matrix tried
// through the services and through raw SQL over libpq under each desk login, with the expected
// allow or deny for every cell written out below. A deny is qm::Error kind Permission, which is
// SQLSTATE 42501 (no privilege) or QM005 (a desk function's role check) underneath. Every
// allowed operation writes its audit events in the same transaction, with the login as actor.
// The audit record itself is append-only for everyone, and a superuser's tampering is found by
// services::verifyAudit at the first broken link.
#include "db/database.hpp"
#include "services/audit/audit.hpp"
#include "services/custody/custody.hpp"
#include "services/mdm/commands.hpp"
#include "services/register/register.hpp"
#include "tests/support/raw_sql.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <libpq-fe.h>

#include <functional>
#include <iomanip>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kRoles = {"viewer", "agent", "manager", "approver", "admin"};
constexpr bool A = true;   // allowed
constexpr bool D = false;  // denied

// The expected matrix through the services. Columns: viewer, agent, manager, approver, admin.
const std::vector<std::pair<std::string, std::vector<bool>>> kServiceMatrix = {
    {"issue",      {D, A, A, A, A}},
    {"return",     {D, A, A, A, A}},
    {"swap",       {D, A, A, A, A}},
    {"lost",       {D, A, A, A, A}},
    {"repair",     {D, A, A, A, A}},
    {"restock",    {D, A, A, A, A}},
    {"retire",     {D, A, A, A, A}},  // a request; a second person approves (issue 8)
    {"hold",       {D, D, A, A, A}},
    {"release",    {D, D, A, A, A}},
    {"device add", {D, D, A, A, A}},
    {"person add", {D, D, A, A, A}},
};

// The expected matrix through raw SQL under each login (psql would meet the same).
const std::vector<std::pair<std::string, std::vector<bool>>> kSqlMatrix = {
    {"issue",                   {D, A, A, A, A}},  // select desk_issue(...)
    {"return",                  {D, A, A, A, A}},
    {"swap",                    {D, A, A, A, A}},
    {"lost",                    {D, A, A, A, A}},
    {"repair",                  {D, A, A, A, A}},
    {"restock",                 {D, A, A, A, A}},
    {"retire",                  {D, A, A, A, A}},  // select mdm_request(..., 'retire', ...)
    {"hold",                    {D, D, A, A, A}},
    {"release",                 {D, D, A, A, A}},
    {"device add",              {D, D, A, A, A}},  // insert into device
    {"person add",              {D, D, A, A, A}},  // insert into person
    {"update device status",    {D, D, D, D, D}},  // only the desk's functions (issue 6)
    {"update device notes",     {D, D, A, A, A}},  // master data
    {"update person",           {D, D, A, A, A}},
    {"insert custody",          {D, D, D, D, D}},  // only through the desk functions
    {"update custody",          {D, D, D, D, D}},
    {"delete custody",          {D, D, D, D, D}},
    {"insert device_event",     {D, D, D, D, D}},
    {"insert mdm_command",      {D, D, D, D, D}},  // e.g. a wipe without approval
    {"insert swap",             {D, D, D, D, D}},
    {"insert audit_event",      {D, D, D, D, D}},
    {"delete device",           {D, D, D, D, D}},
};

std::string table(const std::vector<std::pair<std::string, std::vector<bool>>>& matrix,
                  const std::map<std::pair<std::string, std::string>, bool>& actual) {
    std::ostringstream out;
    out << std::left << std::setw(24) << "operation";
    for (const auto& r : kRoles) out << std::setw(10) << r;
    out << "\n";
    for (const auto& [op, row] : matrix) {
        out << std::setw(24) << op;
        for (std::size_t i = 0; i < kRoles.size(); ++i) {
            auto it = actual.find({op, kRoles[i]});
            std::string cell = it == actual.end() ? "?" : (it->second ? "allow" : "deny");
            if (it != actual.end() && it->second != row[i]) cell += "(!)";
            out << std::setw(10) << cell;
        }
        out << "\n";
    }
    return out.str();
}

class CustodyRoles : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        owner_ = std::make_unique<db::Database>(as("owner"));
        owner_->execScript(
            "insert into command_unit (name, code) values ('Central West', 'AW');"
            "insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone')");
    }

    long long scalar(const std::string& sql) {
        long long n = -1;
        owner_->sql() << sql, soci::into(n);
        return n;
    }
    std::string text(const std::string& sql) {
        std::string s;
        soci::indicator ind = soci::i_ok;
        owner_->sql() << sql, soci::into(s, ind);
        return ind == soci::i_null ? "<null>" : s;
    }

    // A cell's own devices (A in stock, B in stock) and person, prepared for `op` by the owner.
    struct Cell {
        std::string a, b, staffNo, newTag, newStaffNo;
    };
    Cell prepare(const std::string& op) {
        const int k = ++cells_;
        Cell c{"R" + std::to_string(k) + "-A", "R" + std::to_string(k) + "-B", std::to_string(700000 + k),
               "N" + std::to_string(k), std::to_string(800000 + k)};
        owner_->execScript(
            "insert into device (asset_tag, serial, model_id) values"
            " ('" + c.a + "', 'SA" + std::to_string(10000 + k) + "', (select min(id) from device_model)),"
            " ('" + c.b + "', 'SB" + std::to_string(10000 + k) + "', (select min(id) from device_model));"
            "insert into person (staff_no, name, rank) values ('" + c.staffNo + "', 'Officer " + std::to_string(k) +
            "', 'Police Constable')");
        if (op == "return" || op == "swap" || op == "lost" || op == "update custody" || op == "delete custody")
            owner_->execScript("select desk_issue('" + c.a + "', '" + c.staffNo + "')");
        if (op == "restock") owner_->execScript("select desk_move('" + c.a + "', 'in_repair', '')");
        if (op == "release") owner_->execScript("select desk_hold('" + c.a + "', true, 'evidence')");
        return c;
    }

    // Did the operation take effect? (Checked after both allowed and denied attempts.)
    bool tookEffect(const std::string& op, const Cell& c) {
        auto status = [&](const std::string& tag) {
            return text("select status::text from device where asset_tag = '" + tag + "'");
        };
        if (op == "issue") return status(c.a) == "issued";
        if (op == "return") return status(c.a) == "in_stock";
        if (op == "swap") return status(c.a) == "in_repair" && status(c.b) == "issued";
        if (op == "lost") return status(c.a) == "lost";
        if (op == "repair" || op == "update device status") return status(c.a) == "in_repair";
        if (op == "restock") return status(c.a) == "in_stock";
        if (op == "retire")
            return scalar("select count(*) from mdm_command m join device d on d.id = m.device_id where d.asset_tag = '" +
                          c.a + "' and m.action = 'retire' and m.state = 'awaiting_approval'") == 1;
        if (op == "hold") return text("select legal_hold::text from device where asset_tag = '" + c.a + "'") == "true";
        if (op == "release") return text("select legal_hold::text from device where asset_tag = '" + c.a + "'") == "false";
        if (op == "device add") return scalar("select count(*) from device where asset_tag = '" + c.newTag + "'") == 1;
        if (op == "person add") return scalar("select count(*) from person where staff_no = '" + c.newStaffNo + "'") == 1;
        if (op == "update device notes")
            return text("select notes from device where asset_tag = '" + c.a + "'") == "edited";
        if (op == "update person")
            return text("select name from person where staff_no = '" + c.staffNo + "'") == "Renamed";
        if (op == "insert custody") return scalar("select count(*) from custody where issue_receipt = 'FORGED'") > 0;
        if (op == "update custody") return scalar("select count(*) from custody where issued_by = 'nobody'") > 0;
        if (op == "delete custody") return scalar("select count(*) from custody c join device d on d.id = c.device_id"
                                                  " where d.asset_tag = '" + c.a + "'") == 0;
        if (op == "insert device_event") return scalar("select count(*) from device_event where kind = 'forged'") > 0;
        if (op == "insert mdm_command") return scalar("select count(*) from mdm_command where reason = 'forged'") > 0;
        if (op == "insert swap") return scalar("select count(*) from swap where reason = 'forged'") > 0;
        if (op == "insert audit_event") return scalar("select count(*) from audit_event where actor = 'forged'") > 0;
        if (op == "delete device") return scalar("select count(*) from device where asset_tag = '" + c.b + "'") == 0;
        ADD_FAILURE() << "no effect check for " << op;
        return false;
    }

    std::string sqlFor(const std::string& op, const Cell& c) {
        const std::string a = "'" + c.a + "'", b = "'" + c.b + "'", p = "'" + c.staffNo + "'";
        if (op == "issue") return "select desk_issue(" + a + ", " + p + ")";
        if (op == "return") return "select desk_return(" + a + ", 'good')";
        if (op == "swap") return "select desk_swap(" + a + ", " + b + ", 'cracked screen')";
        if (op == "lost") return "select desk_report_lost(" + a + ", false, 'CAD 1')";
        if (op == "repair") return "select desk_move(" + a + ", 'in_repair', '')";
        if (op == "restock") return "select desk_move(" + a + ", 'in_stock', '')";
        if (op == "retire") return "select mdm_request(" + a + ", 'retire', 'end of life')";
        if (op == "hold") return "select desk_hold(" + a + ", true, 'evidence')";
        if (op == "release") return "select desk_hold(" + a + ", false)";
        if (op == "device add")
            return "insert into device (asset_tag, serial, model_id) values ('" + c.newTag + "', 'S" + c.newTag +
                   "X', (select min(id) from device_model))";
        if (op == "person add")
            return "insert into person (staff_no, name) values ('" + c.newStaffNo + "', 'New Starter')";
        if (op == "update device status") return "update device set status = 'in_repair' where asset_tag = " + a;
        if (op == "update device notes") return "update device set notes = 'edited' where asset_tag = " + a;
        if (op == "update person") return "update person set name = 'Renamed' where staff_no = " + p;
        if (op == "insert custody")
            return "insert into custody (device_id, person_id, issue_receipt) select d.id, p.id, 'FORGED'"
                   " from device d, person p where d.asset_tag = " + a + " and p.staff_no = " + p;
        if (op == "update custody")
            return "update custody set issued_by = 'nobody' where device_id = (select id from device where asset_tag = " +
                   a + ")";
        if (op == "delete custody")
            return "delete from custody where device_id = (select id from device where asset_tag = " + a + ")";
        if (op == "insert device_event")
            return "insert into device_event (device_id, kind) select id, 'forged' from device where asset_tag = " + a;
        if (op == "insert mdm_command")
            return "insert into mdm_command (device_id, action, reason) select id, 'wipe', 'forged' from device"
                   " where asset_tag = " + a;
        if (op == "insert swap")
            return "insert into swap (old_custody_id, new_custody_id, reason, receipt) select min(id), max(id),"
                   " 'forged', 'FORGED' from custody";
        if (op == "insert audit_event")
            return "insert into audit_event (id, at, actor, action, entity, prev_hash, hash)"
                   " values (1000000, now(), 'forged', 'insert', 'device', '\\x00', '\\x00')";
        if (op == "delete device") return "delete from device where asset_tag = " + b;
        ADD_FAILURE() << "no SQL for " << op;
        return "select 1";
    }

    void runService(services::Session& s, const std::string& op, const Cell& c) {
        if (op == "issue") {
            services::IssueRequest r;
            r.device = c.a;
            r.staffNo = c.staffNo;
            services::issueDevice(s, r);
        } else if (op == "return") {
            services::ReturnRequest r;
            r.device = c.a;
            services::returnDevice(s, r);
        } else if (op == "swap") {
            services::swapDevice(s, c.a, c.b, "cracked screen");
        } else if (op == "lost") {
            services::reportLost(s, c.a, false, "CAD 1");
        } else if (op == "repair") {
            services::sendToRepair(s, c.a, "");
        } else if (op == "restock") {
            services::restock(s, c.a, "");
        } else if (op == "retire") {
            services::mdm::request(s, c.a, "retire", "end of life");
        } else if (op == "hold") {
            services::placeHold(s, c.a, "evidence");
        } else if (op == "release") {
            services::releaseHold(s, c.a);
        } else if (op == "device add") {
            services::DeviceInput in;
            in.assetTag = c.newTag;
            in.serial = "S" + c.newTag + "X";
            in.model = "Samsung Galaxy A54 5G";
            services::addDevice(s, in);
        } else if (op == "person add") {
            services::PersonInput in;
            in.staffNo = c.newStaffNo;
            in.name = "New Starter";
            services::addPerson(s, in);
        } else {
            ADD_FAILURE() << "no service call for " << op;
        }
    }

    // After an allowed operation: it wrote audit events, all in its one transaction, all with
    // the desk login as actor (session_user, even inside SECURITY DEFINER functions), each with
    // the before and after images its action calls for.
    void expectAudited(long long sinceId, const std::string& role, const std::string& op) {
        const std::string since = " from audit_event where id > " + std::to_string(sinceId);
        EXPECT_GT(scalar("select count(*)" + since), 0) << op << " wrote no audit event";
        EXPECT_EQ(text("select string_agg(distinct actor, ',')" + since), "test_" + role);
        // One writing transaction: every event has the same xmin.
        EXPECT_EQ(scalar("select count(distinct xmin::text)" + since), 1)
            << op << ": audit events from more than one transaction";
        EXPECT_EQ(scalar("select count(*)" + since +
                         " and not ((action = 'insert' and before is null and after is not null)"
                         "       or (action = 'update' and before is not null and after is not null)"
                         "       or (action = 'delete' and before is not null and after is null))"),
                  0);
        // The events carry the rows: every audited device update names the device it changed.
        EXPECT_EQ(scalar("select count(*)" + since +
                         " and entity = 'device' and action = 'update'"
                         " and (before ->> 'id' <> after ->> 'id' or entity_id::text <> after ->> 'id')"),
                  0);
    }

    std::unique_ptr<db::Database> owner_;
    int cells_ = 0;
};

TEST_F(CustodyRoles, MatrixThroughTheServices) {
    std::map<std::string, std::unique_ptr<services::Session>> sessions;
    for (const auto& r : kRoles) sessions[r] = session(r);
    std::map<std::pair<std::string, std::string>, bool> actual;
    for (const auto& [op, expected] : kServiceMatrix) {
        for (std::size_t i = 0; i < kRoles.size(); ++i) {
            const std::string& role = kRoles[i];
            SCOPED_TRACE(op + " as " + role);
            Cell c = prepare(op);
            const long long auditBefore = scalar("select coalesce(max(id), 0) from audit_event");
            bool allowed = true;
            try {
                runService(*sessions[role], op, c);
            } catch (const Error& e) {
                allowed = false;
                EXPECT_EQ(e.kind(), ErrorKind::Permission) << e.what();
            }
            actual[{op, role}] = allowed;
            EXPECT_EQ(allowed, expected[i]);
            EXPECT_EQ(tookEffect(op, c), allowed);
            if (allowed) expectAudited(auditBefore, role, op);
            else EXPECT_EQ(scalar("select coalesce(max(id), 0) from audit_event"), auditBefore);
        }
    }
    std::cout << "Services, role x operation (allow/deny; (!) = not as expected):\n" << table(kServiceMatrix, actual);
    auto v = services::verifyAudit(*sessions["viewer"]);
    EXPECT_TRUE(v.intact) << v.sentence;
}

TEST_F(CustodyRoles, MatrixThroughRawSqlOverLibpq) {
    std::map<std::pair<std::string, std::string>, bool> actual;
    for (const auto& [op, expected] : kSqlMatrix) {
        for (std::size_t i = 0; i < kRoles.size(); ++i) {
            const std::string& role = kRoles[i];
            SCOPED_TRACE(op + " as " + role);
            Cell c = prepare(op);
            const long long auditBefore = scalar("select coalesce(max(id), 0) from audit_event");
            PgResult r = runSql(as(role), sqlFor(op, c));
            actual[{op, role}] = r.ok;
            EXPECT_EQ(r.ok, expected[i]) << r.sqlstate << " " << r.message;
            if (!r.ok) {
                EXPECT_TRUE(r.sqlstate == "42501" || r.sqlstate == "QM005") << r.sqlstate << " " << r.message;
                EXPECT_EQ(db::translateSqlError(r.sqlstate, r.message).kind(), ErrorKind::Permission);
            }
            EXPECT_EQ(tookEffect(op, c), r.ok);
            if (r.ok) expectAudited(auditBefore, role, op);
            else EXPECT_EQ(scalar("select coalesce(max(id), 0) from audit_event"), auditBefore);
        }
    }
    std::cout << "Raw SQL, role x operation (allow/deny; (!) = not as expected):\n" << table(kSqlMatrix, actual);
    auto viewer = session("viewer");
    auto v = services::verifyAudit(*viewer);
    EXPECT_TRUE(v.intact) << v.sentence;
}

// A refusal tells the desk user which role the operation needs, in words, not in SQL terms.
TEST_F(CustodyRoles, DenialsSayWhichRoleIsNeeded) {
    auto viewer = session("viewer");
    auto agent = session("agent");
    const std::vector<std::tuple<std::string, services::Session*, std::string, std::function<void(const Cell&)>>> cases = {
        {"viewer issues", viewer.get(), "agent",
         [&](const Cell& c) { services::issueDevice(*viewer, {c.a, c.staffNo, {}, "", "", std::nullopt}); }},
        {"viewer repairs", viewer.get(), "agent", [&](const Cell& c) { services::sendToRepair(*viewer, c.a, ""); }},
        {"viewer swaps", viewer.get(), "agent", [&](const Cell& c) { services::swapDevice(*viewer, c.a, c.b, "x"); }},
        {"agent approves a retirement", agent.get(), "approver",
         [&](const Cell& c) { services::mdm::approve(*agent, services::mdm::request(*agent, c.a, "retire", "old")); }},
        {"agent holds", agent.get(), "manager", [&](const Cell& c) { services::placeHold(*agent, c.a, "why"); }},
    };
    for (const auto& [what, s, needed, fn] : cases) {
        SCOPED_TRACE(what);
        Cell c = prepare("issue");
        try {
            fn(c);
            ADD_FAILURE() << what << " was allowed";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Permission);
            EXPECT_THAT(e.what(), HasSubstr(needed)) << e.what();
            EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("function"))) << e.what();
            EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("desk_"))) << e.what();
            EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("a agent"))) << e.what();  // "an agent"
        }
    }
}

// The desk functions record the desk login, not the functions' owner, everywhere they name one.
TEST_F(CustodyRoles, CustodyAndTimelineNameTheLoginNotTheOwner) {
    Cell c = prepare("issue");
    auto agent = session("agent");
    services::IssueRequest r;
    r.device = c.a;
    r.staffNo = c.staffNo;
    auto done = services::issueDevice(*agent, r);
    // The issue's audit events were written by the issue's own transaction (same xmin as the
    // custody row it inserted), so they commit or vanish with it.
    EXPECT_EQ(scalar("select count(*) from audit_event a join custody c on c.issue_receipt = '" + done.receipt +
                     "' where a.entity = 'custody' and a.action = 'insert' and a.entity_id = c.id"
                     " and a.xmin::text = c.xmin::text"),
              1);
    EXPECT_EQ(scalar("select count(*) from audit_event a, custody c where c.issue_receipt = '" + done.receipt +
                     "' and a.xmin::text = c.xmin::text and a.entity in ('custody', 'device', 'device_event')"),
              3);
    services::swapDevice(*agent, c.a, c.b, "fault");
    services::reportLost(*agent, c.b, true, "CAD 9");
    EXPECT_EQ(text("select string_agg(distinct issued_by, ',') from custody"), "test_agent");
    EXPECT_EQ(text("select string_agg(distinct returned_by, ',') from custody"), "test_agent");
    EXPECT_EQ(text("select string_agg(distinct actor, ',') from device_event"), "test_agent");
    EXPECT_EQ(text("select by_login from swap"), "test_agent");
    EXPECT_EQ(text("select requested_by from mdm_command"), "test_agent");
    EXPECT_EQ(text("select string_agg(distinct actor, ',') from audit_event where entity in"
                   " ('custody', 'swap', 'device_event', 'mdm_command')"),
              "test_agent");
    EXPECT_EQ(text("select after ->> 'status' from audit_event where entity = 'device' and action = 'update'"
                   " and entity_id = (select id from device where asset_tag = '" + c.a + "') order by id limit 1"),
              "issued");
    EXPECT_EQ(text("select before ->> 'status' from audit_event where entity = 'device' and action = 'update'"
                   " and entity_id = (select id from device where asset_tag = '" + c.a + "') order by id limit 1"),
              "in_stock");
}

// ---------------------------------------------------------------------------------------------
// The audit record: append-only for everyone, tampering found by the hash chain.

class CustodyAudit : public CustodyRoles {
protected:
    void SetUp() override {
        CustodyRoles::SetUp();
        // Some history: issues, returns, a swap and a loss.
        auto agent = session("agent");
        for (int i = 0; i < 3; ++i) {
            Cell c = prepare("issue");
            services::IssueRequest r;
            r.device = c.a;
            r.staffNo = c.staffNo;
            services::issueDevice(*agent, r);
            if (i == 0) services::returnDevice(*agent, {c.a, "faulty", "", std::nullopt});
            if (i == 1) services::swapDevice(*agent, c.a, c.b, "cracked");
            if (i == 2) services::reportLost(*agent, c.a, false, "CAD 2");
        }
        events_ = scalar("select count(*) from audit_event");
        ASSERT_GT(events_, 20);
        ASSERT_EQ(scalar("select max(id) from audit_event"), events_);
        viewer_ = session("viewer");
        auto v = services::verifyAudit(*viewer_);
        ASSERT_TRUE(v.intact) << v.sentence;
        ASSERT_EQ(v.events, events_);
    }

    // As the bootstrap superuser, bypassing the append-only triggers.
    void tamper(const std::string& sql) {
        db::Database su(as("owner"));
        su.execScript("begin; set local session_replication_role = replica; " + sql + "; commit");
    }

    long long events_ = 0;
    std::unique_ptr<services::Session> viewer_;
};

TEST_F(CustodyAudit, NoRoleCanUpdateDeleteOrTruncateTheAuditRecord) {
    std::vector<std::string> logins = kRoles;
    logins.push_back("owner");  // the register's owner (here the bootstrap superuser) too
    for (const auto& role : logins) {
        for (const std::string sql : {"update audit_event set actor = 'someone else' where id = 5",
                                      "delete from audit_event where id = 5",
                                      "delete from audit_event where id = (select max(id) from audit_event)",
                                      "truncate audit_event"}) {
            SCOPED_TRACE(role + ": " + sql);
            PgResult r = runSql(as(role), sql);
            EXPECT_FALSE(r.ok);
            EXPECT_TRUE(r.sqlstate == "42501" || r.sqlstate == "QM005") << r.sqlstate << " " << r.message;
            EXPECT_EQ(db::translateSqlError(r.sqlstate, r.message).kind(), ErrorKind::Permission) << r.message;
        }
    }
    EXPECT_EQ(scalar("select count(*) from audit_event"), events_);
    EXPECT_EQ(scalar("select count(*) from audit_event where actor = 'someone else'"), 0);
    auto v = services::verifyAudit(*viewer_);
    EXPECT_TRUE(v.intact) << v.sentence;
}

TEST_F(CustodyAudit, AnEditedEventIsFound) {
    const long long k = events_ / 2;
    tamper("update audit_event set actor = 'test_manager' where id = " + std::to_string(k));
    auto v = services::verifyAudit(*viewer_);
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.brokenAt, k);
    EXPECT_EQ(v.events, events_);
    EXPECT_THAT(v.sentence, HasSubstr("event " + std::to_string(k)));
    EXPECT_THAT(v.sentence, HasSubstr("edited"));
}

TEST_F(CustodyAudit, AnEditedBeforeImageIsFound) {
    const long long k = scalar("select min(id) from audit_event where entity = 'device' and action = 'update'");
    tamper("update audit_event set before = jsonb_set(before, '{status}', '\"retired\"') where id = " +
           std::to_string(k));
    auto v = services::verifyAudit(*viewer_);
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.brokenAt, k);
}

TEST_F(CustodyAudit, ADeletedEventIsFound) {
    const long long k = events_ / 2;
    tamper("delete from audit_event where id = " + std::to_string(k));
    auto v = services::verifyAudit(*viewer_);
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.brokenAt, k + 1);
    EXPECT_THAT(v.sentence, HasSubstr("event " + std::to_string(k + 1)));
    EXPECT_THAT(v.sentence, HasSubstr("deleted"));
}

TEST_F(CustodyAudit, TheFirstEventDeletedIsFound) {
    tamper("delete from audit_event where id = 1");
    auto v = services::verifyAudit(*viewer_);
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.brokenAt, 2);
}

TEST_F(CustodyAudit, ReorderedEventsAreFound) {
    const long long k = events_ / 2;
    const std::string a = std::to_string(k), b = std::to_string(k + 1);
    // Swap the two rows' contents (everything but the id), hashes included.
    tamper("update audit_event e set at = o.at, actor = o.actor, action = o.action, entity = o.entity,"
           " entity_id = o.entity_id, before = o.before, after = o.after, prev_hash = o.prev_hash, hash = o.hash"
           " from (select * from audit_event where id in (" + a + ", " + b + ")) o"
           " where e.id in (" + a + ", " + b + ") and o.id = case when e.id = " + a + " then " + b + " else " + a + " end");
    ASSERT_EQ(scalar("select count(*) from audit_event"), events_);
    auto v = services::verifyAudit(*viewer_);
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.brokenAt, k);
}

TEST_F(CustodyAudit, RenumberedEventsAreFound) {
    const long long k = events_ / 2;
    const std::string a = std::to_string(k), b = std::to_string(k + 1);
    // Swap the two rows' ids only: the order of events changes, each row's content stays.
    tamper("update audit_event set id = -id where id in (" + a + ", " + b + ");"
           "update audit_event set id = case when id = -" + a + " then " + b + " else " + a + " end where id < 0");
    auto v = services::verifyAudit(*viewer_);
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.brokenAt, k);
}

TEST_F(CustodyAudit, AnEventInsertedIntoTheMiddleIsFound) {
    const long long k = events_ / 2;
    // Shift the tail up by one and slip a forged event in at k, copying its neighbour's links.
    tamper("update audit_event set id = id + 1000000 where id >= " + std::to_string(k) + ";"
           "update audit_event set id = id - 1000000 + 1 where id >= 1000000;"
           "insert into audit_event select " + std::to_string(k) + ", at, 'forged', action, entity, entity_id, before,"
           " after, prev_hash, hash from audit_event where id = " + std::to_string(k + 1));
    auto v = services::verifyAudit(*viewer_);
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.brokenAt, k);
}

}  // namespace
}  // namespace qm::test
