// Made-up devices for the simulated tenant: a UK police fleet (iPhones, iPads and Samsung
// Galaxies) grown from a seed, the fields an MDM reports that a register row does not carry,
// and the drift that gives a reconciliation report something to show.
//
// Every value is a pure function of (seed, index) or of the device's identity, so the same
// flags give byte-identical fleets on every run and serials and IMEIs never collide.
#pragma once

#include "sim/fleet.hpp"

#include <cstddef>
#include <cstdint>

namespace qm::sim {

struct FleetRecipe {
    std::uint64_t seed = 1;
    double drift = 0;            // fraction 0..1 of devices perturbed
    std::int64_t startedAt = 0;  // ticks; enrolment dates lie before it
};

// `count` devices generated from the recipe's seed, with drift applied.
void addGeneratedDevices(Fleet& fleet, std::size_t count, const FleetRecipe& recipe);

// What the MDM knows that the register does not: OS version, compliance, enrolment date,
// storage, Wi-Fi MAC, SIM details. Drawn from the draft's identity.
void fillSimulatedFields(DeviceDraft& draft, bool apple, bool tablet, bool cellular, std::int64_t startedAt);

// How a device's MDM record disagrees with the register under --drift.
enum class Drift { none, leftOut, serialMismatch, imeiMismatch, otherUser };
Drift driftFor(std::uint64_t identity, double rate);
void applyDrift(DeviceDraft& draft, Drift drift);

// Devices enrolled in the MDM that the register has never heard of: about a quarter as many as
// the drifted ones, so a report shows every kind of difference.
void addUnregisteredDevices(Fleet& fleet, std::size_t fleetSize, const FleetRecipe& recipe);

}  // namespace qm::sim
