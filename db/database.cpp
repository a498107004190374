#include "model/text.hpp"
#include "db/database.hpp"

#include <soci/postgresql/soci-postgresql.h>

#include <libpq-fe.h>

#include <map>
#include <memory>
#include <regex>

namespace qm::db {
namespace {


// The server's primary message: the text after "ERROR:" (or "FATAL:") up to the line end.
std::string primaryMessage(std::string_view message) {
    for (std::string_view tag : {"ERROR:", "FATAL:"}) {
        if (auto at = message.find(tag); at != std::string_view::npos) {
            auto rest = message.substr(at + tag.size());
            return trimmed(rest.substr(0, rest.find('\n')));
        }
    }
    return trimmed(message.substr(0, message.find('\n')));
}

// Words a desk user knows for the register's columns (used in constraint messages).
std::string label(const std::string& column) {
    static const std::map<std::string, std::string> labels = {
        {"asset_tag", "Asset tag"},       {"serial", "Serial number"},
        {"imei", "IMEI"},                 {"imei2", "Second IMEI"},
        {"staff_no", "Staff number"},     {"email", "Email address"},
        {"lower(email)", "Email address"}, {"mdm_id", "MDM id"},
        {"phone", "Phone number"},        {"status", "Status"},
        {"condition", "Condition"},       {"cost_pence", "Cost"},
        {"purchased_on", "Purchase date"}, {"warranty_until", "Warranty end date"},
        {"notes", "Notes"},               {"name", "Name"},
        {"lower(name)", "Name"},          {"code", "Code"},
        {"rank", "Rank"},                 {"model", "Model"},
        {"manufacturer", "Manufacturer"},
        {"lower(manufacturer), lower(model)", "Device model"},
        {"hold_reason", "Legal hold reason"},
        {"issue_note", "Note"},            {"return_note", "Note"},
        {"override_reason", "Override reason"}, {"reason", "Reason"},
        {"accessories", "Accessories"},    {"detail", "Detail"},
    };
    auto it = labels.find(column);
    return it != labels.end() ? it->second : column;
}

std::string fieldName(const std::string& column) {
    if (column.rfind("lower(", 0) == 0 && column.find(',') == std::string::npos)
        return column.substr(6, column.size() - 7);
    return column;
}

Error uniqueViolation(std::string_view full) {
    static const std::regex key(R"(Key \((.+)\)=\((.*)\) already exists)");
    std::match_results<std::string_view::const_iterator> m;
    if (std::regex_search(full.begin(), full.end(), m, key)) {
        std::string column = m[1].str(), value = m[2].str();
        return Error(ErrorKind::Conflict, label(column) + " " + value + " is already in the register.",
                     fieldName(column));
    }
    return conflict("That value is already in the register.");
}

Error checkViolation(std::string_view primary) {
    // e.g. new row for relation "device" violates check constraint "device_imei2_check"
    static const std::regex constraint(R"re(relation "(\w+)" violates check constraint "(\w+)")re");
    std::match_results<std::string_view::const_iterator> m;
    if (std::regex_search(primary.begin(), primary.end(), m, constraint)) {
        std::string table = m[1].str(), name = m[2].str();
        if (name == "device_warranty_after_purchase")
            return invalid("warranty_until", "Warranty end date is before the purchase date.");
        if (name == "device_hold_has_reason")
            return invalid("hold_reason", "A legal hold needs a reason.");
        // The text rules of schema version 6: <table>_<column>_text.
        if (name.size() > table.size() + 6 && name.rfind(table + "_", 0) == 0 && name.ends_with("_text")) {
            std::string column = name.substr(table.size() + 1, name.size() - table.size() - 6);
            return invalid(column, label(column) +
                                       " is too long, or holds characters the register refuses: control characters, "
                                       "invisible direction overrides, or nothing visible at all.");
        }
        std::string prefix = table + "_";
        std::string column = name;
        if (column.rfind(prefix, 0) == 0) column = column.substr(prefix.size());
        if (column.size() > 6 && column.ends_with("_check")) column.resize(column.size() - 6);
        return invalid(column, label(column) + " is not acceptable to the register.");
    }
    return invalid("", "A value is not acceptable to the register.");
}

}  // namespace

Error translateSqlError(std::string_view sqlstate, std::string_view serverMessage) {
    std::string primary = primaryMessage(serverMessage);
    std::string state(sqlstate);
    if (state == "QM003") return invalid("", primary);
    if (state == "QM004") return conflict(primary);
    if (state == "QM005" || state == "42501")
        return denied(state == "QM005" ? primary
                                       : "Your login does not have the right to do this (" + primary + ").");
    if (state == "23505") return uniqueViolation(serverMessage);
    if (state == "23514") return checkViolation(primary);
    if (state == "23502") {
        static const std::regex col(R"re(column "(\w+)")re");
        std::smatch m;
        if (std::regex_search(primary, m, col))
            return invalid(m[1].str(), label(m[1].str()) + " is missing.");
        return invalid("", "A required value is missing.");
    }
    if (state == "23503") return conflict("That refers to something not in the register, or something still in use.");
    if (state == "42710") return conflict("That name is already in use in the database.");
    if (state == "40001" || state == "40P01")
        return conflict("Another desk changed the same record at the same moment; try again.");
    if (state == "55P03")
        return conflict("Someone else is changing the same device or person right now, so the register is busy; "
                        "nothing was changed, try again.");
    if (state == "57014")
        return conflict("The register was busy and did not answer in time; nothing was changed, try again.");
    if (state == "22021") return invalid("", "A value is not valid UTF-8 text.");
    if (state == "42939") return invalid("", "That name is reserved: " + primary + ".");
    if (state.rfind("22", 0) == 0) return invalid("", "A value is not acceptable: " + primary + ".");
    // Plain words for a lost or refused connection: the desk needs to know what happened, not
    // libpq's diagnosis (the server log has that).
    if (state == "57P01" || state == "57P02")
        return unavailable("The database server ended the connection: it is restarting or shutting down.");
    if (state == "57P03") return unavailable("The database server is starting up or shutting down; try again in a moment.");
    if (state == "53300") return unavailable("The database server has no free connections; try again in a moment.");
    if (state.rfind("08", 0) == 0) return unavailable("The connection to the database was lost.");
    if (state == "28P01" || state == "28000")
        return denied("The database refused the login: " + primary + ".");
    return Error(ErrorKind::Other, "The database refused the operation: " + primary + ".");
}

Error translateSociError(const soci::soci_error& e, Database* db) {
    std::string message = e.get_error_message();
    if (auto* pgError = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
        std::string state = pgError->sqlstate();
        if (!state.empty() && state != std::string(5, '\0') && state.find('\0') == std::string::npos)
            return translateSqlError(state, message);
    }
    if (db && !db->connected()) return unavailable("The connection to the database was lost.");
    if (e.get_error_category() == soci::soci_error::connection_error)
        return unavailable("The connection to the database was lost.");
    return Error(ErrorKind::Other, "The database refused the operation: " + primaryMessage(message) + ".");
}

namespace {

using ConninfoOptions = std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)>;

ConninfoOptions parseConninfo(const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (!options) {
        std::string why = error ? primaryMessage(error) : "it cannot be read";
        if (error) PQfreemem(error);
        throw invalid("db", "The database connection string is not valid: " + why + ".");
    }
    return ConninfoOptions(options, PQconninfoFree);
}

// The caller's conninfo (key=value or URI) as key=value, with a connect timeout and TCP
// keepalives unless the caller set their own: a black-holed network must fail in seconds,
// not wait minutes for TCP to give up.
std::string withNetworkTimeouts(const std::string& conninfo) {
    ConninfoOptions options = parseConninfo(conninfo);
    std::map<std::string, std::string> set;
    for (PQconninfoOption* o = options.get(); o->keyword; ++o)
        if (o->val && *o->val) set[o->keyword] = o->val;
    const std::pair<const char*, const char*> defaults[] = {
        {"connect_timeout", "10"}, {"keepalives", "1"}, {"keepalives_idle", "30"},
        {"keepalives_interval", "10"}, {"keepalives_count", "3"}};
    for (const auto& [key, value] : defaults) set.emplace(key, value);
    std::string out;
    for (const auto& [key, value] : set) out += key + "=" + conninfoValue(value) + " ";
    return out;
}

// libpq's reason for a failed connection, in words for the desk (the server log has detail).
std::string plainConnectFailure(const std::string& message) {
    // First match wins: the certificate lines name files that "do not exist" too.
    const std::pair<const char*, const char*> known[] = {
        {"root certificate file", "there is no CA certificate to check the server against; give the force's CA "
                                  "file as sslrootcert=FILE in the connection string"},
        {"No such file or directory", "the database server is not running, or not at that address"},
        {"Connection refused", "the database server is not running, or not at that address"},
        {"timeout expired", "the database server did not answer in time"},
        {"could not translate host name", "the database server's name is not known"},
        {"Network is unreachable", "the network to the database server is down"},
        {"No route to host", "the network to the database server is down"},
        {"does not exist", "that database does not exist"},
    };
    for (const auto& [needle, words] : known)
        if (message.find(needle) != std::string::npos) return words;
    return message;
}

soci::connection_parameters parameters(const std::string& conninfo) {
    return soci::connection_parameters(soci::postgresql, withNetworkTimeouts(conninfo));
}

}  // namespace

