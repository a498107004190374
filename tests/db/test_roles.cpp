// Least privilege (DESIGN.md §5), checked with raw SQL under each desk login: the rights live
// in the database, so psql under your own login meets the same limits as the console.
#include "db/database.hpp"
#include "db/logins.hpp"
#include "services/session.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace qm::test {
namespace {

const std::vector<std::string> kDeskRoles = {"viewer", "agent", "manager", "approver", "admin"};

void expectDenied(const std::function<void()>& fn, const std::string& what) {
    try {
        fn();
        ADD_FAILURE() << what << " was allowed";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Permission) << what << ": " << e.what();
    }
}

class Roles : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        db::Database owner(as("owner"));
        owner.execScript(
            "insert into command_unit (name, code) values ('Central West', 'AW');"
            "insert into device_model (manufacturer, model) values ('Samsung', 'Galaxy A54 5G');"
            "insert into person (staff_no, name) values ('210001', 'Ann Example');"
            "insert into device (asset_tag, serial, model_id) values ('MPS-1', 'SER0001', (select min(id) from device_model))");
    }

    long long scalar(db::Database& db, const std::string& sql) {
        long long n = -1;
        db.sql() << sql, soci::into(n);
        return n;
    }

    // A login in no qm_ role; logins are cluster-wide, so the name carries this test's database.
    std::string createRoleless() {
        nobody_ = "nobody_" + database_;
        db::Database owner(as("owner"));
        owner.execScript("CREATE ROLE " + nobody_ + " LOGIN PASSWORD '" + kTestPassword + "'");
        return nobody_;
    }
    void TearDown() override {
        if (nobody_.empty()) return;
        db::Database admin(conninfo("postgres"));
        admin.execScript("DROP ROLE IF EXISTS " + nobody_);
    }

    std::string nobody_;
};

const char* kInsertDevice =
    "insert into device (asset_tag, serial, model_id) values ('MPS-2', 'SER0002', (select min(id) from device_model))";
const char* kUpdateDevice = "update device set notes = 'changed' where asset_tag = 'MPS-1'";
const char* kInsertPerson = "insert into person (staff_no, name) values ('210002', 'Bob Example')";
const char* kUpdatePerson = "update person set name = 'Ann Changed' where staff_no = '210001'";

TEST_F(Roles, ViewerReadsButCannotWrite) {
    db::Database viewer(as("viewer"));
    EXPECT_EQ(scalar(viewer, "select count(*) from device"), 1);
    EXPECT_EQ(scalar(viewer, "select count(*) from person"), 1);
    expectDenied([&] { viewer.execScript(kInsertDevice); }, "viewer insert device");
    expectDenied([&] { viewer.execScript(kUpdateDevice); }, "viewer update device");
    expectDenied([&] { viewer.execScript("delete from device"); }, "viewer delete device");
    expectDenied([&] { viewer.execScript(kInsertPerson); }, "viewer insert person");
    db::Database owner(as("owner"));
    EXPECT_EQ(scalar(owner, "select count(*) from device where notes = ''"), 1);
}

TEST_F(Roles, AgentCannotEditMasterData) {
    db::Database agent(as("agent"));
    EXPECT_EQ(scalar(agent, "select count(*) from device"), 1);
    expectDenied([&] { agent.execScript(kInsertDevice); }, "agent insert device");
    expectDenied([&] { agent.execScript(kUpdateDevice); }, "agent update device");
    expectDenied([&] { agent.execScript(kInsertPerson); }, "agent insert person");
    expectDenied([&] { agent.execScript(kUpdatePerson); }, "agent update person");
    expectDenied([&] { agent.execScript("insert into device_model (manufacturer, model) values ('Apple', 'iPhone 15')"); },
                 "agent insert device_model");
    expectDenied([&] { agent.execScript("insert into command_unit (name) values ('Road Policing')"); },
                 "agent insert command_unit");
    db::Database owner(as("owner"));
    EXPECT_EQ(scalar(owner, "select count(*) from device") + scalar(owner, "select count(*) from person"), 2);
}

TEST_F(Roles, ManagerMaintainsTheRegister) {
    db::Database manager(as("manager"));
    EXPECT_NO_THROW(manager.execScript("insert into command_unit (name) values ('Road Policing')"));
    EXPECT_NO_THROW(manager.execScript("insert into device_model (manufacturer, model) values ('Apple', 'iPhone 15')"));
    EXPECT_NO_THROW(manager.execScript(kInsertDevice));
    EXPECT_NO_THROW(manager.execScript(kUpdateDevice));
    EXPECT_NO_THROW(manager.execScript(kInsertPerson));
    EXPECT_NO_THROW(manager.execScript(kUpdatePerson));
    EXPECT_EQ(scalar(manager, "select count(*) from device"), 2);
    EXPECT_EQ(scalar(manager, "select count(*) from person"), 2);
}

