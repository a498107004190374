#include "services/audit/audit.hpp"

#include "db/audit_repository.hpp"
#include "model/identifiers.hpp"
#include "platform/system_log.hpp"
#include "services/audit/digest.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <istream>
#include <map>
#include <optional>
#include <sstream>

namespace qm::services {
namespace {

constexpr const char* kMarker = "QM-AUDIT-ANCHOR v1 ";

// Database names are written as they are when plain, else percent-encoded, so a line always
// splits on spaces.
std::string encodeName(const std::string& name) {
    std::string out;
    for (unsigned char c : name) {
        if (std::isalnum(c) || c == '_' || c == '-' || c == '.') {
            out += static_cast<char>(c);
        } else {
            static constexpr char digits[] = "0123456789ABCDEF";
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 15];
        }
    }
    return out;
}

// The name as written by encodeName(); nullopt when it is not such an encoding.
std::optional<std::string> decodeName(const std::string& text) {
    auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size() || !hex(text[i + 1]) || !hex(text[i + 2])) return std::nullopt;
        out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
    }
    return out;
}

std::string signedPart(const Anchor& a) {
    return std::string(kMarker) + "database=" + encodeName(a.database) + " events=" + std::to_string(a.events) +
           " head=" + a.headHex + " head-at=" + (a.headAt.empty() ? "-" : a.headAt) + " taken=" + a.takenAt;
}

bool isHex(const std::string& s, std::size_t size) {
    return s.size() == size && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// What one event contributes to the chain: the fields in the fixed text form of
// audit_event_content() (migration 0003), joined by the unit separator.
std::string eventContent(const db::AuditEventRow& e) {
    std::string content = std::to_string(e.id);
    for (const std::string* field : {&e.at, &e.actor, &e.action, &e.entity, &e.entityId, &e.before, &e.after}) {
        content += '\x1f';
        content += *field;
    }
    return content;
}

}  // namespace

Anchor takeAnchor(Session& session, const std::string& key) {
    auto head = db::readAuditHead(session.db());
    Anchor a;
    a.database = session.db().database();
    a.events = head.id;
    a.headHex = toHex(head.hash.empty() ? std::string(1, '\0') : head.hash);
    a.headAt = head.at;
    a.takenAt = head.now;
    a.signedText = signedPart(a);
    if (!key.empty()) a.macHex = toHex(hmacSha256(key, a.signedText));
    return a;
}

std::string anchorLine(const Anchor& anchor) {
    std::string line = signedPart(anchor);
    if (!anchor.macHex.empty()) line += " mac=" + anchor.macHex;
    return line;
}

std::vector<Anchor> readAnchors(std::istream& in, const std::string& source) {
    std::vector<Anchor> anchors;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        auto at = line.find(kMarker);
        if (at == std::string::npos) continue;
        std::string text = line.substr(at);
        while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
        auto bad = [&](const std::string& why) {
            return invalid("anchors", "Line " + std::to_string(number) + " of " + source + " is not a valid anchor: " +
                                          why + ".");
        };
        // The fields come only from the signed part, each once; after the signature, nothing.
        // (Otherwise a word appended after "mac=" could override a signed one.)
        Anchor a;
        a.line = number;
        const auto macAt = text.find(" mac=");
        a.signedText = macAt == std::string::npos ? text : text.substr(0, macAt);
        if (macAt != std::string::npos) {
            a.macHex = text.substr(macAt + 5);
            if (!isHex(a.macHex, 64)) throw bad("its signature is not an HMAC-SHA-256, or something follows it");
        }
        std::map<std::string, std::string> fields;
        std::istringstream words(a.signedText.substr(std::string(kMarker).size()));
        std::string word;
        while (words >> word) {
            auto eq = word.find('=');
            if (eq == std::string::npos) throw bad("'" + word + "' is not a field");
            if (!fields.emplace(word.substr(0, eq), word.substr(eq + 1)).second)
                throw bad("it gives " + word.substr(0, eq) + " twice");
        }
        for (const char* needed : {"database", "events", "head", "head-at", "taken"})
            if (!fields.count(needed)) throw bad(std::string("it has no ") + needed);
        if (fields.size() != 5) throw bad("it has fields an anchor does not have");
        auto database = decodeName(fields["database"]);
        if (!database) throw bad("its database name is not readable");
        a.database = *database;
        const std::string& events = fields["events"];
        if (events.empty() || events.size() > 18 || events.find_first_not_of("0123456789") != std::string::npos)
            throw bad("its event count is not a number");
        a.events = std::stoll(events);
        a.headHex = fields["head"];
        if (!isHex(a.headHex, 64) && a.headHex != "00") throw bad("its head is not a SHA-256 hash");
        a.headAt = fields["head-at"] == "-" ? "" : fields["head-at"];
        a.takenAt = fields["taken"];
        anchors.push_back(std::move(a));
    }
    return anchors;
}

std::vector<Anchor> readAnchorsFile(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw invalid("anchors", "The anchors file " + quoteInput(path) + " is a folder, not a file.");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw invalid("anchors", "Cannot read the anchors file " + quoteInput(path) + ".");
    auto anchors = readAnchors(in, path);
    if (anchors.empty()) throw invalid("anchors", "The anchors file " + quoteInput(path) + " holds no anchors.");
    return anchors;
}

