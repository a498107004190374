// qmctl basics: --version, --help, usage errors, and refusing the wrong kind of login.
#include "tests/cli/cli_support.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace qm::test {
namespace {

using ::testing::HasSubstr;


class CliBasics : public RegisterTest {};

TEST_F(CliBasics, VersionAndHelp) {
    auto v = qmctl({"--version"});
    EXPECT_EQ(v.exitCode, 0);
    EXPECT_THAT(v.out, HasSubstr("Quartermaster"));
    auto h = qmctl({"--help"});
    EXPECT_EQ(h.exitCode, 0);
    EXPECT_THAT(h.out, HasSubstr("device import FILE"));
}

TEST_F(CliBasics, UnknownCommandAndOptionAreUsageErrors) {
    auto r = qmctl({"--db", as("agent"), "frobnicate"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("Unknown command 'frobnicate'"));
    r = qmctl({"--db", as("agent"), "device", "show", "X", "--colour", "red"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("--colour"));
}

TEST_F(CliBasics, SuperuserIsRefusedForDeskWorkButMayMigrate) {
    auto r = qmctl({"--db", as("owner"), "device", "show", "X"});
    EXPECT_EQ(r.exitCode, 5);
    EXPECT_THAT(r.err, HasSubstr("superuser"));
    auto m = qmctl({"--db", as("owner"), "db", "migrate"});
    EXPECT_EQ(m.exitCode, 0) << m.err;
    EXPECT_THAT(m.out, HasSubstr("up to date"));
}

TEST_F(CliBasics, UnreachableDatabaseIsExitSix) {
    auto r = qmctl({"--db", "host=/nonexistent dbname=x", "device", "show", "X"});
    EXPECT_EQ(r.exitCode, 6);
    EXPECT_THAT(r.err, HasSubstr("Cannot connect"));
}

}  // namespace
}  // namespace qm::test
