// qmctl's MDM commands end to end (DESIGN.md §7): wipe request/approve/reject and the four-eyes
// rule as exit 5, commands as JSON, mdm sync's summary as JSON, the settings file's permissions,
// secrets kept out of output, and the drift report.
#include "tests/cli/cli_support.hpp"
#include "tests/mdm/mdm_test_support.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <csignal>

namespace qm::test {
namespace {

using ::testing::HasSubstr;

class MdmCli : public MdmTest {
protected:
    ProcessResult run(const std::string& role, std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", as(role)});
        return qmctl(args);
    }
    std::string settingsFile(const Simulator& sim, int mode = 0600) {
        const std::string path = files_.emplace_back("/tmp/qm-mdm-cli-" + database_ + ".conf");
        std::ofstream f(path);
        const auto s = sim.settings();
        f << "# written by the test\ntoken_url = " << s.tokenUrl << "\ngraph_url = " << s.graphUrl
          << "\nca_file = " << s.caFile << "\nclient_id = " << s.clientId << "\nclient_secret = " << s.clientSecret
          << "\n";
        f.close();
        ::chmod(path.c_str(), static_cast<mode_t>(mode));
        return path;
    }
};

TEST_F(MdmCli, SyncPrintsItsSummaryAsJsonAndRefusesASettingsFileOthersCanRead) {
    addPhonesAndPeople("C", 3, 1);
    Simulator sim({"--fixture", writeFixture(devicesFor("C", 2))});
    auto open = settingsFile(sim, 0644);
    expectOneLineError(run("agent", {"mdm", "sync", "--mdm-settings", open}), 5, {"chmod 600"}, "demo-secret");
    auto file = settingsFile(sim);
    auto r = run("agent", {"--format", "json", "mdm", "sync", "--mdm-settings", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto summary = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(summary->getValue<int>("seen"), 2);
    EXPECT_EQ(summary->getValue<int>("new"), 2);
    EXPECT_EQ(summary->getValue<int>("changed"), 0);
    EXPECT_EQ(summary->getValue<int>("unmatched"), 0);
    EXPECT_THAT(r.out + r.err, ::testing::Not(HasSubstr("demo-secret")));
    // A viewer may not; a missing MDM configuration is invalid input naming what to give.
    expectOneLineError(run("viewer", {"mdm", "sync", "--mdm-settings", file}), 5, {"agent"});
    expectOneLineError(run("agent", {"mdm", "sync", "--mdm-token-url", "http://insecure.example/token",
                                     "--mdm-graph-url", "https://graph.example/v1.0"}),
                       3, {"https://"});
    // A CA file that is not there is named, as is one this account may not read (a service's
    // own user and a root-only folder: tried as a real systemd service, not as root here).
    expectOneLineError(run("agent", {"mdm", "sync", "--mdm-settings", file, "--mdm-ca", "/nonexistent/mdm-ca.pem"}),
                       3, {"/nonexistent/mdm-ca.pem does not exist"});
}

TEST_F(MdmCli, AWipeNeedsADifferentApproverAndTheCommandsListShowsWhoDidWhat) {
    addPhonesAndPeople("C", 2, 1);
    Simulator sim({"--fixture", writeFixture(devicesFor("C", 2))});
    ASSERT_EQ(run("agent", {"mdm", "sync", "--mdm-settings", settingsFile(sim)}).exitCode, 0);

    expectOneLineError(run("agent", {"wipe", "request", "C-1"}), 2, {"--reason"});
    expectOneLineError(run("viewer", {"wipe", "request", "C-1", "--reason", "x"}), 5, {"agent"});
    auto r = run("approver", {"wipe", "request", "C-1", "--reason", "device not returned"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string id = r.out.substr(0, r.out.find('\n'));
    EXPECT_THAT(id, ::testing::MatchesRegex("[0-9]+"));
    expectOneLineError(run("approver", {"wipe", "approve", id}), 5, {"different approver"});
    expectOneLineError(run("agent", {"wipe", "approve", id}), 5, {"approver"});
    expectOneLineError(run("admin", {"wipe", "approve", "not-a-number"}), 3, {"command"});
    expectOneLineError(run("agent", {"wipe", "request", "C-1", "--reason", "again"}), 4, {"already requested"});
    expectOneLineError(run("admin", {"retire", "approve", id}), 3, {"is a wipe, not a retire"});
    r = run("admin", {"wipe", "approve", id});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("queued"));
    expectOneLineError(run("admin", {"wipe", "approve", id}), 4, {"not awaiting approval"});

    // Retire: the same four eyes; the older "retire DEVICE --reason" form makes a request.
    r = run("agent", {"retire", "C-2", "--reason", "end of life"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string retire = r.out.substr(0, r.out.find('\n'));
    expectOneLineError(run("approver", {"retire", "reject", retire}), 2, {"--reason"});
    ASSERT_EQ(run("approver", {"retire", "reject", retire, "--reason", "still in use"}).exitCode, 0);

    r = run("viewer", {"--format", "json", "commands"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto rows = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Array::Ptr>();
    ASSERT_EQ(rows->size(), 2u);
    auto newest = rows->getObject(0), wipe = rows->getObject(1);
    EXPECT_EQ(newest->getValue<std::string>("action"), "retire");
    EXPECT_EQ(newest->getValue<std::string>("state"), "rejected");
    EXPECT_EQ(wipe->getValue<std::string>("id"), id);
    EXPECT_EQ(wipe->getValue<std::string>("device"), "C-1");
    EXPECT_EQ(wipe->getValue<std::string>("state"), "queued");
    EXPECT_EQ(wipe->getValue<std::string>("requested_by"), "test_approver");
    EXPECT_EQ(wipe->getValue<std::string>("approved_by"), "test_admin");
    expectOneLineError(run("viewer", {"commands", "--state", "lost"}), 3, {"awaiting_approval"});
    r = run("viewer", {"commands", "--state", "awaiting_approval"});
    EXPECT_EQ(r.exitCode, 0);
}

TEST_F(MdmCli, DispatchOnceSendsTheApprovedWipeAndTheDriftReportReadsAsText) {
    addPhonesAndPeople("C", 2, 1);
    auto fixture = devicesFor("C", 1);
    fixture.push_back(R"({"id":"stray","serialNumber":"STRAY1","deviceName":"Harry's iPhone"})");
    Simulator sim({"--fixture", writeFixture(fixture), "--action-delay-ms", "50"});
    const auto file = settingsFile(sim);
    ASSERT_EQ(run("agent", {"mdm", "sync", "--mdm-settings", file}).exitCode, 0);
    auto r = run("agent", {"lock", "C-1", "--reason", "reported lost by phone"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = run("agent", {"mdm", "dispatch", "--once", "--mdm-settings", file, "--recheck", "0.1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(sim.stats().count("remoteLock"), 1);
    r = run("viewer", {"report", "drift"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("In the MDM, not in the register"));
    EXPECT_THAT(r.out, HasSubstr("Harry's iPhone"));
    r = run("viewer", {"--format", "csv", "report", "drift", "--days", "7"});
    EXPECT_THAT(r.out, HasSubstr("not_in_register"));
    expectOneLineError(run("viewer", {"report", "drift", "--days", "0"}), 3, {"days"});
}

}  // namespace
}  // namespace qm::test

namespace qm::test {
namespace {

TEST_F(MdmCli, TheAgentSyncsAndDispatchesUntilSigtermThenStopsCleanly) {
    addPhonesAndPeople("G", 2, 1);
    Simulator sim({"--fixture", writeFixture(devicesFor("G", 2)), "--action-delay-ms", "100"});
    const auto file = settingsFile(sim);
    BackgroundProcess agent({QMCTL_PATH, "--db", as("agent"), "agent", "--mdm-settings", file, "--sync-every", "1h",
                             "--anchor-every", "1h", "--worker", "test-agent"});
    // It syncs at start (so the devices get their MDM ids), then sends what is approved.
    ASSERT_TRUE(eventually([&] { return scalar("select count(*) from mdm_sync where state = 'done'") == 1; }))
        << agent.errSoFar();
    EXPECT_EQ(text("select mdm_id from device where asset_tag = 'G-1'"), "mdm-G-1");
    auto r = run("agent", {"wipe", "request", "G-1", "--reason", "device not returned"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string id = r.out.substr(0, r.out.find('\n'));
    ASSERT_EQ(run("approver", {"wipe", "approve", id}).exitCode, 0);
    ASSERT_TRUE(eventually([&] { return text("select state from mdm_command where id = " + id) == "done"; }))
        << agent.errSoFar();
    EXPECT_EQ(text("select status::text from device where asset_tag = 'G-1'"), "wiped");
    EXPECT_EQ(text("select sent_by from mdm_command where id = " + id), "test-agent");
    EXPECT_EQ(sim.stats().count("wipe"), 1);
    auto stopped = agent.stop(SIGTERM);
    EXPECT_EQ(stopped.exitCode, 0) << stopped.err;
    EXPECT_THAT(stopped.err, HasSubstr("syncing the MDM"));
    EXPECT_THAT(stopped.err, HasSubstr("stopped"));
    EXPECT_THAT(stopped.err, ::testing::Not(HasSubstr("demo-secret")));
}

}  // namespace
}  // namespace qm::test
