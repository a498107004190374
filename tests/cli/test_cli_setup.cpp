// qmctl setup (issue 11) on the test cluster as on a bare server: the database, the schema and
// its roles, a migrator and the first admin in one command; a second run changes nothing and
// says so; the admin it made creates a desk login that hands a device over; the migrator can
// upgrade without a superuser; and who may not set up, or with what names, is refused.
#include "db/database.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CliSetup : public ::testing::Test {
protected:
    void SetUp() override {
        // Roles belong to the whole cluster: names of this test's own.
        const std::string tag = std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000000);
        database_ = "setup_" + tag;
        migrator_ = "migrator_" + tag;
        admin_ = "admin_" + tag;
    }
    void TearDown() override {
        db::Database server(conninfo("postgres"));
        server.execScript("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
        for (const auto& role : {migrator_, admin_, std::string("agent_") + database_.substr(6)})
            server.execScript("DROP ROLE IF EXISTS " + role);
    }
    ProcessResult setup(const std::vector<std::string>& extra, const std::string& input = {},
                        const std::string& as = conninfo("postgres")) {
        std::vector<std::string> args{"--db", as, "setup", "--database", database_};
        args.insert(args.end(), extra.begin(), extra.end());
        return qmctl(args, input);
    }
    std::string loginTo(const std::string& user, const std::string& password) const {
        return cluster().conninfo(database_, user) + " password=" + password;
    }
    std::string database_, migrator_, admin_;
};

TEST_F(CliSetup, SetsUpABareServerOnceAndThenChangesNothing) {
    ProcessResult first = setup({"--migrator", migrator_, "--admin", admin_, "--password-stdin"},
                                "migrator-password-1\nadmin-password-1\n");
    ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
    EXPECT_THAT(first.out, HasSubstr("Created the database " + database_));
    EXPECT_THAT(first.out, HasSubstr("owned by qm_register"));
    EXPECT_THAT(first.out, HasSubstr("Created the migrator " + migrator_));
    EXPECT_THAT(first.out, HasSubstr("Created the first admin " + admin_));
    EXPECT_THAT(first.out, HasSubstr("The register is ready"));
    EXPECT_THAT(first.out + first.err, Not(HasSubstr("password-1")));

    // Run again: nothing to do, and it says so; no password is asked for.
    ProcessResult again = setup({"--migrator", migrator_, "--admin", admin_, "--password-stdin"});
    ASSERT_EQ(again.exitCode, 0) << again.out << again.err;
    EXPECT_THAT(again.out, HasSubstr("exists already"));
    EXPECT_THAT(again.out, HasSubstr("The schema is up to date"));
    EXPECT_THAT(again.out, HasSubstr("Nothing changed"));

    // What was made is what the admin guide describes.
    db::Database server(conninfo(database_));
    std::string owner, migratorFlags;
    server.sql() << "select pg_get_userbyid(relowner) from pg_class where relname = 'device'", soci::into(owner);
    EXPECT_EQ(owner, "qm_register");
    server.sql() << "select (not rolinherit)::text || ' ' || pg_has_role(:m, 'qm_register', 'MEMBER')::text"
                    " from pg_roles where rolname = :m",
        soci::use(migrator_, "m"), soci::into(migratorFlags);
    EXPECT_EQ(migratorFlags, "true true") << "a NOINHERIT member of qm_register";
    int canLogin = -1;
    server.sql() << "select rolcanlogin::int from pg_roles where rolname = 'qm_register'", soci::into(canLogin);
    EXPECT_EQ(canLogin, 0);

    // The first admin makes an agent, who hands a device over.
    const std::string admin = loginTo(admin_, "admin-password-1");
    const std::string agentLogin = "agent_" + database_.substr(6);
    ProcessResult agentAdded = qmctl({"--db", admin, "user", "add", agentLogin, "--role", "agent", "--password-stdin"},
                                     "agent-password-1\n");
    ASSERT_EQ(agentAdded.exitCode, 0) << agentAdded.err;
    server.execScript("insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone');"
                      "insert into person (staff_no, name) values ('210001', 'Ann O''Brien');"
                      "insert into device (asset_tag, serial, model_id) values ('SET-1', 'SSET0001', (select id from device_model))");
    ProcessResult issued = qmctl({"--db", loginTo(agentLogin, "agent-password-1"), "issue", "SET-1", "--to", "210001"});
    EXPECT_EQ(issued.exitCode, 0) << issued.err;
    EXPECT_THAT(issued.out, HasSubstr("Receipt: R"));

    // The migrator upgrades without a superuser (nothing pending here).
    ProcessResult status = qmctl({"--db", loginTo(migrator_, "migrator-password-1"), "db", "migrate"});
    EXPECT_EQ(status.exitCode, 0) << status.err;
    EXPECT_THAT(status.out, HasSubstr("up to date"));
}