Database::Database(const std::string& conninfo) {
    try {
        session_.open(parameters(conninfo));
    } catch (const soci::soci_error& e) {
        // SOCI prefixes libpq's own explanation with a line of its own; keep libpq's.
        std::string full = e.get_error_message();
        if (auto nl = full.find('\n'); nl != std::string::npos && nl + 1 < full.size()) full = full.substr(nl + 1);
        std::string message = primaryMessage(full);
        if (!message.empty() && message.back() == '.') message.pop_back();
        // The field says a password (another one, or one at all) could sign this login in.
        if (message.find("password authentication failed") != std::string::npos ||
            message.find("no password supplied") != std::string::npos)
            throw Error(ErrorKind::Permission, "The database refused the login: " + message + ".", "password");
        if (message.find("role \"") != std::string::npos)
            throw denied("The database refused the login: " + message + ".");
        if (message.find("permission denied for database") != std::string::npos)
            throw denied("The database refused the login: it may not connect to this database; ask an administrator.");
        // e.g. options='-c session_replication_role=replica' or session_authorization in --db:
        // settings only a superuser may make, which would switch the register's rules off.
        if (message.find("permission denied") != std::string::npos)
            throw denied("The database refused a setting in the connection string (" + message +
                         "); remove it from --db.");
        throw unavailable("Cannot connect to the database: " + plainConnectFailure(message) + ".");
    }
    // The server's notices and warnings are for its log, not the desk's terminal.
    PQsetNoticeProcessor(pg(), [](void*, const char*) {}, nullptr);
    // Dates and times travel as ISO text in UTC; the desk shows local time itself. Every
    // transaction runs at READ COMMITTED whatever the server, database or role default is:
    // the register's locks and its audit chain are built for it (at REPEATABLE READ two desks
    // working on different devices would fail each other's commits). No JIT compilation: the
    // register's queries are short, and a report whose row estimate runs high spent 1.2 of its
    // 1.8 seconds compiling (docs/performance.md).
    execScript("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_encoding = 'UTF8';"
               " SET client_min_messages = warning; SET default_transaction_isolation = 'read committed';"
               " SET jit = off");
}

