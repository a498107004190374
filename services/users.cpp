#include "services/users.hpp"

namespace qm::services {

void addUser(Session& session, const std::string& login, const std::string& role, const std::string& password) {
    auto deskRole = db::roleFromName(role);
    if (!deskRole)
        throw invalid("role", "Role '" + role + "' is not one of viewer, agent, manager, approver or admin.");
    const auto& me = session.login();
    if (!me.superuser && !me.canCreateRoles)
        throw denied("Login '" + me.user + "' may not create logins; an administrator must do it.");
    db::createLogin(session.db(), login, *deskRole, password);
}

}  // namespace qm::services
