// The custody desk through services:: (issue 3): issue, return, swap, lost/stolen, repair,
// restock, retire, legal hold, history and custody-at against a real register. Every refusal is
// checked for its kind, its sentence, and that it left nothing behind (custody, timeline, audit
// and MDM command counts, and the device's version, are unchanged).
#include "db/custody_repository.hpp"
#include "db/database.hpp"
#include "services/custody/custody.hpp"
#include "services/mdm/commands.hpp"
#include "services/register/register.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

const std::string kSqlName = "x'); DROP TABLE custody;--";

Error expectError(const std::function<void()>& fn, ErrorKind kind, const std::string& what = {}) {
    try {
        fn();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << what << ": " << e.what();
        return e;
    }
    ADD_FAILURE() << what << ": no error (expected kind " << static_cast<int>(kind) << ")";
    return Error(ErrorKind::Other, "");
}

bool isReceipt(const std::string& r) {
    static const std::regex shape(R"(^R\d{4}-\d{6}$)");
    return std::regex_match(r, shape);
}

class CustodyOps : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        addUnitAndModels();
        db::Database owner(as("owner"));
        owner.execScript(
            "insert into person (staff_no, name, rank, unit_id) values"
            " ('210001', 'Ann O''Brien', 'Police Constable', (select id from command_unit)),"
            " ('210002', 'Zoë Łukasiewicz', 'Sergeant', (select id from command_unit)),"
            " ('210003', '李', NULL, (select id from command_unit)),"
            " ('210004', " + quote(kSqlName) + ", 'Police Constable', (select id from command_unit));"
            "insert into person (staff_no, name, rank, active, left_on) values"
            " ('210009', 'Len Leaver', 'Police Constable', false, '2026-01-31');"
            "insert into device (asset_tag, serial, model_id)"
            " select 'CUST-' || n, 'SERP' || lpad(n::text, 4, '0'),"
            "        (select id from device_model where kind = 'phone') from generate_series(1, 6) n;"
            "insert into device (asset_tag, serial, model_id)"
            " select 'TAB-' || n, 'SERT' || lpad(n::text, 4, '0'),"
            "        (select id from device_model where kind = 'tablet') from generate_series(1, 3) n;"
            "insert into device (asset_tag, serial, model_id, status) values"
            " ('OLD-1', 'SERR0001', (select id from device_model where kind = 'phone'), 'retired'),"
            " ('GONE-1', 'SERL0001', (select id from device_model where kind = 'phone'), 'lost')");
        agent_ = session("agent");
        manager_ = session("manager");
    }

    static std::string quote(const std::string& s) {
        std::string out = "'";
        for (char c : s) {
            if (c == '\'') out += '\'';
            out += c;
        }
        return out + "'";
    }


    // What a refused operation must leave untouched.
    std::map<std::string, long long> counts() {
        std::map<std::string, long long> c;
        for (const char* t : {"custody", "device_event", "audit_event", "mdm_command", "swap", "device", "person"})
            c[t] = scalar(std::string("select count(*) from ") + t);
        c["sum of device versions"] = scalar("select sum(version) from device");
        c["open custody"] = scalar("select count(*) from custody where returned_at is null");
        return c;
    }

    // Runs a refused operation and checks it left nothing behind.
    Error refused(const std::function<void()>& fn, ErrorKind kind, const std::string& what) {
        auto before = counts();
        Error e = expectError(fn, kind, what);
        EXPECT_EQ(counts(), before) << what << " left something behind";
        return e;
    }

    services::HandOver issue(services::Session& s, const std::string& device, const std::string& staffNo,
                             const std::string& overrideReason = {}) {
        services::IssueRequest r;
        r.device = device;
        r.staffNo = staffNo;
        r.overrideReason = overrideReason;
        return services::issueDevice(s, r);
    }
    services::HandOver giveBack(services::Session& s, const std::string& device, const std::string& condition = "good") {
        services::ReturnRequest r;
        r.device = device;
        r.condition = condition;
        return services::returnDevice(s, r);
    }
    DeviceStatus status(const std::string& tag) { return services::showDevice(*agent_, tag).status; }

    std::unique_ptr<services::Session> agent_, manager_;
};

// ---------------------------------------------------------------------------------------------
// Issue

TEST_F(CustodyOps, IssueHandsAnInStockDeviceToAnActivePerson) {
    services::IssueRequest r;
    r.device = "cust-1";  // typed in lower case
    r.staffNo = " 210001 ";
    r.accessories = {"charger", "rugged case"};
    r.note = "first issue";
    auto done = services::issueDevice(*agent_, r);
    EXPECT_TRUE(isReceipt(done.receipt)) << done.receipt;
    EXPECT_EQ(done.device.assetTag, "CUST-1");
    EXPECT_EQ(done.device.status, DeviceStatus::Issued);
    EXPECT_EQ(done.device.version, 2);
    EXPECT_EQ(done.device.unit, "Central West");  // follows the holder's unit
    ASSERT_TRUE(done.person);
    EXPECT_EQ(done.person->staffNo, "210001");
    EXPECT_EQ(done.person->name, "Ann O'Brien");

    auto holder = services::currentHolder(*agent_, done.device);
    ASSERT_TRUE(holder);
    EXPECT_EQ(holder->staffNo, "210001");
    EXPECT_EQ(holder->issuedBy, "test_agent");
    EXPECT_EQ(holder->issueReceipt, done.receipt);
    EXPECT_EQ(holder->accessories, (std::vector<std::string>{"charger", "rugged case"}));
    EXPECT_EQ(scalar("select count(*) from custody"), 1);
    EXPECT_EQ(text("select issue_note from custody"), "first issue");
    EXPECT_EQ(text("select kind || ' ' || from_status || '->' || to_status || ' ' || receipt from device_event"),
              "issue in_stock->issued " + done.receipt);
}

