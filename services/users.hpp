// Desk logins — `qmctl user add LOGIN --role ROLE`. Runs as a superuser, the register's owner
// or a login with CREATEROLE (an admin); the password never touches disk or the server's logs.
#pragma once

#include "services/session.hpp"

#include <string>

namespace qm::services {

void addUser(Session& session, const std::string& login, const std::string& role, const std::string& password);

}  // namespace qm::services
