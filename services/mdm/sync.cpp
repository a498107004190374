#include "services/mdm/sync.hpp"

#include "db/mdm_repository.hpp"
#include "model/error.hpp"

namespace qm::services::mdm {

SyncSummary sync(Session& session, MdmGateway& gateway, const std::function<void(const SyncProgress&)>& progress,
                 const std::function<bool()>& cancelled) {
    session.require(DeskRole::Agent, "synchronise with the MDM");
    const long long id = db::beginSync(session.db());
    SyncProgress p;
    try {
        gateway.listDevices(
            [&](std::vector<ManagedDevice>&& page) {
                if (!page.empty()) db::addSyncPage(session.db(), id, devicesToJson(page));
                p.devices += static_cast<long long>(page.size());
                ++p.pages;
                if (progress) progress(p);
            },
            cancelled);
        if (cancelled && cancelled()) throw unavailable("Cancelled.");
        return db::finishSync(session.db(), id);
    } catch (...) {
        try {
            db::abandonSync(session.db(), id);
        } catch (const Error&) {
            // The database went away too; the pages are dropped by the next sync after a day.
        }
        throw;
    }
}

std::optional<MdmDeviceRow> snapshotFor(Session& session, long long deviceId) {
    return db::mdmDeviceFor(session.db(), deviceId);
}

std::string lastSyncAt(Session& session) { return db::lastSyncAt(session.db()); }

std::vector<DriftRow> drift(Session& session, int staleDays) {
    if (staleDays < 1 || staleDays > 3650)
        throw invalid("days", "The number of days without a check-in must be between 1 and 3650.");
    return db::drift(session.db(), staleDays);
}

std::string driftKindWords(const std::string& kind) {
    if (kind == "not_in_register") return "In the MDM, not in the register";
    if (kind == "missing_from_mdm") return "Issued, not in the MDM";
    if (kind == "serial_mismatch") return "Serial differs";
    if (kind == "imei_mismatch") return "IMEI differs";
    if (kind == "user_mismatch") return "MDM user is not the holder";
    if (kind == "checked_in_while_lost") return "Checked in while lost";
    if (kind == "checked_in_while_stolen") return "Checked in while stolen";
    if (kind == "checked_in_while_in_stock") return "Checked in while in stock";
    if (kind == "no_check_in") return "No recent check-in";
    return kind;
}

}  // namespace qm::services::mdm
