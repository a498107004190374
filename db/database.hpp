// Database — one connection to the register, and the one place where PostgreSQL's failures
// become qm::Error sentences.
//
// Repositories in db/ take a Database& and run their SQL through sql() (SOCI) or, for bulk
// COPY and multi-statement scripts, through pg() (libpq). Callers above db/ never see SOCI:
// every failure reaches them as a qm::Error whose kind maps to a qmctl exit code.
#pragma once

#include "model/error.hpp"

#include <soci/soci.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

struct pg_conn;
typedef struct pg_conn PGconn;

namespace qm::db {

class Database {
public:
    // Connects with a libpq conninfo string or URI; "" uses libpq's defaults (PG* variables).
    // Throws Unavailable when the server cannot be reached, Permission when it refuses the login.
    explicit Database(const std::string& conninfo);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    soci::session& sql() { return session_; }
    PGconn* pg();

    // Runs a script of one or more statements (no parameters) — for migrations and DDL.
    void execScript(const std::string& script);

    // True while the server connection is up (a cheap local check, no round trip).
    bool connected();

    // The login and database of this connection, e.g. for "ann@quartermaster".
    std::string user();
    std::string database();

    // Values for a statement's :name placeholders, as text (the SQL casts them). A name may
    // appear several times in the SQL; it is one parameter.
    using Bindings = std::vector<std::pair<std::string, std::string>>;

    // Whether a statement's plan may be kept for later calls. Keep it when one plan suits
    // every value (a look-up by key, a page of the list after a bookmark): for the desk's
    // device and person look-ups and the register's pages, planning took 0.2-1 ms a call, as
    // long as running them. Plan each call when the best plan depends on the values (a
    // search term matching three devices or three hundred thousand): a kept plan, chosen
    // without them, made searches for surname pieces twice as slow at the p95.
    enum class Plan { Keep, EachCall };

    // Runs `sql` and calls onRow for each row. With Plan::Keep the statement stays prepared
    // on this connection, found again by its text, and the server parses and plans it once;
    // only for texts with a few shapes (values bound, never spliced). A failed run forgets
    // its statement. onRow must not run statements on this Database: it reads the rows of one
    // that may be replaced. Throws soci::soci_error.
    void eachRow(const std::string& sql, const Bindings& values, const std::function<void(const soci::row&)>& onRow,
                 Plan plan = Plan::Keep);

private:
    struct Prepared;
    soci::session session_;
    // Declared after session_, so destroyed before it: each statement deallocates itself.
    std::unordered_map<std::string, std::unique_ptr<Prepared>> prepared_;
};

// The SQLSTATE and message of a PostgreSQL failure, translated once into a desk sentence.
Error translateSqlError(std::string_view sqlstate, std::string_view serverMessage);
Error translateSociError(const soci::soci_error& e, Database* db = nullptr);

// Runs fn() and turns any SOCI failure into qm::Error. Every repository function uses it.
template <class F>
decltype(auto) guarded(Database& db, F&& fn) {
    try {
        return std::forward<F>(fn)();
    } catch (const soci::soci_error& e) {
        throw translateSociError(e, &db);
    }
}

// RAII transaction: commits on commit(), rolls back when left by an exception.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    Database& db_;
    bool open_ = true;
};

// The text[] literal for a list of strings ({"a","b"}), to bind a list as one parameter.
std::string textArray(const std::vector<std::string>& values);

// Escapes a name for the rare statements that cannot take bound parameters (CREATE DATABASE, COPY).
std::string quoteIdentifier(Database& db, std::string_view name);
// Escapes a value the same way, for DDL that takes none either (CREATE ROLE ... PASSWORD).
std::string quoteLiteral(Database& db, std::string_view value);
// A value for a libpq keyword/value connection string: 'quoted', with ' and \ escaped.
std::string conninfoValue(std::string_view value);
// `conninfo` (keyword/value or URI) as keyword/value with `keyword` set to `value`, replacing
// any value it had. Throws Invalid (field "db") when the string cannot be read.
std::string withConnectionSetting(const std::string& conninfo, const std::string& keyword,
                                  const std::string& value);
// The value `conninfo` gives `keyword`, "" when it gives none.
std::string connectionSetting(const std::string& conninfo, const std::string& keyword);

}  // namespace qm::db
