// The custody desk under load and failure (issue 3, "Reliability"): sixteen desks racing for one
// device, eight desks running thousands of random operations, and a backend terminated in the
// middle of an operation. Afterwards the register must agree with itself: status and custody,
// counts and versions, and the audit chain.
#include "db/database.hpp"
#include "services/audit/audit.hpp"
#include "services/custody/custody.hpp"
#include "services/register/register.hpp"
#include "services/seed/demo_seed.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <cstdio>
#include <iostream>
#include <latch>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class CustodyReliability : public RegisterTest {
protected:
    std::map<std::string, long long> counts() {
        std::map<std::string, long long> c;
        for (const char* t : {"custody", "device_event", "audit_event", "mdm_command", "swap"})
            c[t] = scalar(std::string("select count(*) from ") + t);
        c["sum of device versions"] = scalar("select sum(version) from device");
        return c;
    }
    // Status issued ⇔ exactly one open custody record, for every device.
    void expectStatusAgreesWithCustody() {
        EXPECT_EQ(scalar("select count(*) from device d where d.status = 'issued' and"
                         " (select count(*) from custody c where c.device_id = d.id and c.returned_at is null) <> 1"),
                  0)
            << "issued devices without exactly one open custody record";
        EXPECT_EQ(scalar("select count(*) from device d where d.status <> 'issued' and"
                         " exists (select 1 from custody c where c.device_id = d.id and c.returned_at is null)"),
                  0)
            << "devices not issued but with an open custody record";
    }
    void expectAuditIntact() {
        auto viewer = session("viewer");
        auto v = services::verifyAudit(*viewer);
        EXPECT_TRUE(v.intact) << v.sentence;
        EXPECT_EQ(v.events, scalar("select count(*) from audit_event"));
    }
};

