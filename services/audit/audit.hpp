// The audit record's checks — `qmctl audit verify`, `audit anchor` and the agent's anchoring.
//
// verifyAudit() walks the hash chain in C++, recomputing every hash itself: the register's SQL
// functions are not trusted, since an owner who rewrote history could have rewritten them too.
// An owner can still rewrite an event and recompute every later hash with the same recipe; what
// catches that is an anchor: the chain's head (event count and hash) written down outside the
// database (an append-only file, syslog/journald) at a time before the rewrite. Anchors may be
// signed with HMAC-SHA-256 under a key the database never sees, so the anchors file cannot be
// quietly rewritten either.
#pragma once

#include "services/session.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace qm::services {

// One anchor: what the chain looked like when it was taken.
struct Anchor {
    std::string database;
    long long events = 0;    // the head event's id (events are numbered from 1 without gaps)
    std::string headHex;     // its hash, hex
    std::string headAt;      // its time, ISO UTC
    std::string takenAt;     // the server's clock when the anchor was taken
    std::string macHex;      // HMAC-SHA-256 of the line before " mac=", "" when unsigned
    std::string signedText;  // the text the MAC covers
    std::size_t line = 0;    // where it was read from (for messages)
};

// Takes an anchor of the chain as it is now; signs it when `key` is not empty.
Anchor takeAnchor(Session& session, const std::string& key);
// The anchor as one line of text (no line end), as written to the file and the system log.
std::string anchorLine(const Anchor& anchor);

// Every anchor line in `in` (lines without one, such as other syslog lines, are skipped; a
// malformed anchor, or one with anything after its signature, is Invalid naming its line).
std::vector<Anchor> readAnchors(std::istream& in, const std::string& source);
// Reads the anchors file (Invalid when it cannot be read, is a folder, or holds none).
std::vector<Anchor> readAnchorsFile(const std::string& path);
// The key file's contents (Invalid when missing, unreadable or shorter than 16 bytes).
std::string readKeyFile(const std::string& path);

// Appends the line to the file (created 0600 if need be) and to the system log.
void recordAnchor(const Anchor& anchor, const std::string& path);

struct AuditVerdict {
    long long events = 0;
    bool intact = true;
    long long brokenAt = 0;        // the first event found wrong; 0 when no event is (a forged anchor)
    std::size_t anchorsChecked = 0;
    std::string sentence;
};
// Walks the chain; with anchors, also checks the chain still holds each one (anchors of other
// databases are ignored). With a key, every anchor must carry a valid signature. anchorsOf names
// the database the anchors were taken of when it is not this one: a backup restored under
// another name is checked against the live register's anchors.
AuditVerdict verifyAudit(Session& session, const std::vector<Anchor>& anchors = {}, const std::string& key = {},
                         const std::string& anchorsOf = {});

}  // namespace qm::services
