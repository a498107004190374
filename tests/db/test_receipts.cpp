// Receipts in the register (issue 10, schema 13): each hand-over's receipt with its keyed
// verification code, several devices on one receipt in one sitting, loss reports with a
// receipt, and the check of a paper receipt. The rules are tried as each desk role in raw SQL
// (psql), not only through the services.
#include "db/database.hpp"
#include "services/custody/custody.hpp"
#include "services/receipts/receipts.hpp"
#include "tests/support/raw_sql.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace qm::test {
namespace {

using ::testing::HasSubstr;

class Receipts : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        addUnitAndModels();
        db::Database owner(as("owner"));
        owner.execScript(
            "insert into person (staff_no, name, rank, unit_id) values"
            " ('210001', 'Ann O''Brien', 'Police Constable', (select id from command_unit)),"
            " ('210002', 'Zoë Łukasiewicz', 'Sergeant', null);"
            "insert into device (asset_tag, serial, imei, model_id)"
            " select 'PH-' || n, 'SPH' || lpad(n::text, 4, '0'), null,"
            "        (select id from device_model where kind = 'phone') from generate_series(1, 4) n;"
            "update device set imei = '356938035643809' where asset_tag = 'PH-1';"
            "insert into device (asset_tag, serial, model_id)"
            " select 'TAB-' || n, 'STB' || lpad(n::text, 4, '0'),"
            "        (select id from device_model where kind = 'tablet') from generate_series(1, 3) n");
        agent_ = session("agent");
    }
    services::HandOver issue(const std::string& device, const std::string& staffNo,
                             std::vector<std::string> accessories = {}) {
        return services::issueDevice(*agent_, {device, staffNo, std::move(accessories), "", "", std::nullopt});
    }
    std::unique_ptr<services::Session> agent_;
};

TEST_F(Receipts, EveryHandOverHasAReceiptWithItsContentAndCode) {
    auto issued = issue("PH-1", "210001", {"USB-C charger", "Case"});
    Receipt r = services::findReceipt(*agent_, issued.receipt);
    EXPECT_EQ(r.kind, ReceiptKind::Issue);
    EXPECT_EQ(r.by, "test_agent");
    EXPECT_EQ(r.officer.staffNo, "210001");
    EXPECT_EQ(r.officer.name, "Ann O'Brien");
    EXPECT_EQ(r.officer.rank, "Police Constable");
    EXPECT_EQ(r.officer.unit, "Central West");
    ASSERT_EQ(r.devices.size(), 1u);
    EXPECT_TRUE(r.devices[0].received);
    EXPECT_EQ(r.devices[0].assetTag, "PH-1");
    EXPECT_EQ(r.devices[0].imei, "356938035643809");
    EXPECT_EQ(r.devices[0].accessories, (std::vector<std::string>{"USB-C charger", "Case"}));
    EXPECT_THAT(r.atLocal, testing::MatchesRegex("[0-9]+ [A-Z][a-z]+ 20[0-9][0-9], [0-2][0-9]:[0-5][0-9] (GMT|BST)"));
    EXPECT_THAT(r.code, testing::MatchesRegex("[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}"));

    auto swapped = services::swapDevice(*agent_, "PH-1", "PH-2", "cracked screen");
    Receipt s = services::findReceipt(*agent_, swapped.receipt);
    EXPECT_EQ(s.kind, ReceiptKind::Swap);
    EXPECT_EQ(s.reason, "cracked screen");
    ASSERT_EQ(s.devices.size(), 2u);
    EXPECT_TRUE(s.devices[0].received);  // the replacement first, then the one handed back
    EXPECT_EQ(s.devices[0].assetTag, "PH-2");
    EXPECT_EQ(s.devices[0].accessories, (std::vector<std::string>{"USB-C charger", "Case"}));
    EXPECT_FALSE(s.devices[1].received);
    EXPECT_EQ(s.devices[1].condition, "faulty");

    auto back = services::returnDevice(*agent_, {"PH-2", "damaged", "", std::nullopt});
    Receipt b = services::findReceipt(*agent_, back.receipt);
    EXPECT_EQ(b.kind, ReceiptKind::Return);
    ASSERT_EQ(b.devices.size(), 1u);
    EXPECT_EQ(b.devices[0].condition, "damaged");

    issue("PH-3", "210002");
    auto lost = services::reportLost(*agent_, "PH-3", true, "CAD 4411/29NOV");
    ASSERT_FALSE(lost.receipt.empty()) << "a loss report has a receipt now";
    Receipt l = services::findReceipt(*agent_, lost.receipt);
    EXPECT_EQ(l.kind, ReceiptKind::Loss);
    EXPECT_TRUE(l.stolen);
    EXPECT_EQ(l.incidentReference, "CAD 4411/29NOV");
    EXPECT_EQ(text("select receipt from device_event where kind = 'report stolen'"), lost.receipt);

    // Four receipts, four different codes.
    std::set<std::string> codes = {r.code, s.code, b.code, l.code};
    EXPECT_EQ(codes.size(), 4u);
}

