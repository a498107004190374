// The device lifecycle (DESIGN.md §4) as one transition table.
//
// allowedTransitions() states which status changes exist. The database holds the same table
// (status_transition, db/migrations/0002_register.sql), which its trigger enforces for every
// writer, psql included; tests/db/test_register_constraints.cpp keeps the two identical.
// transitionRefusal() words a refusal for a move before anything is sent.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qm {

enum class DeviceStatus { InStock, Issued, Lost, Stolen, InRepair, PendingWipe, Wiped, Retired };

// Database spelling: "in_stock", "pending_wipe", ...
std::string_view toString(DeviceStatus status);
// Desk wording: "In stock", "Pending wipe", ...
std::string_view statusLabel(DeviceStatus status);
// Accepts the database spelling in any case, with spaces or hyphens for underscores
// (so "In stock" and "PENDING-WIPE" both work); nullopt when it names no status.
std::optional<DeviceStatus> statusFromString(std::string_view text);
// As statusFromString, but throws qm::invalid(field, ...) listing the allowed values.
DeviceStatus parseStatus(std::string_view text, std::string_view field = "status");
// All eight, in lifecycle order.
const std::vector<DeviceStatus>& allStatuses();

struct Transition {
    DeviceStatus from;
    DeviceStatus to;
    std::string_view action;  // desk verb: "issue", "report lost", "send to repair", ...
};

// Every allowed move. No self-transitions; nothing leaves Retired.
std::span<const Transition> allowedTransitions();
// The moves out of one status, in table order (for building an action menu).
std::vector<Transition> transitionsFrom(DeviceStatus from);
std::optional<Transition> findTransition(DeviceStatus from, DeviceStatus to);
bool isAllowedTransition(DeviceStatus from, DeviceStatus to);

// True for the statuses a device under legal hold may not move to: issued, pending wipe,
// wiped, retired (the hold preserves the device and its data as evidence).
bool legalHoldBlocks(DeviceStatus to);

// nullopt when the move may happen; otherwise one plain sentence saying why not. A move the
// lifecycle forbids is explained as such even under legal hold, since releasing the hold
// would not help.
std::optional<std::string> transitionRefusal(DeviceStatus from, DeviceStatus to, bool legalHold);

enum class DeviceKind { Phone, Tablet };

// "phone" / "tablet".
std::string_view toString(DeviceKind kind);
// "Phone" / "Tablet".
std::string_view kindLabel(DeviceKind kind);
std::optional<DeviceKind> kindFromString(std::string_view text);
DeviceKind parseKind(std::string_view text, std::string_view field = "kind");

}  // namespace qm
