// Session — a signed-in connection to the register, as used by every service call.
//
// Opening one checks the schema is the one this program knows and who the login is. Desk work
// refuses superusers, BYPASSRLS roles and the register's owner (DESIGN.md §5): the custody
// record must name a real desk user and be bound by the same rules as everyone else. Only the
// bootstrap commands (db migrate, user add, demo seed) may run as superuser or owner.
#pragma once

#include "db/database.hpp"
#include "db/logins.hpp"
#include "model/error.hpp"

#include <memory>
#include <string>

namespace qm::services {

using db::DeskRole;

enum class Access {
    Desk,       // normal work: refuses superuser, BYPASSRLS and owner logins
    Bootstrap,  // db migrate, user add, demo seed: superuser or owner expected
};

using db::roleFromName;
using db::roleName;

// Where to connect: --db, else QM_DB, else libpq's own PG* defaults ("").
std::string resolveConninfo(const std::string& fromCommandLine);

// For a sign-in prompt. Whether a refused connection would take a password: the server asked
// for one and none was given (a QM_DB pushed by policy holds none), or the one given was wrong.
bool needsPassword(const Error& e);
// `conninfo` with `password` in it, for this connection only: nothing writes it down.
std::string withPassword(const std::string& conninfo, const std::string& password);
// The login `conninfo` names; "" when it names none (libpq then uses the account's name).
std::string loginNamed(const std::string& conninfo);

class Session {
public:
    // Connects and checks; `checkSchema` false only for `db migrate` / `db status`.
    Session(const std::string& conninfo, Access access, bool checkSchema = true);

    db::Database& db() { return *db_; }
    const db::LoginInfo& login() const { return login_; }
    bool can(DeskRole role) const { return login_.superuser || login_.ownsRegister || login_.role >= role; }
    // Throws Permission naming the role needed for `what` ("import devices").
    void require(DeskRole role, const std::string& what) const;
    // "ann@quartermaster"
    std::string describe() const { return login_.user + "@" + login_.database; }

private:
    std::unique_ptr<db::Database> db_;
    db::LoginInfo login_;
};

}  // namespace qm::services
