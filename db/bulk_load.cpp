#include "db/bulk_load.hpp"

#include "db/logins.hpp"

#include <libpq-fe.h>

#include <memory>

namespace qm::db {
namespace {

constexpr std::size_t kFlushBytes = 1 << 20;

void appendEscaped(std::string& out, std::string_view value) {
    for (char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
}

}  // namespace

CopyStream::CopyStream(Database& db, const std::string& table, const std::vector<std::string>& columns, bool freeze)
    : db_(db) {
    std::string sql = "COPY " + quoteIdentifier(db, table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + quoteIdentifier(db, columns[i]);
    sql += freeze ? ") FROM STDIN WITH (FREEZE)" : ") FROM STDIN";
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(db.pg(), sql.c_str()), &PQclear);
    if (!result || PQresultStatus(result.get()) != PGRES_COPY_IN) {
        const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
        open_ = false;
        throw translateSqlError(state ? state : "08000", PQerrorMessage(db.pg()));
    }
    buffer_.reserve(kFlushBytes + 4096);
}

CopyStream::~CopyStream() {
    if (open_) {
        PQputCopyEnd(db_.pg(), "abandoned");
        while (PGresult* r = PQgetResult(db_.pg())) PQclear(r);
    }
}

void CopyStream::row(std::initializer_list<CopyField> fields) {
    bool first = true;
    for (const auto& f : fields) {
        if (!first) buffer_ += '\t';
        first = false;
        if (f) appendEscaped(buffer_, *f);
        else buffer_ += "\\N";
    }
    buffer_ += '\n';
    ++rows_;
    if (buffer_.size() >= kFlushBytes) flush();
}

void CopyStream::flush() {
    if (buffer_.empty()) return;
    if (PQputCopyData(db_.pg(), buffer_.data(), static_cast<int>(buffer_.size())) != 1)
        throw unavailable("The connection to the database was lost during a bulk load.");
    buffer_.clear();
}

long long CopyStream::finish() {
    flush();
    open_ = false;
    if (PQputCopyEnd(db_.pg(), nullptr) != 1)
        throw unavailable("The connection to the database was lost during a bulk load.");
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQgetResult(db_.pg()), &PQclear);
    std::string state, message;
    bool ok = result && PQresultStatus(result.get()) == PGRES_COMMAND_OK;
    if (!ok) {
        const char* s = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
        state = s ? s : "08000";
        message = result ? PQresultErrorMessage(result.get()) : PQerrorMessage(db_.pg());
    }
    while (PGresult* r = PQgetResult(db_.pg())) PQclear(r);
    if (!ok) throw translateSqlError(state, message);
    return rows_;
}

namespace {

CopyField orNull(const std::string& value) { return value.empty() ? CopyField() : CopyField(value); }

}  // namespace

PersonBulkLoad::PersonBulkLoad(Database& db, bool freeze)
    : copy_(db, "person", {"staff_no", "name", "rank", "unit_id", "email", "active", "left_on"}, freeze) {}

void PersonBulkLoad::add(const NewPerson& p) {
    std::string unit = p.unitId ? std::to_string(*p.unitId) : std::string();
    copy_.row({p.staffNo, p.name, orNull(p.rank), orNull(unit), orNull(p.email), p.active ? "t" : "f",
               p.active ? CopyField() : CopyField("2026-01-01")});
}

DeviceBulkLoad::DeviceBulkLoad(Database& db, bool freeze)
    : copy_(db, "device",
            {"asset_tag", "serial", "imei", "imei2", "model_id", "phone", "status", "purchased_on",
             "warranty_until", "cost_pence", "notes", "unit_id"},
            freeze) {}

void DeviceBulkLoad::add(const NewDevice& d) {
    std::string model = std::to_string(d.modelId);
    std::string unit = d.unitId ? std::to_string(*d.unitId) : std::string();
    std::string cost = d.costPence ? std::to_string(*d.costPence) : std::string();
    copy_.row({d.assetTag, d.serial, orNull(d.imei), orNull(d.imei2), model, orNull(d.phone), d.status,
               orNull(d.purchasedOn), orNull(d.warrantyUntil), orNull(cost), d.notes, orNull(unit)});
}

CustodyBulkLoad::CustodyBulkLoad(Database& db, bool freeze)
    : copy_(db, "custody",
            {"device_id", "person_id", "issued_at", "issued_by", "issue_receipt", "returned_at", "returned_by",
             "closed_as", "override_reason"},
            freeze) {}

void CustodyBulkLoad::add(const NewCustody& c) {
    std::string device = std::to_string(c.deviceId), person = std::to_string(c.personId);
    bool closed = !c.closedAs.empty();
    copy_.row({device, person, c.issuedAt, "demo seed", c.receipt, orNull(c.returnedAt),
               closed ? CopyField("demo seed") : CopyField(), orNull(c.closedAs), orNull(c.overrideReason)});
}

bool beginBulkLoad(Database& db) {
    const LoginInfo me = whoAmI(db);
    if (me.superuser) {
        db.execScript("SET LOCAL session_replication_role = replica");
        return true;
    }
    if (!me.migrator)
        throw denied("A bulk load writes statuses and custody records, which only the register itself may write: "
                     "run it as a database superuser or as a migrator login (a member of qm_register).");
    db.execScript("SET LOCAL ROLE qm_register");
    return false;
}

void emptyForLoad(Database& db) {
    // No CASCADE: should anything else ever refer to these tables, the load fails instead.
    db.execScript("TRUNCATE device, person, custody, device_imei, swap, device_event, mdm_command, mdm_device");
}

void finishBulkLoad(Database& db, bool fastPath, const std::string& summaryJson) {
    if (!fastPath) return;
    // Still with row triggers off: the IMEIs come from the device rows just checked, so the
    // foreign key has nothing to find, and in key order the primary key's index is appended to.
    db.execScript(
        "INSERT INTO device_imei (imei, device_id)"
        " SELECT k, d.id FROM device d, unnest(ARRAY[d.imei, d.imei2]) k WHERE k IS NOT NULL ORDER BY k");
    db.execScript("SET LOCAL session_replication_role = origin");
    std::string summary = summaryJson;
    guarded(db, [&] {
        db.sql() << "select audit_append('bulk load', 'register', array[:s::jsonb], null)", soci::use(summary);
    });
}

std::vector<std::string> dropSecondaryIndexes(Database& db) {
    // The tables are named here, not by any caller; the names below come from the catalog.
    constexpr const char* kTables =
        "('public.device'::regclass, 'public.person'::regclass, 'public.custody'::regclass,"
        " 'public.device_imei'::regclass)";
    return guarded(db, [&] {
        std::vector<std::string> drops, restores;
        soci::rowset<soci::row> constraints =
            db.sql().prepare << std::string("select format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),"
                                            " format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname,"
                                            " pg_get_constraintdef(oid)) from pg_constraint where contype = 'u'"
                                            " and conrelid in ") + kTables + " order by conname";
        for (const auto& r : constraints) {
            drops.push_back(r.get<std::string>(0));
            restores.push_back(r.get<std::string>(1));
        }
        soci::rowset<soci::row> indexes =
            db.sql().prepare << std::string("select format('DROP INDEX %s', indexrelid::regclass),"
                                            " pg_get_indexdef(indexrelid) from pg_index i where not indisprimary"
                                            " and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)"
                                            " and indrelid in ") + kTables + " order by indexrelid::regclass::text";
        for (const auto& r : indexes) {
            drops.push_back(r.get<std::string>(0));
            restores.push_back(r.get<std::string>(1));
        }
        for (const auto& d : drops) db.execScript(d);
        return restores;
    });
}

void rebuildIndexes(Database& db, const std::vector<std::string>& definitions) {
    db.execScript("SET LOCAL maintenance_work_mem = '1GB'; SET LOCAL max_parallel_maintenance_workers = 2");
    for (const auto& d : definitions) db.execScript(d);
}

namespace {
std::vector<long long> idsInOrder(Database& db, const char* sql) {
    return guarded(db, [&] {
        std::vector<long long> ids, batch(50000);
        soci::statement st = (db.sql().prepare << sql, soci::into(batch));
        st.execute();
        while (st.fetch()) {
            ids.insert(ids.end(), batch.begin(), batch.end());
            batch.resize(50000);
        }
        return ids;
    });
}
}  // namespace

std::vector<long long> deviceIdsInLoadOrder(Database& db) { return idsInOrder(db, "select id from device order by id"); }
std::vector<long long> personIdsInLoadOrder(Database& db) { return idsInOrder(db, "select id from person order by id"); }

void analyzeRegister(Database& db) {
    db.execScript("ANALYZE command_unit, device_model");
    // VACUUM also marks the loaded pages all-visible (those COPY FREEZE left unmarked, and all
    // of them on a migrator's load), so index-only scans work at once: the reports' counts per
    // holder read custody_open_person_idx alone instead of visiting 780,000 rows (half a
    // second), and no autovacuum runs over a million fresh rows beside the first searches.
    db.execScript("VACUUM (ANALYZE) person, device, device_imei, custody");
}

}  // namespace qm::db
