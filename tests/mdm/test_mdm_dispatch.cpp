// The outbox end to end over real HTTPS: a wipe requested, approved by a second person, sent
// once, and the device wiped only when the MDM reports it done; a thousand wipes through two
// dispatchers with connections dropped after the MDM processed the action; a dispatcher killed
// between send and acknowledgement; throttled actions; a lost report's remote lock.
#include "db/database.hpp"
#include "services/custody/custody.hpp"
#include "services/mdm/commands.hpp"
#include "services/mdm/dispatch.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/mdm/mdm_test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <iostream>
#include <thread>

namespace qm::test {
namespace {

namespace mdm = services::mdm;
using ::testing::HasSubstr;

mdm::DispatchOptions quick(const std::string& worker) {
    mdm::DispatchOptions o;
    o.worker = worker;
    o.recheckSeconds = 0.2;
    o.leaseSeconds = 30;
    o.graceSeconds = 30;
    return o;
}

class Outbox : public MdmTest {
protected:
    // n register devices <P>-i known to the simulator (synced, so they carry their MDM ids).
    std::unique_ptr<Simulator> fleet(const std::string& prefix, int n, std::vector<std::string> simArgs = {}) {
        addPhonesAndPeople(prefix, n, n);
        simArgs.push_back("--fixture");
        simArgs.push_back(writeFixture(devicesFor(prefix, n)));
        auto sim = std::make_unique<Simulator>(simArgs);
        EXPECT_EQ(syncAs("agent", *sim).unmatched, 0);
        return sim;
    }
    std::string state(long long id) { return text("select state from mdm_command where id = " + std::to_string(id)); }
    std::string status(const std::string& tag) {
        return text("select status::text from device where asset_tag = '" + tag + "'");
    }
    // Runs dispatch rounds until every command has an end (bounded).
    bool dispatchUntilSettled(mdm::MdmGateway& gateway, const mdm::DispatchOptions& o) {
        auto agent = session("agent");
        return eventually([&] {
            mdm::dispatchUntilIdle(*agent, gateway, o);
            return scalar("select count(*) from mdm_command where state in ('queued', 'sent')") == 0;
        });
    }
};

TEST_F(Outbox, AWipeNeedsASecondPersonIsSentOnceAndWipesOnlyWhenTheMdmSaysDone) {
    auto sim = fleet("W", 2, {"--action-delay-ms", "1500"});
    auto agent = session("agent");
    auto approver = session("approver");
    services::IssueRequest r;
    r.device = "W-1";
    r.staffNo = "W0001";
    services::issueDevice(*agent, r);

    const long long id = mdm::request(*agent, "W-1", "wipe", "left the force; device not returned");
    EXPECT_EQ(state(id), "awaiting_approval");
    // Nothing is sent before approval.
    mdm::GraphGateway gateway(sim->settings());
    mdm::dispatchUntilIdle(*agent, gateway, quick("d1"));
    EXPECT_EQ(sim->stats().count("wipe"), 0);
    // The requester cannot approve, even holding the approver role.
    const long long own = mdm::request(*approver, "W-2", "wipe", "test");
    try {
        mdm::approve(*approver, own);
        ADD_FAILURE() << "a requester approved their own wipe";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Permission);
        EXPECT_THAT(e.what(), HasSubstr("different approver"));
    }
    mdm::reject(*session("admin"), own, "not needed");
    EXPECT_EQ(state(own), "rejected");

    EXPECT_EQ(mdm::approve(*approver, id), "queued");
    EXPECT_EQ(status("W-1"), "pending_wipe");
    EXPECT_EQ(scalar("select count(*) from custody c join device d on d.id = c.device_id"
                     " where d.asset_tag = 'W-1' and c.returned_at is null"),
              1)
        << "custody closed before the MDM confirmed the wipe";
    // Sent: accepted, still pending at the MDM; the device is not wiped yet.
    mdm::dispatchOnce(*agent, gateway, quick("d1"));
    EXPECT_EQ(sim->stats().count("wipe"), 1);
    EXPECT_EQ(state(id), "sent");
    EXPECT_EQ(status("W-1"), "pending_wipe");
    ASSERT_TRUE(dispatchUntilSettled(gateway, quick("d1")));
    EXPECT_EQ(state(id), "done");
    EXPECT_EQ(status("W-1"), "wiped");
    EXPECT_EQ(text("select closed_as from custody c join device d on d.id = c.device_id where d.asset_tag = 'W-1'"),
              "wiped");
    EXPECT_EQ(sim->stats().count("wipe"), 1);
    auto c = mdm::find(*agent, id);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->requestedBy, "test_agent");
    EXPECT_EQ(c->approvedBy, "test_approver");
}

