// Issue 6, defects 1 and 6: no login can stall the desks, and desk operations work whatever the
// session's default isolation level. Each test holds the lock an attacker (or a busy manager)
// would hold, in a psql-like session of its own, while desks work through the services; an
// operation that hung would be cut off by the watchdog below and fail the test.
#include "db/database.hpp"
#include "services/audit/audit.hpp"
#include "services/custody/custody.hpp"
#include "tests/support/raw_sql.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <latch>
#include <thread>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;

class DeskLocks : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        owner_ = std::make_unique<db::Database>(as("owner"));
        addPhonesAndPeople("LK", 40, 40);
    }

    // Runs fn on another thread and waits at most `limit`: a desk operation stuck on a lock
    // nobody will release fails the test instead of hanging it.
    template <class F>
    auto withinLimit(F fn, std::chrono::seconds limit = std::chrono::seconds(25)) {
        auto done = std::async(std::launch::async, std::move(fn));
        if (done.wait_for(limit) != std::future_status::ready) {
            // Unblock it so the test can end: end every session that holds a lock.
            owner_->execScript("select pg_terminate_backend(pid) from pg_stat_activity"
                               " where datname = current_database() and pid <> pg_backend_pid()");
            ADD_FAILURE() << "the desk operation did not finish or say busy within " << limit.count() << " s";
        }
        return done.get();
    }

    std::string status(const std::string& tag) const {
        return text("select status::text from device where asset_tag = '" + tag + "'");
    }

    std::unique_ptr<db::Database> owner_;
};

services::IssueRequest issue(const std::string& device, const std::string& staffNo) {
    services::IssueRequest r;
    r.device = device;
    r.staffNo = staffNo;
    return r;
}

// Defect 1: `select pg_advisory_lock(7312001)` as a viewer (or a login with no role) made every
// issue wait at commit for as long as the lock was held.
TEST_F(DeskLocks, AdvisoryLocksHeldByAnyLoginHoldUpNoDesk) {
    const std::string stranger = "stranger_" + database_;
    owner_->execScript("CREATE ROLE " + stranger + " LOGIN PASSWORD '" + kTestPassword + "'");
    {
        RawSession viewer(as("viewer")), nobody(conninfo(database_, stranger));
        // The key the audit chain used, and the migrator's, and their neighbours.
        for (long long key : {7312000LL, 7312001LL})
            ASSERT_TRUE(viewer.run("select pg_advisory_lock(" + std::to_string(key) + ")").ok);
        for (long long key : {7312002LL, 349189261639LL})
            ASSERT_TRUE(nobody.run("select pg_advisory_lock(" + std::to_string(key) + ")").ok);
        ASSERT_TRUE(viewer.run("begin; select pg_advisory_xact_lock(7312003); select count(*) from device").ok);
        auto agent = session("agent");
        auto done = withinLimit([&] {
            auto issued = services::issueDevice(*agent, issue("LK-1", "LK0001"));
            services::ReturnRequest back;
            back.device = "LK-1";
            return services::returnDevice(*agent, back).receipt;
        });
        EXPECT_FALSE(done.empty());
        EXPECT_EQ(status("LK-1"), "in_stock");
    }
    auto viewer = session("viewer");
    EXPECT_TRUE(services::verifyAudit(*viewer).intact);
    owner_->execScript("DROP ROLE " + stranger);
}

// PostgreSQL locks the tables a statement names while it parses it, before it checks the right
// to run it, and keeps those locks to the end of the transaction: `BEGIN; PREPARE p AS DELETE
// FROM ...` holds a table's ROW EXCLUSIVE lock for any login that can see it. The chain's own
// lock is on a table no desk login can see, and what the others can see is locked no harder.
TEST_F(DeskLocks, StatementsHeldOpenWhileParsedHoldUpNoDesk) {
    RawSession viewer(as("viewer"));
    ASSERT_TRUE(viewer.run("begin").ok);
    EXPECT_FALSE(viewer.run("prepare chain as delete from qm_internal.audit_head").ok) << "the chain's head was found";
    ASSERT_TRUE(viewer.run("rollback; begin").ok);
    int held = 0;
    for (const char* table : {"device", "person", "custody", "audit_event", "audit_pending", "device_event",
                              "mdm_command", "schema_migrations", "device_imei", "status_transition"}) {
        const std::string name = std::string("p_") + table;
        PgResult r = viewer.run("prepare " + name + " as delete from " + table);
        held += r.ok ? 1 : 0;
        if (!r.ok) {
            ASSERT_TRUE(viewer.run("rollback; begin").ok);  // a refusal ends the transaction
        }
    }
    EXPECT_GT(held, 0) << "nothing was held: the test would prove nothing";
    auto agent = session("agent");
    auto done = withinLimit([&] { return services::issueDevice(*agent, issue("LK-7", "LK0007")).receipt; });
    EXPECT_FALSE(done.empty());
    EXPECT_EQ(status("LK-7"), "issued");
}