TEST_F(CliSetup, OnlyASuperuserSetsUpAndNamesAreChecked) {
    // A desk admin of another register is not a superuser.
    const std::string other = freshDatabase();
    ProcessResult notSuper = setup({"--yes"}, {}, conninfo(other, "test_admin"));
    expectOneLineError(notSuper, 5, {"superuser"});
    db::Database server(conninfo("postgres"));
    int exists = -1;
    server.sql() << "select count(*) from pg_database where datname = :d", soci::use(database_, "d"), soci::into(exists);
    EXPECT_EQ(exists, 0);

    for (const std::string bad : {"Quartermaster", "qm_register", "x; drop database postgres", "pg_x"}) {
        ProcessResult r = qmctl({"--db", conninfo("postgres"), "setup", "--database", bad, "--yes"});
        expectOneLineError(r, 3, {"name"});
    }
    ProcessResult badMigrator = setup({"--migrator", "Migrator!", "--yes"});
    expectOneLineError(badMigrator, 3, {"migrator"});
    // A bad admin name is refused before the database is made, not after.
    ProcessResult badAdmin = setup({"--admin", "Alice Smith", "--yes"});
    expectOneLineError(badAdmin, 3, {"login"});
    server.sql() << "select count(*) from pg_database where datname = :d", soci::use(database_, "d"), soci::into(exists);
    EXPECT_EQ(exists, 0);
    // A migrator password on standard input that is too short: refused, and the database and
    // schema made before it stay (a second run picks up from there).
    ProcessResult shortPassword = setup({"--migrator", migrator_, "--password-stdin"}, "short\n");
    expectOneLineError(shortPassword, 3, {"12 characters"});
    ProcessResult resumed = setup({"--migrator", migrator_, "--password-stdin"}, "a-long-enough-password\n");
    EXPECT_EQ(resumed.exitCode, 0) << resumed.err;
    EXPECT_THAT(resumed.out, HasSubstr("exists already"));
    EXPECT_THAT(resumed.out, HasSubstr("Created the migrator"));
}

// On a terminal (a pseudo-terminal from script(1), as an administrator's ssh session): a name
// it cannot use is said at once and asked again, before any password; the passwords are read
// without echo and the admin it makes signs in with the one typed.
TEST_F(CliSetup, OnATerminalItAsksAgainForANameItCannotUse) {
    auto quoted = [](const std::string& s) {
        std::string out = "'";
        for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return out + "'";
    };
    const std::string command = std::string(QMCTL_PATH) + " --db " + quoted(conninfo("postgres")) + " setup";
    const std::string typed = "Not A Name\n" + database_ + "\n\nBad Admin!\n" + admin_ +
                              "\nadmin-password-1\nadmin-password-1\n";
    ProcessResult r = runProcess({"/usr/bin/script", "-qec", command, "/dev/null"}, typed);
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("The name 'Not A Name' is not acceptable"));
    EXPECT_THAT(r.out, HasSubstr("Login 'Bad Admin!' is not acceptable"));
    EXPECT_THAT(r.out, HasSubstr("Password for " + admin_));
    EXPECT_THAT(r.out, HasSubstr("Created the first admin " + admin_));
    ProcessResult signedIn = qmctl({"--db", loginTo(admin_, "admin-password-1"), "db", "status"});
    EXPECT_EQ(signedIn.exitCode, 0) << signedIn.err;
    EXPECT_THAT(signedIn.out, HasSubstr("admin"));
}

}  // namespace
}  // namespace qm::test