TEST_F(Outbox, AFailedWipeLeavesTheDevicePendingAndSaysSo) {
    auto sim = fleet("F", 1, {"--action-delay-ms", "100", "--fail-devices", "mdm-F-1"});
    const long long id = mdm::request(*session("agent"), "F-1", "wipe", "reissue");
    mdm::approve(*session("approver"), id);
    mdm::GraphGateway gateway(sim->settings());
    ASSERT_TRUE(dispatchUntilSettled(gateway, quick("d1")));
    EXPECT_EQ(state(id), "failed");
    EXPECT_EQ(status("F-1"), "pending_wipe");
    EXPECT_THAT(text("select outcome from mdm_command where id = " + std::to_string(id)), HasSubstr("failed"));
}

TEST_F(Outbox, AThousandWipesThroughTwoDispatchersWithDroppedConnectionsReachTheMdmExactlyOnceEach) {
    constexpr int kDevices = 1000;
    auto sim = fleet("K", kDevices, {"--action-delay-ms", "200"});
    db::Database(as("owner")).execScript("select 1");
    mdm::setWipeLimits(*session("admin"), 100000, 100000);
    {
        auto agent = session("agent");
        auto approver = session("approver");
        for (int i = 1; i <= kDevices; ++i)
            mdm::approve(*approver, mdm::request(*agent, "K-" + std::to_string(i), "wipe", "fleet refresh"));
    }
    ASSERT_EQ(scalar("select count(*) from mdm_command where action = 'wipe' and state = 'queued'"), kDevices);
    sim->faults(R"({"drop_after_rate":0.05})");
    const auto start = std::chrono::steady_clock::now();
    auto worker = [&](const std::string& name) {
        auto s = session("agent");
        mdm::GraphGateway gateway(sim->settings());
        auto o = quick(name);
        o.batch = 1;
        eventually(
            [&] {
                mdm::dispatchUntilIdle(*s, gateway, o);
                return scalar("select count(*) from mdm_command where state in ('queued', 'sent')") == 0;
            },
            std::chrono::seconds(240));
    };
    std::thread a(worker, "dispatcher-a"), b(worker, "dispatcher-b");
    a.join();
    b.join();
    std::cout << kDevices << " wipes dispatched by two dispatchers in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
    auto stats = sim->stats();
    EXPECT_GT(stats.requests["dropped_after"], 0) << "the fault was not exercised";
    std::map<std::string, int> perDevice;
    for (const auto& act : stats.actions)
        if (act.action == "wipe") ++perDevice[act.device];
    EXPECT_EQ(perDevice.size(), static_cast<std::size_t>(kDevices)) << "a wipe was lost";
    int twice = 0;
    for (const auto& [device, n] : perDevice) twice += n > 1;
    EXPECT_EQ(twice, 0) << "devices wiped more than once";
    EXPECT_EQ(scalar("select count(*) from mdm_command where action = 'wipe' and state = 'done'"), kDevices);
    EXPECT_EQ(scalar("select count(*) from device where status = 'wiped'"), kDevices);
    // Both dispatchers took a share.
    EXPECT_EQ(scalar("select count(distinct sent_by) from mdm_command where action = 'wipe'"), 2);
}

