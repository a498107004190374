// Report queries — one SQL statement per report of model/report.hpp, each answered from
// indexes or one pass over the register (≤ 1 s at a million devices, docs/performance.md).
#pragma once

#include "db/database.hpp"
#include "model/report.hpp"

#include <string>

namespace qm::db {

// The report called `name` ("status", "units", ...); throws Invalid for an unknown name.
// Options are already checked and defaulted by the service.
report::Table runReport(Database& db, const std::string& name, const report::Options& options);

}  // namespace qm::db
