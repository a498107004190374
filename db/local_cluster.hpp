// LocalCluster — a private PostgreSQL cluster in a folder of our own.
//
// Used by `scripts/demo` and `quartermaster --demo` (data kept between runs) and by the test
// harness (one throw-away cluster per test binary). Linux (POSIX) only: on Windows
// local_cluster_unavailable.cpp says so instead. The server listens only on a Unix socket in
// a private directory (`listen_addresses = ''`), never on TCP. PostgreSQL refuses to run as
// root, so when we are root the server runs under an unprivileged account ("postgres" when the
// Debian package created it, else "quartermaster", created on demand).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace qm::db {

struct ClusterOptions {
    std::filesystem::path root;   // holds data/, socket/ and server.log
    bool durable = true;          // false for tests: fsync off, faster and fine to lose
    int port = 5432;              // only names the socket file; no TCP listener
};

class LocalCluster {
public:
    explicit LocalCluster(ClusterOptions options);
    ~LocalCluster();  // stops the server if this object started it
    LocalCluster(const LocalCluster&) = delete;
    LocalCluster& operator=(const LocalCluster&) = delete;

    // initdb when the folder holds no cluster yet. Returns true if it created one.
    bool ensureCreated();
    // Starts the server (waits until it accepts connections). No-op if already running.
    void start();
    // Fast shutdown; waits for the server to go.
    void stop();
    bool isRunning() const;
    // Leaves the server running when this object goes (for `qmctl demo start`).
    void detach() { startedByUs_ = false; }
    // Creates the database (owned by the bootstrap superuser) when missing.
    void ensureDatabase(const std::string& name);

    // Streaming replication (the failover test; the admin guide's standby does the same on a
    // real server). allowReplication lets the bootstrap superuser connect for replication over
    // the socket (reloading a running server). cloneAsStandbyOf fills this cluster's empty
    // folder from `primary` with pg_basebackup and makes it a standby named applicationName,
    // listening on its own socket; start() then starts it streaming.
    void allowReplication();
    void cloneAsStandbyOf(const LocalCluster& primary, const std::string& applicationName);
    // A crash stop (pg_ctl stop -m immediate: no checkpoint, as when a server dies).
    void stopImmediately();
    // Ends recovery on a standby: it becomes a primary and accepts writes.
    void promote();
    // Appends lines to postgresql.conf (in force from the next start or reload).
    void appendSettings(const std::string& lines);

    // Guarantees the server is stopped and, if removeFolder, the folder deleted, when this
    // process ends for any reason (even SIGKILL): a small watchdog child waits on a pipe.
    void stopWhenProcessExits(bool removeFolder);

    // libpq connection string for a database on this cluster as the bootstrap superuser
    // (or the given user).
    std::string conninfo(std::string_view database, std::string_view user = "postgres") const;

    const std::filesystem::path& root() const { return options_.root; }
    std::filesystem::path socketDir() const { return options_.root / "socket"; }
    std::filesystem::path dataDir() const { return options_.root / "data"; }
    int port() const { return options_.port; }

private:
    int run(const std::vector<std::string>& argv, bool quiet) const;
    void prepareFolders();

    ClusterOptions options_;
    std::filesystem::path binDir_;
    bool startedByUs_ = false;
    unsigned serverUid_ = 0;  // the account the server runs as (POSIX uid and gid)
    unsigned serverGid_ = 0;
    bool dropPrivileges_ = false;
};

// The folder holding initdb and pg_ctl (QM_PG_BINDIR, else the newest
// /usr/lib/postgresql/*/bin, else PATH). Throws Unavailable naming the package to install.
std::filesystem::path findServerBinDir();

// Default place for the demo's persistent cluster: $XDG_DATA_HOME/quartermaster/cluster
// (~/.local/share/...), or /var/lib/quartermaster/cluster when running as root, because the
// unprivileged server account cannot enter root's home.
std::filesystem::path defaultDemoClusterRoot();

}  // namespace qm::db