std::string readKeyFile(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw invalid("key", "The anchor key file " + quoteInput(path) + " is a folder, not a file.");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw invalid("key", "Cannot read the anchor key file " + quoteInput(path) + ".");
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    if (key.size() < 16)
        throw invalid("key", "The anchor key in " + quoteInput(path) + " is shorter than 16 bytes; make one with "
                             "'head -c 32 /dev/urandom | base64 > FILE'.");
    return key;
}

void recordAnchor(const Anchor& anchor, const std::string& path) {
    const std::string line = anchorLine(anchor);
    if (!path.empty()) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec))
            throw invalid("to", "The anchors file " + quoteInput(path) + " is a folder, not a file.");
        const bool existed = std::filesystem::exists(path, ec);
        std::ofstream out(path, std::ios::binary | std::ios::app);
        if (!out) throw invalid("to", "Cannot append to the anchors file " + quoteInput(path) + ".");
        if (!existed)
            std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                         ec);
        out << line << '\n';
        out.flush();
        if (!out) throw Error(ErrorKind::Other, "Could not write the anchor to " + quoteInput(path) + ".");
    }
    platform::systemLog(platform::LogLevel::Info, "quartermaster-audit", line);
}

AuditVerdict verifyAudit(Session& session, const std::vector<Anchor>& anchors, const std::string& key,
                         const std::string& anchorsOf) {
    AuditVerdict v;
    std::string previous(1, '\0');  // the chain starts from one zero byte
    long long expectedId = 1;
    // Anchors of this database (or the one it was restored from), by the event they name:
    // checked as the walk passes it.
    const std::string database = anchorsOf.empty() ? session.db().database() : anchorsOf;
    std::multimap<long long, const Anchor*> pending;
    for (const auto& a : anchors)
        if (a.database == database) pending.emplace(a.events, &a);
    if (!anchors.empty() && pending.empty())
        throw invalid("anchors", "None of the anchors given is for database " + quoteInput(database) +
                                     (anchorsOf.empty() ? "; for a restored copy, name the database they were "
                                                          "taken of with --anchors-of NAME."
                                                        : "."));

    auto fail = [&](long long at, const std::string& sentence) {
        if (!v.intact) return;
        v.intact = false;
        v.brokenAt = at;
        v.sentence = sentence;
    };
    if (!key.empty()) {
        for (const auto& [events, a] : pending) {
            if (a->macHex.empty() || !equalInConstantTime(toHex(hmacSha256(key, a->signedText)), a->macHex)) {
                fail(0, "The anchor on line " + std::to_string(a->line) +
                            " is not signed with the anchor key: the anchors were edited or forged.");
                break;
            }
        }
    }
    db::forEachAuditEvent(session.db(), [&](const db::AuditEventRow& e) {
        ++v.events;
        if (!v.intact) return;
        std::string why;
        if (e.id != expectedId)
            why = e.id > expectedId ? "events before it are missing (deleted)"
                                    : "it does not follow the event before it (events were deleted, inserted or reordered)";
        else if (e.prevHash != previous)
            why = "it does not follow the event before it (events were deleted, inserted or reordered)";
        else if (sha256(e.prevHash + eventContent(e)) != e.hash)
            why = "its contents do not match its hash (the event was edited)";
        if (!why.empty()) {
            fail(e.id, "The audit chain is broken at event " + std::to_string(e.id) + ": " + why + ".");
            return;
        }
        auto [first, last] = pending.equal_range(e.id);
        for (auto it = first; it != last; ++it) {
            if (toHex(e.hash) != it->second->headHex) {
                fail(e.id, "The audit chain was rewritten at or before event " + std::to_string(e.id) +
                               ": its hash no longer matches the anchor taken at " + it->second->takenAt +
                               " (anchor line " + std::to_string(it->second->line) + ").");
                return;
            }
            ++v.anchorsChecked;
        }
        pending.erase(first, last);
        previous = e.hash;
        expectedId = e.id + 1;
    });
    if (v.intact) {
        // Anchors beyond the end: events that existed when they were taken are gone.
        for (const auto& [events, a] : pending) {
            if (events == 0) {
                ++v.anchorsChecked;
                continue;
            }
            fail(v.events + 1, "The audit chain was cut short: the anchor taken at " + a->takenAt + " (line " +
                                   std::to_string(a->line) + ") recorded " + std::to_string(events) +
                                   " events, but the chain now ends at " + std::to_string(v.events) + ".");
            break;
        }
    }
    if (v.intact) {
        v.sentence = "The audit chain is intact: " + std::to_string(v.events) + " events verified";
        if (v.anchorsChecked)
            v.sentence += ", matching " + std::to_string(v.anchorsChecked) + " anchor" +
                          (v.anchorsChecked == 1 ? "" : "s") + (key.empty() ? "" : " signed with the key");
        v.sentence += ".";
    }
    return v;
}

}  // namespace qm::services
