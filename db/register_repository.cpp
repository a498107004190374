#include "db/register_repository.hpp"


namespace qm::db {
namespace {

constexpr const char* kDeviceColumns =
    "d.id, d.asset_tag, d.serial, coalesce(d.imei, ''), coalesce(d.imei2, ''), m.manufacturer, m.model,"
    " m.kind, coalesce(d.phone, ''), coalesce(d.mdm_id, ''), d.status::text, d.condition,"
    " d.legal_hold::int, coalesce(d.hold_reason, ''), coalesce(u.name, ''),"
    " coalesce(d.purchased_on::text, ''), coalesce(d.warranty_until::text, ''), d.cost_pence, d.notes,"
    " d.version, to_char(d.created_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " to_char(d.updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    " from device d join device_model m on m.id = d.model_id"
    " left join command_unit u on u.id = d.unit_id";

Device deviceFromRow(const soci::row& r) {
    Device d;
    d.id = r.get<long long>(0);
    d.assetTag = r.get<std::string>(1);
    d.serial = r.get<std::string>(2);
    d.imei = r.get<std::string>(3);
    d.imei2 = r.get<std::string>(4);
    d.manufacturer = r.get<std::string>(5);
    d.model = r.get<std::string>(6);
    d.kind = r.get<std::string>(7);
    d.phone = r.get<std::string>(8);
    d.mdmId = r.get<std::string>(9);
    d.status = statusFromString(r.get<std::string>(10)).value_or(DeviceStatus::InStock);
    d.condition = r.get<std::string>(11);
    d.legalHold = r.get<int>(12) != 0;
    d.holdReason = r.get<std::string>(13);
    d.unit = r.get<std::string>(14);
    d.purchasedOn = r.get<std::string>(15);
    d.warrantyUntil = r.get<std::string>(16);
    if (r.get_indicator(17) == soci::i_ok) d.costPence = r.get<long long>(17);
    d.notes = r.get<std::string>(18);
    d.version = r.get<int>(19);
    d.createdAt = r.get<std::string>(20);
    d.updatedAt = r.get<std::string>(21);
    return d;
}

// Binds "" as NULL.
soci::indicator nullIfEmpty(const std::string& value) { return value.empty() ? soci::i_null : soci::i_ok; }

}  // namespace

std::optional<Device> findDevice(Database& db, std::string_view key) {
    return guarded(db, [&]() -> std::optional<Device> {
        std::optional<Device> found;
        // Scanners and people type IMEIs with spaces; tags and serials are stored upper-case.
        db.eachRow(std::string("select ") + kDeviceColumns +
                       " where d.asset_tag = upper(btrim(:k)) or d.serial = upper(btrim(:k))"
                       " or d.imei = regexp_replace(:k, '[[:space:]-]', '', 'g')"
                       " or d.imei2 = regexp_replace(:k, '[[:space:]-]', '', 'g')"
                       " or d.mdm_id = btrim(:k)"
                       " order by (d.asset_tag = upper(btrim(:k))) desc limit 1",
                   {{"k", std::string(key)}}, [&](const soci::row& r) { found = deviceFromRow(r); });
        return found;
    });
}

std::optional<Person> findPerson(Database& db, std::string_view staffNo) {
    return guarded(db, [&]() -> std::optional<Person> {
        std::optional<Person> found;
        db.eachRow("select p.id, p.staff_no, p.name, coalesce(p.rank, ''), coalesce(u.name, ''),"
                   " coalesce(p.email, ''), p.active::int, coalesce(p.left_on::text, ''), p.version"
                   " from person p left join command_unit u on u.id = p.unit_id"
                   " where p.staff_no = upper(btrim(:k))",
                   {{"k", std::string(staffNo)}}, [&](const soci::row& r) {
                       Person& p = found.emplace();
                       p.id = r.get<long long>(0);
                       p.staffNo = r.get<std::string>(1);
                       p.name = r.get<std::string>(2);
                       p.rank = r.get<std::string>(3);
                       p.unit = r.get<std::string>(4);
                       p.email = r.get<std::string>(5);
                       p.active = r.get<int>(6) != 0;
                       p.leftOn = r.get<std::string>(7);
                       p.version = r.get<int>(8);
                   });
        return found;
    });
}

std::optional<long long> findDeviceModel(Database& db, std::string_view makerAndModel) {
    std::string k(makerAndModel);
    return guarded(db, [&]() -> std::optional<long long> {
        long long id = 0;
        db.sql() << "select id from device_model"
                    " where lower(manufacturer || ' ' || model) = lower(regexp_replace(btrim(:k), '\\s+', ' ', 'g'))",
            soci::use(k, "k"), soci::into(id);
        if (!db.sql().got_data()) return std::nullopt;
        return id;
    });
}

long long createDeviceModel(Database& db, const std::string& manufacturer, const std::string& model,
                            const std::string& kind) {
    return guarded(db, [&] {
        long long id = 0;
        db.sql() << "insert into device_model (manufacturer, model, kind) values (:m, :n, :k) returning id",
            soci::use(manufacturer, "m"), soci::use(model, "n"), soci::use(kind, "k"), soci::into(id);
        return id;
    });
}

std::optional<long long> findCommandUnit(Database& db, std::string_view nameOrCode) {
    std::string k(nameOrCode);
    return guarded(db, [&]() -> std::optional<long long> {
        long long id = 0;
        db.sql() << "select id from command_unit where lower(name) = lower(btrim(:k)) or code = upper(btrim(:k))"
                    " order by (lower(name) = lower(btrim(:k))) desc limit 1",
            soci::use(k, "k"), soci::into(id);
        if (!db.sql().got_data()) return std::nullopt;
        return id;
    });
}

long long createCommandUnit(Database& db, const std::string& name, const std::string& code,
                            const std::string& kind) {
    return guarded(db, [&] {
        long long id = 0;
        soci::indicator codeInd = nullIfEmpty(code);
        db.sql() << "insert into command_unit (name, code, kind) values (:n, :c, :k) returning id",
            soci::use(name, "n"), soci::use(code, codeInd, "c"), soci::use(kind, "k"), soci::into(id);
        return id;
    });
}

long long insertDevice(Database& db, const NewDevice& d) {
    return guarded(db, [&] {
        long long id = 0;
        long long unitId = d.unitId.value_or(0), cost = d.costPence.value_or(0);
        soci::indicator imeiInd = nullIfEmpty(d.imei), imei2Ind = nullIfEmpty(d.imei2),
                        phoneInd = nullIfEmpty(d.phone), purchasedInd = nullIfEmpty(d.purchasedOn),
                        warrantyInd = nullIfEmpty(d.warrantyUntil),
                        unitInd = d.unitId ? soci::i_ok : soci::i_null,
                        costInd = d.costPence ? soci::i_ok : soci::i_null;
        db.sql() << "insert into device (asset_tag, serial, imei, imei2, model_id, phone, status,"
                    " purchased_on, warranty_until, cost_pence, notes, unit_id)"
                    " values (:tag, :serial, :imei, :imei2, :model, :phone, :status::device_status,"
                    " :purchased::date, :warranty::date, :cost, :notes, :unit) returning id",
            soci::use(d.assetTag, "tag"), soci::use(d.serial, "serial"), soci::use(d.imei, imeiInd, "imei"),
            soci::use(d.imei2, imei2Ind, "imei2"), soci::use(d.modelId, "model"),
            soci::use(d.phone, phoneInd, "phone"), soci::use(d.status, "status"),
            soci::use(d.purchasedOn, purchasedInd, "purchased"),
            soci::use(d.warrantyUntil, warrantyInd, "warranty"), soci::use(cost, costInd, "cost"),
            soci::use(d.notes, "notes"), soci::use(unitId, unitInd, "unit"), soci::into(id);
        return id;
    });
}

long long insertPerson(Database& db, const NewPerson& p) {
    return guarded(db, [&] {
        long long id = 0;
        long long unitId = p.unitId.value_or(0);
        int active = p.active ? 1 : 0;
        soci::indicator rankInd = nullIfEmpty(p.rank), emailInd = nullIfEmpty(p.email),
                        unitInd = p.unitId ? soci::i_ok : soci::i_null;
        db.sql() << "insert into person (staff_no, name, rank, unit_id, email, active, left_on)"
                    " values (:staff, :name, :rank, :unit, :email, :active::boolean,"
                    " case when :active = 0 then current_date end) returning id",
            soci::use(p.staffNo, "staff"), soci::use(p.name, "name"), soci::use(p.rank, rankInd, "rank"),
            soci::use(unitId, unitInd, "unit"), soci::use(p.email, emailInd, "email"),
            soci::use(active, "active"), soci::into(id);
        return id;
    });
}

long long countDevices(Database& db) {
    long long n = 0;
    guarded(db, [&] { db.sql() << "select count(*) from device", soci::into(n); });
    return n;
}

long long countPeople(Database& db) {
    long long n = 0;
    guarded(db, [&] { db.sql() << "select count(*) from person", soci::into(n); });
    return n;
}

Savepoint::Savepoint(Database& db) : db_(db) { db_.execScript("SAVEPOINT qm_row"); }

Savepoint::~Savepoint() {
    if (open_) {
        try {
            db_.execScript("ROLLBACK TO SAVEPOINT qm_row; RELEASE SAVEPOINT qm_row");
        } catch (const Error&) {
            // The connection itself is gone; the enclosing transaction fails and says so.
        }
    }
}

void Savepoint::release() {
    db_.execScript("RELEASE SAVEPOINT qm_row");
    open_ = false;
}

}  // namespace qm::db
