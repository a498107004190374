// Database::eachRow: statements kept prepared per connection. They must give each call its own
// values, survive a failed run (in or out of a transaction), and stay bounded in number.
#include "db/database.hpp"
#include "db/register_repository.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace qm::test {
namespace {

class PreparedStatements : public RegisterTest {};

std::vector<std::string> texts(db::Database& db, const std::string& sql, const db::Database::Bindings& values) {
    std::vector<std::string> out;
    db.eachRow(sql, values, [&](const soci::row& r) { out.push_back(r.get<std::string>(0)); });
    return out;
}

long long preparedOnServer(db::Database& db) {
    long long n = 0;
    db.sql() << "select count(*) from pg_prepared_statements", soci::into(n);
    return n;
}

TEST_F(PreparedStatements, EachCallBindsItsOwnValuesToOneServerStatement) {
    db::Database db(as("owner"));
    const std::string sql = "select :a || '-' || :b union all select :a";
    const long long before = preparedOnServer(db);
    EXPECT_EQ(texts(db, sql, {{"a", "x"}, {"b", "y"}}), (std::vector<std::string>{"x-y", "x"}));
    EXPECT_EQ(texts(db, sql, {{"a", "p"}, {"b", "q"}}), (std::vector<std::string>{"p-q", "p"}));
    // A value that looks like SQL is a value.
    EXPECT_EQ(texts(db, sql, {{"a", "'; drop table device; --"}, {"b", ""}}),
              (std::vector<std::string>{"'; drop table device; ---", "'; drop table device; --"}));
    EXPECT_EQ(preparedOnServer(db), before + 1);
    // No rows is no calls, and the next call still works.
    EXPECT_TRUE(texts(db, "select name from command_unit where name = :n", {{"n", "nobody"}}).empty());
    EXPECT_EQ(texts(db, sql, {{"a", "again"}, {"b", "!"}}).front(), "again-!");
}

TEST_F(PreparedStatements, AFailedRunIsForgottenAndTheNextCallPreparesAgain) {
    db::Database db(as("owner"));
    const std::string sql = "select (1 / :n::int)::text";
    EXPECT_EQ(texts(db, sql, {{"n", "1"}}).front(), "1");
    EXPECT_THROW(texts(db, sql, {{"n", "0"}}), soci::soci_error);
    EXPECT_EQ(texts(db, sql, {{"n", "1"}}).front(), "1");
    {
        // Inside a transaction the failure aborts it; after the rollback the statement runs again.
        db::Transaction tx(db);
        EXPECT_THROW(texts(db, sql, {{"n", "0"}}), soci::soci_error);
    }
    EXPECT_EQ(texts(db, sql, {{"n", "1"}}).front(), "1");
}

TEST_F(PreparedStatements, ManyShapesStayBounded) {
    db::Database db(as("owner"));
    const long long before = preparedOnServer(db);
    for (int i = 0; i < 450; ++i) texts(db, "select :v::text || '" + std::to_string(i) + "'", {{"v", "n"}});
    const long long kept = preparedOnServer(db) - before;
    EXPECT_GT(kept, 0);
    EXPECT_LE(kept, 200);
}

TEST_F(PreparedStatements, TheDeskLookUpsSeeEachChange) {
    // findDevice and findPerson run prepared: a later call must see a row changed in between.
    addPhonesAndPeople("PS", 2, 1);
    db::Database db(as("owner"));
    auto device = db::findDevice(db, "PS-1");
    ASSERT_TRUE(device);
    db.execScript("update device set notes = 'moved to the safe' where asset_tag = 'PS-1'");
    auto again = db::findDevice(db, "ps-1 ");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->notes, "moved to the safe");
    EXPECT_EQ(again->assetTag, "PS-1");
    EXPECT_EQ(db::findDevice(db, "PS-2")->assetTag, "PS-2");
    EXPECT_FALSE(db::findDevice(db, "PS-9"));
    EXPECT_EQ(db::findPerson(db, "PS0001")->staffNo, "PS0001");
    EXPECT_FALSE(db::findPerson(db, "PS0009"));
}

}  // namespace
}  // namespace qm::test
