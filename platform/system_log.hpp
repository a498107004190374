// The system log: syslog on Linux (journald keeps it); on Windows a log file in the user's
// local folder (%LOCALAPPDATA%\Quartermaster\logs\quartermaster.log). Used for the few
// events an administrator must be able to find outside the database, such as the audit
// chain's anchors and the agent's failed rounds.
#pragma once

#include <string>

namespace qm::platform {

enum class LogLevel { Info, Warning, Error };

// Writes one line tagged `program`; never throws (a missing log must not stop the work).
void systemLog(LogLevel level, const std::string& program, const std::string& message);

// Where systemLog writes on Windows; "" where the system's own log is used (Linux).
std::string logFile();

}  // namespace qm::platform