TEST_F(CustodyOps, IssueRefusesLeaversAndDevicesNotInStock) {
    Error e = refused([&] { issue(*agent_, "CUST-1", "210009"); }, ErrorKind::Conflict, "issue to a leaver");
    EXPECT_THAT(e.what(), HasSubstr("PC 210009 Len Leaver has left"));
    e = refused([&] { issue(*agent_, "OLD-1", "210001"); }, ErrorKind::Conflict, "issue a retired device");
    EXPECT_THAT(e.what(), HasSubstr("OLD-1 is retired, not in stock"));
    e = refused([&] { issue(*agent_, "GONE-1", "210001"); }, ErrorKind::Conflict, "issue a lost device");
    EXPECT_THAT(e.what(), HasSubstr("GONE-1 is lost, not in stock"));
    services::sendToRepair(*agent_, "CUST-2", "");
    e = refused([&] { issue(*agent_, "CUST-2", "210001"); }, ErrorKind::Conflict, "issue a device in repair");
    EXPECT_THAT(e.what(), HasSubstr("CUST-2 is in repair, not in stock"));
    e = refused([&] { issue(*agent_, "NOPE-1", "210001"); }, ErrorKind::Invalid, "issue an unknown device");
    EXPECT_THAT(e.what(), HasSubstr("NOPE-1"));
    e = refused([&] { issue(*agent_, "CUST-1", "999999"); }, ErrorKind::Invalid, "issue to an unknown person");
    EXPECT_THAT(e.what(), HasSubstr("999999"));
    refused([&] { issue(*agent_, "CUST-1", "no"); }, ErrorKind::Invalid, "issue to a malformed staff number");
    refused([&] { issue(*agent_, "   ", "210001"); }, ErrorKind::Invalid, "issue with no device");
    EXPECT_EQ(status("CUST-1"), DeviceStatus::InStock);
}

TEST_F(CustodyOps, OnePhoneAndOneTabletPerPersonUnlessAManagerOverrides) {
    issue(*agent_, "CUST-1", "210001");
    issue(*agent_, "TAB-1", "210001");  // a tablet besides the phone is fine

    Error e = refused([&] { issue(*agent_, "CUST-2", "210001"); }, ErrorKind::Conflict, "second phone");
    EXPECT_STREQ(e.what(), "PC 210001 Ann O'Brien already holds a phone (CUST-1); a manager can override with a reason.");
    e = refused([&] { issue(*agent_, "TAB-2", "210001"); }, ErrorKind::Conflict, "second tablet");
    EXPECT_THAT(e.what(), HasSubstr("already holds a tablet (TAB-1)"));
    // An agent giving a reason is still not a manager.
    e = refused([&] { issue(*agent_, "CUST-2", "210001", "covert work needs two"); }, ErrorKind::Permission,
                "agent override");
    EXPECT_THAT(e.what(), HasSubstr("manager"));
    // A manager without a reason gets the same refusal as anyone.
    refused([&] { issue(*manager_, "CUST-2", "210001"); }, ErrorKind::Conflict, "manager second phone, no reason");
    refused([&] { issue(*manager_, "CUST-2", "210001", "   "); }, ErrorKind::Conflict, "manager blank reason");

    auto done = issue(*manager_, "CUST-2", "210001", "covert work needs two");
    EXPECT_EQ(done.device.status, DeviceStatus::Issued);
    EXPECT_EQ(text("select override_reason from custody c join device d on d.id = c.device_id"
                   " where d.asset_tag = 'CUST-2'"),
              "covert work needs two");
    EXPECT_EQ(text("select issued_by from custody c join device d on d.id = c.device_id where d.asset_tag = 'CUST-2'"),
              "test_manager");
    EXPECT_THAT(text("select detail from device_event e join device d on d.id = e.device_id"
                     " where d.asset_tag = 'CUST-2'"),
                HasSubstr("override: covert work needs two"));
    EXPECT_EQ(scalar("select count(*) from custody c join person p on p.id = c.person_id"
                     " where p.staff_no = '210001' and returned_at is null"),
              3);
}

// ---------------------------------------------------------------------------------------------
// Return

TEST_F(CustodyOps, ReturnGoodGoesToStockFaultyAndDamagedToRepair) {
    struct Case {
        std::string condition;
        DeviceStatus after;
    };
    const std::vector<Case> cases = {{"good", DeviceStatus::InStock},
                                     {"faulty", DeviceStatus::InRepair},
                                     {"damaged", DeviceStatus::InRepair},
                                     {"incomplete", DeviceStatus::InStock}};
    std::set<std::string> receipts;
    for (const auto& c : cases) {
        SCOPED_TRACE(c.condition);
        auto out = issue(*agent_, "CUST-1", "210002");
        auto back = giveBack(*agent_, "CUST-1", c.condition);
        EXPECT_TRUE(isReceipt(back.receipt)) << back.receipt;
        EXPECT_NE(back.receipt, out.receipt);
        receipts.insert(out.receipt);
        receipts.insert(back.receipt);
        EXPECT_EQ(back.device.status, c.after);
        EXPECT_EQ(back.device.condition, c.condition);
        ASSERT_TRUE(back.person);
        EXPECT_EQ(back.person->name, "Zoë Łukasiewicz");
        EXPECT_FALSE(services::currentHolder(*agent_, back.device));
        EXPECT_EQ(text("select closed_as || ' ' || return_condition || ' ' || returned_by || ' ' || return_receipt"
                       " from custody order by id desc limit 1"),
                  "returned " + c.condition + " test_agent " + back.receipt);
        if (c.after == DeviceStatus::InRepair) services::restock(*agent_, "CUST-1", "fixed");
    }
    EXPECT_EQ(receipts.size(), 2 * cases.size());
    EXPECT_EQ(scalar("select count(*) from custody where returned_at is not null"), 4);

    Error e = refused([&] { giveBack(*agent_, "CUST-1"); }, ErrorKind::Conflict, "return an in-stock device");
    EXPECT_THAT(e.what(), HasSubstr("CUST-1 is not issued (it is in stock)"));
    issue(*agent_, "CUST-1", "210002");
    e = refused([&] { giveBack(*agent_, "CUST-1", "broken"); }, ErrorKind::Invalid, "bad condition");
    EXPECT_EQ(e.field(), "condition");
    EXPECT_THAT(e.what(), HasSubstr("broken"));
    EXPECT_EQ(status("CUST-1"), DeviceStatus::Issued);
}

