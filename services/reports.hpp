// Reports — the use case behind `qmctl report NAME` and the console's dashboard: checks the
// options, defaults them, and runs the report for any desk login (viewers included).
#pragma once

#include "model/report.hpp"
#include "services/session.hpp"

#include <string>

namespace qm::services {

report::Table runReport(Session& session, const std::string& name, report::Options options);

}  // namespace qm::services
