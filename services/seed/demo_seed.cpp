#include "services/seed/demo_seed.hpp"

#include "db/bulk_load.hpp"
#include "db/register_repository.hpp"
#include "services/seed/fleet.hpp"

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace qm::services {
namespace {

using std::chrono::sys_days;

const sys_days kToday = sys_days(std::chrono::year_month_day(std::chrono::year(2026), std::chrono::month(3), std::chrono::day(31)));

// "2024-05-01" as a day.
sys_days dayOf(const std::string& iso) {
    using namespace std::chrono;
    int y = std::stoi(iso.substr(0, 4));
    unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2))), d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
    return sys_days(year_month_day(year(y), month(m), day(d)));
}

// A day plus n days as "YYYY-MM-DD", never later than the generator's "today" (2026-03-31).
std::string shiftDays(sys_days from, int days) {
    std::chrono::year_month_day out(std::min(from + std::chrono::days(days), kToday));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(out.year()), static_cast<unsigned>(out.month()),
                  static_cast<unsigned>(out.day()));
    return buf;
}

// What the custody load needs of a held device, kept from the device load so no device is
// generated twice: 16 bytes for each of up to ~800,000 holders.
struct Held {
    std::uint32_t device;   // index in load order
    std::int32_t holder;    // person index
    std::int32_t purchased; // days since 1970-01-01
    enum class As : std::uint8_t { Open, Lost, Stolen } as;
    bool tablet;
};

}  // namespace

SeedReport seedDemo(Session& session, const SeedOptions& options) {
    const auto& me = session.login();
    if (!me.superuser && !me.migrator)
        throw denied("Login '" + me.user + "' may not seed the demo register: a seeded fleet comes with statuses and "
                     "custody records that only the register itself writes, so run demo seed as a database superuser "
                     "or as a migrator login.");
    auto started = std::chrono::steady_clock::now();
    db::Database& db = session.db();
    seed::FleetGenerator fleet(options.seed, options.devices, options.people);
    SeedReport report;

    db::Transaction tx(db);
    const bool fastPath = db::beginBulkLoad(db);
    if (long long n = db::countDevices(db) + db::countPeople(db); n > 0)
        throw conflict("The register already holds devices or people; demo seed only fills an empty register.");
    if (fastPath) db::emptyForLoad(db);
    const auto indexes = db::dropSecondaryIndexes(db);

    std::unordered_map<std::string, long long> unitIds;
    // Units and models may already be there (an earlier empty seed, or a manager's own).
    for (const auto& u : fleet.units()) {
        auto id = db::findCommandUnit(db, u.name);
        unitIds[u.code] = id ? *id : db::createCommandUnit(db, u.name, u.code, u.kind);
    }
    std::unordered_map<std::string, long long> modelIds;
    std::unordered_map<std::string, std::string> modelKinds;
    for (const auto& m : fleet.models()) {
        modelKinds[m.manufacturer + '\x1f' + m.model] = m.kind;
        auto id = db::findDeviceModel(db, m.manufacturer + " " + m.model);
        modelIds[m.manufacturer + '\x1f' + m.model] = id ? *id : db::createDeviceModel(db, m.manufacturer, m.model, m.kind);
    }
    report.units = unitIds.size();
    report.models = modelIds.size();

    const std::size_t step = 10000;
    std::vector<Held> held;
    held.reserve(options.devices);
    {
        db::PersonBulkLoad load(db, fastPath);
        for (std::size_t i = 0; i < options.people; ++i) {
            seed::PersonRow p = fleet.person(i);
            db::NewPerson row;
            row.staffNo = p.staffNo;
            row.name = p.name;
            row.rank = p.rank;
            row.email = p.email;
            row.active = p.active;
            row.unitId = unitIds.at(p.unitCode);
            load.add(row);
            if (options.progress && (i + 1) % step == 0) options.progress("people", i + 1, options.people);
        }
        report.people = static_cast<std::size_t>(load.finish());
    }
    {
        db::DeviceBulkLoad load(db, fastPath);
        for (std::size_t i = 0; i < options.devices; ++i) {
            seed::DeviceRow d = fleet.device(i);
            db::NewDevice row;
            row.assetTag = d.assetTag;
            row.serial = d.serial;
            row.imei = d.imei;
            row.imei2 = d.imei2;
            row.phone = d.phone;
            row.status = d.status;
            row.purchasedOn = d.purchasedOn;
            row.warrantyUntil = d.warrantyUntil;
            row.notes = d.notes;
            row.costPence = d.costPence;
            row.modelId = modelIds.at(d.manufacturer + '\x1f' + d.model);
            if (!d.unitCode.empty()) row.unitId = unitIds.at(d.unitCode);
            load.add(row);
            if (d.holder >= 0)
                held.push_back({static_cast<std::uint32_t>(i), static_cast<std::int32_t>(d.holder),
                                static_cast<std::int32_t>(dayOf(d.purchasedOn).time_since_epoch().count()),
                                d.status == "lost" ? Held::As::Lost : d.status == "stolen" ? Held::As::Stolen : Held::As::Open,
                                modelKinds.at(d.manufacturer + '\x1f' + d.model) == "tablet"});
            if (options.progress && (i + 1) % (step * 5) == 0) options.progress("devices", i + 1, options.devices);
        }
        report.devices = static_cast<std::size_t>(load.finish());
    }
    {
        // Holders of issued devices (open custody), and of lost or stolen ones (closed when
        // reported), so status and custody agree from the first day.
        const auto deviceIds = db::deviceIdsInLoadOrder(db);
        const auto personIds = db::personIdsInLoadOrder(db);
        if (deviceIds.size() != report.devices || personIds.size() != report.people)
            throw Error(ErrorKind::Other, "The register changed during the demo seed; run it again on an empty register.");
        db::CustodyBulkLoad load(db, fastPath);
        // When the fleet outgrows the force some people hold a second phone or tablet; the
        // register asks a manager's reason for that, so the seed records one.
        std::vector<std::uint8_t> holding(options.people);  // bit 1: holds a phone, bit 2: a tablet
        for (const Held& h : held) {
            db::NewCustody c;
            c.deviceId = deviceIds[h.device];
            c.personId = personIds[static_cast<std::size_t>(h.holder)];
            const sys_days purchased{std::chrono::days(h.purchased)};
            c.issuedAt = shiftDays(purchased, static_cast<int>(h.device % 21)) + " 09:30:00+00";
            c.receipt = "S" + std::to_string(1000000 + h.device);
            if (h.as != Held::As::Open) {
                c.returnedAt = shiftDays(purchased, 40 + static_cast<int>(h.device % 300)) + " 18:15:00+00";
                c.closedAs = h.as == Held::As::Lost ? "lost" : "stolen";
            } else {
                const std::uint8_t bit = h.tablet ? 2 : 1;
                std::uint8_t& holds = holding[static_cast<std::size_t>(h.holder)];
                if (holds & bit) c.overrideReason = std::string("Second ") + (h.tablet ? "tablet" : "phone") +
                                                    " for operational cover (demo fleet)";
                holds |= bit;
            }
            load.add(c);
            ++report.custody;
        }
        load.finish();
    }
    db::finishBulkLoad(db, fastPath,
                       "{\"what\": \"demo seed\", \"devices\": " + std::to_string(report.devices) +
                           ", \"people\": " + std::to_string(report.people) + ", \"custody\": " +
                           std::to_string(report.custody) + ", \"seed\": " + std::to_string(options.seed) + "}");
    db::rebuildIndexes(db, indexes);
    tx.commit();
    db::analyzeRegister(db);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace qm::services