TEST_F(Receipts, SeveralDevicesInOneSittingShareOneReceiptAllOrNothing) {
    auto sitting = services::issueDevices(*agent_, {{"PH-1", "210001", {"Charger"}, "", "", std::nullopt},
                                                   {"TAB-1", "210001", {"Keyboard"}, "", "", std::nullopt}});
    EXPECT_EQ(scalar("select count(*) from custody where issue_receipt = '" + sitting.receipt + "'"), 2);
    Receipt r = services::findReceipt(*agent_, sitting.receipt);
    ASSERT_EQ(r.devices.size(), 2u);
    EXPECT_EQ(r.devices[0].assetTag, "PH-1");
    EXPECT_EQ(r.devices[1].assetTag, "TAB-1");
    EXPECT_EQ(r.devices[1].accessories, std::vector<std::string>{"Keyboard"});

    // The second device is not free: neither is issued.
    const long long before = scalar("select count(*) from custody");
    EXPECT_THROW(services::issueDevices(*agent_, {{"PH-2", "210002", {}, "", "", std::nullopt},
                                                 {"TAB-1", "210002", {}, "", "", std::nullopt}}),
                 Error);
    EXPECT_EQ(scalar("select count(*) from custody"), before);
    EXPECT_EQ(text("select status::text from device where asset_tag = 'PH-2'"), "in_stock");

    // One receipt is one person's.
    try {
        services::issueDevices(*agent_, {{"PH-2", "210002", {}, "", "", std::nullopt},
                                         {"PH-3", "210001", {}, "", "", std::nullopt}});
        ADD_FAILURE() << "two people on one receipt";
    } catch (const Error& e) {
        EXPECT_EQ(e.field(), "staff_no");
    }
    EXPECT_EQ(scalar("select count(*) from custody"), before);
}

// A desk in psql: joining a receipt is only for the sitting that opened it, for its person.
TEST_F(Receipts, JoiningAReceiptIsOnlyForItsOwnSittingInRawSql) {
    auto earlier = issue("PH-1", "210001");
    RawSession agent(as("agent"));
    // Another transaction's receipt (an earlier sitting, or another desk's).
    PgResult late = agent.run("select desk_issue_more('" + earlier.receipt + "', 'PH-2', '210001')");
    EXPECT_FALSE(late.ok);
    EXPECT_THAT(late.message, HasSubstr("not this sitting's"));
    // Someone else, on this sitting's receipt.
    ASSERT_TRUE(agent.run("begin").ok);
    PgResult first = agent.run("select desk_issue('PH-2', '210002')");
    ASSERT_TRUE(first.ok) << first.message;
    PgResult other = agent.run("select desk_issue_more('" + first.value + "', 'PH-3', '210001')");
    EXPECT_FALSE(other.ok);
    EXPECT_THAT(other.message, HasSubstr("someone else"));
    agent.run("rollback");
    // A swap's receipt cannot grow a device either.
    ASSERT_TRUE(agent.run("begin").ok);
    PgResult swap = agent.run("select desk_swap('PH-1', 'PH-4', 'fault')");
    ASSERT_TRUE(swap.ok) << swap.message;
    EXPECT_FALSE(agent.run("select desk_issue_more('" + swap.value + "', 'TAB-1', '210001')").ok);
    agent.run("rollback");
    // In its own sitting, it works: two rows, one receipt.
    ASSERT_TRUE(agent.run("begin").ok);
    first = agent.run("select desk_issue('PH-3', '210002')");
    ASSERT_TRUE(first.ok) << first.message;
    PgResult more = agent.run("select desk_issue_more('" + first.value + "', 'TAB-2', '210002', '{Pen}')");
    EXPECT_TRUE(more.ok) << more.message;
    ASSERT_TRUE(agent.run("commit").ok);
    EXPECT_EQ(scalar("select count(*) from custody where issue_receipt = '" + first.value + "'"), 2);
    // A viewer may read receipts, not issue on them.
    for (const std::string role : {"viewer"}) {
        PgResult denied = runSql(as(role), "select desk_issue_more('" + first.value + "', 'TAB-3', '210002')");
        EXPECT_FALSE(denied.ok) << role;
    }
}

