// Inventory sync and drift against the simulator: every device stored once through throttling
// and a token expiry, matching by MDM id, serial and IMEI, a sync cut short keeping the previous
// snapshot whole, and the drift report's kinds.
#include "db/database.hpp"
#include "services/custody/custody.hpp"
#include "services/register/register.hpp"
#include "tests/mdm/mdm_test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <map>

namespace qm::test {
namespace {

using ::testing::HasSubstr;

TEST_F(MdmTest, AFleetOf32000SyncsThroughThrottlingAndATokenExpiryStoringEveryDeviceOnce) {
    Simulator sim({"--devices", "32000", "--seed", "7"});
    sim.faults(R"({"throttle_rate":0.1,"retry_after":"0.01"})");
    bool expired = false;
    const auto start = std::chrono::steady_clock::now();
    auto summary = syncAs("agent", sim, [&](const services::mdm::SyncProgress& p) {
        if (p.pages == 16 && !expired) {
            sim.expireTokens();
            expired = true;
        }
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "32,000 devices synced in " << seconds << " s (with 10% throttling and a token expiry)\n";
    EXPECT_EQ(summary.seen, 32000);
    EXPECT_EQ(summary.added, 32000);
    EXPECT_EQ(summary.unmatched, 32000);  // the register is empty
    EXPECT_EQ(scalar("select count(*) from mdm_device"), 32000);
    EXPECT_EQ(scalar("select count(distinct mdm_id) from mdm_device"), 32000);
    auto stats = sim.stats();
    EXPECT_GT(stats.requests["throttled"], 0);
    EXPECT_GT(stats.requests["unauthorized"], 0);
    EXPECT_GE(stats.tokensIssued, 2);
    // Again: nothing new, nothing changed (check-in times move on, and do not count as changes).
    sim.faults(R"({"throttle_rate":0})");
    auto again = syncAs("agent", sim);
    EXPECT_EQ(again.seen, 32000);
    EXPECT_EQ(again.added, 0);
    EXPECT_EQ(again.changed, 0);
    EXPECT_EQ(again.gone, 0);
}

TEST_F(MdmTest, DevicesAreMatchedByMdmIdThenSerialThenImeiAndKeepTheMdmId) {
    addPhonesAndPeople("M", 4, 2);
    db::Database owner(as("owner"));
    owner.execScript("update device set imei = '490154203237518' where asset_tag = 'M-3';"
                     "update device set mdm_id = 'known-id' where asset_tag = 'M-4'");
    auto fixture = writeFixture({
        R"({"id":"by-serial","serialNumber":"sm0001","imei":null})",                          // serial, any case
        R"({"id":"by-imei","serialNumber":"NOT-IN-REGISTER","imei":"49 015420 323751 8"})",  // IMEI, spaced
        R"({"id":"known-id","serialNumber":"DIFFERENT"})",                                   // MDM id wins
        R"({"id":"stranger","serialNumber":"ZZZ9999","deviceName":"Harry's iPhone"})",
    });
    Simulator sim({"--fixture", fixture});
    auto s = syncAs("agent", sim);
    EXPECT_EQ(s.seen, 4);
    EXPECT_EQ(s.unmatched, 1);
    EXPECT_EQ(text("select mdm_id from device where asset_tag = 'M-1'"), "by-serial");
    EXPECT_EQ(text("select mdm_id from device where asset_tag = 'M-3'"), "by-imei");
    EXPECT_EQ(text("select mdm_id from device where asset_tag = 'M-4'"), "known-id");
    EXPECT_EQ(text("select coalesce(mdm_id, '<none>') from device where asset_tag = 'M-2'"), "<none>");
    // The match is kept: the device is found by its MDM id from now on.
    auto agent = session("agent");
    EXPECT_EQ(services::showDevice(*agent, "by-imei").assetTag, "M-3");

    // Drift: the stranger is not in the register, M-4's serial differs.
    auto drift = services::mdm::drift(*agent, 30);
    auto has = [&](const std::string& kind, const std::string& tag) {
        for (const auto& d : drift)
            if (d.kind == kind && d.assetTag == tag) return true;
        return false;
    };
    EXPECT_TRUE(has("not_in_register", ""));
    EXPECT_TRUE(has("serial_mismatch", "M-4"));
}

TEST_F(MdmTest, TheDriftReportFindsEachKindOfDisagreement) {
    addPhonesAndPeople("D", 6, 4);
    db::Database owner(as("owner"));
    owner.execScript("update person set email = 'officer.' || staff_no || '@police.example';"
                     "update device set imei = '490154203237518' where asset_tag = 'D-5'");
    auto agent = session("agent");
    auto issue = [&](const std::string& tag, const std::string& staff) {
        services::IssueRequest r;
        r.device = tag;
        r.staffNo = staff;
        services::issueDevice(*agent, r);
    };
    issue("D-1", "D0001");  // MDM user is someone else
    issue("D-2", "D0002");  // not in the MDM at all
    issue("D-3", "D0003");  // has not checked in for 90 days
    issue("D-6", "D0004");
    services::reportLost(*agent, "D-6", false, "CAD 12");  // lost, still checking in
    auto fixture = writeFixture({
        R"({"id":"a","serialNumber":"SD0001","userPrincipalName":"someone.else@police.example","lastSyncDateTime":"2099-01-01T00:00:00Z"})",
        R"({"id":"c","serialNumber":"SD0003","userPrincipalName":"officer.D0003@police.example","lastSyncDateTime":"2020-01-01T00:00:00Z"})",
        R"({"id":"e","serialNumber":"SD0005","imei":"356938035643809","lastSyncDateTime":"2000-01-01T00:00:00Z"})",
        R"({"id":"f","serialNumber":"SD0006","lastSyncDateTime":"2099-01-01T00:00:00Z"})",
        R"({"id":"x","serialNumber":"NOPE"})",
    });
    Simulator sim({"--fixture", fixture});
    syncAs("agent", sim);
    std::map<std::string, std::string> found;  // kind -> asset tag
    for (const auto& d : services::mdm::drift(*agent, 30)) found[d.kind] += d.assetTag + " ";
    EXPECT_EQ(found["user_mismatch"], "D-1 ");
    EXPECT_EQ(found["missing_from_mdm"], "D-2 ");
    EXPECT_EQ(found["no_check_in"], "D-3 ");
    EXPECT_EQ(found["imei_mismatch"], "D-5 ");
    EXPECT_EQ(found["checked_in_while_lost"], "D-6 ");
    EXPECT_EQ(found["not_in_register"], " ");
    // A viewer may read it too.
    EXPECT_FALSE(services::mdm::drift(*session("viewer"), 30).empty());
}

TEST_F(MdmTest, ASyncCutShortLeavesThePreviousSnapshotWhole) {
    Simulator sim({"--devices", "3000"});
    auto first = syncAs("agent", sim);
    ASSERT_EQ(first.seen, 3000);
    const long long before = scalar("select max(sync_id) from mdm_device");
    // The MDM fails for good mid-way: every request after the first pages is a 500.
    auto settings = sim.settings();
    settings.pageSize = 200;
    settings.maxRetries = 2;
    auto agent = session("agent");
    services::mdm::GraphGateway gateway(settings);
    try {
        services::mdm::sync(*agent, gateway, [&](const services::mdm::SyncProgress& p) {
            if (p.pages == 3) sim.faults(R"({"error_rate":1.0,"error_status":500})");
        });
        ADD_FAILURE() << "a sync with a failing MDM succeeded";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
    }
    EXPECT_EQ(scalar("select count(*) from mdm_device"), 3000);
    EXPECT_EQ(scalar("select max(sync_id) from mdm_device"), before);
    EXPECT_EQ(scalar("select count(*) from mdm_sync_row"), 0) << "the abandoned pages were not dropped";
    // Cancelled by the user: the same.
    sim.faults(R"({"error_rate":0})");
    std::atomic<int> pages{0};
    EXPECT_THROW(services::mdm::sync(*agent, gateway, [&](const services::mdm::SyncProgress&) { ++pages; },
                                     [&] { return pages >= 2; }),
                 Error);
    EXPECT_EQ(scalar("select count(*) from mdm_device"), 3000);
    EXPECT_EQ(scalar("select max(sync_id) from mdm_device"), before);
}

TEST_F(MdmTest, AViewerCannotSync) {
    Simulator sim({"--devices", "5"});
    try {
        syncAs("viewer", sim);
        ADD_FAILURE() << "a viewer synced";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Permission);
        EXPECT_THAT(e.what(), HasSubstr("agent"));
    }
    EXPECT_EQ(scalar("select count(*) from mdm_device"), 0);
}

}  // namespace
}  // namespace qm::test