TEST_F(Roles, NobodyDeletesDevicesOrRewritesTheLifecycle) {
    for (const auto& role : kDeskRoles) {
        SCOPED_TRACE(role);
        db::Database db(as(role));
        expectDenied([&] { db.execScript("delete from device where asset_tag = 'MPS-1'"); }, role + " delete device");
        expectDenied([&] { db.execScript("truncate device cascade"); }, role + " truncate device");
        expectDenied([&] { db.execScript("delete from person"); }, role + " delete person");
        // The lifecycle table and the guard trigger are the owner's alone.
        expectDenied([&] { db.execScript("insert into status_transition values ('in_stock', 'lost', 'cheat')"); },
                     role + " insert status_transition");
        expectDenied([&] { db.execScript("delete from status_transition"); }, role + " delete status_transition");
        expectDenied([&] { db.execScript("alter table device disable trigger device_guard"); },
                     role + " disable device_guard");
        expectDenied([&] { db.execScript("create table sneaky (x int)"); }, role + " create table");
    }
    db::Database owner(as("owner"));
    EXPECT_EQ(scalar(owner, "select count(*) from device"), 1);
    EXPECT_EQ(scalar(owner, "select count(*) from status_transition where action = 'cheat'"), 0);
}

TEST_F(Roles, PublicHasNoPrivilegesOnAnyRegisterTable) {
    db::Database owner(as("owner"));
    // No ACL entry for PUBLIC (grantee 0) on any table, view or sequence of the register.
    EXPECT_EQ(scalar(owner, "select count(*) from pg_class c, aclexplode(c.relacl) a"
                            " where c.relnamespace = 'public'::regnamespace and a.grantee = 0"),
              0);
    EXPECT_EQ(scalar(owner, "select count(*) from information_schema.role_table_grants"
                            " where grantee = 'PUBLIC' and table_schema = 'public'"),
              0);
    // And what a fresh login in no role can actually do with each of them: nothing.
    std::string nobody = createRoleless();
    std::string rights;
    soci::rowset<soci::row> rows = (owner.sql().prepare <<
        "select c.relname::text from pg_class c"
        " where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')"
        "   and has_table_privilege(:who, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')"
        " union all select c.relname::text from pg_class c"
        " where c.relnamespace = 'public'::regnamespace and c.relkind = 'S'"
        "   and case when c.relkind = 'S' then has_sequence_privilege(:who, c.oid, 'USAGE, SELECT, UPDATE') end",
        soci::use(nobody, "who"));
    for (const auto& r : rows) rights += r.get<std::string>(0) + " ";
    EXPECT_EQ(rights, "");
    EXPECT_GE(scalar(owner, "select count(*) from pg_class where relnamespace = 'public'::regnamespace"
                            " and relkind = 'r'"), 5);  // the loop above had tables to check

    db::Database stranger(conninfo(database_, nobody));
    // Schema-qualified: without USAGE on the schema the bare name would not even resolve.
    expectDenied([&] { stranger.execScript("select count(*) from public.device"); }, "roleless select device");
    expectDenied([&] { stranger.execScript("select count(*) from public.person"); }, "roleless select person");
}

TEST_F(Roles, RolesFormAChainAndNoneCanLogIn) {
    db::Database owner(as("owner"));
    const std::vector<std::string> groups = {"qm_viewer", "qm_agent", "qm_manager", "qm_approver", "qm_admin"};
    for (std::size_t i = 0; i < groups.size(); ++i) {
        for (std::size_t j = 0; j < groups.size(); ++j) {
            int member = -1;
            owner.sql() << "select pg_has_role(:a, :b, 'MEMBER')::int", soci::use(groups[i], "a"),
                soci::use(groups[j], "b"), soci::into(member);
            EXPECT_EQ(member, i >= j ? 1 : 0) << groups[i] << " member of " << groups[j];
        }
    }
    EXPECT_EQ(scalar(owner, "select count(*) from pg_roles where rolname like 'qm\\_%'"
                            " and (rolcanlogin or rolsuper or rolbypassrls or rolcreatedb or rolreplication)"),
              0);
    // Five desk groups, the register's NOLOGIN owner and the login manager, which alone holds
    // CREATEROLE and has no members.
    EXPECT_EQ(scalar(owner, "select count(*) from pg_roles where rolname like 'qm\\_%'"), 7);
    EXPECT_EQ(scalar(owner, "select count(*) from pg_roles where rolcreaterole and not rolsuper"), 1);
    EXPECT_EQ(scalar(owner, "select count(*) from pg_roles where rolcreaterole and rolname = 'qm_user_manager'"), 1);
    EXPECT_EQ(scalar(owner, "select count(*) from pg_auth_members where roleid = 'qm_user_manager'::regrole"), 0);
}