// The key that makes codes: no desk role can read it, change it or make a code without it.
TEST_F(Receipts, TheReceiptKeyIsTheRegistersAloneForEveryRole) {
    auto issued = issue("PH-1", "210001");
    const std::string code = services::findReceipt(*agent_, issued.receipt).code;
    for (const std::string role : {"viewer", "agent", "manager", "approver", "admin"}) {
        SCOPED_TRACE(role);
        EXPECT_FALSE(runSql(as(role), "select encode(inner_key, 'hex') from qm_internal.receipt_key").ok);
        EXPECT_FALSE(runSql(as(role), "update qm_internal.receipt_key set inner_key = inner_key").ok);
        EXPECT_FALSE(runSql(as(role), "delete from qm_internal.receipt_key").ok);
        EXPECT_FALSE(runSql(as(role), "create or replace function receipt_code(receipt text) returns text"
                                      " language sql as $$ select 'AAAA-BBBB-CCCC' $$").ok);
        // Each role can ask for the code of a receipt that exists, and gets the same one.
        PgResult asked = runSql(as(role), "select receipt_code('" + issued.receipt + "')");
        ASSERT_TRUE(asked.ok) << asked.message;
        EXPECT_EQ(asked.value, code);
        // ... and gets nothing for a receipt that does not.
        EXPECT_EQ(runSql(as(role), "select coalesce(receipt_code('R2099-999999'), 'none')").value, "none");
    }
    // A login in no desk role reaches none of it, not even by the qualified names.
    const std::string nobody = "nobody_" + database_;
    db::Database owner(as("owner"));
    owner.execScript("CREATE ROLE " + nobody + " LOGIN PASSWORD '" + std::string(kTestPassword) + "'");
    for (const std::string& sql : std::vector<std::string>{"select public.receipt_code('" + issued.receipt + "')",
                                  "select public.receipt_content('" + issued.receipt + "')",
                                  std::string("select * from qm_internal.receipt_key"),
                                  "select public.desk_issue_more('" + issued.receipt + "', 'PH-2', '210001')"})
        EXPECT_FALSE(runSql(conninfo(database_, nobody), sql).ok) << sql;
    owner.execScript("DROP ROLE " + nobody);
    // The code is keyed: not a plain hash of the content anyone can read.
    const std::string plain = text("select upper(encode(substring(sha256(convert_to(receipt_content('" +
                                   issued.receipt + "'), 'UTF8')) from 1 for 6), 'hex'))");
    EXPECT_NE(plain.substr(0, 4) + "-" + plain.substr(4, 4) + "-" + plain.substr(8, 4), code);
    // Nothing about the key is in the audit record.
    EXPECT_EQ(scalar("select count(*) from audit_event where entity = 'receipt_key'"), 0);
}

TEST_F(Receipts, APaperReceiptIsCheckedAgainstTheRegister) {
    auto issued = issue("PH-1", "210001", {"Charger"});
    const std::string code = services::findReceipt(*agent_, issued.receipt).code;
    auto viewer = session("viewer");
    auto ok = services::checkReceipt(*viewer, issued.receipt, code);
    EXPECT_TRUE(ok.matches) << ok.sentence;
    EXPECT_THAT(ok.sentence, HasSubstr("matches the register"));
    // Typed from the paper: lower case, without dashes, spaced.
    std::string typed;
    for (char c : code)
        if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(services::checkReceipt(*viewer, issued.receipt, " " + typed + " ").matches);

    auto wrong = services::checkReceipt(*viewer, issued.receipt, "0000-0000-0000");
    EXPECT_FALSE(wrong.matches);
    EXPECT_THAT(wrong.sentence, HasSubstr("does not match"));
    EXPECT_THAT(wrong.sentence, HasSubstr("PH-1"));
    EXPECT_THAT(wrong.sentence, HasSubstr("Ann O'Brien"));

    auto unknown = services::checkReceipt(*viewer, "R2099-000001", code);
    EXPECT_FALSE(unknown.matches);
    EXPECT_THAT(unknown.sentence, HasSubstr("not in the register"));

    // The register's record changed behind the paper (an owner's edit): the paper no longer
    // matches, and the desk is told what the register holds now.
    db::Database owner(as("owner"));
    owner.execScript("update custody set accessories = '{Charger,\"Car mount\"}' where issue_receipt = '" +
                     issued.receipt + "'");
    EXPECT_FALSE(services::checkReceipt(*viewer, issued.receipt, code).matches);

    // Hostile receipt numbers are refused as input, never sent as SQL.
    for (const std::string& bad : std::vector<std::string>{"R1'; drop table custody;--", std::string(41, 'R'), "R\x1b[2J"}) {
        try {
            services::checkReceipt(*viewer, bad, code);
            ADD_FAILURE() << bad;
        } catch (const Error& e) {
            EXPECT_EQ(e.field(), "receipt");
        }
    }
    EXPECT_GT(scalar("select count(*) from custody"), 0);
}

}  // namespace
}  // namespace qm::test
