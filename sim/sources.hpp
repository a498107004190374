// Where a simulated fleet comes from besides the generator: a fixture file of managedDevice
// objects in Graph's own shape (for tests that need exact values), or the Quartermaster
// register itself (for the demo and for drift reports against real data).
//
// Both throw std::runtime_error with a sentence for the user; main() prints it and exits 1.
#pragma once

#include "sim/fleet.hpp"
#include "sim/generator.hpp"

#include <string>

namespace qm::sim {

// A JSON array of managedDevice objects. Missing properties are null, a missing id is made up
// from the seed, unknown fields are passed through, and lastSyncDateTime stays as written.
void addFixtureDevices(Fleet& fleet, const std::string& path, std::uint64_t seed);

// Every device the register has not retired or wiped, with its current holder, read with
// libpq from `conninfo`; --drift is applied as for generated fleets.
void addRegisterDevices(Fleet& fleet, const std::string& conninfo, const FleetRecipe& recipe);

}  // namespace qm::sim
