// Audit repository — reads the audit record (migrations 0003, 0005, 0006) exactly as stored, so
// services/audit can check the hash chain itself. Nothing here trusts the register's own SQL
// functions: an owner who rewrote history could have rewritten those too.
#pragma once

#include "db/database.hpp"

#include <functional>
#include <optional>
#include <string>

namespace qm::db {

// One event as the chain hashes it: every field in the text form audit_event_content() uses.
struct AuditEventRow {
    long long id = 0;
    std::string at;        // UTC, "YYYY-MM-DDTHH:MM:SS.uuuuuu"
    std::string actor, action, entity;
    std::string entityId;  // "" when none
    std::string before, after;  // jsonb text, "" when none
    std::string prevHash, hash;  // raw bytes
};

// Calls fn for every event in id order (streamed: a million events need no memory).
void forEachAuditEvent(Database& db, const std::function<void(const AuditEventRow&)>& fn);

// The newest event (the chain's head) and the server's clock now.
struct AuditHeadRow {
    long long id = 0;          // 0 for an empty record
    std::string hash;          // raw bytes, "" when empty
    std::string at;            // the head event's time, ISO UTC
    std::string now;           // the server's time, ISO UTC
};
AuditHeadRow readAuditHead(Database& db);

}  // namespace qm::db