// ---------------------------------------------------------------------------------------------
// Swap

TEST_F(CustodyOps, SwapReturnsTheOldAndIssuesTheNewInOneTransaction) {
    services::IssueRequest r;
    r.device = "CUST-1";
    r.staffNo = "210001";
    r.accessories = {"charger"};
    services::issueDevice(*agent_, r);
    auto before = counts();
    const long long lastAudit = scalar("select max(id) from audit_event");

    auto done = services::swapDevice(*agent_, "CUST-1", "CUST-2", "cracked screen");
    EXPECT_TRUE(isReceipt(done.receipt)) << done.receipt;
    EXPECT_EQ(done.oldDevice.assetTag, "CUST-1");
    EXPECT_EQ(done.oldDevice.status, DeviceStatus::InRepair);
    EXPECT_EQ(done.oldDevice.condition, "faulty");
    EXPECT_EQ(done.newDevice.assetTag, "CUST-2");
    EXPECT_EQ(done.newDevice.status, DeviceStatus::Issued);
    EXPECT_EQ(done.person.staffNo, "210001");

    // One swap record links the closed and the opened custody; one receipt covers both.
    EXPECT_EQ(scalar("select count(*) from swap"), 1);
    EXPECT_EQ(text("select concat_ws(' ', o.closed_as, od.asset_tag, op.staff_no, o.return_receipt,"
                   "                 nd.asset_tag, np.staff_no, n.issue_receipt, (n.returned_at is null)::text,"
                   "                 s.receipt, s.reason, s.by_login, n.accessories::text)"
                   " from swap s join custody o on o.id = s.old_custody_id join custody n on n.id = s.new_custody_id"
                   " join device od on od.id = o.device_id join device nd on nd.id = n.device_id"
                   " join person op on op.id = o.person_id join person np on np.id = n.person_id"),
              "swapped CUST-1 210001 " + done.receipt + " CUST-2 210001 " + done.receipt + " true " + done.receipt +
                  " cracked screen test_agent {charger}");
    auto after = counts();
    EXPECT_EQ(after["custody"], before["custody"] + 1);
    EXPECT_EQ(after["swap"], before["swap"] + 1);
    EXPECT_EQ(after["device_event"], before["device_event"] + 2);
    EXPECT_EQ(scalar("select count(distinct receipt) from device_event where receipt = '" + done.receipt + "'"), 1);
    EXPECT_EQ(text("select string_agg(d.asset_tag || ':' || e.kind, ',' order by e.id) from device_event e"
                   " join device d on d.id = e.device_id where e.receipt = '" + done.receipt + "'"),
              "CUST-1:swap out,CUST-2:swap in");
    // One transaction: every audit event it wrote has the same xmin.
    EXPECT_EQ(scalar("select count(distinct xmin::text) from audit_event where id > " + std::to_string(lastAudit)), 1);
    EXPECT_EQ(scalar("select count(*) from audit_event where id > " + std::to_string(lastAudit) +
                     " and entity = 'custody'"),
              2);  // one custody closed, one opened

    // The old device is not issued any more, so swapping it again is refused and leaves nothing.
    Error e = refused([&] { services::swapDevice(*agent_, "CUST-1", "CUST-3", "again"); }, ErrorKind::Conflict,
                      "swap a device that is not issued");
    EXPECT_THAT(e.what(), HasSubstr("CUST-1 is not issued (it is in repair)"));
}

TEST_F(CustodyOps, SwapIsRefusedWholeWhenTheNewDeviceIsNotFree) {
    issue(*agent_, "CUST-1", "210001");
    issue(*agent_, "CUST-2", "210002");
    Error e = refused([&] { services::swapDevice(*agent_, "CUST-1", "CUST-2", "cracked screen"); },
                      ErrorKind::Conflict, "swap for an issued device");
    EXPECT_THAT(e.what(), HasSubstr("CUST-2 is already issued to PS 210002 Zoë Łukasiewicz since "));
    services::placeHold(*manager_, "CUST-3", "Op Trident exhibit");
    e = refused([&] { services::swapDevice(*agent_, "CUST-1", "CUST-3", "cracked screen"); }, ErrorKind::Conflict,
                "swap for a held device");
    EXPECT_THAT(e.what(), HasSubstr("legal hold"));
    refused([&] { services::swapDevice(*agent_, "CUST-1", "OLD-1", "cracked screen"); }, ErrorKind::Conflict,
            "swap for a retired device");
    refused([&] { services::swapDevice(*agent_, "CUST-1", "CUST-4", "  "); }, ErrorKind::Invalid, "swap, no reason");
    refused([&] { services::swapDevice(*agent_, "CUST-1", "cust-1", "cracked"); }, ErrorKind::Invalid,
            "swap for itself");
    EXPECT_EQ(status("CUST-1"), DeviceStatus::Issued);
    EXPECT_EQ(services::currentHolder(*agent_, services::showDevice(*agent_, "CUST-1"))->staffNo, "210001");
}

// The one-phone-one-tablet rule must hold through a swap too: swapping a phone for a tablet
// must not leave a person with two tablets without a manager's override.
TEST_F(CustodyOps, SwapCannotGiveAPersonASecondTablet) {
    issue(*agent_, "CUST-1", "210001");
    issue(*agent_, "TAB-1", "210001");
    Error e = refused([&] { services::swapDevice(*agent_, "CUST-1", "TAB-2", "cracked screen"); }, ErrorKind::Conflict,
                      "swap a phone for a second tablet");
    EXPECT_THAT(e.what(), HasSubstr("already holds a tablet (TAB-1)"));
}

