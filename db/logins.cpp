#include "db/logins.hpp"

#include <libpq-fe.h>

#include <array>
#include <regex>

namespace qm::db {
namespace {

struct RoleEntry {
    DeskRole role;
    const char* name;
    const char* group;
};
constexpr std::array<RoleEntry, 5> kRoles = {{
    {DeskRole::Viewer, "viewer", "qm_viewer"},
    {DeskRole::Agent, "agent", "qm_agent"},
    {DeskRole::Manager, "manager", "qm_manager"},
    {DeskRole::Approver, "approver", "qm_approver"},
    {DeskRole::Admin, "admin", "qm_admin"},
}};

}  // namespace

const char* roleName(DeskRole role) {
    for (const auto& r : kRoles)
        if (r.role == role) return r.name;
    return "none";
}

const char* roleGroup(DeskRole role) {
    for (const auto& r : kRoles)
        if (r.role == role) return r.group;
    return "";
}

std::optional<DeskRole> roleFromName(std::string_view name) {
    for (const auto& r : kRoles)
        if (name == r.name || name == r.group) return r.role;
    return std::nullopt;
}

LoginInfo whoAmI(Database& db) {
    LoginInfo info;
    guarded(db, [&] {
        soci::row r;
        // pg_has_role(..., 'USAGE') follows inherited membership, as privileges do.
        db.sql() << "select session_user::text, current_database()::text,"
                    " r.rolsuper::int, r.rolbypassrls::int, r.rolcreaterole::int,"
                    // A catalog lookup, not to_regclass(): a login with no role may not
                    // even use the schema, and must still learn that it has no role.
                    " coalesce((select pg_has_role(session_user, c.relowner, 'USAGE')::int"
                    "             from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    "            where n.nspname = 'public' and c.relname = 'device' and c.relkind = 'r'), 0),"
                    // Through pg_roles, not by name: on a fresh server, before `db migrate`,
                    // the qm_ roles do not exist and naming one would be an error.
                    " (select coalesce(max(case g.rolname when 'qm_admin' then 5 when 'qm_approver' then 4"
                    "                                     when 'qm_manager' then 3 when 'qm_agent' then 2"
                    "                                     when 'qm_viewer' then 1 end), 0)"
                    "    from pg_roles g where g.rolname in ('qm_viewer', 'qm_agent', 'qm_manager', 'qm_approver', 'qm_admin')"
                    "     and pg_has_role(session_user, g.oid, 'USAGE'))"
                    " from pg_roles r where r.rolname = session_user",
            soci::into(r);
        info.user = r.get<std::string>(0);
        info.database = r.get<std::string>(1);
        info.superuser = r.get<int>(2) != 0;
        info.bypassRls = r.get<int>(3) != 0;
        info.canCreateRoles = r.get<int>(4) != 0;
        info.ownsRegister = r.get<int>(5) != 0;
        info.role = static_cast<DeskRole>(r.get<int>(6));
    });
    return info;
}

void createLogin(Database& db, const std::string& login, DeskRole role, const std::string& password) {
    static const std::regex valid("^[a-z_][a-z0-9_.-]{0,62}$");
    if (!std::regex_match(login, valid))
        throw invalid("login", "Login '" + login +
                                   "' is not acceptable: use 1-63 lower-case letters, digits, '.', '-' or '_', "
                                   "starting with a letter.");
    if (role == DeskRole::None) throw invalid("role", "A login needs a role.");
    if (password.size() < 8) throw invalid("password", "The password must be at least 8 characters long.");
    int exists = 0;
    guarded(db, [&] { db.sql() << "select count(*) from pg_roles where rolname = :l", soci::use(login), soci::into(exists); });
    if (exists) throw conflict("Login '" + login + "' already exists.");

    char* hashed = PQencryptPasswordConn(db.pg(), password.c_str(), login.c_str(), "scram-sha-256");
    if (!hashed) throw Error(ErrorKind::Other, "The password could not be prepared for the server.");
    std::string verifier = hashed;
    PQfreemem(hashed);
    // CREATE ROLE takes no bound parameters: the name is checked above and both are quoted.
    db.execScript("CREATE ROLE " + quoteIdentifier(db, login) + " LOGIN NOSUPERUSER NOCREATEDB NOBYPASSRLS" +
                  (role == DeskRole::Admin ? " CREATEROLE" : " NOCREATEROLE") + " PASSWORD " +
                  quoteLiteral(db, verifier) + " IN ROLE " + roleGroup(role));
}

}  // namespace qm::db
