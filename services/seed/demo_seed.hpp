// Demo seed — `qmctl demo seed` and the first run of `scripts/demo` / `quartermaster --demo`:
// fills an empty register with a realistic, deterministic fleet (FleetGenerator) by COPY, in
// one transaction. Refuses a register that already holds devices or people.
#pragma once

#include "services/session.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace qm::services {

struct SeedOptions {
    std::size_t devices = 32000;
    std::size_t people = 30000;
    std::uint64_t seed = 1;
    // stage ("people", "devices"), done, total
    std::function<void(const std::string&, std::size_t, std::size_t)> progress;
};

struct SeedReport {
    std::size_t units = 0, models = 0, people = 0, devices = 0, custody = 0;
    double seconds = 0;
};

SeedReport seedDemo(Session& session, const SeedOptions& options);

}  // namespace qm::services