// Every desk operation finishes or says "busy" within the console's limit: a manager holding a
// device's or a person's row (psql, BEGIN, SELECT ... FOR UPDATE, then lunch) makes desks
// working on that device or person hear "busy" after a few seconds; other desks carry on.
TEST_F(DeskLocks, ARowHeldElsewhereMakesTheDeskSayBusyNotWait) {
    RawSession manager(as("manager"));
    ASSERT_TRUE(manager.run("begin; select 1 from device where asset_tag = 'LK-2' for update;"
                            " select 1 from person where staff_no = 'LK0003' for update")
                    .ok);
    auto agent = session("agent");
    auto start = std::chrono::steady_clock::now();
    auto refusal = withinLimit([&]() -> std::string {
        try {
            services::issueDevice(*agent, issue("LK-2", "LK0002"));
            return "issued";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Conflict);
            return e.what();
        }
    });
    EXPECT_THAT(refusal, HasSubstr("busy"));
    EXPECT_THAT(refusal, HasSubstr("nothing was changed"));
    std::cout << "busy after " << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
              << " s\n";
    // The person is held too.
    auto person = withinLimit([&]() -> std::string {
        try {
            services::issueDevice(*agent, issue("LK-4", "LK0003"));
            return "issued";
        } catch (const Error& e) {
            return e.what();
        }
    });
    EXPECT_THAT(person, HasSubstr("busy"));
    // Another device, another person: not held up at all.
    EXPECT_NO_THROW(withinLimit([&] { return services::issueDevice(*agent, issue("LK-5", "LK0005")).receipt; }));
    EXPECT_EQ(status("LK-2"), "in_stock");
    EXPECT_EQ(status("LK-4"), "in_stock");
    EXPECT_EQ(scalar("select count(*) from custody"), 1);
    // Once the manager lets go, the same issue goes through.
    ASSERT_TRUE(manager.run("rollback").ok);
    EXPECT_NO_THROW(services::issueDevice(*agent, issue("LK-2", "LK0002")));
}

// The chain's own lock can be held only by the register itself (or a superuser). Even then a
// committing desk gives up with "busy" (PostgreSQL has no statement timeout at commit, so the
// seal carries its own lock timeout), and its hand-over is not half done.
TEST_F(DeskLocks, TheChainsLockHeldTooLongMeansBusyAndNothingChanged) {
    owner_->execScript("alter function audit_seal() set lock_timeout = '300ms'");  // this test's database only
    RawSession superuser(as("owner"));
    ASSERT_TRUE(superuser.run("begin; lock table qm_internal.audit_head in exclusive mode").ok);
    const long long events = scalar("select count(*) from audit_event");
    auto agent = session("agent");
    auto refusal = withinLimit([&]() -> std::string {
        try {
            services::issueDevice(*agent, issue("LK-6", "LK0006"));
            return "issued";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Conflict);
            return e.what();
        }
    });
    EXPECT_THAT(refusal, HasSubstr("busy"));
    EXPECT_EQ(status("LK-6"), "in_stock");
    EXPECT_EQ(scalar("select count(*) from custody"), 0);
    EXPECT_EQ(scalar("select count(*) from audit_pending"), 0);
    ASSERT_TRUE(superuser.run("rollback").ok);
    EXPECT_EQ(scalar("select count(*) from audit_event"), events);
    EXPECT_NO_THROW(services::issueDevice(*agent, issue("LK-6", "LK0006")));
    auto viewer = session("viewer");
    EXPECT_TRUE(services::verifyAudit(*viewer).intact);
}

// Defect 6: under a default of REPEATABLE READ or SERIALIZABLE, 16 parallel operations on
// different devices mostly failed ("already in the register", "another desk changed the same
// record"). The register's clients now run every transaction at READ COMMITTED themselves.
TEST_F(DeskLocks, SixteenDesksAtOnceWorkWhateverTheDefaultIsolation) {
    for (const std::string level : {"repeatable read", "serializable"}) {
        SCOPED_TRACE(level);
        owner_->execScript("alter database " + database_ + " set default_transaction_isolation = '" + level + "'");
        // The default really is in force for a plain connection (psql's view of it).
        EXPECT_EQ(runSql(as("agent"), "show transaction_isolation").value, level);
        constexpr int kDesks = 16;
        std::vector<std::unique_ptr<services::Session>> desks;
        for (int i = 0; i < kDesks; ++i) desks.push_back(session("agent"));
        std::string seen;
        desks[0]->db().sql() << "show transaction_isolation", soci::into(seen);
        EXPECT_EQ(seen, "read committed");
        for (int round = 0; round < 2; ++round) {
            std::latch start(kDesks);
            std::vector<std::string> failures(kDesks);
            std::vector<std::thread> threads;
            for (int i = 0; i < kDesks; ++i) {
                threads.emplace_back([&, i] {
                    const std::string tag = "LK-" + std::to_string(10 + i);
                    char staff[16];
                    std::snprintf(staff, sizeof staff, "LK%04d", 10 + i);
                    start.arrive_and_wait();
                    try {
                        if (round == 0) {
                            services::issueDevice(*desks[i], issue(tag, staff));
                        } else {
                            services::ReturnRequest back;
                            back.device = tag;
                            services::returnDevice(*desks[i], back);
                        }
                    } catch (const Error& e) {
                        failures[i] = e.what();
                    }
                });
            }
            for (auto& t : threads) t.join();
            for (int i = 0; i < kDesks; ++i) EXPECT_EQ(failures[i], "") << "desk " << i << ", round " << round;
        }
        EXPECT_EQ(scalar("select count(*) from device where status = 'issued' and asset_tag between 'LK-10' and 'LK-25'"),
                  0);
        auto viewer = session("viewer");
        auto verdict = services::verifyAudit(*viewer);
        EXPECT_TRUE(verdict.intact) << verdict.sentence;
    }
    owner_->execScript("alter database " + database_ + " reset default_transaction_isolation");
}

}  // namespace
}  // namespace qm::test
