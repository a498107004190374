// MDM repository — carries values to and from the register's MDM functions
// (db/migrations/0007_mdm.sql): requests and decisions on commands, the dispatchers' work
// queue, the inventory snapshot and the drift report. The rules (four eyes, quotas, the
// lifecycle) live in the database; this file only calls it.
#pragma once

#include "db/database.hpp"
#include "model/custody.hpp"
#include "model/mdm.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::db {

// action: wipe, retire, remote_lock or sync. Returns the new command's id.
long long requestCommand(Database& db, const std::string& device, const std::string& action, const std::string& reason);
// Returns the command's new state: queued, held (over the hourly threshold) or done (a retire
// of a device the MDM does not know).
std::string approveCommand(Database& db, long long id);
void rejectCommand(Database& db, long long id, const std::string& reason);
void releaseCommand(Database& db, long long id);
void cancelCommand(Database& db, long long id, const std::string& reason);
void setWipePolicy(Database& db, std::optional<int> perPersonPerDay, std::optional<int> perHourBeforeHold);
struct WipePolicy {
    int perPersonPerDay = 0, perHourBeforeHold = 0;
};
WipePolicy wipePolicy(Database& db);

struct CommandFilter {
    std::string state;          // "" for all
    std::optional<long long> deviceId;
    int limit = 1000;
};
std::vector<CommandRow> listCommands(Database& db, const CommandFilter& filter);
std::optional<CommandRow> findCommand(Database& db, long long id);

// The dispatchers' queue.
struct WorkItem {
    long long id = 0;
    std::string action, mdmId, assetTag;
    bool send = true;  // false: look up the outcome of an earlier send
    std::string sentAt;  // ISO 8601 UTC with microseconds
    int attempts = 0;
    bool accepted = false;
    double ageSeconds = 0;  // since the last send began, by the database's clock
};
std::vector<WorkItem> takeWork(Database& db, const std::string& worker, int max, int leaseSeconds);
// verdict: accepted, unknown, not_sent, pending, absent, done, failed, refused, attention.
std::string recordOutcome(Database& db, long long id, const std::string& verdict, const std::string& detail,
                          double recheckSeconds);

// Inventory sync: pages go in as JSON arrays of Graph managedDevice objects.
long long beginSync(Database& db);
int addSyncPage(Database& db, long long sync, const std::string& devicesJson);
SyncSummary finishSync(Database& db, long long sync);
void abandonSync(Database& db, long long sync);

std::optional<MdmDeviceRow> mdmDeviceFor(Database& db, long long deviceId);
std::vector<DriftRow> drift(Database& db, int staleDays);
// When the last complete sync finished (ISO 8601 UTC), "" if never.
std::string lastSyncAt(Database& db);

}  // namespace qm::db
