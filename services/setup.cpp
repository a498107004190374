#include "services/setup.hpp"

#include "db/logins.hpp"
#include "db/setup.hpp"
#include "services/schema.hpp"
#include "services/session.hpp"
#include "services/users.hpp"

namespace qm::services {

bool SetupReport::changedAnything() const {
    for (const auto& s : steps)
        if (s.changed) return true;
    return false;
}

void checkSetupName(const std::string& field, const std::string& name) {
    if (field == "admin") db::checkLoginName(name);
    else db::checkSqlName(name, field);
}

SetupReport setupRegister(const std::string& serverConninfo, const SetupOptions& o) {
    checkSetupName("database", o.database);
    if (!o.migrator.empty()) checkSetupName("migrator", o.migrator);
    if (!o.admin.empty()) checkSetupName("admin", o.admin);
    SetupReport report;
    {
        db::Database server(serverConninfo);
        if (!db::whoAmI(server).superuser)
            throw denied("qmctl setup needs a PostgreSQL superuser (such as postgres over the server's local socket): "
                         "it creates the register's roles and login functions.");
        if (db::databaseExists(server, o.database)) {
            report.steps.push_back({"The database " + o.database + " exists already.", false});
        } else {
            db::createDatabase(server, o.database);
            report.steps.push_back({"Created the database " + o.database + " (UTF-8).", true});
        }
    }
    Session session(db::withDatabase(serverConninfo, o.database), Access::Bootstrap, false);
    const auto applied = migrateSchema(session);
    report.schemaVersion = schemaStatus(session).current;
    if (applied.empty())
        report.steps.push_back({"The schema is up to date (version " + std::to_string(report.schemaVersion) + ").", false});
    else
        report.steps.push_back({"Applied " + std::to_string(applied.size()) + " migration(s): the schema is at version " +
                                    std::to_string(report.schemaVersion) + ", owned by qm_register (no login).",
                                true});
    if (!o.migrator.empty()) {
        if (db::roleExists(session.db(), o.migrator)) {
            report.steps.push_back({"The login " + o.migrator + " exists already (not changed).", false});
        } else {
            if (!o.password) throw invalid("password", "A password is needed for the new migrator " + o.migrator + ".");
            db::createMigrator(session.db(), o.migrator, o.password(o.migrator));
            report.steps.push_back({"Created the migrator " + o.migrator +
                                        " (a NOINHERIT member of qm_register, for later upgrades).",
                                    true});
        }
    }
    if (!o.admin.empty()) {
        if (db::roleExists(session.db(), o.admin)) {
            report.steps.push_back({"The login " + o.admin + " exists already (not changed).", false});
        } else {
            if (!o.password) throw invalid("password", "A password is needed for the new admin " + o.admin + ".");
            addUser(session, o.admin, "admin", o.password(o.admin));
            report.steps.push_back({"Created the first admin " + o.admin + ".", true});
        }
    }
    return report;
}

}  // namespace qm::services
