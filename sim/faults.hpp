// The misbehaviour a test can ask of the simulator (throttling, 5xx, slowness, dropped
// connections, torn bodies, repeated nextLinks, unknown and null values) and the counters that
// let the test check what its client actually went through.
//
// Settings arrive as JSON, from --faults or POST /_sim/faults; fields not given keep their
// value. Each request rolls its own dice from a counter and the seed, so a run is reproducible
// while the requested rates hold.
#pragma once

#include "sim/fleet.hpp"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace qm::sim {

struct FaultSettings {
    double throttleRate = 0;
    std::string retryAfter = "2.128";  // a string: fractional seconds or an HTTP date
    double errorRate = 0;
    int errorStatus = 503;
    double slowRate = 0;
    int slowMs = 0;
    double dropBeforeRate = 0;
    double dropAfterRate = 0;
    int hangAfterActionMs = 0;  // an action is recorded, then its answer waits this long
    double malformedRate = 0;
    bool repeatNextLink = false;
    bool unknownValues = false;
    bool nullFields = false;
};

// Applies the fields given in `json` to `settings`, all or none. Returns "" or a sentence
// saying which field is wrong and why.
std::string applyFaults(FaultSettings& settings, const std::string& json);
std::string faultsJson(const FaultSettings& settings);

struct Counters {
    std::atomic<std::uint64_t> token{0}, list{0}, get{0}, action{0}, throttled{0}, errors{0}, slowed{0},
        droppedBefore{0}, droppedAfter{0}, unauthorized{0}, malformed{0}, tokensIssued{0};
    void reset();
};

std::string statsJson(const Counters& counters, const std::vector<RecordedAction>& actions);

// One independent stream of decisions per request.
class Dice {
public:
    explicit Dice(std::uint64_t seed) : seed_(seed) {}
    Rng roll() { return Rng(splitmix64(seed_ ^ splitmix64(next_.fetch_add(1) + 0xFA17))); }

private:
    std::uint64_t seed_;
    std::atomic<std::uint64_t> next_{0};
};

}  // namespace qm::sim