// A leaver cannot be issued devices; a swap issues one, so it must be refused as well.
TEST_F(CustodyOps, SwapIsRefusedForALeaver) {
    issue(*agent_, "CUST-1", "210001");
    {
        db::Database owner(as("owner"));
        owner.execScript("update person set active = false, left_on = current_date where staff_no = '210001'");
    }
    Error e = refused([&] { services::swapDevice(*agent_, "CUST-1", "CUST-2", "cracked screen"); },
                      ErrorKind::Conflict, "swap for a leaver");
    EXPECT_THAT(e.what(), HasSubstr("has left"));
}

// ---------------------------------------------------------------------------------------------
// Lost and stolen

TEST_F(CustodyOps, LostOrStolenClosesCustodyAndQueuesARemoteLock) {
    issue(*agent_, "CUST-1", "210001");
    issue(*agent_, "CUST-2", "210002");
    auto lost = services::reportLost(*agent_, "CUST-1", false, "CAD 4711/14MAR");
    EXPECT_EQ(lost.device.status, DeviceStatus::Lost);
    EXPECT_GT(lost.remoteLockCommand, 0);
    EXPECT_EQ(text("select concat_ws(' ', d.asset_tag, m.action, m.state, m.requested_by) from mdm_command m"
                   " join device d on d.id = m.device_id where m.id = " + std::to_string(lost.remoteLockCommand)),
              "CUST-1 remote_lock queued test_agent");
    EXPECT_THAT(text("select reason from mdm_command where id = " + std::to_string(lost.remoteLockCommand)),
                HasSubstr("CAD 4711/14MAR"));
    EXPECT_EQ(text("select concat_ws(' ', closed_as, returned_by, return_note, (returned_at is not null)::text)"
                   " from custody c join device d on d.id = c.device_id where d.asset_tag = 'CUST-1'"),
              "lost test_agent CAD 4711/14MAR true");
    EXPECT_FALSE(services::currentHolder(*agent_, lost.device));

    auto stolen = services::reportLost(*agent_, "CUST-2", true, "");
    EXPECT_EQ(stolen.device.status, DeviceStatus::Stolen);
    EXPECT_NE(stolen.remoteLockCommand, lost.remoteLockCommand);
    EXPECT_EQ(text("select closed_as from custody c join device d on d.id = c.device_id where d.asset_tag = 'CUST-2'"),
              "stolen");
    EXPECT_EQ(scalar("select count(*) from mdm_command where action = 'remote_lock' and state = 'queued'"), 2);

    // Only an issued device can be reported; a refusal queues nothing.
    Error e = refused([&] { services::reportLost(*agent_, "CUST-3", false, ""); }, ErrorKind::Conflict,
                      "report an in-stock device lost");
    EXPECT_THAT(e.what(), HasSubstr("CUST-3"));
    refused([&] { services::reportLost(*agent_, "CUST-1", true, ""); }, ErrorKind::Conflict,
            "report a lost device stolen");

    // Recovered: back to stock, and issuable again.
    EXPECT_EQ(services::restock(*agent_, "CUST-1", "handed in at Charing Cross").status, DeviceStatus::InStock);
    EXPECT_EQ(issue(*agent_, "CUST-1", "210003").device.status, DeviceStatus::Issued);
}

// ---------------------------------------------------------------------------------------------
// Repair, restock, retire

TEST_F(CustodyOps, RepairRestockAndRetire) {
    EXPECT_EQ(services::sendToRepair(*agent_, "CUST-1", "battery swelling").status, DeviceStatus::InRepair);
    Error e = refused([&] { services::sendToRepair(*agent_, "CUST-1", ""); }, ErrorKind::Conflict, "repair twice");
    EXPECT_THAT(e.what(), HasSubstr("CUST-1 is already in repair"));
    EXPECT_EQ(services::restock(*agent_, "CUST-1", "").status, DeviceStatus::InStock);
    refused([&] { services::restock(*agent_, "CUST-1", ""); }, ErrorKind::Conflict, "restock an in-stock device");

    // Repairs of an issued device go through a return.
    issue(*agent_, "CUST-2", "210001");
    e = refused([&] { services::sendToRepair(*agent_, "CUST-2", ""); }, ErrorKind::Conflict, "repair an issued device");
    EXPECT_THAT(e.what(), HasSubstr("CUST-2 is already issued to PC 210001 Ann O'Brien"));

    // Retiring is a request that a different approver decides (issue 8); a device the MDM does
    // not know is retired at approval.
    auto approver = session("approver");
    refused([&] { services::mdm::request(*manager_, "CUST-1", "retire", " "); }, ErrorKind::Invalid,
            "retire without a reason");
    refused([&] { db::moveDevice(manager_->db(), "CUST-1", "retired", "end of life", std::nullopt); }, ErrorKind::Permission,
            "retire without a second person");
    const long long id = services::mdm::request(*manager_, "CUST-1", "retire", "end of life");
    EXPECT_EQ(status("CUST-1"), DeviceStatus::InStock);
    e = refused([&] { services::mdm::approve(*manager_, id); }, ErrorKind::Permission, "manager approves");
    EXPECT_THAT(e.what(), HasSubstr("approver"));
    EXPECT_EQ(services::mdm::approve(*approver, id), "done");
    EXPECT_EQ(status("CUST-1"), DeviceStatus::Retired);
    EXPECT_EQ(text("select kind || ' ' || actor from device_event e join device d on d.id = e.device_id"
                   " where d.asset_tag = 'CUST-1' order by e.id desc limit 1"),
              "retire test_approver");
    EXPECT_THAT(text("select detail from device_event e join device d on d.id = e.device_id"
                     " where d.asset_tag = 'CUST-1' order by e.id desc limit 1"),
                HasSubstr("requested by test_manager, approved by test_approver: end of life"));
    // Retired is terminal.
    for (auto op : std::vector<std::function<void()>>{[&] { services::restock(*manager_, "CUST-1", ""); },
                                                      [&] { services::sendToRepair(*manager_, "CUST-1", ""); },
                                                      [&] { issue(*manager_, "CUST-1", "210002"); }})
        refused(op, ErrorKind::Conflict, "move a retired device");
    EXPECT_EQ(status("CUST-1"), DeviceStatus::Retired);
}

