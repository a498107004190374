// Business continuity (issue 11): a primary and a synchronous standby (two private clusters),
// desks (qmctl processes) and the console's worker handing devices over through a multi-host
// connection string; the primary crashes mid-run (pg_ctl stop -m immediate) and the standby is
// promoted. Everyone carries on against the new primary, every hand-over that returned a
// receipt is there, and the audit chain verifies.
#include "db/database.hpp"
#include "db/local_cluster.hpp"
#include "services/background.hpp"
#include "services/custody/custody.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/queue_ui.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <regex>
#include <thread>

namespace qm::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr int kDesks = 3;
constexpr int kDevicesPerDesk = 12;
const std::string kPassword = "failover-password";

std::string receiptIn(const std::string& out) {
    std::smatch m;
    static const std::regex line(R"(Receipt: (R\d{4}-\d{6}))");
    return std::regex_search(out, m, line) ? m[1].str() : std::string();
}

class Failover : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = std::filesystem::temp_directory_path() /
                ("qm-failover-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        primary_ = std::make_unique<db::LocalCluster>(db::ClusterOptions{root_ / "db1", true, 5541});
        standby_ = std::make_unique<db::LocalCluster>(db::ClusterOptions{root_ / "db2", true, 5542});
        primary_->stopWhenProcessExits(false);
        primary_->ensureCreated();
        primary_->appendSettings("synchronous_commit = on");
        primary_->allowReplication();
        primary_->start();
        // The register, as an administrator sets it up: qmctl setup, then desk logins.
        ProcessResult setup = qmctl({"--db", primary_->conninfo("postgres"), "setup", "--database", "register",
                                     "--admin", "fo_admin", "--password-stdin"},
                                    kPassword + "\n");
        ASSERT_EQ(setup.exitCode, 0) << setup.err;
        for (int d = 0; d <= kDesks; ++d) {
            ProcessResult added = qmctl({"--db", withPassword(primary_->conninfo("register", "fo_admin")), "user",
                                         "add", desk(d), "--role", "agent", "--password-stdin"},
                                        kPassword + "\n");
            ASSERT_EQ(added.exitCode, 0) << added.err;
        }
        db::Database owner(primary_->conninfo("register"));
        owner.execScript(
            "insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone');"
            "insert into person (staff_no, name) select (300000 + g)::text, 'Officer ' || g from generate_series(1, 200) g;"
            "insert into device (asset_tag, serial, model_id) select 'FO-' || g, 'SFO' || lpad(g::text, 5, '0'),"
            " (select id from device_model) from generate_series(1, 200) g");
        // The standby: a base backup of the primary, streaming, synchronous.
        standby_->cloneAsStandbyOf(*primary_, "standby1");
        standby_->stopWhenProcessExits(false);
        standby_->start();
        {
            // Every commit now waits until the standby has it: a receipt given is a receipt kept.
            db::Database primary(primary_->conninfo("postgres"));
            primary.execScript("ALTER SYSTEM SET synchronous_standby_names = 'standby1'");
            primary.execScript("SELECT pg_reload_conf()");
        }
        ASSERT_TRUE(waitFor([&] { return replicationState() == "streaming sync"; }, 60s))
            << "the standby did not become a synchronous standby: " << replicationState();
    }
    void TearDown() override {
        if (standby_) standby_->stopImmediately();
        if (primary_) primary_->stopImmediately();
        std::error_code ignored;
        std::filesystem::remove_all(root_, ignored);
    }

    static std::string desk(int d) { return d == kDesks ? "fo_console" : "fo_desk" + std::to_string(d); }
    static std::string withPassword(const std::string& conninfo) { return conninfo + " password=" + kPassword; }
    // What every desk is given: both servers, the one that takes writes.
    std::string both(const std::string& user) const {
        return "host=" + primary_->socketDir().string() + "," + standby_->socketDir().string() + " port=" +
               std::to_string(primary_->port()) + "," + std::to_string(standby_->port()) +
               " dbname=register user=" + user + " password=" + kPassword +
               " target_session_attrs=read-write connect_timeout=5";
    }
    std::string replicationState() {
        try {
            db::Database db(primary_->conninfo("postgres"));
            std::string state;
            soci::indicator ind = soci::i_ok;
            db.sql() << "select state || ' ' || sync_state from pg_stat_replication where application_name = 'standby1'",
                soci::into(state, ind);
            return ind == soci::i_ok ? state : "none";
        } catch (const std::exception& e) {
            return e.what();
        }
    }
    static bool waitFor(const std::function<bool()>& done, std::chrono::seconds limit) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < end) {
            if (done()) return true;
            std::this_thread::sleep_for(200ms);
        }
        return done();
    }

    std::filesystem::path root_;
    std::unique_ptr<db::LocalCluster> primary_, standby_;
};

