// Fuzz target over the Graph JSON edge (services/mdm/graph_json.hpp): whatever bytes the MDM
// sends, parsing gives structs or a qm::Error — never a crash, a hang or another exception.
//
// Built two ways: with clang's -fsanitize=fuzzer this is a libFuzzer target (run it as long as
// you like); otherwise the small driver below mutates the seed bodies for a number of runs
// (`qm-fuzz-graph-json --runs N --seed S`), which is what the test suite does for a short run.
#include "model/error.hpp"
#include "services/mdm/graph_json.hpp"
#include "tests/fuzz/fuzz_driver.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace qm::services::mdm;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto expectOnlyErrors = [](auto&& parse) {
        try {
            parse();
        } catch (const qm::Error&) {
            // Refused in words: fine.
        }
    };
    expectOnlyErrors([&] {
        DevicePage page = parseDevicePage(body);
        (void)devicesToJson(page.devices);
        for (const auto& d : page.devices)
            for (const auto& a : d.actionResults) (void)graphTimeMicros(a.startDateTime);
    });
    expectOnlyErrors([&] { (void)parseDevice(body); });
    expectOnlyErrors([&] { (void)parseToken(body); });
    (void)parseError(body);
    (void)graphTimeMicros(body);
    (void)retryAfterSeconds(body, 1.7e9);
    return 0;
}

#ifndef QM_LIBFUZZER
namespace {

const std::vector<std::string> kSeeds = {
    R"({"@odata.nextLink":"https://localhost/v1.0/deviceManagement/managedDevices?$skiptoken=a%2Bb","value":[{"id":"1","deviceName":"MPS-1","serialNumber":"F2LXN3A1QK","imei":"353918050000013","complianceState":"compliant","lastSyncDateTime":"2024-05-01T10:02:49.3205976Z","deviceActionResults":[{"actionName":"wipe","actionState":"pending","startDateTime":"2024-05-01T10:02:49Z"}]}]})",
    R"({"id":"x","deviceActionResults":[{"actionName":"remoteLock","actionState":"done","startDateTime":"2024-05-01T10:02:49.1+01:00","lastUpdatedDateTime":null}],"futureProperty":{"nested":[1,2,{"a":null}]}})",
    R"({"token_type":"Bearer","expires_in":3599,"access_token":"eyJ0eXAi"})",
    R"({"error":{"code":"InvalidAuthenticationToken","message":"expired","innerError":{"date":"2024-05-01T10:02:49","request-id":"r","client-request-id":"c"}}})",
    R"({"value":[null,1,"x",[],{"id":null},{"id":"\u0000\ud800"}]})",
    "Thu, 01 Jan 2026 00:00:10 GMT",
    "2.128",
};

const std::vector<std::string> kTokens = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999",
                                          "-0", "\\u", "\\", "\"id\":", "\xff", std::string(1, '\0'), "9999999999999999999"};

}  // namespace

int main(int argc, char** argv) { return qm::fuzz::runDriver(argc, argv, "graph JSON", kSeeds, kTokens); }
#endif
