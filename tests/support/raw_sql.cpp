#include "tests/support/raw_sql.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

namespace qm::test {

RawSession::RawSession(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
        ADD_FAILURE() << "cannot connect: " << PQerrorMessage(conn_);
        return;
    }
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
}

RawSession::~RawSession() { PQfinish(conn_); }

bool RawSession::connected() const { return PQstatus(conn_) == CONNECTION_OK; }

PgResult RawSession::run(const std::string& sql, const std::string& copyData) {
    PgResult out;
    if (!connected()) {
        out.message = "not connected";
        return out;
    }
    PGresult* r = PQexec(conn_, sql.c_str());
    // A COPY FROM STDIN that passed its privilege checks: send the rows, then see what the
    // server made of them.
    while (PQresultStatus(r) == PGRES_COPY_IN) {
        PQclear(r);
        PQputCopyData(conn_, copyData.data(), static_cast<int>(copyData.size()));
        PQputCopyEnd(conn_, nullptr);
        r = PQgetResult(conn_);
    }
    for (PGresult* last = r; last;) {
        auto status = PQresultStatus(last);
        const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
        if (!ok) {
            out.ok = false;
            const char* state = PQresultErrorField(last, PG_DIAG_SQLSTATE);
            out.sqlstate = state ? state : "";
            out.message = PQresultErrorMessage(last);
        } else if (out.sqlstate.empty()) {
            out.ok = true;
            if (PQntuples(last) > 0 && PQnfields(last) > 0 && !PQgetisnull(last, 0, 0)) out.value = PQgetvalue(last, 0, 0);
        }
        PQclear(last);
        last = PQgetResult(conn_);
    }
    return out;
}

PgResult runSql(const std::string& conninfo, const std::string& sql, const std::string& copyData) {
    RawSession session(conninfo);
    return session.run(sql, copyData);
}

}  // namespace qm::test
