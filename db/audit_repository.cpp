#include "db/audit_repository.hpp"

namespace qm::db {
namespace {

constexpr const char* kIsoSeconds = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

// bytea travels as hex text (SOCI has no bytea type); decoded here.
std::string fromHex(const std::string& hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) throw Error(ErrorKind::Other, "The audit record holds a hash that is not hexadecimal.");
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

}  // namespace

void forEachAuditEvent(Database& db, const std::function<void(const AuditEventRow&)>& fn) {
    guarded(db, [&] {
        // Built-in functions only, schema-qualified: the register's own could have been changed.
        soci::rowset<soci::row> rows =
            db.sql().prepare << "select e.id, pg_catalog.to_char(e.at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'),"
                                " e.actor, e.action, e.entity, coalesce(e.entity_id::text, ''),"
                                " coalesce(e.before::text, ''), coalesce(e.after::text, ''),"
                                " pg_catalog.encode(e.prev_hash, 'hex'), pg_catalog.encode(e.hash, 'hex')"
                                " from public.audit_event e order by e.id";
        AuditEventRow e;
        for (const auto& r : rows) {
            e.id = r.get<long long>(0);
            e.at = r.get<std::string>(1);
            e.actor = r.get<std::string>(2);
            e.action = r.get<std::string>(3);
            e.entity = r.get<std::string>(4);
            e.entityId = r.get<std::string>(5);
            e.before = r.get<std::string>(6);
            e.after = r.get<std::string>(7);
            e.prevHash = fromHex(r.get<std::string>(8));
            e.hash = fromHex(r.get<std::string>(9));
            fn(e);
        }
    });
}

AuditHeadRow readAuditHead(Database& db) {
    AuditHeadRow head;
    guarded(db, [&] {
        soci::row r;
        db.sql() << std::string("select coalesce(max(e.id), 0),"
                                " coalesce((select pg_catalog.encode(h.hash, 'hex') from public.audit_event h"
                                "            order by h.id desc limit 1), ''),"
                                " coalesce((select pg_catalog.to_char(h.at at time zone 'UTC', ") +
                        kIsoSeconds +
                        ") from public.audit_event h order by h.id desc limit 1), ''),"
                        " pg_catalog.to_char(pg_catalog.now() at time zone 'UTC', " +
                        kIsoSeconds + ") from public.audit_event e",
            soci::into(r);
        head.id = r.get<long long>(0);
        head.hash = fromHex(r.get<std::string>(1));
        head.at = r.get<std::string>(2);
        head.now = r.get<std::string>(3);
    });
    return head;
}

}  // namespace qm::db
