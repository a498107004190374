// qmctl setup — a register on a bare PostgreSQL server in one command: the database, the
// schema (which creates the NOLOGIN owner qm_register, the desk roles and the login
// functions), a migrator login for later upgrades, and the first admin. Each step is skipped
// when it is done already, so a second run changes nothing and says so. Run as a superuser.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace qm::services {

struct SetupOptions {
    std::string database = "quartermaster";
    std::string migrator;  // a login for later upgrades; "" for none
    std::string admin;     // the first admin login; "" for none
    // Asked only for a login about to be created: (login) -> its password.
    std::function<std::string(const std::string& login)> password;
};

struct SetupStep {
    std::string sentence;  // "Created the database quartermaster." / "The database ... exists already."
    bool changed = false;
};

struct SetupReport {
    std::vector<SetupStep> steps;
    int schemaVersion = 0;
    bool changedAnything() const;
};

// Invalid, naming the field, unless `name` may be the register's database ("database"), the
// migrator ("migrator") or the first admin ("admin"): checked before anything is created, and
// by the interactive setup as each answer is typed.
void checkSetupName(const std::string& field, const std::string& name);

// serverConninfo reaches the server as a superuser (its database, if any, is only used to
// connect first; the register's database is options.database).
SetupReport setupRegister(const std::string& serverConninfo, const SetupOptions& options);

}  // namespace qm::services
