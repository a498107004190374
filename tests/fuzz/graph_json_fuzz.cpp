// Fuzz target over the Graph JSON edge (services/mdm/graph_json.hpp): whatever bytes the MDM
// sends, parsing gives structs or a qm::Error — never a crash, a hang or another exception.
//
// Built two ways: with clang's -fsanitize=fuzzer this is a libFuzzer target (run it as long as
// you like); otherwise the small driver below mutates the seed bodies for a number of runs
// (`qm-fuzz-graph-json --runs N --seed S`), which is what the test suite does for a short run.
#include "model/error.hpp"
#include "services/mdm/graph_json.hpp"

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

std::string mutate(std::string s, std::mt19937_64& rng) {
    static const std::vector<std::string> tokens = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999",
                                                    "-0", "\\u", "\\", "\"id\":", "\xff", "\x00", "9999999999999999999"};
    std::uniform_int_distribution<int> op(0, 5);
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
        const std::size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
        switch (op(rng)) {
        case 0: if (!s.empty() && at < s.size()) s.erase(at, 1 + rng() % 8); break;
        case 1: s.insert(at, tokens[rng() % tokens.size()]); break;
        case 2: if (at < s.size()) s[at] = static_cast<char>(rng() % 256); break;
        case 3: s = s.substr(0, at); break;                           // cut short, like a dropped connection
        case 4: if (at < s.size()) s.insert(at, s.substr(at, 64)); break;  // repeat a stretch
        case 5: s.insert(at, std::string(1 + rng() % 200, '[')); break;  // deep nesting
        }
    }
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    long runs = 20000;
    unsigned long long seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--runs") runs = std::strtol(argv[i + 1], nullptr, 10);
        else if (flag == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
    }
    std::mt19937_64 rng(seed);
    for (const auto& s : kSeeds) LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    for (long r = 0; r < runs; ++r) {
        std::string input = mutate(kSeeds[rng() % kSeeds.size()], rng);
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    }
    std::printf("graph JSON fuzz: %ld mutated inputs (seed %llu), no crash\n", runs, seed);
    return 0;
}
#endif
