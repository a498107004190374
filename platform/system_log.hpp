// The system log: syslog on Linux (journald keeps it), the Windows event log later. Used for
// the few events an administrator must be able to find outside the database, such as the
// audit chain's anchors.
#pragma once

#include <string>

namespace qm::platform {

enum class LogLevel { Info, Warning, Error };

// Writes one line tagged `program`; never throws (a missing log must not stop the work).
void systemLog(LogLevel level, const std::string& program, const std::string& message);

}  // namespace qm::platform