TEST_F(Outbox, ADispatcherKilledBetweenSendAndAcknowledgementIsResolvedByReadingResultsNotResending) {
    auto sim = fleet("X", 1, {"--action-delay-ms", "100"});
    const long long id = mdm::request(*session("agent"), "X-1", "wipe", "stolen");
    mdm::approve(*session("approver"), id);
    // The MDM processes the wipe, then takes its time to answer: the dispatcher dies meanwhile.
    sim->faults(R"({"hang_after_action_ms":8000})");
    const std::string settingsFile = files_.emplace_back("/tmp/qm-mdm-" + std::to_string(::getpid()) + ".conf");
    {
        std::ofstream f(settingsFile);
        const auto s = sim->settings();
        f << "token_url = " << s.tokenUrl << "\ngraph_url = " << s.graphUrl << "\nca_file = " << s.caFile
          << "\nclient_id = " << s.clientId << "\nclient_secret = " << s.clientSecret << "\ntimeout_seconds = 60\n";
    }
    ::chmod(settingsFile.c_str(), 0600);
    BackgroundProcess dispatcher({QMCTL_PATH, "--db", as("agent"), "mdm", "dispatch", "--mdm-settings", settingsFile,
                                  "--lease", "2", "--grace", "60", "--worker", "doomed"});
    ASSERT_TRUE(eventually([&] { return sim->stats().count("wipe") == 1; }, std::chrono::seconds(30)))
        << dispatcher.errSoFar();
    dispatcher.stop(SIGKILL);
    EXPECT_EQ(state(id), "sent");
    EXPECT_EQ(text("select outcome from mdm_command where id = " + std::to_string(id)), "sending");
    sim->faults(R"({"hang_after_action_ms":0})");
    // A new dispatcher picks it up after the lease and reads the action results.
    ASSERT_TRUE(eventually([&] {
        auto r = qmctl({"--db", as("agent"), "mdm", "dispatch", "--once", "--mdm-settings", settingsFile, "--recheck",
                        "0.2", "--worker", "survivor"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return state(id) == "done";
    }, std::chrono::seconds(60)));
    EXPECT_EQ(sim->stats().count("wipe"), 1) << "the wipe was sent again";
    EXPECT_EQ(status("X-1"), "wiped");
}

TEST_F(Outbox, ThrottledAndRefusedActionsAreSentAgainOnlyWhenSafe) {
    auto sim = fleet("T", 40, {"--action-delay-ms", "100"});
    auto agent = session("agent");
    for (int i = 1; i <= 40; ++i) mdm::request(*agent, "T-" + std::to_string(i), "remote_lock", "test");
    // Throttled (not processed) and dropped before processing: both must still arrive once.
    sim->faults(R"({"throttle_rate":0.3,"retry_after":"0.05","drop_before_rate":0.1})");
    mdm::GraphGateway gateway(sim->settings());
    auto o = quick("d1");
    o.graceSeconds = 1;  // a send that never arrived is called lost quickly here
    ASSERT_TRUE(dispatchUntilSettled(gateway, o));
    auto stats = sim->stats();
    EXPECT_GT(stats.requests["throttled"], 0);
    std::map<std::string, int> perDevice;
    for (const auto& a : stats.actions) ++perDevice[a.device];
    EXPECT_EQ(perDevice.size(), 40u);
    for (const auto& [d, n] : perDevice) EXPECT_EQ(n, 1) << d;
    EXPECT_EQ(scalar("select count(*) from mdm_command where state = 'done'"), 40);
    EXPECT_EQ(text("select string_agg(state || ': ' || outcome, '; ') from mdm_command where state <> 'done'"), "<null>");
}

TEST_F(Outbox, ALostReportsRemoteLockIsSent) {
    auto sim = fleet("L", 1, {"--action-delay-ms", "100"});
    auto agent = session("agent");
    services::IssueRequest r;
    r.device = "L-1";
    r.staffNo = "L0001";
    services::issueDevice(*agent, r);
    auto lost = services::reportLost(*agent, "L-1", true, "CAD 4411");
    mdm::GraphGateway gateway(sim->settings());
    ASSERT_TRUE(dispatchUntilSettled(gateway, quick("d1")));
    EXPECT_EQ(state(lost.remoteLockCommand), "done");
    ASSERT_EQ(sim->stats().count("remoteLock"), 1);
    EXPECT_EQ(sim->stats().actions.front().device, "mdm-L-1");
}

TEST_F(Outbox, AWipeWhoseSendLeftNoTraceGoesToAPersonNotBackToTheMdm) {
    auto sim = fleet("N", 1, {"--action-delay-ms", "100"});
    const long long id = mdm::request(*session("agent"), "N-1", "wipe", "left the force");
    mdm::approve(*session("approver"), id);
    // Every connection is dropped before the MDM processes anything: the send's fate is unknown.
    sim->faults(R"({"drop_before_rate":1.0})");
    mdm::GraphGateway gateway(sim->settings());
    auto o = quick("d1");
    o.graceSeconds = 1;
    auto agent = session("agent");
    mdm::dispatchOnce(*agent, gateway, o);
    EXPECT_EQ(state(id), "sent");
    sim->faults(R"({"drop_before_rate":0})");
    ASSERT_TRUE(eventually([&] {
        mdm::dispatchUntilIdle(*agent, gateway, o);
        return state(id) != "sent";
    }));
    EXPECT_EQ(state(id), "needs_attention") << "a wipe that may have arrived was queued to be sent again";
    mdm::dispatchUntilIdle(*agent, gateway, o);
    EXPECT_EQ(sim->stats().count("wipe"), 0);
    EXPECT_EQ(status("N-1"), "pending_wipe");
}

TEST_F(Outbox, ALegalHoldPlacedAfterApprovalStopsTheWipe) {
    auto sim = fleet("H", 1, {"--action-delay-ms", "100"});
    const long long id = mdm::request(*session("agent"), "H-1", "wipe", "reissue");
    mdm::approve(*session("approver"), id);
    services::placeHold(*session("manager"), "H-1", "Op Larch exhibit");
    mdm::GraphGateway gateway(sim->settings());
    mdm::dispatchUntilIdle(*session("agent"), gateway, quick("d1"));
    EXPECT_EQ(sim->stats().count("wipe"), 0) << "a held device was wiped";
    EXPECT_EQ(state(id), "queued");
    // Released from the hold, it goes.
    services::releaseHold(*session("manager"), "H-1");
    ASSERT_TRUE(dispatchUntilSettled(gateway, quick("d1")));
    EXPECT_EQ(sim->stats().count("wipe"), 1);
}

}  // namespace
}  // namespace qm::test
