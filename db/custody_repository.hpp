// Custody repository — calls the desk's database functions (db/migrations/0004_custody.sql)
// and reads the custody record, the device timeline and the audit chain. The rules live in the
// database; this file only carries values there and back.
#pragma once

#include "db/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::db {

std::string issueDevice(Database& db, const std::string& device, const std::string& staffNo,
                        const std::vector<std::string>& accessories, const std::string& note,
                        const std::string& overrideReason, std::optional<int> expectedVersion);
std::string returnDevice(Database& db, const std::string& device, const std::string& condition,
                         const std::string& note, std::optional<int> expectedVersion);
std::string swapDevice(Database& db, const std::string& oldDevice, const std::string& newDevice,
                       const std::string& reason, std::optional<int> expectedVersion);
long long reportLost(Database& db, const std::string& device, bool stolen, const std::string& reference,
                     std::optional<int> expectedVersion);
// target: "in_repair", "in_stock" or "retired".
std::string moveDevice(Database& db, const std::string& device, const std::string& target, const std::string& note,
                       std::optional<int> expectedVersion);
std::string setLegalHold(Database& db, const std::string& device, bool hold, const std::string& reason,
                         std::optional<int> expectedVersion);
// The staff number of the person a hand-over receipt was for (issue, return or swap).
std::optional<std::string> staffNoOnReceipt(Database& db, const std::string& receipt);

struct TimelineRow {
    std::string at;        // ISO 8601 UTC
    std::string actor;
    std::string kind;      // "issue", "return", "swap out", "report lost", ...
    std::string assetTag;
    std::string fromStatus, toStatus;
    std::string staffNo, personName;
    std::string receipt;
    std::string detail;
};
// The device's timeline, or a person's (by staff number), oldest first.
std::vector<TimelineRow> deviceTimeline(Database& db, long long deviceId);
std::vector<TimelineRow> personTimeline(Database& db, long long personId);

struct CustodyRow {
    std::string assetTag, makeAndModel, staffNo, personName, rank;
    std::string issuedAt, issuedBy, issueReceipt, returnedAt, closedAs, returnCondition;
    std::vector<std::string> accessories;
};
std::optional<CustodyRow> openCustody(Database& db, long long deviceId);
std::vector<CustodyRow> custodyAt(Database& db, long long deviceId, const std::string& isoTime);
std::vector<CustodyRow> personCustody(Database& db, long long personId);  // newest first

// MDM commands waiting in (or gone through) the outbox; state "" for all.
struct CommandRow {
    long long id = 0;
    std::string assetTag, action, state, reason, requestedAt, requestedBy;
};
std::vector<CommandRow> listCommands(Database& db, const std::string& state);

struct AuditCheck {
    long long events = 0;
    std::optional<long long> brokenAt;  // first event that fails
    std::string problem;                // what is wrong there
};
AuditCheck verifyAuditChain(Database& db);

}  // namespace qm::db