PGconn* Database::pg() {
    auto* backend = static_cast<soci::postgresql_session_backend*>(session_.get_backend());
    return backend->conn_;
}

bool Database::connected() {
    if (!session_.get_backend()) return false;
    return PQstatus(pg()) == CONNECTION_OK;
}

void Database::execScript(const std::string& script) {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(pg(), script.c_str()), &PQclear);
    auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result ? PQresultErrorMessage(result.get()) : PQerrorMessage(pg());
    if (!state) {
        if (!connected()) throw unavailable("The connection to the database was lost.");
        throw Error(ErrorKind::Other, "The database refused the operation: " + primaryMessage(message) + ".");
    }
    throw translateSqlError(state, message);
}

std::string Database::user() {
    std::string u;
    guarded(*this, [&] { session_ << "select session_user", soci::into(u); });
    return u;
}

std::string Database::database() {
    const char* name = PQdb(pg());
    return name ? name : "";
}

struct Database::Prepared {
    std::vector<std::string> values;  // the statement reads these at every execute
    soci::row row;
    std::unique_ptr<soci::statement> statement;
};

Database::~Database() = default;

void Database::eachRow(const std::string& sql, const Bindings& values,
                       const std::function<void(const soci::row&)>& onRow, Plan plan) {
    if (plan == Plan::EachCall) {
        soci::statement st = session_.prepare << sql;
        for (const auto& [name, value] : values) st.exchange(soci::use(value, name));
        soci::row r;
        st.exchange(soci::into(r));
        st.define_and_bind();
        st.execute(false);
        while (st.fetch()) onRow(r);
        return;
    }
    auto found = prepared_.find(sql);
    if (found == prepared_.end()) {
        // The texts come from a few code paths, but a search's shape varies with its terms;
        // a bound keeps a long-lived console from collecting them without end.
        constexpr std::size_t kKept = 200;
        if (prepared_.size() >= kKept) prepared_.clear();
        auto p = std::make_unique<Prepared>();
        p->values.resize(values.size());
        p->statement = std::make_unique<soci::statement>(session_.prepare << sql);
        for (std::size_t i = 0; i < values.size(); ++i)
            p->statement->exchange(soci::use(p->values[i], values[i].first));
        p->statement->exchange(soci::into(p->row));
        p->statement->define_and_bind();
        found = prepared_.emplace(sql, std::move(p)).first;
    }
    Prepared& p = *found->second;
    if (p.values.size() != values.size()) throw soci::soci_error("A prepared statement was given the wrong values.");
    for (std::size_t i = 0; i < values.size(); ++i) p.values[i] = values[i].second;
    try {
        p.statement->execute(false);
        while (p.statement->fetch()) onRow(p.row);
    } catch (...) {
        prepared_.erase(found);
        throw;
    }
}

