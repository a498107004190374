// Logins and roles — who this connection is, and creating desk logins (`qmctl user add`).
// Rights live in the group roles of DESIGN.md §5; a login is a member of exactly one.
#pragma once

#include "db/database.hpp"

#include <optional>
#include <string>

namespace qm::db {

enum class DeskRole { None = 0, Viewer, Agent, Manager, Approver, Admin };

const char* roleName(DeskRole role);           // "viewer" ... "admin", "none"
const char* roleGroup(DeskRole role);          // "qm_viewer" ...
std::optional<DeskRole> roleFromName(std::string_view name);

struct LoginInfo {
    std::string user;
    std::string database;
    bool superuser = false;
    bool bypassRls = false;
    bool ownsRegister = false;   // owns (or is a member of the owner of) the register's tables
    bool canCreateRoles = false;
    DeskRole role = DeskRole::None;  // highest qm_ role held
};

LoginInfo whoAmI(Database& db);

// Creates LOGIN with its password (sent to the server already SCRAM-hashed, so the clear
// text never reaches server logs) as a member of the role's group. Conflict if it exists.
void createLogin(Database& db, const std::string& login, DeskRole role, const std::string& password);

}  // namespace qm::db
