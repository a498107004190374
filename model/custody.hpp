// The custody record as the desk reads it: a device's timeline, custody records, and MDM
// commands in the outbox. Plain values filled by db/, passed up by services/ to the views.
#pragma once

#include <string>
#include <vector>

namespace qm {

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

struct CustodyRow {
    std::string assetTag, makeAndModel, staffNo, personName, rank;
    std::string issuedAt, issuedBy, issueReceipt, returnedAt, closedAs, returnCondition;
    std::vector<std::string> accessories;
};

// An MDM command in the outbox (services/mdm). Times are ISO 8601 UTC, "" when not yet.
struct CommandRow {
    long long id = 0;
    std::string assetTag, action, state, reason, requestedAt, requestedBy;
    std::string approvedBy, approvedAt, decisionNote, outcome, sentAt, finishedAt, changedAt;
    int attempts = 0;
};

}  // namespace qm
