// MdmGateway — what the register needs from an MDM, whichever it is: the inventory page by page,
// one device with its action results, and the four actions. The Graph (Intune) adapter is
// services/mdm/graph.hpp; a Workspace ONE adapter would be another implementation (its paging
// and commands are in MDM_PROTOCOL.md). Sync and dispatch (services/mdm/sync.hpp,
// dispatch.hpp) speak only to this interface.
#pragma once

#include "services/mdm/graph_json.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace qm::services::mdm {

// What became of sending an action.
struct SendOutcome {
    enum class Kind {
        Accepted,  // the MDM took it (Graph: 204)
        NotSent,   // it certainly did not arrive (refused before sending, or throttled): send again later
        Unknown,   // it may have arrived (timeout, 5xx, dropped): read the action results before anything else
        Refused,   // the MDM said no for good (unknown device, not allowed): the command fails
    } kind = Kind::Unknown;
    std::string detail;        // in words, with the MDM's request id when there is one
    double retryAfterSeconds = 0;
};

class MdmGateway {
public:
    virtual ~MdmGateway() = default;

    // Every managed device, a page at a time (`onPage` gets each page once; devices repeated
    // across pages are the caller's to merge). Stops early, throwing nothing, when `cancelled`
    // says so; throws Error (Unavailable) when the MDM cannot be read to the end.
    virtual void listDevices(const std::function<void(std::vector<ManagedDevice>&&)>& onPage,
                             const std::function<bool()>& cancelled) = 0;
    // One device with its action results; nullopt when the MDM does not know it.
    virtual std::optional<ManagedDevice> device(const std::string& mdmId) = 0;
    // action: wipe, retire, remote_lock or sync (the register's names).
    virtual SendOutcome sendAction(const std::string& mdmId, const std::string& action) = 0;
    // The MDM's name for the register's action, as it appears in action results.
    virtual std::string actionName(const std::string& action) const = 0;
};

}  // namespace qm::services::mdm
