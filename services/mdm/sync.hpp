// Inventory sync — reads every managed device from the MDM, page by page, into a new snapshot
// of the register (db/migrations/0007_mdm.sql): pages are stored as they arrive, so memory stays
// flat however large the fleet, and the snapshot is replaced in one transaction only when the
// last page is in. A sync cut short (cancelled, MDM gone, program killed) leaves the previous
// snapshot whole. Used by `qmctl mdm sync`, the agent and the console's Sync button.
#pragma once

#include "model/mdm.hpp"
#include "services/mdm/gateway.hpp"
#include "services/session.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace qm::services::mdm {

struct SyncProgress {
    long long devices = 0;
    int pages = 0;
};

// Throws Error (Unavailable when the MDM could not be read to the end; "Cancelled." when
// `cancelled` said so); the previous snapshot is then untouched.
SyncSummary sync(Session& session, MdmGateway& gateway, const std::function<void(const SyncProgress&)>& progress = {},
                 const std::function<bool()>& cancelled = {});

// What the last complete sync saw of a register device; nullopt when the MDM does not list it.
std::optional<MdmDeviceRow> snapshotFor(Session& session, long long deviceId);
// When the last complete sync finished (ISO 8601 UTC), "" if never.
std::string lastSyncAt(Session& session);

// The drift report: where the register and the MDM disagree (see model/mdm.hpp).
std::vector<DriftRow> drift(Session& session, int staleDays);
// The drift kinds in words for people ("In the MDM, not in the register").
std::string driftKindWords(const std::string& kind);

}  // namespace qm::services::mdm
