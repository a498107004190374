// The audit chain is sealed at commit: a long transaction that writes to the register (a CSV
// import) must not make the desks wait for it, and its events still join the chain in order.
#include "services/audit/audit.hpp"
#include "services/custody/custody.hpp"
#include "services/register/register.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

namespace qm::test {
namespace {

class AuditSeal : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        db::Database owner(as("owner"));
        owner.execScript(
            "insert into device_model (manufacturer, model) values ('Samsung', 'Galaxy A54 5G');"
            "insert into person (staff_no, name) values ('210001', 'Ann O''Brien');"
            "insert into device (asset_tag, serial, model_id) values ('CUST-1', 'SER0001', (select min(id) from device_model))");
    }
};

TEST_F(AuditSeal, AnOpenImportDoesNotHoldUpTheDesk) {
    // A manager's import, still running: it has written (and so audited) but not committed.
    db::Database import(as("manager"));
    import.execScript("begin; insert into device (asset_tag, serial, model_id)"
                      " values ('IMP-1', 'SER9001', (select min(id) from device_model))");

    // Meanwhile a desk issues a device. Were the chain locked until the import commits, this
    // would wait; the timeout turns such a wait into a failure instead of a hang.
    auto desk = session("agent");
    desk->db().execScript("set statement_timeout = '5s'");
    auto done = services::issueDevice(*desk, {"CUST-1", "210001", {}, "", "", std::nullopt});
    EXPECT_FALSE(done.receipt.empty());

    import.execScript("commit");
    // Both transactions' events are on the chain, the desk's first (it committed first).
    EXPECT_EQ(scalar("select count(*) from audit_pending"), 0);
    EXPECT_EQ(scalar("select min(id) from audit_event where entity = 'device' and after->>'asset_tag' = 'IMP-1'") >
                  scalar("select max(id) from audit_event where entity = 'custody'"),
              true);
    EXPECT_TRUE(services::verifyAudit(*desk).intact);
}

TEST_F(AuditSeal, ARolledBackTransactionLeavesNoEvents) {
    long long before = scalar("select count(*) from audit_event");
    db::Database manager(as("manager"));
    manager.execScript("begin; update device set notes = 'draft' where asset_tag = 'CUST-1'; rollback");
    EXPECT_EQ(scalar("select count(*) from audit_event"), before);
    EXPECT_EQ(scalar("select count(*) from audit_pending"), 0);
}

}  // namespace
}  // namespace qm::test
