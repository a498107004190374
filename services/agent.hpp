// The agent — `qmctl agent`, the register's unattended worker on a server (a systemd service):
// it anchors the audit chain on a schedule and, when MDM settings are given, synchronises the
// inventory on a schedule and dispatches the MDM command outbox continuously. It survives
// database and MDM outages: a failed round is logged and retried, and the loop ends only when
// asked to stop — after finishing the command in hand. The console runs the same MDM worker
// in the background (services/mdm/worker.hpp).
#pragma once

#include "services/mdm/settings.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace qm::services {

struct AgentOptions {
    std::string conninfo;
    std::string anchorsFile;                    // appended to; "" for the system log only
    std::string key;                            // signs the anchors when not empty
    std::chrono::seconds anchorEvery{15 * 60};
    std::chrono::seconds retryAfter{30};        // after a failed round
    std::optional<mdm::MdmSettings> mdm;        // no MDM work without it
    std::chrono::seconds syncEvery{15 * 60};
    std::chrono::milliseconds dispatchEvery{2000};
    std::string worker = "agent";
    std::function<void(const std::string&)> log;  // one line per round
};

// Runs until `stop` becomes true (checked several times a second).
void runAgent(const AgentOptions& options, const std::atomic<bool>& stop);

}  // namespace qm::services
