#include "db/mdm_repository.hpp"

namespace qm::db {
namespace {

std::string iso(const std::string& column) {
    return "coalesce(to_char(" + column + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')";
}

// Text of a nullable column as "" when null.
std::string orEmpty(const std::string& column) { return "coalesce(" + column + ", '')"; }

std::vector<CommandRow> readCommands(Database& db, const std::string& where, const std::string& state,
                                     long long deviceId, long long id, int limit) {
    std::vector<CommandRow> rows;
    soci::rowset<soci::row> rs =
        (db.sql().prepare << "select c.id, d.asset_tag, c.action, c.state, c.reason, " + iso("c.requested_at") +
                                 ", c.requested_by, " + orEmpty("c.approved_by") + ", " + iso("c.approved_at") +
                                 ", c.decision_note, c.outcome, " + iso("c.sent_at") + ", " + iso("c.finished_at") +
                                 ", " + iso("c.changed_at") + ", c.attempts"
                                 " from mdm_command c join device d on d.id = c.device_id where " +
                                 where + " order by c.id desc limit :l",
         soci::use(state, "s"), soci::use(deviceId, "d"), soci::use(id, "i"), soci::use(limit, "l"));
    for (const auto& r : rs) {
        CommandRow c;
        c.id = r.get<long long>(0);
        c.assetTag = r.get<std::string>(1);
        c.action = r.get<std::string>(2);
        c.state = r.get<std::string>(3);
        c.reason = r.get<std::string>(4);
        c.requestedAt = r.get<std::string>(5);
        c.requestedBy = r.get<std::string>(6);
        c.approvedBy = r.get<std::string>(7);
        c.approvedAt = r.get<std::string>(8);
        c.decisionNote = r.get<std::string>(9);
        c.outcome = r.get<std::string>(10);
        c.sentAt = r.get<std::string>(11);
        c.finishedAt = r.get<std::string>(12);
        c.changedAt = r.get<std::string>(13);
        c.attempts = r.get<int>(14);
        rows.push_back(std::move(c));
    }
    return rows;
}

}  // namespace

long long requestCommand(Database& db, const std::string& device, const std::string& action, const std::string& reason) {
    long long id = 0;
    guarded(db, [&] {
        db.sql() << "select mdm_request(:d, :a, :r)", soci::use(device, "d"), soci::use(action, "a"),
            soci::use(reason, "r"), soci::into(id);
    });
    return id;
}

std::string approveCommand(Database& db, long long id) {
    std::string state;
    guarded(db, [&] { db.sql() << "select mdm_approve(:i)", soci::use(id, "i"), soci::into(state); });
    return state;
}

void rejectCommand(Database& db, long long id, const std::string& reason) {
    guarded(db, [&] { db.sql() << "select mdm_reject(:i, :r)", soci::use(id, "i"), soci::use(reason, "r"); });
}

void releaseCommand(Database& db, long long id) {
    guarded(db, [&] { db.sql() << "select mdm_release(:i)", soci::use(id, "i"); });
}

void cancelCommand(Database& db, long long id, const std::string& reason) {
    guarded(db, [&] { db.sql() << "select mdm_cancel(:i, :r)", soci::use(id, "i"), soci::use(reason, "r"); });
}

void setWipePolicy(Database& db, std::optional<int> perPersonPerDay, std::optional<int> perHourBeforeHold) {
    int a = perPersonPerDay.value_or(0), b = perHourBeforeHold.value_or(0);
    soci::indicator ai = perPersonPerDay ? soci::i_ok : soci::i_null, bi = perHourBeforeHold ? soci::i_ok : soci::i_null;
    guarded(db, [&] { db.sql() << "select mdm_set_policy(:a, :b)", soci::use(a, ai, "a"), soci::use(b, bi, "b"); });
}

WipePolicy wipePolicy(Database& db) {
    WipePolicy p;
    guarded(db, [&] {
        db.sql() << "select wipes_per_person_per_day, wipes_per_hour_before_hold from mdm_policy",
            soci::into(p.perPersonPerDay), soci::into(p.perHourBeforeHold);
    });
    return p;
}

std::vector<CommandRow> listCommands(Database& db, const CommandFilter& filter) {
    return guarded(db, [&] {
        return readCommands(db, "(:s = '' or c.state = :s) and (:d = 0 or c.device_id = :d) and :i = 0", filter.state,
                            filter.deviceId.value_or(0), 0, filter.limit);
    });
}

std::optional<CommandRow> findCommand(Database& db, long long id) {
    auto rows = guarded(db, [&] { return readCommands(db, ":s = '' and :d = 0 and c.id = :i", "", 0, id, 1); });
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<WorkItem> takeWork(Database& db, const std::string& worker, int max, int leaseSeconds) {
    return guarded(db, [&] {
        std::vector<WorkItem> items;
        soci::rowset<soci::row> rs =
            (db.sql().prepare << "select id, action, coalesce(mdm_id, ''), asset_tag, phase,"
                                 " to_char(sent_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
                                 " attempts, accepted::int, age_seconds from mdm_take_work(:w, :m, :l)",
             soci::use(worker, "w"), soci::use(max, "m"), soci::use(leaseSeconds, "l"));
        for (const auto& r : rs) {
            WorkItem w;
            w.id = r.get<long long>(0);
            w.action = r.get<std::string>(1);
            w.mdmId = r.get<std::string>(2);
            w.assetTag = r.get<std::string>(3);
            w.send = r.get<std::string>(4) == "send";
            w.sentAt = r.get<std::string>(5);
            w.attempts = r.get<int>(6);
            w.accepted = r.get<int>(7) != 0;
            w.ageSeconds = r.get<double>(8);
            items.push_back(std::move(w));
        }
        return items;
    });
}

std::string recordOutcome(Database& db, long long id, const std::string& verdict, const std::string& detail,
                          double recheckSeconds) {
    std::string state;
    guarded(db, [&] {
        db.sql() << "select mdm_record(:i, :v, :d, :r)", soci::use(id, "i"), soci::use(verdict, "v"),
            soci::use(detail, "d"), soci::use(recheckSeconds, "r"), soci::into(state);
    });
    return state;
}

long long beginSync(Database& db) {
    long long id = 0;
    guarded(db, [&] { db.sql() << "select mdm_sync_begin()", soci::into(id); });
    return id;
}

int addSyncPage(Database& db, long long sync, const std::string& devicesJson) {
    int added = 0;
    guarded(db, [&] {
        db.sql() << "select mdm_sync_page(:s, :j::jsonb)", soci::use(sync, "s"), soci::use(devicesJson, "j"),
            soci::into(added);
    });
    return added;
}

SyncSummary finishSync(Database& db, long long sync) {
    SyncSummary s;
    int seen = 0, added = 0, changed = 0, unmatched = 0, gone = 0;
    // Replacing a large snapshot (and storing tens of thousands of new MDM ids on the first
    // sync) outlasts a desk session's 30-second statement limit; this one statement may take
    // longer, and the limit is restored afterwards.
    std::string previous;
    guarded(db, [&] { db.sql() << "select current_setting('statement_timeout')", soci::into(previous); });
    guarded(db, [&] { db.sql() << "select set_config('statement_timeout', '15min', false)"; });
    try {
        guarded(db, [&] {
            db.sql() << "select seen, new_devices, changed, unmatched, gone from mdm_sync_finish(:s)",
                soci::use(sync, "s"), soci::into(seen), soci::into(added), soci::into(changed), soci::into(unmatched),
                soci::into(gone);
        });
    } catch (...) {
        if (db.connected()) guarded(db, [&] { db.sql() << "select set_config('statement_timeout', :p, false)", soci::use(previous); });
        throw;
    }
    guarded(db, [&] { db.sql() << "select set_config('statement_timeout', :p, false)", soci::use(previous); });
    s.seen = seen;
    s.added = added;
    s.changed = changed;
    s.unmatched = unmatched;
    s.gone = gone;
    return s;
}

void abandonSync(Database& db, long long sync) {
    guarded(db, [&] { db.sql() << "select mdm_sync_abandon(:s)", soci::use(sync, "s"); });
}

std::optional<MdmDeviceRow> mdmDeviceFor(Database& db, long long deviceId) {
    return guarded(db, [&]() -> std::optional<MdmDeviceRow> {
        soci::rowset<soci::row> rs =
            (db.sql().prepare << "select m.mdm_id, d.asset_tag, " + orEmpty("m.device_name") + ", " +
                                     orEmpty("m.serial") + ", " + orEmpty("m.imei") + ", " + orEmpty("m.os") + ", " +
                                     orEmpty("m.os_version") + ", " + orEmpty("m.compliance") + ", " +
                                     iso("m.last_sync_at") + ", " + iso("m.enrolled_at") + ", " + orEmpty("m.upn") +
                                     ", " + orEmpty("m.user_name") + ", " + orEmpty("m.email") + ", " +
                                     orEmpty("m.manufacturer") + ", " + orEmpty("m.model") + ", " + orEmpty("m.phone") +
                                     " from mdm_device m join device d on d.id = m.device_id where m.device_id = :d",
             soci::use(deviceId, "d"));
        for (const auto& r : rs) {
            MdmDeviceRow m;
            std::string* fields[] = {&m.mdmId, &m.assetTag, &m.deviceName, &m.serial, &m.imei,
                                     &m.os, &m.osVersion, &m.compliance, &m.lastCheckIn, &m.enrolledAt,
                                     &m.userPrincipalName, &m.userName, &m.email, &m.manufacturer, &m.model,
                                     &m.phone};
            for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = r.get<std::string>(i);
            return m;
        }
        return std::nullopt;
    });
}

std::vector<DriftRow> drift(Database& db, int staleDays) {
    return guarded(db, [&] {
        std::vector<DriftRow> rows;
        soci::rowset<soci::row> rs = (db.sql().prepare << "select kind, coalesce(asset_tag, ''), coalesce(mdm_id, ''),"
                                                          " coalesce(detail, '') from mdm_drift(:n)",
                                      soci::use(staleDays, "n"));
        for (const auto& r : rs)
            rows.push_back({r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2), r.get<std::string>(3)});
        return rows;
    });
}

std::string lastSyncAt(Database& db) {
    std::string at;
    guarded(db, [&] {
        db.sql() << "select " + iso("max(finished_at)") + " from mdm_sync where state = 'done'", soci::into(at);
    });
    return at;
}

}  // namespace qm::db
