#include "services/seed/demo_seed.hpp"

#include "db/bulk_load.hpp"
#include "db/register_repository.hpp"
#include "services/seed/fleet.hpp"

#include <chrono>
#include <cstdio>
#include <set>
#include <unordered_map>

namespace qm::services {
namespace {

// "2024-05-01" plus n days, never later than the generator's "today" (2026-03-31).
std::string shiftDays(const std::string& iso, int days) {
    using namespace std::chrono;
    int y = std::stoi(iso.substr(0, 4));
    unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2))), d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
    sys_days t = sys_days(year_month_day(year(y), month(m), day(d))) + std::chrono::days(days);
    sys_days today = sys_days(year_month_day(year(2026), month(3), day(31)));
    year_month_day out(std::min(t, today));
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(out.year()), static_cast<unsigned>(out.month()),
                  static_cast<unsigned>(out.day()));
    return buf;
}

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
    {
        db::PersonBulkLoad load(db);
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
        db::DeviceBulkLoad load(db);
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
            if (options.progress && (i + 1) % (step * 5) == 0) options.progress("devices", i + 1, options.devices);
        }
        report.devices = static_cast<std::size_t>(load.finish());
    }
    {
        // Holders of issued devices (open custody), and of lost or stolen ones (closed when
        // reported), so status and custody agree from the first day.
        auto deviceIds = db::deviceIdsByAssetTag(db);
        auto personIds = db::personIdsByStaffNo(db);
        db::CustodyBulkLoad load(db);
        // When the fleet outgrows the force some people hold a second phone or tablet; the
        // register asks a manager's reason for that, so the seed records one.
        std::set<std::pair<long long, std::string>> holding;
        for (std::size_t i = 0; i < options.devices; ++i) {
            seed::DeviceRow d = fleet.device(i);
            if (d.holder < 0) continue;
            db::NewCustody c;
            c.deviceId = deviceIds.at(d.assetTag);
            c.personId = personIds.at(fleet.person(static_cast<std::size_t>(d.holder)).staffNo);
            c.issuedAt = shiftDays(d.purchasedOn, static_cast<int>(i % 21)) + " 09:30:00+00";
            c.receipt = "S" + std::to_string(1000000 + i);
            if (d.status == "lost" || d.status == "stolen") {
                c.returnedAt = shiftDays(d.purchasedOn, 40 + static_cast<int>(i % 300)) + " 18:15:00+00";
                c.closedAs = d.status;
            } else {
                const std::string& kind = modelKinds.at(d.manufacturer + '\x1f' + d.model);
                if (!holding.emplace(d.holder, kind).second)
                    c.overrideReason = "Second " + kind + " for operational cover (demo fleet)";
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
