// The test harness's PostgreSQL: one private cluster per test binary run (started by a GoogleTest
// environment, torn down at exit — even on a crash, by the cluster's watchdog), and a fresh
// database per test, copied from a migrated template so each test starts from an empty register.
//
// Logins for every desk role exist cluster-wide: test_viewer, test_agent, test_manager,
// test_approver and test_admin, all with kTestPassword.
#pragma once

#include "db/local_cluster.hpp"
#include "services/session.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace qm::test {

inline constexpr const char* kTestPassword = "test-password";

db::LocalCluster& cluster();

// Registers the environment; call from main() or rely on tests/support/main.cpp.
void installClusterEnvironment();

// A new database, migrated, with an empty register. Returns its name.
std::string freshDatabase();

// conninfo for `database` as `user` ("postgres" is the bootstrap superuser; the test_* logins
// get the test password).
std::string conninfo(const std::string& database, const std::string& user = "postgres");

// Base fixture: each test gets its own fresh database.
class RegisterTest : public ::testing::Test {
protected:
    void SetUp() override;

    // conninfo for this test's database as a role: "owner", "viewer", "agent", "manager", ...
    std::string as(const std::string& role) const;
    // A desk session for a role ("viewer" ... "admin"), or a bootstrap session for "owner".
    std::unique_ptr<services::Session> session(const std::string& role) const;
    // A small register to work on, as the owner: one phone model, people <P>0001... (named
    // "Officer 1"...) and devices <P>-1... (serials S<P>0001...), all in stock.
    void addPhonesAndPeople(const std::string& prefix, int devices, int people) const;
    // The custody tests' common ground, as the owner: the command unit "Central West" and two
    // models, a Samsung Galaxy A54 5G phone and an Apple iPad 10th generation tablet.
    void addUnitAndModels() const;
    // One value from a query run as the owner (bypassing every desk rule): what is really there.
    long long scalar(const std::string& sql) const;
    std::string text(const std::string& sql) const;  // "<null>" for NULL

    std::string database_;
};

}  // namespace qm::test