TEST_F(Failover, DesksAndTheConsoleCarryOnAfterTheStandbyIsPromoted) {
    std::mutex mutex;
    std::vector<std::string> receipts;    // every receipt a desk was given
    std::atomic<int> handOvers{0}, failures{0};
    std::atomic<bool> failedOver{false};
    std::atomic<int> afterFailover{0}, desksFinished{0};

    // A desk: issue its devices one by one and take each back, as qmctl scripts would; an
    // operation the register could not confirm (the server went away) is tried again until
    // it succeeds or the register says it was done already.
    auto deskWork = [&](int d) {
        const std::string conninfo = both(desk(d));
        for (int i = 1; i <= kDevicesPerDesk; ++i) {
            const std::string device = "FO-" + std::to_string(d * kDevicesPerDesk + i);
            const std::string staff = std::to_string(300000 + d * kDevicesPerDesk + i);
            for (const bool issue : {true, false}) {
                std::vector<std::string> args = {"--db", conninfo};
                if (issue) args.insert(args.end(), {"issue", device, "--to", staff});
                else args.insert(args.end(), {"return", device});
                const auto giveUp = std::chrono::steady_clock::now() + 120s;
                for (;;) {
                    ProcessResult r = qmctl(args);
                    if (r.exitCode == 0) {
                        std::lock_guard lock(mutex);
                        receipts.push_back(receiptIn(r.out));
                        ++handOvers;
                        if (failedOver) ++afterFailover;
                        break;
                    }
                    ++failures;
                    // Exit 4: done already, by the attempt whose answer was lost in the crash.
                    if (r.exitCode == 4 || std::chrono::steady_clock::now() > giveUp) break;
                    std::this_thread::sleep_for(300ms);
                }
            }
        }
        ++desksFinished;
    };
    std::vector<std::thread> desks;
    for (int d = 0; d < kDesks; ++d) desks.emplace_back(deskWork, d);

    // The console's worker, issuing and returning its own device on a timer.
    QueueUi ui;
    services::Background worker(both(desk(kDesks)), ui);
    std::atomic<int> consoleDone{0}, consoleAfter{0};
    std::vector<std::string> consoleReceipts;
    std::atomic<bool> consoleBusy{false};
    auto consoleStep = [&](bool issue) {
        consoleBusy = true;
        worker.post(
            [&, issue](services::Session& s) {
                std::string receipt =
                    issue ? services::issueDevice(s, {"FO-199", "300199", {}, "", "", std::nullopt}).receipt
                          : services::returnDevice(s, {"FO-199", "good", "", std::nullopt}).receipt;
                ui.callAfter([&, receipt] {
                    consoleReceipts.push_back(receipt);
                    ++consoleDone;
                    if (failedOver) ++consoleAfter;
                    consoleBusy = false;
                });
            },
            [&](const Error&) { consoleBusy = false; });  // cut off by the crash: the loop tries again
    };

    // The console hands its device over once on the primary, before the crash.
    bool nextIsIssue = true;
    consoleStep(nextIsIssue);
    ASSERT_TRUE(ui.runUntil([&] { return !consoleBusy; }));
    ASSERT_EQ(consoleDone.load(), 1) << "the console's worker failed before the failover";
    nextIsIssue = false;

    // Mid-run: the primary dies, the standby takes over (the admin guide's runbook).
    ASSERT_TRUE(waitFor([&] { return handOvers >= kDesks * 4; }, 120s)) << "the desks did not get going";
    primary_->stopImmediately();
    standby_->promote();
    {
        // Alone now: commits must not wait for a standby that no longer exists.
        db::Database promoted(standby_->conninfo("postgres"));
        promoted.execScript("ALTER SYSTEM SET synchronous_standby_names = ''");
        promoted.execScript("SELECT pg_reload_conf()");
    }
    failedOver = true;

    // The console carries on (its connection to the old primary is gone; the worker opens a
    // new one, which finds the new primary) until the desks are done.
    const auto end = std::chrono::steady_clock::now() + 240s;
    while ((desksFinished < kDesks || consoleAfter < 2) && std::chrono::steady_clock::now() < end) {
        const int before = consoleDone;
        consoleStep(nextIsIssue);
        ui.runUntil([&] { return !consoleBusy; });
        if (consoleDone > before) nextIsIssue = !nextIsIssue;
        std::this_thread::sleep_for(consoleDone > before ? 200ms : 300ms);  // a desk's pace, not a loop's
    }
    for (auto& t : desks) t.join();

    EXPECT_GT(afterFailover.load(), 0) << "no desk handed anything over after the failover";
    EXPECT_GE(consoleAfter.load(), 2) << "the console's worker did not carry on after the failover";

    // Every receipt given out is in the new primary's register.
    db::Database now(standby_->conninfo("register"));
    int inRecovery = -1;
    now.sql() << "select pg_is_in_recovery()::int", soci::into(inRecovery);
    EXPECT_EQ(inRecovery, 0) << "the standby is the primary now";
    std::vector<std::string> all = receipts;
    all.insert(all.end(), consoleReceipts.begin(), consoleReceipts.end());
    ASSERT_FALSE(all.empty());
    for (const auto& r : all) {
        ASSERT_FALSE(r.empty());
        int found = 0;
        now.sql() << "select count(*) from custody where issue_receipt = :r or return_receipt = :r", soci::use(r, "r"),
            soci::into(found);
        EXPECT_EQ(found, 1) << "receipt " << r << " was given to a desk but is not in the register";
    }
    // Every device the desks finished with is back in stock, and the audit chain verifies.
    int issued = -1;
    now.sql() << "select count(*) from device where status = 'issued' and asset_tag <> 'FO-199'", soci::into(issued);
    EXPECT_EQ(issued, 0);
    ProcessResult verify = qmctl({"--db", standby_->conninfo("register", "fo_admin") + " password=" + kPassword,
                                  "audit", "verify"});
    EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;
    EXPECT_THAT(verify.out, HasSubstr("intact"));
    std::cout << "[ INFO     ] " << handOvers << " desk hand-overs (" << afterFailover << " after the failover), "
              << consoleDone << " by the console (" << consoleAfter << " after), " << failures
              << " desk attempts refused or cut off around the crash\n";
}

}  // namespace
}  // namespace qm::test
