// LocalCluster where it cannot run (the Windows build): the private cluster starts PostgreSQL's
// server programs as a POSIX child process on a Unix socket. Every use says so in one
// sentence, and desks connect to the force's server with --db instead (admin guide, Windows).
#include "db/local_cluster.hpp"

#include "db/database.hpp"
#include "model/error.hpp"

#include <cstdlib>

namespace qm::db {
namespace {

[[noreturn]] void notHere() {
    throw unavailable("The private demo database runs on Linux only; on this machine connect to the force's "
                      "database server with --db (see the admin guide, Windows desks).");
}

}  // namespace

std::filesystem::path findServerBinDir() { notHere(); }

std::filesystem::path defaultDemoClusterRoot() {
    const char* local = std::getenv("LOCALAPPDATA");
    return std::filesystem::path(local && *local ? local : ".") / "Quartermaster" / "cluster";
}

LocalCluster::LocalCluster(ClusterOptions options) : options_(std::move(options)) { notHere(); }
LocalCluster::~LocalCluster() = default;
bool LocalCluster::ensureCreated() { notHere(); }
void LocalCluster::start() { notHere(); }
void LocalCluster::stop() {}
bool LocalCluster::isRunning() const { return false; }
void LocalCluster::ensureDatabase(const std::string&) { notHere(); }
void LocalCluster::allowReplication() { notHere(); }
void LocalCluster::cloneAsStandbyOf(const LocalCluster&, const std::string&) { notHere(); }
void LocalCluster::stopImmediately() {}
void LocalCluster::promote() { notHere(); }
void LocalCluster::appendSettings(const std::string&) { notHere(); }
void LocalCluster::stopWhenProcessExits(bool) {}
std::string LocalCluster::conninfo(std::string_view database, std::string_view user) const {
    return "dbname=" + conninfoValue(database) + " user=" + conninfoValue(user);
}
int LocalCluster::run(const std::vector<std::string>&, bool) const { notHere(); }
void LocalCluster::prepareFolders() { notHere(); }

}  // namespace qm::db
