// qmctl user add, db status and demo seed end to end: the bootstrap commands, who may run
// them, and what they refuse. Logins belong to the whole cluster, so every login made here
// carries the test's own database name.
#include "db/database.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;




constexpr const char* kPassword = "correct-horse-42";

class CliUsers : public RegisterTest {
protected:
    // A login name no other test (or run) uses: database names carry the pid and a counter.
    std::string uniqueLogin(const std::string& stem) const { return stem + "_" + database_; }
    std::string loginConninfo(const std::string& login, const std::string& password) const {
        return cluster().conninfo(database_, login) + " password=" + password;
    }
    ProcessResult addUser(const std::string& as_role, const std::vector<std::string>& args,
                          const std::string& stdinText) {
        std::vector<std::string> argv{"--db", as(as_role), "user", "add"};
        argv.insert(argv.end(), args.begin(), args.end());
        return qmctl(argv, stdinText);
    }
    bool loginExists(const std::string& login) {
        db::Database owner(as("owner"));
        int n = 0;
        owner.sql() << "select count(*) from pg_roles where rolname = :l", soci::use(login), soci::into(n);
        return n > 0;
    }
    long long count(const std::string& table) {
        db::Database owner(as("owner"));
        long long n = -1;
        owner.sql() << "select count(*) from " + table, soci::into(n);
        return n;
    }
};

TEST_F(CliUsers, OwnerAddsAnAgentWhoCanThenWork) {
    const std::string login = uniqueLogin("ann");
    auto r = addUser("owner", {login, "--role", "agent", "--password-stdin"}, std::string(kPassword) + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr(login));
    EXPECT_THAT(r.out, HasSubstr("agent"));
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(kPassword)));
    EXPECT_TRUE(loginExists(login));

    // A device to look at, added by a manager.
    auto add = qmctl({"--db", as("manager"), "device", "add", "--asset-tag", "QM-0001", "--serial", "SER-0001",
                      "--model", "Google Pixel 8"});
    ASSERT_EQ(add.exitCode, 0) << add.err;

    const std::string mine = loginConninfo(login, kPassword);
    auto show = qmctl({"--db", mine, "device", "show", "SER-0001"});
    EXPECT_EQ(show.exitCode, 0) << show.err;
    EXPECT_THAT(show.out, HasSubstr("QM-0001"));

    auto status = qmctl({"--db", mine, "--format", "json", "db", "status"});
    EXPECT_EQ(status.exitCode, 0) << status.err;
    EXPECT_THAT(status.out, HasSubstr("\"Login\":\"" + login + "\""));
    EXPECT_THAT(status.out, HasSubstr("\"Role\":\"agent\""));

    // The role binds: an agent may not add devices.
    auto denied = qmctl({"--db", mine, "device", "add", "--asset-tag", "QM-0002", "--serial", "SER-0002",
                         "--model", "Google Pixel 8"});
    expectOneLineError(denied, 5, {"manager", login});

    // And the password is really the password.
    auto wrong = qmctl({"--db", loginConninfo(login, "not-the-password"), "device", "show", "SER-0001"});
    expectOneLineError(wrong, 5, {"refused the login"}, "not-the-password");
}