// ---------------------------------------------------------------------------------------------
// Legal hold

TEST_F(CustodyOps, LegalHoldBlocksIssueAndRetireAndShowsOnTheDevice) {
    refused([&] { services::placeHold(*agent_, "CUST-1", "Op Trident exhibit"); }, ErrorKind::Permission,
            "agent places a hold");
    refused([&] { services::placeHold(*manager_, "CUST-1", ""); }, ErrorKind::Invalid, "hold without a reason");
    auto held = services::placeHold(*manager_, "CUST-1", "Op Trident exhibit MG/1");
    EXPECT_TRUE(held.legalHold);
    EXPECT_EQ(held.holdReason, "Op Trident exhibit MG/1");

    auto viewer = session("viewer");
    auto shown = services::showDevice(*viewer, "CUST-1");
    EXPECT_TRUE(shown.legalHold);
    EXPECT_EQ(shown.holdReason, "Op Trident exhibit MG/1");
    auto h = services::history(*viewer, "CUST-1");
    ASSERT_TRUE(h.device);
    EXPECT_TRUE(h.device->legalHold);
    ASSERT_FALSE(h.events.empty());
    EXPECT_EQ(h.events.back().kind, "legal hold");
    EXPECT_EQ(h.events.back().detail, "Op Trident exhibit MG/1");
    EXPECT_EQ(h.events.back().actor, "test_manager");

    Error e = refused([&] { issue(*agent_, "CUST-1", "210001"); }, ErrorKind::Conflict, "issue a held device");
    EXPECT_STREQ(e.what(), "CUST-1 is under legal hold (Op Trident exhibit MG/1) and cannot be issued.");
    refused([&] { issue(*manager_, "CUST-1", "210001", "urgent"); }, ErrorKind::Conflict, "manager issues held");
    e = refused([&] { services::mdm::request(*manager_, "CUST-1", "retire", "end of life"); }, ErrorKind::Conflict,
                "retire held");
    EXPECT_THAT(e.what(), HasSubstr("legal hold"));
    // Not even the manager's direct UPDATE gets round it: status changes only through the
    // desk's operations (issue 6), and lifting the hold in the same statement does not help.
    {
        db::Database manager(as("manager"));
        expectError([&] { manager.execScript("update device set status = 'retired' where asset_tag = 'CUST-1'"); },
                    ErrorKind::Permission, "manager retires held device by SQL");
        expectError([&] {
            manager.execScript("update device set legal_hold = false, hold_reason = null, status = 'retired'"
                               " where asset_tag = 'CUST-1'");
        }, ErrorKind::Permission, "manager lifts the hold and retires in one statement");
    }
    {
        // The register's own owner role is held to the lifecycle too.
        db::Database owner(as("owner"));
        expectError([&] {
            owner.execScript("set role qm_register; update device set legal_hold = false, hold_reason = null,"
                             " status = 'retired' where asset_tag = 'CUST-1'");
        }, ErrorKind::Conflict, "lift and retire in one statement as the register");
    }
    refused([&] { services::placeHold(*manager_, "CUST-1", "again"); }, ErrorKind::Conflict, "hold twice");

    refused([&] { services::releaseHold(*agent_, "CUST-1"); }, ErrorKind::Permission, "agent releases");
    auto released = services::releaseHold(*manager_, "CUST-1");
    EXPECT_FALSE(released.legalHold);
    EXPECT_EQ(released.holdReason, "");
    refused([&] { services::releaseHold(*manager_, "CUST-1"); }, ErrorKind::Conflict, "release twice");
    EXPECT_EQ(issue(*agent_, "CUST-1", "210001").device.status, DeviceStatus::Issued);

    // A hold on an issued device stays through its return and blocks its next issue.
    services::placeHold(*manager_, "CUST-1", "Professional Standards");
    EXPECT_EQ(giveBack(*agent_, "CUST-1").device.status, DeviceStatus::InStock);
    refused([&] { issue(*agent_, "CUST-1", "210002"); }, ErrorKind::Conflict, "issue held after return");
}

// ---------------------------------------------------------------------------------------------
// Refusals and conflicts

