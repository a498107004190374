#include "services/session.hpp"

#include "db/migrations.hpp"

#include <cstdlib>

namespace qm::services {

std::string resolveConninfo(const std::string& fromCommandLine) {
    if (!fromCommandLine.empty()) return fromCommandLine;
    if (const char* env = std::getenv("QM_DB"); env && *env) return env;
    return "";
}

bool needsPassword(const Error& e) { return e.kind() == ErrorKind::Permission && e.field() == "password"; }

std::string withPassword(const std::string& conninfo, const std::string& password) {
    return db::withConnectionSetting(conninfo, "password", password);
}

std::string loginNamed(const std::string& conninfo) { return db::connectionSetting(conninfo, "user"); }

Session::Session(const std::string& conninfo, Access access, bool checkSchema)
    : db_(std::make_unique<db::Database>(conninfo)) {
    login_ = db::whoAmI(*db_);
    if (access == Access::Desk) {
        const std::string who = "Login '" + login_.user + "'";
        if (login_.superuser)
            throw denied(who + " is a database superuser; desk work must be done under your own desk login "
                               "so the custody record names you and the register's rules bind you.");
        if (login_.bypassRls)
            throw denied(who + " bypasses row-level security; desk work needs an ordinary desk login.");
        if (login_.ownsRegister)
            throw denied(who + " owns the register's tables; desk work needs an ordinary desk login, "
                               "not the owner's.");
    }
    if (access == Access::Desk && login_.role == DeskRole::None)
        throw denied("Login '" + login_.user + "' has no Quartermaster role; ask an administrator to grant one.");
    // Every wait is bounded. Desk work: a statement gets 30 seconds (the console's limit), a
    // lock 10 (the desk's functions wait at most 3 for a row), and a transaction left open by
    // a suspended program ends after a minute instead of holding its locks. Set-up work (a
    // migration, a seeded fleet) may run long but still gives up on a held lock.
    db_->execScript(access == Access::Desk
                        ? "SET statement_timeout = '30s'; SET lock_timeout = '10s';"
                          " SET idle_in_transaction_session_timeout = '60s'"
                        : "SET statement_timeout = 0; SET lock_timeout = '30s';"
                          " SET idle_in_transaction_session_timeout = '5min'");
    if (checkSchema) db::requireCurrentSchema(*db_);
}

void Session::require(DeskRole role, const std::string& what) const {
    if (can(role)) return;
    const bool vowel = role == DeskRole::Agent || role == DeskRole::Approver || role == DeskRole::Admin;
    throw denied(std::string("Only ") + (vowel ? "an " : "a ") + db::roleName(role) + " or above may " + what + "; login '" +
                 login_.user + "' is " + (login_.role == DeskRole::None ? "not a desk user" :
                                          (login_.role == DeskRole::Agent || login_.role == DeskRole::Admin || login_.role == DeskRole::Approver ? "an " : "a ") + std::string(db::roleName(login_.role))) + ".");
}

}  // namespace qm::services
