// The dispatcher — sends the outbox's commands to the MDM and follows them to an end.
//   1. take work (db: FOR UPDATE SKIP LOCKED; a send is recorded as begun *before* it is made);
//   2. send: accepted → look up the result shortly; certainly not sent → queue again; unknown
//      (timeout, 5xx, dropped) → look up the result before anything else;
//   3. look up: the device's action results decide done / failed / still pending; an action the
//      MDM has no trace of is sent again only if the MDM never accepted it, and only after a
//      grace period longer than any request can take.
// So a dispatcher killed between send and acknowledgement, or a connection dropped after the
// MDM processed the action, never makes a second wipe. Used by `qmctl mdm dispatch`, the agent
// and the console's background worker; any number may run at once.
#pragma once

#include "services/mdm/gateway.hpp"
#include "services/session.hpp"

#include <atomic>
#include <functional>
#include <string>

namespace qm::services::mdm {

struct DispatchOptions {
    std::string worker = "dispatcher";  // recorded on the commands it sends
    int batch = 1;  // sends are claimed one at a time, just before each is made
    double leaseSeconds = 90;         // a taken command is left to its dispatcher this long
    double recheckSeconds = 3;        // before looking up an accepted or pending action again
    double graceSeconds = 90;         // an unconfirmed send is only called lost after this
    double clockSkewSeconds = 120;    // between the database's and the MDM's clocks
    std::function<void(const std::string&)> log;
};

struct DispatchRound {
    int taken = 0, sent = 0, checked = 0, done = 0, failed = 0, requeued = 0, attention = 0;
};

// One batch. Stops between commands when `stop` becomes true (the command in hand is finished).
DispatchRound dispatchOnce(Session& session, MdmGateway& gateway, const DispatchOptions& options,
                           const std::atomic<bool>* stop = nullptr);

// Rounds until nothing is left to do right now (or `stop`). Returns the totals.
DispatchRound dispatchUntilIdle(Session& session, MdmGateway& gateway, const DispatchOptions& options,
                                const std::atomic<bool>* stop = nullptr);

}  // namespace qm::services::mdm