TEST_F(CustodyOps, RefusedOperationsLeaveNothingBehind) {
    issue(*agent_, "CUST-1", "210001");
    issue(*agent_, "TAB-1", "210001");
    services::placeHold(*manager_, "CUST-3", "Op Trident");
    auto viewer = session("viewer");
    int stale = services::showDevice(*agent_, "CUST-4").version;
    {
        db::Database manager(as("manager"));
        manager.execScript("update device set notes = 'scratched' where asset_tag = 'CUST-4'");
    }
    const std::vector<std::pair<std::string, std::function<void()>>> ops = {
        {"issue an issued device", [&] { issue(*agent_, "CUST-1", "210002"); }},
        {"issue to a leaver", [&] { issue(*agent_, "CUST-2", "210009"); }},
        {"second phone", [&] { issue(*agent_, "CUST-2", "210001"); }},
        {"second tablet", [&] { issue(*agent_, "TAB-2", "210001"); }},
        {"issue a held device", [&] { issue(*agent_, "CUST-3", "210002"); }},
        {"issue a retired device", [&] { issue(*agent_, "OLD-1", "210002"); }},
        {"issue with a stale version",
         [&] {
             services::IssueRequest r{"CUST-4", "210002", {}, "", "", stale};
             services::issueDevice(*agent_, r);
         }},
        {"return an in-stock device", [&] { giveBack(*agent_, "CUST-2"); }},
        {"swap for an issued device", [&] { services::swapDevice(*agent_, "CUST-1", "TAB-1", "fault"); }},
        {"swap a device not issued", [&] { services::swapDevice(*agent_, "CUST-2", "CUST-4", "fault"); }},
        {"lost an in-stock device", [&] { services::reportLost(*agent_, "CUST-2", false, "ref"); }},
        {"repair an issued device", [&] { services::sendToRepair(*agent_, "CUST-1", ""); }},
        {"restock an in-stock device", [&] { services::restock(*agent_, "CUST-2", ""); }},
        {"retire a held device", [&] { services::mdm::request(*manager_, "CUST-3", "retire", "old"); }},
        {"release a device not held", [&] { services::releaseHold(*manager_, "CUST-2"); }},
        {"restock a retired device", [&] { services::restock(*manager_, "OLD-1", ""); }},
    };
    for (const auto& [what, op] : ops) refused(op, ErrorKind::Conflict, what);
    const std::vector<std::pair<std::string, std::function<void()>>> denied = {
        {"viewer requests a retirement", [&] { services::mdm::request(*viewer, "CUST-2", "retire", "old"); }},
        {"agent holds", [&] { services::placeHold(*agent_, "CUST-2", "why"); }},
        {"agent overrides", [&] { issue(*agent_, "CUST-2", "210001", "needs two"); }},
        {"viewer issues", [&] { issue(*viewer, "CUST-2", "210002"); }},
        {"viewer returns", [&] { giveBack(*viewer, "CUST-1"); }},
        {"viewer reports lost", [&] { services::reportLost(*viewer, "CUST-1", true, ""); }},
    };
    for (const auto& [what, op] : denied) refused(op, ErrorKind::Permission, what);
}

TEST_F(CustodyOps, ConflictMessageNamesTheHolderAndSince) {
    issue(*agent_, "CUST-1", "210001");
    const std::string since = text("select to_char(issued_at at time zone 'Europe/London', 'HH24:MI') from custody");
    auto other = session("agent");
    Error e = refused([&] { issue(*other, "CUST-1", "210002"); }, ErrorKind::Conflict, "issue an issued device");
    EXPECT_EQ(std::string(e.what()), "CUST-1 is already issued to PC 210001 Ann O'Brien since " + since + ".");

    // An issue from an earlier day names the date as well as the time (London time: BST in July).
    issue(*agent_, "CUST-2", "210004");
    {
        db::Database owner(as("owner"));
        owner.execScript("update custody set issued_at = '2025-07-03 09:42:00+00'"
                         " where device_id = (select id from device where asset_tag = 'CUST-2')");
    }
    e = refused([&] { issue(*other, "CUST-2", "210003"); }, ErrorKind::Conflict, "issue an issued device");
    EXPECT_EQ(std::string(e.what()), "CUST-2 is already issued to PC 210004 " + kSqlName + " since 3 Jul 2025 10:42.");
    // A person with no rank is named by staff number and name.
    issue(*agent_, "CUST-3", "210003");
    e = refused([&] { issue(*other, "CUST-3", "210001"); }, ErrorKind::Conflict, "issue an issued device");
    EXPECT_THAT(e.what(), MatchesRegex("CUST-3 is already issued to 210003 李 since [0-9]{2}:[0-9]{2}\\."));
}

TEST_F(CustodyOps, OptimisticLockingRefusesAStaleVersion) {
    Device seen = services::showDevice(*agent_, "CUST-1");
    {
        // Someone else edits the device after the desk looked at it.
        db::Database manager(as("manager"));
        manager.execScript("update device set notes = 'screen protector fitted' where asset_tag = 'CUST-1'");
    }
    services::IssueRequest r{"CUST-1", "210001", {}, "", "", seen.version};
    Error e = refused([&] { services::issueDevice(*agent_, r); }, ErrorKind::Conflict, "issue with stale version");
    EXPECT_THAT(e.what(), HasSubstr("CUST-1 was changed by someone else"));
    r.expectedVersion = services::showDevice(*agent_, "CUST-1").version;
    auto done = services::issueDevice(*agent_, r);
    EXPECT_EQ(done.device.version, *r.expectedVersion + 1);

    services::ReturnRequest back{"CUST-1", "good", "", *r.expectedVersion};  // the version before the issue
    refused([&] { services::returnDevice(*agent_, back); }, ErrorKind::Conflict, "return with stale version");
    back.expectedVersion = done.device.version;
    EXPECT_EQ(services::returnDevice(*agent_, back).device.version, done.device.version + 1);
}

// The status/custody agreement is checked at commit on the register as it then is, so a script
// under an agent's own login may run several desk operations on one device in one transaction
// (psql: begin; select desk_return(...); select desk_issue(...); commit).
TEST_F(CustodyOps, SeveralOperationsOnOneDeviceInOneTransaction) {
    issue(*agent_, "CUST-1", "210001");
    db::Database agent(as("agent"));
    try {
        agent.execScript("begin; select desk_return('CUST-1'); select desk_issue('CUST-1', '210002'); commit");
    } catch (const Error& e) {
        ADD_FAILURE() << "return then reissue in one transaction: " << e.what();
    }
    EXPECT_EQ(text("select string_agg(p.staff_no || ':' || coalesce(c.closed_as, 'open'), ',' order by c.id)"
                   " from custody c join person p on p.id = c.person_id"),
              "210001:returned,210002:open");
    db::Database again(as("agent"));
    try {
        again.execScript("begin; select desk_issue('CUST-2', '210003'); select desk_return('CUST-2', 'faulty'); commit");
    } catch (const Error& e) {
        ADD_FAILURE() << "issue then return in one transaction: " << e.what();
    }
    EXPECT_EQ(status("CUST-2"), DeviceStatus::InRepair);
    // And a transaction that really leaves them disagreeing is still refused at commit.
    db::Database owner(as("owner"));
    expectError([&] { owner.execScript("update device set status = 'issued' where asset_tag = 'CUST-3'"); },
                ErrorKind::Conflict, "issued without custody");
    EXPECT_EQ(status("CUST-3"), DeviceStatus::InStock);
}

