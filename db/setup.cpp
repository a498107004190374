#include "db/setup.hpp"

#include "model/error.hpp"

#include <libpq-fe.h>

#include <memory>
#include <regex>

namespace qm::db {

std::string withDatabase(const std::string& conninfo, const std::string& name) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        std::string why = error ? error : "it cannot be read";
        if (error) PQfreemem(error);
        throw invalid("db", "The connection string cannot be used: " + why);
    }
    std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> guard(options, PQconninfoFree);
    auto quoted = [](const std::string& v) {
        std::string out = "'";
        for (char c : v) {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        return out + "'";
    };
    std::string out;
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (std::string(o->keyword) == "dbname" || !o->val) continue;
        out += std::string(o->keyword) + "=" + quoted(o->val) + " ";
    }
    return out + "dbname=" + quoted(name);
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
        server.execScript("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
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
    char* hashed = PQencryptPasswordConn(db.pg(), password.c_str(), login.c_str(), "scram-sha-256");
    if (!hashed) throw Error(ErrorKind::Other, "The password could not be prepared for the server.");
    std::string verifier = hashed;
    PQfreemem(hashed);
    // The verifier is base64 with '$', ':' and '='; checked anyway before it goes into DDL.
    if (verifier.find_first_of("'\\") != std::string::npos)
        throw Error(ErrorKind::Other, "The password could not be prepared for the server.");
    guarded(db, [&] {
        db.execScript("CREATE ROLE " + login + " LOGIN NOINHERIT IN ROLE qm_register PASSWORD '" + verifier + "'");
    });
}

}  // namespace qm::db
