// The Graph client against the simulator over real HTTPS: strict TLS before any secret, tokens
// renewed on expiry, throttling and server errors ridden out, paging exactly as given, and the
// robustness of the JSON edge (malformed bodies, unknown values and fields, nulls).
#include "services/mdm/graph.hpp"
#include "services/mdm/graph_json.hpp"
#include "tests/mdm/mdm_test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace qm::test {
namespace {

using services::mdm::GraphGateway;
using services::mdm::ManagedDevice;
using ::testing::HasSubstr;

std::vector<ManagedDevice> readAll(GraphGateway& g) {
    std::vector<ManagedDevice> all;
    g.listDevices([&](std::vector<ManagedDevice>&& page) { all.insert(all.end(), page.begin(), page.end()); }, {});
    return all;
}

TEST(GraphClient, AnUntrustedCertificateIsRefusedBeforeAnySecretIsSent) {
    Simulator sim({"--devices", "10"});
    auto settings = sim.settings();
    settings.caFile = "";  // only the system's CAs: the simulator's own CA is not among them
    GraphGateway g(settings);
    try {
        readAll(g);
        ADD_FAILURE() << "an untrusted server was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
        EXPECT_THAT(e.what(), HasSubstr("did not prove its identity"));
    }
    auto stats = sim.stats();
    EXPECT_EQ(stats.requests["token"], 0) << "the client secret went to an unverified server";
    EXPECT_EQ(stats.tokensIssued, 0);
}

TEST(GraphClient, AWrongHostNameIsRefusedBeforeAnySecretIsSent) {
    // A certificate from the trusted CA, but for another name: it names only "localhost", and
    // the client is told the MDM is at 127.0.0.1.
    Simulator sim({"--devices", "10", "--cert-names", "localhost"});
    auto settings = sim.settings();
    const std::string ip = "https://127.0.0.1:" + std::to_string(sim.port());
    settings.tokenUrl = ip + "/test-tenant/oauth2/v2.0/token";
    settings.graphUrl = ip + "/v1.0";
    GraphGateway g(settings);
    EXPECT_THROW(readAll(g), Error);
    EXPECT_EQ(sim.stats().requests["token"], 0);
}

TEST(GraphClient, WrongCredentialsAreAPermissionErrorThatNamesNoSecret) {
    Simulator sim({"--devices", "10"});
    auto settings = sim.settings();
    settings.clientSecret = "not-the-secret-s3cr3t";
    GraphGateway g(settings);
    try {
        readAll(g);
        ADD_FAILURE() << "signed in with a wrong secret";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Permission);
        EXPECT_THAT(e.what(), HasSubstr("invalid_client"));
        EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("s3cr3t")));
    }
}

TEST(GraphClient, PagesAreFollowedAsGivenAndEveryDeviceArrivesOnce) {
    Simulator sim({"--devices", "2500"});
    auto settings = sim.settings();
    settings.pageSize = 7;  // many pages, each skip token with characters that need care
    std::vector<std::string> logged;
    GraphGateway g(settings, [&](const std::string& line) { logged.push_back(line); });
    auto all = readAll(g);
    std::set<std::string> ids;
    for (const auto& d : all) ids.insert(d.id);
    EXPECT_EQ(all.size(), 2500u);
    EXPECT_EQ(ids.size(), 2500u);
    EXPECT_EQ(sim.stats().requests["list"], (2500 + 6) / 7);
    // Request ids are logged; the token and the secret never are.
    ASSERT_FALSE(logged.empty());
    EXPECT_THAT(logged.back(), HasSubstr("request-id"));
    for (const auto& line : logged) {
        EXPECT_THAT(line, ::testing::Not(HasSubstr("demo-secret")));
        EXPECT_THAT(line, ::testing::Not(HasSubstr("Bearer")));
    }
}

