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
        db.sql() << "select session_user::text, current_database()::text, r.rolsuper::int, r.rolbypassrls::int,"
                    // A catalog lookup, not to_regclass(): a login with no role may not
                    // even use the schema, and must still learn that it has no role.
                    // MEMBER, not USAGE: a migrator holds the owner's rights only after SET ROLE,
                    // but it can take them whenever it likes.
                    " coalesce((select pg_has_role(session_user, c.relowner, 'MEMBER')::int"
                    "             from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    "            where n.nspname = 'public' and c.relname = 'device' and c.relkind = 'r'), 0),"
                    " coalesce(pg_has_role(session_user, to_regrole('qm_register'), 'MEMBER')::int, 0),"
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
        info.migrator = r.get<int>(5) != 0;
        info.ownsRegister = r.get<int>(4) != 0 || info.migrator;
        info.role = static_cast<DeskRole>(r.get<int>(6));
    });
    return info;
}

void checkLoginName(const std::string& login) {
    static const std::regex valid("^[a-z_][a-z0-9_.-]{0,62}$");
    if (!std::regex_match(login, valid))
        throw invalid("login", "Login '" + login +
                                   "' is not acceptable: use 1-63 lower-case letters, digits, '.', '-' or '_', "
                                   "starting with a letter.");
}

namespace {

// A desk login's password, checked, as its SCRAM-SHA-256 verifier.
std::string verifier(Database& db, const std::string& login, const std::string& password) {
    if (password.size() < 8) throw invalid("password", "The password must be at least 8 characters long.");
    if (password.size() > 200) throw invalid("password", "The password is longer than 200 characters.");
    return scramVerifier(db, login, password);
}

}  // namespace

std::string scramVerifier(Database& db, const std::string& login, const std::string& password) {
    char* hashed = PQencryptPasswordConn(db.pg(), password.c_str(), login.c_str(), "scram-sha-256");
    if (!hashed) throw Error(ErrorKind::Other, "The password could not be prepared for the server.");
    std::string out = hashed;
    PQfreemem(hashed);
    return out;
}

void createLogin(Database& db, const std::string& login, DeskRole role, const std::string& password) {
    checkLoginName(login);
    if (role == DeskRole::None) throw invalid("role", "A login needs a role.");
    const std::string scram = verifier(db, login, password);
    const std::string roleText = roleName(role);
    guarded(db, [&] {
        db.sql() << "select qm_logins.user_add(:l, :r, :v)", soci::use(login, "l"), soci::use(roleText, "r"),
            soci::use(scram, "v");
    });
}

void setLoginRole(Database& db, const std::string& login, DeskRole role) {
    checkLoginName(login);
    if (role == DeskRole::None) throw invalid("role", "A login needs a role.");
    const std::string roleText = roleName(role);
    guarded(db, [&] { db.sql() << "select qm_logins.user_set_role(:l, :r)", soci::use(login, "l"), soci::use(roleText, "r"); });
}

void setLoginEnabled(Database& db, const std::string& login, bool enabled) {
    checkLoginName(login);
    int on = enabled ? 1 : 0;
    guarded(db, [&] {
        db.sql() << "select qm_logins.user_set_enabled(:l, :e::int::boolean)", soci::use(login, "l"), soci::use(on, "e");
    });
}

void resetLoginPassword(Database& db, const std::string& login, const std::string& password) {
    checkLoginName(login);
    const std::string scram = verifier(db, login, password);
    guarded(db, [&] { db.sql() << "select qm_logins.user_reset_password(:l, :v)", soci::use(login, "l"), soci::use(scram, "v"); });
}

std::vector<DeskLogin> listLogins(Database& db) {
    return guarded(db, [&] {
        std::vector<DeskLogin> out;
        soci::rowset<soci::row> rows =
            db.sql().prepare << "select login, role, enabled::int,"
                                " to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), created_by,"
                                " coalesce(to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
                                " coalesce(changed_by, ''),"
                                " coalesce(to_char(password_set_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"
                                " from qm_logins.desk_login order by login";
        for (const auto& r : rows) {
            DeskLogin l;
            l.login = r.get<std::string>(0);
            l.role = r.get<std::string>(1);
            l.enabled = r.get<int>(2) != 0;
            l.createdAt = r.get<std::string>(3);
            l.createdBy = r.get<std::string>(4);
            l.changedAt = r.get<std::string>(5);
            l.changedBy = r.get<std::string>(6);
            l.passwordSetAt = r.get<std::string>(7);
            out.push_back(std::move(l));
        }
        return out;
    });
}

}  // namespace qm::db