// The concurrency tests run twice: with the server's default isolation, and with the
// database's default set to SERIALIZABLE, as a DBA might (issue 6: the desk must not mind).
class CustodyConcurrency : public CustodyReliability, public ::testing::WithParamInterface<std::string> {
protected:
    void SetUp() override {
        CustodyReliability::SetUp();
        if (GetParam() == "serializable") {
            db::Database owner(as("owner"));
            owner.execScript("alter database " + database_ + " set default_transaction_isolation = 'serializable'");
        }
    }
};
INSTANTIATE_TEST_SUITE_P(Isolation, CustodyConcurrency, ::testing::Values("default", "serializable"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// ---------------------------------------------------------------------------------------------
// (a) Sixteen desks, one device.

TEST_P(CustodyConcurrency, SixteenDesksIssueTheSameDeviceAtOnce) {
    constexpr int kDesks = 16;
    constexpr int kRounds = 5;
    {
        db::Database owner(as("owner"));
        owner.execScript(
            "insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone');"
            "insert into person (staff_no, name, rank)"
            " select (220000 + n)::text, 'Officer ' || n, 'Police Constable' from generate_series(1, 16) n;"
            "insert into device (asset_tag, serial, model_id) values ('DESK-1', 'SERD0001', (select id from device_model))");
    }
    std::vector<std::unique_ptr<services::Session>> desks;
    for (int i = 0; i < kDesks; ++i) desks.push_back(session("agent"));
    auto closer = session("agent");

    for (int round = 0; round < kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        std::latch start(kDesks);
        std::vector<std::optional<ErrorKind>> kinds(kDesks);
        std::vector<std::string> messages(kDesks), receipts(kDesks);
        std::vector<std::thread> threads;
        for (int i = 0; i < kDesks; ++i) {
            threads.emplace_back([&, i] {
                services::IssueRequest r;
                r.device = "DESK-1";
                r.staffNo = std::to_string(220001 + i);
                start.arrive_and_wait();
                try {
                    receipts[i] = services::issueDevice(*desks[i], r).receipt;
                } catch (const Error& e) {
                    kinds[i] = e.kind();
                    messages[i] = e.what();
                } catch (const std::exception& e) {
                    kinds[i] = ErrorKind::Other;
                    messages[i] = e.what();
                }
            });
        }
        for (auto& t : threads) t.join();

        int winners = 0, conflicts = 0, winner = -1;
        for (int i = 0; i < kDesks; ++i) {
            if (!kinds[i]) {
                ++winners;
                winner = i;
            } else if (*kinds[i] == ErrorKind::Conflict) {
                ++conflicts;
            } else {
                ADD_FAILURE() << "desk " << i << " failed with kind " << static_cast<int>(*kinds[i]) << ": "
                              << messages[i];
            }
        }
        EXPECT_EQ(winners, 1);
        EXPECT_EQ(conflicts, kDesks - 1);
        ASSERT_GE(winner, 0);
        // Every loser is told who got it.
        const std::string holder = "DESK-1 is already issued to PC " + std::to_string(220001 + winner) + " Officer " +
                                   std::to_string(winner + 1) + " since ";
        for (int i = 0; i < kDesks; ++i) {
            if (i != winner) {
                EXPECT_THAT(messages[i], StartsWith(holder));
            }
        }

        EXPECT_EQ(scalar("select count(*) from custody where returned_at is null"), 1);
        EXPECT_EQ(scalar("select count(*) from custody"), round + 1);
        EXPECT_EQ(text("select p.staff_no from custody c join person p on p.id = c.person_id"
                       " where c.returned_at is null"),
                  std::to_string(220001 + winner));
        EXPECT_EQ(text("select issue_receipt from custody where returned_at is null"), receipts[winner]);
        EXPECT_EQ(scalar("select count(*) from device_event where kind = 'issue'"), round + 1);
        expectStatusAgreesWithCustody();

        services::ReturnRequest back;
        back.device = "DESK-1";
        services::returnDevice(*closer, back);
    }
    EXPECT_EQ(scalar("select version from device"), 1 + 2 * kRounds);
    expectAuditIntact();
}

// ---------------------------------------------------------------------------------------------
// (b) Eight desks, thousands of random operations.

enum Op { Issue, Return, Swap, Lost, Restock, Repair, kOps };
const char* const kOpNames[kOps] = {"issue", "return", "swap", "lost", "restock", "repair"};
// Relative weights of the operations each worker draws.
const int kOpWeights[kOps] = {30, 20, 10, 5, 20, 15};

struct WorkerStats {
    std::array<long long, kOps> ok{}, conflict{}, other{};
    std::vector<std::string> unexpected;
};

TEST_P(CustodyConcurrency, EightDesksRunRandomOperationsAndTheRegisterStillAgrees) {
    constexpr int kWorkers = 8;
    constexpr int kOpsPerWorker = 2000;
    {
        auto owner = session("owner");
        services::SeedOptions options;
        options.devices = 500;
        options.people = 300;
        options.seed = 20260314;
        auto seeded = services::seedDemo(*owner, options);
        ASSERT_EQ(seeded.devices, 500u);
        ASSERT_EQ(seeded.people, 300u);
    }
    std::vector<std::string> tags, kinds, staff;
    {
        db::Database owner(as("owner"));
        soci::rowset<soci::row> devices = (owner.sql().prepare << "select d.asset_tag, m.kind from device d"
                                                                 " join device_model m on m.id = d.model_id order by d.id");
        for (const auto& r : devices) {
            tags.push_back(r.get<std::string>(0));
            kinds.push_back(r.get<std::string>(1));
        }
        soci::rowset<std::string> people = (owner.sql().prepare << "select staff_no from person order by id");
        for (const auto& s : people) staff.push_back(s);
    }
    ASSERT_EQ(tags.size(), 500u);
    ASSERT_EQ(staff.size(), 300u);
    const long long seededCustody = scalar("select count(*) from custody");
    const auto before = counts();
    EXPECT_EQ(before.at("sum of device versions"), 500);  // the seed loads every device at version 1
    std::cout << "seeded: " << seededCustody << " custody records; statuses: "
              << text("select string_agg(status || '=' || n, ' ' order by status) from"
                      " (select status::text, count(*) n from device group by 1) s")
              << "\n";

    std::vector<std::unique_ptr<services::Session>> desks;
    for (int w = 0; w < kWorkers; ++w) desks.push_back(session("agent"));
    std::vector<WorkerStats> stats(kWorkers);
    std::latch start(kWorkers);
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < kWorkers; ++w) {
        threads.emplace_back([&, w] {
            std::mt19937_64 rng(1000 + w);  // a fixed seed per worker
            std::discrete_distribution<int> pickOp(std::begin(kOpWeights), std::end(kOpWeights));
            std::uniform_int_distribution<std::size_t> pickDevice(0, tags.size() - 1), pickPerson(0, staff.size() - 1);
            std::uniform_int_distribution<int> pickCondition(0, 3);
            static const char* const conditions[] = {"good", "damaged", "faulty", "incomplete"};
            services::Session& s = *desks[w];
            WorkerStats& st = stats[w];
            start.arrive_and_wait();
            for (int i = 0; i < kOpsPerWorker; ++i) {
                const int op = pickOp(rng);
                const std::size_t d = pickDevice(rng);
                try {
                    switch (op) {
                    case Issue: {
                        services::IssueRequest r;
                        r.device = tags[d];
                        r.staffNo = staff[pickPerson(rng)];
                        services::issueDevice(s, r);
                        break;
                    }
                    case Return: {
                        services::ReturnRequest r;
                        r.device = tags[d];
                        r.condition = conditions[pickCondition(rng)];
                        services::returnDevice(s, r);
                        break;
                    }
                    case Swap: {
                        // A like-for-like replacement: another device of the same kind.
                        std::size_t n = pickDevice(rng);
                        while (n == d || kinds[n] != kinds[d]) n = pickDevice(rng);
                        services::swapDevice(s, tags[d], tags[n], "worker " + std::to_string(w) + " fault");
                        break;
                    }
                    case Lost:
                        services::reportLost(s, tags[d], rng() % 2 == 0, "CAD " + std::to_string(i));
                        break;
                    case Restock:
                        services::restock(s, tags[d], "");
                        break;
                    case Repair:
                        services::sendToRepair(s, tags[d], "");
                        break;
                    }
                    ++st.ok[op];
                } catch (const Error& e) {
                    if (e.kind() == ErrorKind::Conflict) {
                        ++st.conflict[op];
                    } else {
                        ++st.other[op];
                        if (st.unexpected.size() < 5)
                            st.unexpected.push_back(std::string(kOpNames[op]) + " " + tags[d] + ": kind " +
                                                    std::to_string(static_cast<int>(e.kind())) + ": " + e.what());
                    }
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    WorkerStats total;
    for (const auto& st : stats) {
        for (int op = 0; op < kOps; ++op) {
            total.ok[op] += st.ok[op];
            total.conflict[op] += st.conflict[op];
            total.other[op] += st.other[op];
        }
        for (const auto& u : st.unexpected) ADD_FAILURE() << "unexpected refusal: " << u;
    }
    long long attempted = 0, succeeded = 0;
    std::printf("%d workers x %d operations in %.1f s (%.0f operations/s)\n", kWorkers, kOpsPerWorker, seconds,
                kWorkers * kOpsPerWorker / seconds);
    std::printf("%-8s %8s %8s %8s\n", "op", "ok", "conflict", "other");
    for (int op = 0; op < kOps; ++op) {
        std::printf("%-8s %8lld %8lld %8lld\n", kOpNames[op], total.ok[op], total.conflict[op], total.other[op]);
        attempted += total.ok[op] + total.conflict[op] + total.other[op];
        succeeded += total.ok[op];
    }
    EXPECT_EQ(attempted, kWorkers * kOpsPerWorker);
    for (int op = 0; op < kOps; ++op) {
        EXPECT_EQ(total.other[op], 0) << kOpNames[op];
        EXPECT_GT(total.ok[op], 0) << kOpNames[op] << " never succeeded: the mix tests nothing";
    }

    // Status and custody agree, device by device.
    expectStatusAgreesWithCustody();
    EXPECT_EQ(scalar("select count(*) from (select device_id from custody where returned_at is null"
                     " group by device_id having count(*) > 1) x"),
              0);
    // Every custody record is a seeded one, a successful issue, or the new half of a successful swap.
    const auto after = counts();
    EXPECT_EQ(after.at("custody"), seededCustody + total.ok[Issue] + total.ok[Swap]);
    EXPECT_EQ(after.at("swap"), total.ok[Swap]);
    EXPECT_EQ(after.at("mdm_command"), total.ok[Lost]);
    // Each successful operation changed its device once (a swap two devices) and wrote one
    // timeline event per device changed: nothing more, nothing less.
    const long long deviceChanges = total.ok[Issue] + total.ok[Return] + total.ok[Lost] + total.ok[Restock] +
                                    total.ok[Repair] + 2 * total.ok[Swap];
    EXPECT_EQ(after.at("sum of device versions") - before.at("sum of device versions"), deviceChanges);
    EXPECT_EQ(after.at("device_event"), deviceChanges);
    // No lost update: each device's version is 1 plus the audited updates of it.
    EXPECT_EQ(scalar("select count(*) from device d where d.version <> 1 + (select count(*) from audit_event a"
                     " where a.entity = 'device' and a.action = 'update' and a.entity_id = d.id)"),
              0);
    // ... and its timeline tells the same story as its custody record.
    EXPECT_EQ(scalar("select count(*) from device d where (select count(*) from custody c where c.device_id = d.id"
                     " and c.issue_receipt like 'R%') <> (select count(*) from device_event e where e.device_id = d.id"
                     " and e.kind in ('issue', 'swap in'))"),
              0);
    // One holder at a time: no two custody records of a device overlap.
    EXPECT_EQ(scalar("select count(*) from custody x join custody y on x.device_id = y.device_id and x.id < y.id"
                     " where tstzrange(x.issued_at, coalesce(x.returned_at, 'infinity'), '[)')"
                     "    && tstzrange(y.issued_at, coalesce(y.returned_at, 'infinity'), '[)')"),
              0);
    // The status each device's last event left it in is its status now.
    EXPECT_EQ(scalar("select count(*) from device d join lateral (select to_status from device_event e"
                     " where e.device_id = d.id order by e.id desc limit 1) last on true"
                     " where last.to_status <> d.status"),
              0);
    expectAuditIntact();
    std::printf("succeeded %lld of %lld; custody records %lld (seeded %lld); audit events %lld\n", succeeded,
                attempted, after.at("custody"), seededCustody, after.at("audit_event"));
}

// ---------------------------------------------------------------------------------------------
// (c) A backend terminated mid-operation.

class TerminatedBackend : public CustodyReliability {
protected:
    void SetUp() override {
        CustodyReliability::SetUp();
        db::Database owner(as("owner"));
        owner.execScript(
            "insert into command_unit (name, code) values ('Central West', 'AW');"
            "insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone');"
            "insert into person (staff_no, name, rank, unit_id) values"
            " ('210001', 'Ann O''Brien', 'Police Constable', (select id from command_unit));"
            // No unit yet: issuing gives it the holder's unit.
            "insert into device (asset_tag, serial, model_id) values ('KILL-1', 'SERK0001', (select id from device_model))");
    }

    // Locks with `lockSql` in an open owner transaction, starts an issue of KILL-1 as an agent
    // in another thread, waits until that backend is blocked on a lock, terminates it, then
    // releases the lock. Returns how the issue ended. `writtenBeforeBlock`: whether the issue
    // must already have written to custody when it blocks.
    void terminateIssueBlockedBy(const std::string& lockSql, bool writtenBeforeBlock) {
        auto before = counts();
        db::Database locker(as("owner"));
        locker.execScript("begin; " + lockSql);

        auto agent = session("agent");
        long long pid = 0;
        agent->db().sql() << "select pg_backend_pid()", soci::into(pid);
        std::optional<Error> failure;
        bool succeeded = false;
        std::thread desk([&] {
            try {
                services::issueDevice(*agent, {"KILL-1", "210001", {"charger"}, "", "", std::nullopt});
                succeeded = true;
            } catch (const Error& e) {
                failure = e;
            }
        });

        // A real wait: until the issue is blocked on the lock (or 20 s have passed).
        db::Database watcher(as("owner"));
        const std::string blocked =
            "select count(*) from pg_stat_activity where pid = " + std::to_string(pid) + " and wait_event_type = 'Lock'";
        long long isBlocked = 0;
        for (int i = 0; i < 2000 && !isBlocked; ++i) {
            watcher.sql() << blocked, soci::into(isBlocked);
            if (!isBlocked) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        EXPECT_EQ(isBlocked, 1) << "the issue never blocked on the lock";
        if (writtenBeforeBlock) {
            // It is mid-operation: it has already inserted into custody (and so into audit_event).
            long long wrote = 0;
            watcher.sql() << "select count(*) from pg_locks where pid = " + std::to_string(pid) +
                                 " and relation = 'custody'::regclass and mode = 'RowExclusiveLock'",
                soci::into(wrote);
            EXPECT_EQ(wrote, 1) << "the issue had not yet written to custody when it blocked";
        }
        long long terminated = 0;
        watcher.sql() << "select pg_terminate_backend(" + std::to_string(pid) + ")::int", soci::into(terminated);
        EXPECT_EQ(terminated, 1);
        desk.join();
        locker.execScript("rollback");

        EXPECT_FALSE(succeeded);
        ASSERT_TRUE(failure);
        EXPECT_EQ(failure->kind(), ErrorKind::Unavailable) << failure->what();
        EXPECT_EQ(counts(), before) << "the terminated operation left rows behind";
        EXPECT_EQ(text("select status::text from device where asset_tag = 'KILL-1'"), "in_stock");
        expectStatusAgreesWithCustody();
        expectAuditIntact();

        // Nothing is left locked: the next desk issues the device at once.
        auto next = session("agent");
        auto done = services::issueDevice(*next, {"KILL-1", "210001", {}, "", "", std::nullopt});
        EXPECT_EQ(done.device.status, DeviceStatus::Issued);
        EXPECT_EQ(done.device.version, 2);
        expectAuditIntact();
    }
};

TEST_F(TerminatedBackend, WhileWaitingForTheDeviceRow) {
    terminateIssueBlockedBy("select 1 from device where asset_tag = 'KILL-1' for update", false);
}

TEST_F(TerminatedBackend, AfterWritingCustodyAndAuditRows) {
    // The issue inserts the custody row (and its audit events), then updates the device with
    // the holder's unit, whose foreign key check waits for this lock on the unit.
    terminateIssueBlockedBy("select 1 from command_unit for update", true);
}

// ---------------------------------------------------------------------------------------------
// Two desks on one device, one queued behind the other. Desk B works while holding the
// device's row lock (the lock every desk function takes on the devices it changes), so desk A's
// operation — already started — waits, and runs only after desk B's work has committed. The
// waiting operation must then act on the register as it is now: its custody times must not
// fall before what desk B recorded, and its result must describe what it actually did.

class QueuedBehindAnotherDesk : public TerminatedBackend {
protected:
    void SetUp() override {
        TerminatedBackend::SetUp();
        db::Database owner(as("owner"));
        owner.execScript("insert into person (staff_no, name, rank) values ('210002', 'Zoë Łukasiewicz', 'Sergeant')");
        deskA_ = session("agent");
    }

    // Runs deskA in a thread, lets it queue behind desk B's lock on KILL-1, runs desk B's
    // statements in that transaction, commits, and so lets desk A go.
    void queued(const std::function<void()>& deskA, const std::vector<std::string>& deskB) {
        db::Database b(as("owner"));
        b.execScript("begin; select 1 from device where asset_tag = 'KILL-1' for update");
        long long pid = 0;
        deskA_->db().sql() << "select pg_backend_pid()", soci::into(pid);
        std::thread a([&] {
            try {
                deskA();
            } catch (const Error& e) {
                failure_ = e;
            }
        });
        db::Database watcher(as("owner"));
        long long isBlocked = 0;
        for (int i = 0; i < 2000 && !isBlocked; ++i) {  // a real wait, up to 20 s
            watcher.sql() << "select count(*) from pg_stat_activity where pid = " + std::to_string(pid) +
                                 " and wait_event_type = 'Lock'",
                soci::into(isBlocked);
            if (!isBlocked) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        EXPECT_EQ(isBlocked, 1) << "desk A never queued behind desk B";
        for (const auto& sql : deskB) {
            try {
                b.execScript(sql);
            } catch (const Error& e) {
                ADD_FAILURE() << "desk B: " << sql << ": " << e.what();
            }
        }
        b.execScript("commit");
        a.join();
    }

    // No two custody records of one device overlap in time.
    long long overlappingCustody() {
        return scalar("select count(*) from custody x join custody y on x.device_id = y.device_id and x.id < y.id"
                      " where tstzrange(x.issued_at, coalesce(x.returned_at, 'infinity'), '[)')"
                      "    && tstzrange(y.issued_at, coalesce(y.returned_at, 'infinity'), '[)')");
    }

    std::unique_ptr<services::Session> deskA_;
    std::optional<Error> failure_;
};

TEST_F(QueuedBehindAnotherDesk, AnIssueQueuedBehindAReturnStartsAfterTheReturn) {
    services::issueDevice(*deskA_, {"KILL-1", "210001", {}, "", "", std::nullopt});
    std::optional<services::HandOver> done;
    queued([&] { done = services::issueDevice(*deskA_, {"KILL-1", "210002", {}, "", "", std::nullopt}); },
           {"select desk_return('KILL-1')"});
    if (failure_) {
        EXPECT_EQ(failure_->kind(), ErrorKind::Conflict) << failure_->what();
    } else {
        EXPECT_TRUE(done);
    }
    // Ann's custody ended before Zoë's began: "who held it at T" has one answer.
    EXPECT_EQ(overlappingCustody(), 0)
        << text("select string_agg(p.staff_no || ' ' || c.issued_at || ' .. ' || coalesce(c.returned_at::text, 'now'),"
                " '; ' order by c.id) from custody c join person p on p.id = c.person_id");
    expectStatusAgreesWithCustody();
}

TEST_F(QueuedBehindAnotherDesk, AReturnQueuedBehindAnIssueIsNotRefusedAsBadInput) {
    std::optional<services::HandOver> done;
    queued([&] { done = services::returnDevice(*deskA_, {"KILL-1", "good", "", std::nullopt}); },
           {"select desk_issue('KILL-1', '210001')"});
    // Either it takes the device back (after it was issued) or it is refused as a conflict;
    // a check-constraint failure reported as bad input is neither.
    if (failure_) {
        EXPECT_EQ(failure_->kind(), ErrorKind::Conflict) << failure_->what();
    } else {
        ASSERT_TRUE(done);
        EXPECT_EQ(scalar("select count(*) from custody where returned_at < issued_at"), 0);
    }
    expectStatusAgreesWithCustody();
}

TEST_F(QueuedBehindAnotherDesk, ALostReportQueuedBehindAnIssueIsNotRefusedAsBadInput) {
    queued([&] { services::reportLost(*deskA_, "KILL-1", true, "CAD 7"); }, {"select desk_issue('KILL-1', '210001')"});
    if (failure_) {
        EXPECT_EQ(failure_->kind(), ErrorKind::Conflict) << failure_->what();
    }
    expectStatusAgreesWithCustody();
}

// Desk A starts taking back a device from Ann; before its return reaches the register, desk B
// takes it back and reissues it to Zoë. Desk A's return then closes Zoë's custody — so what it
// reports (and prints on the receipt) must name Zoë, or the return must be refused as made on
// a stale view; never Ann, who no longer had the device.
TEST_F(QueuedBehindAnotherDesk, AReturnRacingAnotherDeskNamesThePersonItTookTheDeviceFrom) {
    services::issueDevice(*deskA_, {"KILL-1", "210001", {}, "", "", std::nullopt});
    std::optional<services::HandOver> done;
    queued([&] { done = services::returnDevice(*deskA_, {"KILL-1", "good", "", std::nullopt}); },
           {"select desk_return('KILL-1')", "select desk_issue('KILL-1', '210002')"});
    if (failure_) {
        // Refusing the stale return is acceptable: then Zoë still holds the device.
        EXPECT_EQ(failure_->kind(), ErrorKind::Conflict) << failure_->what();
        EXPECT_EQ(text("select p.staff_no from custody c join person p on p.id = c.person_id"
                       " where c.returned_at is null"),
                  "210002");
        return;
    }
    ASSERT_TRUE(done);
    EXPECT_EQ(text("select p.staff_no from custody c join person p on p.id = c.person_id"
                   " where c.return_receipt = '" + done->receipt + "'"),
              "210002");
    ASSERT_TRUE(done->person);
    EXPECT_EQ(done->person->staffNo, "210002") << "the receipt names " << done->person->name
                                               << ", who no longer held the device";
}

}  // namespace
}  // namespace qm::test