TEST(GraphClient, ThrottlingServerErrorsAndAnExpiredTokenAreRiddenOut) {
    Simulator sim({"--devices", "3000"});
    sim.faults(R"({"throttle_rate":0.15,"retry_after":"0.05","error_rate":0.05,"error_status":503})");
    auto settings = sim.settings();
    settings.pageSize = 100;
    GraphGateway g(settings);
    std::size_t n = 0;
    int pages = 0;
    g.listDevices(
        [&](std::vector<ManagedDevice>&& page) {
            n += page.size();
            if (++pages == 10) sim.expireTokens();  // the token dies mid-way
        },
        {});
    EXPECT_EQ(n, 3000u);
    auto stats = sim.stats();
    EXPECT_GT(stats.requests["throttled"], 0);
    EXPECT_GT(stats.requests["unauthorized"], 0);
    EXPECT_GE(stats.tokensIssued, 2) << "the expired token was not renewed";
}

TEST(GraphClient, MalformedAnswersUnknownValuesAndNullsNeverCrash) {
    Simulator sim({"--devices", "1500"});
    sim.faults(R"({"malformed_rate":0.2,"unknown_values":true,"null_fields":true})");
    auto settings = sim.settings();
    settings.pageSize = 100;
    GraphGateway g(settings);
    auto all = readAll(g);
    EXPECT_EQ(all.size(), 1500u);
    int unknown = 0, nulls = 0;
    for (const auto& d : all) {
        unknown += d.complianceState == "unknown";
        nulls += d.serialNumber.empty();
        EXPECT_NE(d.complianceState, "quantumState") << "an unknown enum value was passed on";
    }
    EXPECT_GT(unknown, 0);
    EXPECT_GT(nulls, 0);
    EXPECT_GT(sim.stats().requests["malformed"], 0);
}

TEST(GraphClient, ARepeatedNextLinkDoesNotLoseOrDuplicateDevices) {
    Simulator sim({"--devices", "500"});
    sim.faults(R"({"repeat_next_link":true})");
    auto settings = sim.settings();
    settings.pageSize = 50;
    GraphGateway g(settings);
    auto all = readAll(g);
    std::set<std::string> ids;
    for (const auto& d : all) ids.insert(d.id);
    EXPECT_EQ(ids.size(), 500u);
}

TEST(GraphJson, TimesRetryAfterAndErrorBodies) {
    using namespace services::mdm;
    EXPECT_EQ(graphTimeMicros("1970-01-01T00:00:01.5Z"), 1500000);
    EXPECT_EQ(graphTimeMicros("2024-05-01T10:02:49.3205976Z"), graphTimeMicros("2024-05-01T11:02:49.320597+01:00"));
    EXPECT_EQ(graphTimeMicros("2024-05-01 10:02"), std::nullopt);
    EXPECT_EQ(graphTimeMicros(""), std::nullopt);
    EXPECT_DOUBLE_EQ(*retryAfterSeconds("2.128", 0), 2.128);
    EXPECT_DOUBLE_EQ(*retryAfterSeconds("Thu, 01 Jan 1970 00:00:10 GMT", 4), 6);
    EXPECT_EQ(retryAfterSeconds("soon", 0), std::nullopt);
    EXPECT_EQ(retryAfterSeconds("-1", 0), std::nullopt);
    auto e = parseError(R"({"error":{"code":"InvalidAuthenticationToken","message":"x","innererror":{"request-id":"r1"}}})");
    EXPECT_EQ(e.code, "InvalidAuthenticationToken");
    EXPECT_EQ(e.requestId, "r1");
    EXPECT_EQ(parseError("<html>proxy</html>").code, "");
    EXPECT_THROW(parseDevicePage("{\"value\":[{\"id\":"), Error);
    auto page = parseDevicePage(R"({"value":[null,1,"x",{"id":null},{"id":"a","imei":7,"deviceActionResults":[null,{"actionName":"wipe","actionState":"paused"}]}]})");
    ASSERT_EQ(page.devices.size(), 1u);
    EXPECT_EQ(page.devices[0].imei, "");
    ASSERT_EQ(page.devices[0].actionResults.size(), 1u);
    EXPECT_EQ(page.devices[0].actionResults[0].actionState, "unknown");
}

}  // namespace
}  // namespace qm::test
