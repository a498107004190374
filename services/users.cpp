#include "services/users.hpp"

namespace qm::services {
namespace {

DeskRole parseRole(const std::string& role) {
    auto deskRole = db::roleFromName(role);
    if (!deskRole)
        throw invalid("role", "Role '" + role + "' is not one of viewer, agent, manager, approver or admin.");
    return *deskRole;
}

// Only admins manage logins (and a superuser, who sets up the first admin). The register's
// functions check it themselves; asking first gives the desk a sentence naming the role.
void requireAdmin(const Session& session, const std::string& what) {
    const auto& me = session.login();
    if (me.superuser || me.role >= DeskRole::Admin) return;
    throw denied("Login '" + me.user + "' may not " + what + ": only an admin may (" +
                 (me.role == DeskRole::None ? std::string("it has no desk role") : "it is " + std::string(db::roleName(me.role))) +
                 ").");
}

}  // namespace

void addUser(Session& session, const std::string& login, const std::string& role, const std::string& password) {
    requireAdmin(session, "create logins");
    const DeskRole deskRole = parseRole(role);
    db::createLogin(session.db(), login, deskRole, password);
}

void changeUserRole(Session& session, const std::string& login, const std::string& role) {
    requireAdmin(session, "change a login's role");
    db::setLoginRole(session.db(), login, parseRole(role));
}

void setUserEnabled(Session& session, const std::string& login, bool enabled) {
    requireAdmin(session, enabled ? "enable logins" : "disable logins");
    db::setLoginEnabled(session.db(), login, enabled);
}

void resetUserPassword(Session& session, const std::string& login, const std::string& password) {
    requireAdmin(session, "reset passwords");
    db::resetLoginPassword(session.db(), login, password);
}

std::vector<db::DeskLogin> listUsers(Session& session) {
    requireAdmin(session, "list desk logins");
    return db::listLogins(session.db());
}

}  // namespace qm::services
