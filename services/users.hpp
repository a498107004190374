// Desk logins — `qmctl user add | role | disable | enable | password | list`. Admins (and a
// superuser setting up the first admin) manage logins through the register's own user_*
// functions, which grant the five desk roles and nothing else; the password is hashed here
// and never reaches the server, its logs or the disk in clear.
#pragma once

#include "db/logins.hpp"
#include "services/session.hpp"

#include <string>
#include <vector>

namespace qm::services {

void addUser(Session& session, const std::string& login, const std::string& role, const std::string& password);
void changeUserRole(Session& session, const std::string& login, const std::string& role);
void setUserEnabled(Session& session, const std::string& login, bool enabled);
void resetUserPassword(Session& session, const std::string& login, const std::string& password);
std::vector<db::DeskLogin> listUsers(Session& session);

}  // namespace qm::services