// ---------------------------------------------------------------------------------------------
// History and custody-at

TEST_F(CustodyOps, HistoryOfADeviceAndOfAPerson) {
    auto first = issue(*agent_, "CUST-1", "210001");
    auto back = giveBack(*agent_, "CUST-1", "faulty");
    services::restock(*agent_, "CUST-1", "new battery");
    auto second = issue(*agent_, "CUST-1", "210002");
    auto swap = services::swapDevice(*agent_, "CUST-1", "CUST-2", "speaker dead");
    services::reportLost(*agent_, "CUST-2", false, "CAD 1/1");

    auto h = services::history(*agent_, "CUST-1");
    ASSERT_TRUE(h.device);
    EXPECT_FALSE(h.person);
    std::vector<std::string> kinds, receipts, people;
    for (const auto& e : h.events) {
        kinds.push_back(e.kind);
        receipts.push_back(e.receipt);
        people.push_back(e.personName);
    }
    EXPECT_EQ(kinds, (std::vector<std::string>{"issue", "return", "back from repair", "issue", "swap out"}));
    EXPECT_EQ(receipts, (std::vector<std::string>{first.receipt, back.receipt, "", second.receipt, swap.receipt}));
    EXPECT_EQ(people, (std::vector<std::string>{"Ann O'Brien", "Ann O'Brien", "", "Zoë Łukasiewicz",
                                                "Zoë Łukasiewicz"}));
    EXPECT_EQ(h.events[1].fromStatus, "issued");
    EXPECT_EQ(h.events[1].toStatus, "in_repair");
    EXPECT_THAT(h.events[1].detail, HasSubstr("condition faulty"));
    EXPECT_EQ(h.events[2].detail, "new battery");

    // By staff number: what the person did and holds, newest custody first.
    auto p = services::history(*agent_, "210002");
    ASSERT_TRUE(p.person);
    EXPECT_FALSE(p.device);
    EXPECT_EQ(p.person->name, "Zoë Łukasiewicz");
    kinds.clear();
    for (const auto& e : p.events) kinds.push_back(e.assetTag + ":" + e.kind);
    EXPECT_EQ(kinds, (std::vector<std::string>{"CUST-1:issue", "CUST-1:swap out", "CUST-2:swap in",
                                               "CUST-2:report lost"}));
    ASSERT_EQ(p.custody.size(), 2u);
    EXPECT_EQ(p.custody[0].assetTag, "CUST-2");
    EXPECT_EQ(p.custody[0].closedAs, "lost");
    EXPECT_EQ(p.custody[1].assetTag, "CUST-1");
    EXPECT_EQ(p.custody[1].closedAs, "swapped");

    Error e = expectError([&] { services::history(*agent_, "NOBODY9"); }, ErrorKind::Invalid, "history of nothing");
    EXPECT_THAT(e.what(), HasSubstr("NOBODY9"));
}

TEST_F(CustodyOps, CustodyAtAMomentNamesWhoHeldIt) {
    issue(*agent_, "CUST-1", "210001");
    const std::string iso = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";
    const std::string whileHeld = text("select to_char(now() at time zone 'UTC', " + iso + ")");
    auto now = services::custodyAt(*agent_, "CUST-1", whileHeld);
    ASSERT_TRUE(now);
    EXPECT_EQ(now->staffNo, "210001");
    giveBack(*agent_, "CUST-1");
    issue(*agent_, "CUST-1", "210002");

    const std::string first = "(select * from custody where person_id = (select id from person where staff_no = '210001'))";
    ASSERT_GE(scalar("select (extract(epoch from returned_at - issued_at) * 1000000)::bigint from " + first + " c"), 2);
    const std::string between =
        text("select to_char((issued_at + (returned_at - issued_at) / 2) at time zone 'UTC', " + iso + ") from " +
             first + " c");
    const std::string returned = text("select to_char(returned_at at time zone 'UTC', " + iso + ") from " + first + " c");
    const std::string beforeIssue =
        text("select to_char((issued_at - interval '1 second') at time zone 'UTC', " + iso + ") from " + first + " c");

    auto held = services::custodyAt(*agent_, "CUST-1", between);
    ASSERT_TRUE(held) << between;
    EXPECT_EQ(held->staffNo, "210001");
    EXPECT_EQ(held->personName, "Ann O'Brien");
    EXPECT_FALSE(held->returnedAt.empty());
    EXPECT_FALSE(services::custodyAt(*agent_, "CUST-1", beforeIssue)) << beforeIssue;
    // At the moment of return it was no longer held by 210001 (the next issue came later).
    auto atReturn = services::custodyAt(*agent_, "CUST-1", returned);
    EXPECT_FALSE(atReturn) << returned << " held by " << (atReturn ? atReturn->staffNo : "");
    auto later = services::custodyAt(*agent_, "CUST-1", text("select to_char(now() at time zone 'UTC', " + iso + ")"));
    ASSERT_TRUE(later);
    EXPECT_EQ(later->staffNo, "210002");

    // A device that was returned and not reissued: nobody holds it after the return.
    issue(*agent_, "CUST-5", "210003");
    giveBack(*agent_, "CUST-5");
    EXPECT_FALSE(services::custodyAt(*agent_, "CUST-5", text("select to_char(now() at time zone 'UTC', " + iso + ")")));

    Error e = expectError([&] { services::custodyAt(*agent_, "CUST-1", "yesterday"); }, ErrorKind::Invalid, "bad time");
    EXPECT_EQ(e.field(), "time");
}