Transaction::Transaction(Database& db) : db_(db) { db_.execScript("BEGIN ISOLATION LEVEL READ COMMITTED"); }

Transaction::~Transaction() {
    if (open_) {
        // Rolling back a broken connection fails too; the server discards the work anyway.
        PQclear(PQexec(db_.pg(), "ROLLBACK"));
    }
}

void Transaction::commit() {
    open_ = false;  // a failed COMMIT has ended the transaction too
    db_.execScript("COMMIT");
}

std::string textArray(const std::vector<std::string>& values) {
    std::string array = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) array += ',';
        array += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') array += '\\';
            array += c;
        }
        array += '"';
    }
    return array + '}';
}

std::string quoteIdentifier(Database& db, std::string_view name) {
    char* quoted = PQescapeIdentifier(db.pg(), name.data(), name.size());
    if (!quoted) throw invalid("", "A name could not be quoted for the database.");
    std::string out = quoted;
    PQfreemem(quoted);
    return out;
}

std::string quoteLiteral(Database& db, std::string_view value) {
    char* quoted = PQescapeLiteral(db.pg(), value.data(), value.size());
    if (!quoted) throw invalid("", "A value could not be quoted for the database.");
    std::string out = quoted;
    PQfreemem(quoted);
    return out;
}

std::string conninfoValue(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}


std::string withConnectionSetting(const std::string& conninfo, const std::string& keyword,
                                  const std::string& value) {
    ConninfoOptions options = parseConninfo(conninfo);
    std::string out;
    for (PQconninfoOption* o = options.get(); o->keyword; ++o) {
        if (o->keyword == keyword || !o->val) continue;
        out += std::string(o->keyword) + "=" + conninfoValue(o->val) + " ";
    }
    return out + keyword + "=" + conninfoValue(value);
}

std::string connectionSetting(const std::string& conninfo, const std::string& keyword) {
    ConninfoOptions options = parseConninfo(conninfo);
    for (PQconninfoOption* o = options.get(); o->keyword; ++o)
        if (o->keyword == keyword && o->val) return o->val;
    return {};
}

}  // namespace qm::db
