// Setting up a register on a bare PostgreSQL server (`qmctl setup`): the database, the
// migrator login. Each step first asks whether it is done already, so running setup again
// changes nothing. Needs a superuser (the roles and the login functions are cluster-wide).
#pragma once

#include "db/database.hpp"

#include <string>

namespace qm::db {

// CONNINFO with its database replaced by NAME (a keyword/value string or a URI).
std::string withDatabase(const std::string& conninfo, const std::string& name);

// Register and migrator names: lower-case letters, digits and '_', not qm_ or pg_ (names an
// administrator types and reads in pg_hba.conf, quoted anyway when they go into DDL); Error
// naming `field` otherwise.
void checkSqlName(const std::string& name, const std::string& field);

bool databaseExists(Database& server, const std::string& name);
// CREATE DATABASE NAME (UTF-8, from template0).
void createDatabase(Database& server, const std::string& name);

bool roleExists(Database& db, const std::string& name);
// A login that may apply later migrations without a superuser: a NOINHERIT member of
// qm_register (schema version 6 and later), its password hashed here.
void createMigrator(Database& db, const std::string& login, const std::string& password);

}  // namespace qm::db
