// MDM commands — the desk's side of the outbox: request a wipe, retirement, remote lock or
// sync; approve, reject, release or cancel; list. Used by qmctl (wipe, retire, commands) and
// the console (MDM panel, Approvals and Commands views). Who may do what, the four-eyes rule
// and the wipe limits are enforced by the database (db/migrations/0007_mdm.sql); the checks
// here only give the desk a sentence before the round trip.
#pragma once

#include "model/custody.hpp"
#include "services/session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::services::mdm {

// "wipe", "retire", "remote_lock" or "sync"; invalid input otherwise.
std::string checkAction(const std::string& action);

// Returns the new command's id. Wipe and retire need a reason and wait for an approver.
long long request(Session& session, const std::string& device, const std::string& action, const std::string& reason);
// Returns the new state: "queued", "held" (over the fleet's hourly threshold) or "done".
std::string approve(Session& session, long long id);
void reject(Session& session, long long id, const std::string& reason);
void release(Session& session, long long id);
void cancel(Session& session, long long id, const std::string& reason);

// state "" for all, or one of the states below; newest first.
std::vector<CommandRow> list(Session& session, const std::string& state, int limit = 1000);
std::vector<CommandRow> forDevice(Session& session, long long deviceId, int limit = 50);
std::optional<CommandRow> find(Session& session, long long id);
const std::vector<std::string>& states();

struct WipeLimits {
    int perPersonPerDay = 0, perHourBeforeHold = 0;
};
WipeLimits wipeLimits(Session& session);
void setWipeLimits(Session& session, std::optional<int> perPersonPerDay, std::optional<int> perHourBeforeHold);

// "CMD-42" or "42" to 42; invalid input naming the field otherwise.
long long parseCommandId(const std::string& text);

}  // namespace qm::services::mdm
