#include "db/setup.hpp"

#include "db/logins.hpp"
#include "model/error.hpp"

#include <libpq-fe.h>

#include <memory>
#include <regex>

namespace qm::db {

std::string withDatabase(const std::string& conninfo, const std::string& name) {
    return withConnectionSetting(conninfo, "dbname", name);
}

void checkSqlName(const std::string& name, const std::string& field) {
    static const std::regex valid("^[a-z_][a-z0-9_]{0,62}$");
    if (!std::regex_match(name, valid))
        throw invalid(field, "The name '" + name +
                                 "' is not acceptable: use 1-63 lower-case letters, digits or '_', starting with a "
                                 "letter.");
    if (name.rfind("qm_", 0) == 0 || name.rfind("pg_", 0) == 0)
        throw invalid(field, "Names starting with qm_ or pg_ are reserved; choose another for " + name + ".");
}

bool databaseExists(Database& server, const std::string& name) {
    return guarded(server, [&] {
        int n = 0;
        server.sql() << "select count(*) from pg_database where datname = :n", soci::use(name, "n"), soci::into(n);
        return n > 0;
    });
}

void createDatabase(Database& server, const std::string& name) {
    checkSqlName(name, "database");
    guarded(server, [&] {
        server.execScript("CREATE DATABASE " + quoteIdentifier(server, name) + " ENCODING 'UTF8' TEMPLATE template0");
    });
}

bool roleExists(Database& db, const std::string& name) {
    return guarded(db, [&] {
        int n = 0;
        db.sql() << "select count(*) from pg_roles where rolname = :n", soci::use(name, "n"), soci::into(n);
        return n > 0;
    });
}

void createMigrator(Database& db, const std::string& login, const std::string& password) {
    checkSqlName(login, "migrator");
    if (password.size() < 12) throw invalid("password", "A migrator's password must be at least 12 characters long.");
    const std::string verifier = scramVerifier(db, login, password);
    guarded(db, [&] {
        db.execScript("CREATE ROLE " + quoteIdentifier(db, login) + " LOGIN NOINHERIT IN ROLE qm_register PASSWORD " +
                      quoteLiteral(db, verifier));
    });
}

}  // namespace qm::db