TEST_F(Roles, WhoAmIReportsEachLoginsRole) {
    const std::vector<db::DeskRole> expected = {db::DeskRole::Viewer, db::DeskRole::Agent, db::DeskRole::Manager,
                                                db::DeskRole::Approver, db::DeskRole::Admin};
    for (std::size_t i = 0; i < kDeskRoles.size(); ++i) {
        db::Database db(as(kDeskRoles[i]));
        db::LoginInfo me = db::whoAmI(db);
        EXPECT_EQ(me.user, "test_" + kDeskRoles[i]);
        EXPECT_EQ(me.database, database_);
        EXPECT_EQ(me.role, expected[i]) << kDeskRoles[i];
        EXPECT_FALSE(me.superuser);
        EXPECT_FALSE(me.ownsRegister);
        EXPECT_FALSE(me.bypassRls);
    }
    db::Database owner(as("owner"));
    db::LoginInfo root = db::whoAmI(owner);
    EXPECT_TRUE(root.superuser);
    EXPECT_TRUE(root.ownsRegister);
}

TEST_F(Roles, DeskSessionRefusesTheSuperuserOwner) {
    try {
        services::Session s(as("owner"), services::Access::Desk);
        FAIL() << "desk session opened as the superuser";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Permission);
        EXPECT_NE(std::string(e.what()).find("superuser"), std::string::npos) << e.what();
    }
    // The same login is fine for bootstrap work (migrate, seed).
    EXPECT_NO_THROW(services::Session(as("owner"), services::Access::Bootstrap));
    for (const auto& role : kDeskRoles) EXPECT_NO_THROW(session(role)) << role;
}

TEST_F(Roles, DeskSessionRefusesALoginWithNoRole) {
    std::string nobody = createRoleless();
    try {
        services::Session s(conninfo(database_, nobody), services::Access::Desk);
        FAIL() << "desk session opened for a login with no role";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Permission) << e.what();
        // The user must learn what to do about it, not see a raw privilege error.
        EXPECT_NE(std::string(e.what()).find("no Quartermaster role"), std::string::npos) << e.what();
    }
}

TEST_F(Roles, DeskSessionRefusesABypassRlsLogin) {
    nobody_ = "bypass_" + database_;
    {
        db::Database owner(as("owner"));
        owner.execScript("CREATE ROLE " + nobody_ + " LOGIN BYPASSRLS PASSWORD '" + kTestPassword + "' IN ROLE qm_agent");
    }
    try {
        services::Session s(conninfo(database_, nobody_), services::Access::Desk);
        FAIL() << "desk session opened for a BYPASSRLS login";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Permission) << e.what();
        EXPECT_NE(std::string(e.what()).find("row-level security"), std::string::npos) << e.what();
    }
}

TEST_F(Roles, AMissingOrWrongPasswordIsTheOneRefusalASignInPromptCanMend) {
    // What a desk's QM_DB pushed by policy looks like: everything but the password.
    const std::string withoutPassword = services::withPassword(as("agent"), "");
    EXPECT_EQ(services::loginNamed(withoutPassword), "test_agent");
    auto refusal = [](const std::string& conninfo) -> std::optional<Error> {
        try {
            services::Session s(conninfo, services::Access::Desk);
        } catch (const Error& e) {
            return e;
        }
        return std::nullopt;
    };
    auto none = refusal(withoutPassword);
    ASSERT_TRUE(none) << "signed in with no password";
    EXPECT_TRUE(services::needsPassword(*none)) << none->what();
    auto wrong = refusal(services::withPassword(withoutPassword, "not-the-password"));
    ASSERT_TRUE(wrong) << "signed in with a wrong password";
    EXPECT_TRUE(services::needsPassword(*wrong)) << wrong->what();
    EXPECT_FALSE(refusal(services::withPassword(withoutPassword, kTestPassword))) << "the right password was refused";
    // A refusal a password cannot mend: a login with no desk role. (A login that does not exist
    // is refused as a wrong password: the server does not say which names exist.)
    auto roleless = refusal(conninfo(database_, createRoleless()));
    ASSERT_TRUE(roleless);
    EXPECT_FALSE(services::needsPassword(*roleless)) << roleless->what();
}

}  // namespace
}  // namespace qm::test
