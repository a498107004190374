// Migrations: applied once, recorded, idempotent; a schema newer than the binary is refused.
#include "db/migrations.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

namespace qm::test {
namespace {

class Migrations : public RegisterTest {};

TEST_F(Migrations, FreshDatabaseIsCurrentAndMigrateIsIdempotent) {
    db::Database owner(as("owner"));
    auto state = db::schemaState(owner);
    EXPECT_EQ(state.current, db::latestKnownVersion());
    EXPECT_TRUE(state.pending.empty());
    EXPECT_TRUE(db::migrate(owner).empty());
    EXPECT_NO_THROW(db::requireCurrentSchema(owner));
}

TEST_F(Migrations, EmptyDatabaseIsMigratedFromScratchAndRecorded) {
    std::string name = "empty_" + database_;
    {
        db::Database admin(conninfo("postgres"));
        admin.execScript("CREATE DATABASE " + name);
    }
    db::Database owner(conninfo(name));
    EXPECT_THROW(db::requireCurrentSchema(owner), Error);
    auto applied = db::migrate(owner);
    EXPECT_EQ(applied.size(), db::migrations().size());
    int recorded = 0;
    owner.sql() << "select count(*) from schema_migrations", soci::into(recorded);
    EXPECT_EQ(recorded, static_cast<int>(db::migrations().size()));
    EXPECT_TRUE(db::migrate(owner).empty());
}

TEST_F(Migrations, NewerSchemaIsRefusedWithASentence) {
    db::Database owner(as("owner"));
    owner.execScript("insert into schema_migrations (version, name) values (9999, 'from the future')");
    try {
        db::requireCurrentSchema(owner);
        FAIL() << "a newer schema was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Conflict);
        EXPECT_NE(std::string(e.what()).find("newer than this program"), std::string::npos) << e.what();
    }
    EXPECT_THROW(db::migrate(owner), Error);
    EXPECT_THROW(services::Session(as("agent"), services::Access::Desk), Error);
}

}  // namespace
}  // namespace qm::test
