// Custody repository — calls the desk's database functions (db/migrations/0004_custody.sql)
// and reads the custody record and the device timeline. The rules live in the
// database; this file only carries values there and back.
#pragma once

#include "db/database.hpp"
#include "model/custody.hpp"
#include "model/receipt.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::db {

using qm::CommandRow;
using qm::CustodyRow;
using qm::TimelineRow;

std::string issueDevice(Database& db, const std::string& device, const std::string& staffNo,
                        const std::vector<std::string>& accessories, const std::string& note,
                        const std::string& overrideReason, std::optional<int> expectedVersion);
std::string returnDevice(Database& db, const std::string& device, const std::string& condition,
                         const std::string& note, std::optional<int> expectedVersion);
std::string swapDevice(Database& db, const std::string& oldDevice, const std::string& newDevice,
                       const std::string& reason, std::optional<int> expectedVersion);
long long reportLost(Database& db, const std::string& device, bool stolen, const std::string& reference,
                     std::optional<int> expectedVersion);
// target: "in_repair" or "in_stock" (retiring is an MDM command: db/mdm_repository.hpp).
std::string moveDevice(Database& db, const std::string& device, const std::string& target, const std::string& note,
                       std::optional<int> expectedVersion);
std::string setLegalHold(Database& db, const std::string& device, bool hold, const std::string& reason,
                         std::optional<int> expectedVersion);
// A further device for the same person on the receipt this transaction's issueDevice()
// returned: one sitting, one receipt (desk_issue_more, migration 0013).
std::string issueDeviceOnReceipt(Database& db, const std::string& receipt, const std::string& device,
                                 const std::string& staffNo, const std::vector<std::string>& accessories,
                                 const std::string& note, const std::string& overrideReason,
                                 std::optional<int> expectedVersion);
// The receipt of the newest loss or theft report of the device MDM command COMMAND locks.
std::string lossReceipt(Database& db, long long remoteLockCommand);
// A hand-over receipt as the register holds it now, with its verification code; nullopt when
// the register has no such receipt.
std::optional<Receipt> loadReceipt(Database& db, const std::string& number);
// The staff number of the person a hand-over receipt was for (issue, return or swap).
std::optional<std::string> staffNoOnReceipt(Database& db, const std::string& receipt);

// The device's timeline, or a person's (by staff number), oldest first.
std::vector<TimelineRow> deviceTimeline(Database& db, long long deviceId);
std::vector<TimelineRow> personTimeline(Database& db, long long personId);

std::optional<CustodyRow> openCustody(Database& db, long long deviceId);
std::vector<CustodyRow> custodyAt(Database& db, long long deviceId, const std::string& isoTime);
std::vector<CustodyRow> personCustody(Database& db, long long personId);  // newest first

}  // namespace qm::db