TEST_F(CliUsers, PasswordFromStdinMayEndWithCrlf) {
    const std::string login = uniqueLogin("crlf");
    auto r = addUser("owner", {login, "--role", "viewer", "--password-stdin"}, std::string(kPassword) + "\r\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto status = qmctl({"--db", loginConninfo(login, kPassword), "db", "status"});
    EXPECT_EQ(status.exitCode, 0) << status.err;
    EXPECT_THAT(status.out, HasSubstr("viewer"));
}

TEST_F(CliUsers, DuplicateLoginIsAConflict) {
    const std::string login = uniqueLogin("dup");
    ASSERT_EQ(addUser("owner", {login, "--role", "agent", "--password-stdin"}, std::string(kPassword) + "\n").exitCode,
              0);
    auto r = addUser("owner", {login, "--role", "manager", "--password-stdin"}, "another-password\n");
    expectOneLineError(r, 4, {login, "already exists"}, "another-password");
    // The harness's own logins are taken too.
    r = addUser("owner", {"test_agent", "--role", "agent", "--password-stdin"}, "another-password\n");
    expectOneLineError(r, 4, {"test_agent", "already exists"});
    // The first login kept its role and password.
    auto status = qmctl({"--db", loginConninfo(login, kPassword), "db", "status"});
    EXPECT_EQ(status.exitCode, 0) << status.err;
    EXPECT_THAT(status.out, HasSubstr("agent"));
}

TEST_F(CliUsers, BadRoleIsInvalidInput) {
    const std::string login = uniqueLogin("badrole");
    auto r = addUser("owner", {login, "--role", "superhero", "--password-stdin"}, std::string(kPassword) + "\n");
    expectOneLineError(r, 3, {"role", "superhero"}, kPassword);
    EXPECT_FALSE(loginExists(login));
}

TEST_F(CliUsers, ShortPasswordIsInvalidInput) {
    const std::string login = uniqueLogin("short");
    auto r = addUser("owner", {login, "--role", "agent", "--password-stdin"}, "seven77\n");
    expectOneLineError(r, 3, {"password", "8 characters"}, "seven77");
    EXPECT_FALSE(loginExists(login));
    r = addUser("owner", {login, "--role", "agent", "--password-stdin"}, "");  // nothing at all
    expectOneLineError(r, 3, {"password"});
    EXPECT_FALSE(loginExists(login));
    // Exactly eight is enough.
    r = addUser("owner", {login, "--role", "agent", "--password-stdin"}, "eight888\n");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(loginExists(login));
}

TEST_F(CliUsers, BadLoginNameIsInvalidInput) {
    auto r = addUser("owner", {"Bad Name; drop role x", "--role", "agent", "--password-stdin"},
                     std::string(kPassword) + "\n");
    expectOneLineError(r, 3, {"login", "not acceptable"});
    EXPECT_FALSE(loginExists("Bad Name; drop role x"));
}

TEST_F(CliUsers, ManagerMayNotAddLogins) {
    const std::string login = uniqueLogin("bymanager");
    auto r = addUser("manager", {login, "--role", "agent", "--password-stdin"}, std::string(kPassword) + "\n");
    expectOneLineError(r, 5, {"test_manager", "may not create logins"}, kPassword);
    EXPECT_FALSE(loginExists(login));
    r = addUser("agent", {login, "--role", "viewer", "--password-stdin"}, std::string(kPassword) + "\n");
    expectOneLineError(r, 5, {"test_agent"}, kPassword);
    EXPECT_FALSE(loginExists(login));
}

TEST_F(CliUsers, AdminMayAddLogins) {
    // DESIGN: user add runs as a superuser, the owner, or a login with CREATEROLE (an admin).
    const std::string login = uniqueLogin("byadmin");
    auto r = addUser("admin", {login, "--role", "agent", "--password-stdin"}, std::string(kPassword) + "\n");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(loginExists(login));
    auto status = qmctl({"--db", loginConninfo(login, kPassword), "db", "status"});
    EXPECT_EQ(status.exitCode, 0) << status.err;
    EXPECT_THAT(status.out, HasSubstr("agent"));
}

TEST_F(CliUsers, UsageErrors) {
    const std::string login = uniqueLogin("usage");
    // --role missing.
    auto r = addUser("owner", {login, "--password-stdin"}, std::string(kPassword) + "\n");
    expectOneLineError(r, 2, {"--role"});
    // No --password-stdin and standard input is not a terminal: nowhere to ask.
    r = addUser("owner", {login, "--role", "agent"}, std::string(kPassword) + "\n");
    expectOneLineError(r, 2, {"--password-stdin"});
    r = addUser("owner", {login, "--role", "agent"}, "");
    expectOneLineError(r, 2, {"--password-stdin"});
    // No login, or two.
    r = addUser("owner", {"--role", "agent", "--password-stdin"}, std::string(kPassword) + "\n");
    EXPECT_EQ(r.exitCode, 2) << r.err;
    r = addUser("owner", {login, "other", "--role", "agent", "--password-stdin"}, std::string(kPassword) + "\n");
    EXPECT_EQ(r.exitCode, 2) << r.err;
    r = qmctl({"--db", as("owner"), "user", "remove", login});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_FALSE(loginExists(login));
}

TEST_F(CliUsers, DbStatusShowsTheRole) {
    auto r = qmctl({"--db", as("agent"), "db", "status"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("test_agent"));
    EXPECT_THAT(r.out, HasSubstr(database_));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("Role: +agent\n"));
    EXPECT_THAT(r.out, ::testing::ContainsRegex("Pending: +0\n"));

    r = qmctl({"--db", as("agent"), "--format", "csv", "db", "status"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, StartsWith("Database,Login,Role,Schema version,Program knows,Pending\r\n"));
    EXPECT_THAT(r.out, HasSubstr("," + std::string("test_agent") + ",agent,"));

    r = qmctl({"--db", as("owner"), "db", "status"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, ::testing::ContainsRegex("Role: +superuser\n"));
    r = qmctl({"--db", as("approver"), "db", "status"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, ::testing::ContainsRegex("Role: +approver\n"));
}

TEST_F(CliUsers, DemoSeedFillsAnEmptyRegisterOnce) {
    auto r = qmctl({"--db", as("owner"), "demo", "seed", "--devices", "200", "--people", "150"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Seeded 200 devices, 150 people"));
    EXPECT_EQ(count("device"), 200);
    EXPECT_EQ(count("person"), 150);
    const long long units = count("command_unit"), models = count("device_model");
    EXPECT_GT(units, 0);
    EXPECT_GT(models, 0);

    // A seeded device is a real one: an agent finds it.
    db::Database owner(as("owner"));
    std::string tag;
    owner.sql() << "select asset_tag from device order by asset_tag limit 1", soci::into(tag);
    auto show = qmctl({"--db", as("agent"), "device", "show", tag});
    EXPECT_EQ(show.exitCode, 0) << show.err;

    auto again = qmctl({"--db", as("owner"), "demo", "seed", "--devices", "200", "--people", "150"});
    expectOneLineError(again, 4, {"already holds"});
    EXPECT_EQ(count("device"), 200);
    EXPECT_EQ(count("person"), 150);
    EXPECT_EQ(count("command_unit"), units);
    EXPECT_EQ(count("device_model"), models);
}

TEST_F(CliUsers, DemoSeedAsAgentIsRefusedAndWritesNothing) {
    auto r = qmctl({"--db", as("agent"), "demo", "seed", "--devices", "200", "--people", "150"});
    expectOneLineError(r, 5, {});
    EXPECT_EQ(count("device"), 0);
    EXPECT_EQ(count("person"), 0);
    EXPECT_EQ(count("command_unit"), 0);
    EXPECT_EQ(count("device_model"), 0);
}

// The refusal should read like every other permission refusal (Session::require): who the login
// is and what role the job needs, not the server's "permission denied for table ...".
// (Fails today: seedDemo has no role check of its own; see the report.)
TEST_F(CliUsers, DemoSeedAsAgentSaysWhoMaySeed) {
    auto r = qmctl({"--db", as("agent"), "demo", "seed", "--devices", "20", "--people", "20"});
    EXPECT_EQ(r.exitCode, 5) << r.err;
    EXPECT_THAT(r.err, HasSubstr("test_agent"));
    EXPECT_THAT(r.err, Not(HasSubstr("for table")));
    EXPECT_EQ(count("command_unit"), 0);
}

TEST_F(CliUsers, DemoSeedChecksItsNumbers) {
    auto r = qmctl({"--db", as("owner"), "demo", "seed", "--devices", "lots"});
    expectOneLineError(r, 3, {"--devices", "lots"});
    r = qmctl({"--db", as("owner"), "demo", "seed", "--devices", "10", "--people", "0"});
    expectOneLineError(r, 3, {"person"});
    r = qmctl({"--db", as("owner"), "demo", "seed", "--devices", "-5"});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_EQ(count("device"), 0);
}

}  // namespace
}  // namespace qm::test
