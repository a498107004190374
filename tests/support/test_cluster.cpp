#include "tests/support/test_cluster.hpp"

#include "db/database.hpp"
#include "db/logins.hpp"
#include "db/migrations.hpp"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace qm::test {
namespace {

std::unique_ptr<db::LocalCluster> gCluster;
std::atomic<int> gDatabases{0};
constexpr const char* kTemplate = "qm_template";

class ClusterEnvironment : public ::testing::Environment {
public:
    void SetUp() override {
        char pattern[] = "/tmp/qm-test-XXXXXX";
        if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
        gCluster = std::make_unique<db::LocalCluster>(db::ClusterOptions{pattern, false});
        gCluster->stopWhenProcessExits(true);  // nothing left running, whatever happens
        gCluster->ensureCreated();
        gCluster->start();
        gCluster->ensureDatabase(kTemplate);
        db::Database owner(gCluster->conninfo(kTemplate));
        db::migrate(owner);
        for (auto role : {db::DeskRole::Viewer, db::DeskRole::Agent, db::DeskRole::Manager, db::DeskRole::Approver,
                          db::DeskRole::Admin})
            db::createLogin(owner, std::string("test_") + db::roleName(role), role, kTestPassword);
    }
    void TearDown() override {
        if (!gCluster) return;
        auto root = gCluster->root();
        gCluster->stop();
        gCluster.reset();
        std::error_code ec;
        std::filesystem::remove_all(root, ec);
    }
};

}  // namespace

db::LocalCluster& cluster() { return *gCluster; }

void installClusterEnvironment() { ::testing::AddGlobalTestEnvironment(new ClusterEnvironment); }

std::string freshDatabase() {
    std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++gDatabases);
    db::Database admin(gCluster->conninfo("postgres"));
    admin.execScript("CREATE DATABASE " + name + " TEMPLATE " + kTemplate);
    return name;
}

std::string conninfo(const std::string& database, const std::string& user) {
    std::string info = gCluster->conninfo(database, user);
    if (user != "postgres") info += std::string(" password=") + kTestPassword;
    return info;
}

void RegisterTest::SetUp() { database_ = freshDatabase(); }

std::string RegisterTest::as(const std::string& role) const {
    return conninfo(database_, role == "owner" ? "postgres" : "test_" + role);
}

std::unique_ptr<services::Session> RegisterTest::session(const std::string& role) const {
    return std::make_unique<services::Session>(as(role), role == "owner" ? services::Access::Bootstrap
                                                                         : services::Access::Desk);
}

void RegisterTest::addPhonesAndPeople(const std::string& prefix, int devices, int people) const {
    db::Database owner(as("owner"));
    owner.execScript(
        "insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone')"
        " on conflict do nothing;"
        "insert into person (staff_no, name) select '" + prefix + "' || lpad(g::text, 4, '0'), 'Officer ' || g"
        "  from generate_series(1, " + std::to_string(people) + ") g;"
        "insert into device (asset_tag, serial, model_id) select '" + prefix + "-' || g, 'S" + prefix +
        "' || lpad(g::text, 4, '0'), (select min(id) from device_model where model = 'Galaxy A54 5G')"
        "  from generate_series(1, " + std::to_string(devices) + ") g");
}

void RegisterTest::addUnitAndModels() const {
    db::Database owner(as("owner"));
    owner.execScript("insert into command_unit (name, code) values ('Central West', 'AW');"
                     "insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone'),"
                     " ('Apple', 'iPad 10th generation', 'tablet')");
}

long long RegisterTest::scalar(const std::string& sql) const {
    db::Database owner(as("owner"));
    long long n = -1;
    owner.sql() << sql, soci::into(n);
    return n;
}

std::string RegisterTest::text(const std::string& sql) const {
    db::Database owner(as("owner"));
    std::string s;
    soci::indicator ind = soci::i_ok;
    owner.sql() << sql, soci::into(s, ind);
    return ind == soci::i_null ? std::string("<null>") : s;
}

}  // namespace qm::test
