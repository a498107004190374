#include "services/seed/demo_seed.hpp"

#include "db/bulk_load.hpp"
#include "db/register_repository.hpp"
#include "services/seed/fleet.hpp"

#include <chrono>
#include <unordered_map>

namespace qm::services {

SeedReport seedDemo(Session& session, const SeedOptions& options) {
    session.require(DeskRole::Manager, "seed the demo register");
    auto started = std::chrono::steady_clock::now();
    db::Database& db = session.db();
    seed::FleetGenerator fleet(options.seed, options.devices, options.people);
    SeedReport report;

    db::Transaction tx(db);
    if (long long n = db::countDevices(db) + db::countPeople(db); n > 0)
        throw conflict("The register already holds devices or people; demo seed only fills an empty register.");

    std::unordered_map<std::string, long long> unitIds;
    // Units and models may already be there (an earlier empty seed, or a manager's own).
    for (const auto& u : fleet.units()) {
        auto id = db::findCommandUnit(db, u.name);
        unitIds[u.code] = id ? *id : db::createCommandUnit(db, u.name, u.code, u.kind);
    }
    std::unordered_map<std::string, long long> modelIds;
    for (const auto& m : fleet.models()) {
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
    tx.commit();
    db::analyzeRegister(db);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace qm::services
