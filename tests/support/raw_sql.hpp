// Raw SQL over libpq, as psql would send it: the hostile-SQL and role tests try the database
// itself, not qmctl. One connection per call unless a RawSession is kept open.
#pragma once

#include <string>

struct pg_conn;
typedef struct pg_conn PGconn;

namespace qm::test {

struct PgResult {
    bool ok = false;
    std::string sqlstate, message;
    std::string value;  // the first column of the first row, when there is one
};

// A connection of its own (a desk in psql); closed when the object goes.
class RawSession {
public:
    explicit RawSession(const std::string& conninfo);
    ~RawSession();
    RawSession(const RawSession&) = delete;
    RawSession& operator=(const RawSession&) = delete;

    // Runs one statement (or several, as one simple query). A COPY ... FROM STDIN is fed
    // `copyData` (rows in COPY text format) and ended.
    PgResult run(const std::string& sql, const std::string& copyData = {});
    bool connected() const;

private:
    PGconn* conn_;
};

PgResult runSql(const std::string& conninfo, const std::string& sql, const std::string& copyData = {});

}  // namespace qm::test