TEST_F(CustodyOps, CustodyAtWithoutAZoneMeansLondonTime) {
    issue(*agent_, "CUST-1", "210001");
    giveBack(*agent_, "CUST-1");
    {
        // Held 09:00-17:00 UTC on 1 July 2025, i.e. 10:00-18:00 in London (BST).
        db::Database owner(as("owner"));
        owner.execScript("update custody set issued_at = '2025-07-01 09:00:00+00', returned_at = '2025-07-01 17:00:00+00'");
    }
    EXPECT_FALSE(services::custodyAt(*agent_, "CUST-1", "2025-07-01T09:30"));  // 08:30 UTC
    auto held = services::custodyAt(*agent_, "CUST-1", "2025-07-01T10:30");     // 09:30 UTC
    ASSERT_TRUE(held);
    EXPECT_EQ(held->staffNo, "210001");
    EXPECT_TRUE(services::custodyAt(*agent_, "CUST-1", "2025-07-01T09:30:00Z"));
    EXPECT_TRUE(services::custodyAt(*agent_, "CUST-1", "2025-07-01T17:59"));
    EXPECT_FALSE(services::custodyAt(*agent_, "CUST-1", "2025-07-01T18:01"));
}

// ---------------------------------------------------------------------------------------------
// Receipts and names

TEST_F(CustodyOps, ReceiptNumbersAreUnique) {
    std::vector<std::string> receipts;
    for (int round = 0; round < 5; ++round) {
        receipts.push_back(issue(*agent_, "CUST-1", "210001").receipt);
        receipts.push_back(services::swapDevice(*agent_, "CUST-1", "CUST-2", "fault").receipt);
        receipts.push_back(giveBack(*agent_, "CUST-2").receipt);
        services::restock(*agent_, "CUST-1", "");
    }
    std::set<std::string> distinct(receipts.begin(), receipts.end());
    EXPECT_EQ(distinct.size(), receipts.size());
    for (const auto& r : receipts) EXPECT_TRUE(isReceipt(r)) << r;
    // The register holds exactly the receipts handed out: issue receipts, return receipts, swaps.
    EXPECT_EQ(scalar("select count(distinct r) from (select issue_receipt r from custody union all"
                     " select return_receipt from custody where return_receipt is not null) x"),
              static_cast<long long>(distinct.size()));
}

TEST_F(CustodyOps, NamesAndTextAreStoredAndShownExactly) {
    const std::vector<std::string> names = {"Siobhán O'Brien", "Zoë Łukasiewicz-Brzęczyszczykiewicz", "李小龍",
                                            kSqlName, "Robert'); DELETE FROM audit_event; --",
                                            "\"Quoted\" \\ back\\slash {brace}"};
    int n = 0;
    for (const auto& name : names) {
        SCOPED_TRACE(name);
        services::PersonInput in;
        in.staffNo = "3100" + std::to_string(++n);
        in.name = name;
        in.rank = "Police Constable";
        auto added = services::addPerson(*manager_, in);
        EXPECT_EQ(added.person.name, name);

        const std::string device = "CUST-" + std::to_string(n);
        services::IssueRequest r;
        r.device = device;
        r.staffNo = in.staffNo;
        r.accessories = {name, "charger, \"fast\"", "{x}"};
        r.note = "note: " + name;
        services::issueDevice(*agent_, r);

        Error e = expectError([&] { issue(*agent_, device, "210001"); }, ErrorKind::Conflict, "issue issued");
        EXPECT_THAT(e.what(), HasSubstr(device + " is already issued to PC " + in.staffNo + " " + name + " since "));

        auto h = services::history(*agent_, in.staffNo);
        ASSERT_TRUE(h.person);
        EXPECT_EQ(h.person->name, name);
        ASSERT_EQ(h.events.size(), 1u);
        EXPECT_EQ(h.events[0].personName, name);
        EXPECT_THAT(h.events[0].detail, HasSubstr("note: " + name));
        ASSERT_EQ(h.custody.size(), 1u);
        EXPECT_EQ(h.custody[0].personName, name);
        EXPECT_EQ(h.custody[0].accessories, r.accessories);
        auto d = services::history(*agent_, device);
        ASSERT_EQ(d.events.size(), 1u);
        EXPECT_EQ(d.events[0].personName, name);
        EXPECT_EQ(services::currentHolder(*agent_, *d.device)->personName, name);
        EXPECT_EQ(text("select person_label(p) from person p where staff_no = '" + in.staffNo + "'"),
                  "PC " + in.staffNo + " " + name);

        services::ReturnRequest back{device, "good", "returned by " + name, std::nullopt};
        services::returnDevice(*agent_, back);
        EXPECT_EQ(text("select return_note from custody c join device d on d.id = c.device_id"
                       " where d.asset_tag = '" + device + "'"),
                  "returned by " + name);
    }
    // Hold reasons and swap reasons too.
    auto held = services::placeHold(*manager_, "TAB-1", kSqlName);
    EXPECT_EQ(held.holdReason, kSqlName);
    EXPECT_EQ(services::showDevice(*agent_, "TAB-1").holdReason, kSqlName);
    issue(*agent_, "TAB-2", "210002");
    services::swapDevice(*agent_, "TAB-2", "TAB-3", "Zoë's " + kSqlName);
    EXPECT_EQ(text("select reason from swap"), "Zoë's " + kSqlName);
    // Nothing was executed: the tables are all still there and still counting.
    EXPECT_EQ(scalar("select count(*) from custody"), static_cast<long long>(names.size()) + 2);
    EXPECT_GT(scalar("select count(*) from audit_event"), 0);
}

}  // namespace
}  // namespace qm::test
