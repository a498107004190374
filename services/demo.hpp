// The demo environment — what `scripts/demo`, `quartermaster --demo` and `qmctl demo start` set
// up: the private PostgreSQL cluster under the user's data folder (kept between runs), the
// register's schema, a seeded fleet on first run, and demo logins for each desk role.
#pragma once

#include "db/local_cluster.hpp"
#include "services/seed/demo_seed.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace qm::services {

struct DemoOptions {
    std::filesystem::path root = db::defaultDemoClusterRoot();
    SeedOptions seed;            // used only when the register is empty
    std::string database = "quartermaster";
};

struct Demo {
    std::unique_ptr<db::LocalCluster> cluster;
    std::string ownerConninfo;   // bootstrap superuser (migrations, seeding)
    std::string agentConninfo;   // the demo agent the console logs in as
    std::string managerConninfo;
    std::string approverConninfo;
    bool seededNow = false;
};

// The demo logins: agent "demo_agent", manager "demo_manager", viewer "demo_viewer"; all with
// this password. It is a demo on a private socket, not a secret.
inline constexpr const char* kDemoPassword = "quartermaster-demo";

Demo startDemo(const DemoOptions& options);
// Stops the demo cluster in `root` if it is running.
void stopDemo(const std::filesystem::path& root);
// Where the demo cluster lives unless told otherwise.
std::filesystem::path defaultDemoRoot();

}  // namespace qm::services
