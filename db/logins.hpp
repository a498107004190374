// Logins and roles — who this connection is, and the desk logins (`qmctl user ...`).
// Rights live in the group roles of DESIGN.md §5; a login is a member of exactly one. Logins
// are made and changed only through the qm_logins.user_* functions (schema version 6), which
// run as qm_user_manager and grant qm_ roles and nothing else: no desk login holds CREATEROLE.
#pragma once

#include "db/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::db {

enum class DeskRole { None = 0, Viewer, Agent, Manager, Approver, Admin };

const char* roleName(DeskRole role);           // "viewer" ... "admin", "none"
std::optional<DeskRole> roleFromName(std::string_view name);

struct LoginInfo {
    std::string user;
    std::string database;
    bool superuser = false;
    bool bypassRls = false;
    bool ownsRegister = false;   // owns, or is a member of the owner of, the register
    bool migrator = false;       // a member of qm_register: may SET ROLE to it to migrate
    DeskRole role = DeskRole::None;  // highest qm_ role held
};

LoginInfo whoAmI(Database& db);

// The SCRAM-SHA-256 verifier for a password, made here so the clear text never reaches the
// server, its logs or the disk.
std::string scramVerifier(Database& db, const std::string& login, const std::string& password);

// Invalid (field "login") unless 1-63 lower-case letters, digits, '.', '-' or '_', from a letter.
void checkLoginName(const std::string& login);
// Creates LOGIN with its password (sent to the server already SCRAM-hashed, so the clear
// text never reaches server logs) as a member of the role's group. Conflict if it exists.
void createLogin(Database& db, const std::string& login, DeskRole role, const std::string& password);
void setLoginRole(Database& db, const std::string& login, DeskRole role);
void setLoginEnabled(Database& db, const std::string& login, bool enabled);
void resetLoginPassword(Database& db, const std::string& login, const std::string& password);

struct DeskLogin {
    std::string login, role, createdAt, createdBy, changedAt, changedBy, passwordSetAt;
    bool enabled = true;
};
std::vector<DeskLogin> listLogins(Database& db);

}  // namespace qm::db
