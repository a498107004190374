// The agent — `qmctl agent`, the register's unattended worker on a server (a systemd service).
// Today it anchors the audit chain on a schedule (services/audit); the MDM issue adds inventory
// sync and the command dispatcher to the same loop. It survives database restarts: a failed
// round is logged and retried, and the loop ends only when asked to stop.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

namespace qm::services {

struct AgentOptions {
    std::string conninfo;
    std::string anchorsFile;                    // appended to; "" for the system log only
    std::string key;                            // signs the anchors when not empty
    std::chrono::seconds anchorEvery{15 * 60};
    std::chrono::seconds retryAfter{30};        // after a failed round
    std::function<void(const std::string&)> log;  // one line per round
};

// Runs until `stop` becomes true (checked several times a second).
void runAgent(const AgentOptions& options, const std::atomic<bool>& stop);

}  // namespace qm::services
