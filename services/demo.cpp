#include "services/demo.hpp"

#include "db/logins.hpp"
#include "db/migrations.hpp"
#include "db/register_repository.hpp"

namespace qm::services {

void stopDemo(const std::filesystem::path& root) {
    db::LocalCluster cluster({root, true});
    cluster.stop();
}

std::filesystem::path defaultDemoRoot() { return db::defaultDemoClusterRoot(); }

Demo startDemo(const DemoOptions& options) {
    Demo demo;
    demo.cluster = std::make_unique<db::LocalCluster>(db::ClusterOptions{options.root, true});
    demo.cluster->ensureCreated();
    demo.cluster->start();
    demo.cluster->ensureDatabase(options.database);
    demo.ownerConninfo = demo.cluster->conninfo(options.database);
    {
        db::Database owner(demo.ownerConninfo);
        db::migrate(owner);
        const struct {
            const char* login;
            db::DeskRole role;
        } logins[] = {{"demo_agent", db::DeskRole::Agent},
                      {"demo_manager", db::DeskRole::Manager},
                      {"demo_approver", db::DeskRole::Approver},  // decides the agent's wipe requests
                      {"demo_viewer", db::DeskRole::Viewer}};
        for (const auto& l : logins) {
            try {
                db::createLogin(owner, l.login, l.role, kDemoPassword);
            } catch (const Error& e) {
                if (e.kind() != ErrorKind::Conflict) throw;  // already there from an earlier run
            }
        }
    }
    {
        Session session(demo.ownerConninfo, Access::Bootstrap);
        if (db::countDevices(session.db()) == 0 && db::countPeople(session.db()) == 0) {
            seedDemo(session, options.seed);
            demo.seededNow = true;
        }
    }
    auto as = [&](const char* login) {
        return demo.cluster->conninfo(options.database, login) + " password=" + kDemoPassword;
    };
    demo.agentConninfo = as("demo_agent");
    demo.managerConninfo = as("demo_manager");
    demo.approverConninfo = as("demo_approver");
    return demo;
}

}  // namespace qm::services
