#include "db/local_cluster.hpp"

#include "db/database.hpp"
#include "model/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace qm::db {
namespace {

constexpr const char* kServerAccounts[] = {"postgres", "quartermaster"};

bool isExecutable(const fs::path& p) { return ::access(p.c_str(), X_OK) == 0; }

// Quotes a value for postgresql.conf.
std::string confQuote(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'') out += "''";
        else out += c;
    }
    return out + "'";
}

// The unprivileged account to run the server under when we are root; created if needed.
passwd* serverAccount() {
    for (const char* name : kServerAccounts)
        if (passwd* pw = ::getpwnam(name)) return pw;
    // Neither exists (PostgreSQL installed some other way): make a locked system account.
    if (std::system("useradd --system --user-group --no-create-home --home-dir /nonexistent "
                    "--shell /usr/sbin/nologin quartermaster >/dev/null 2>&1") != 0 ||
        ::getpwnam("quartermaster") == nullptr)
        throw Error(ErrorKind::Other,
                    "Could not create the unprivileged 'quartermaster' account the private "
                    "PostgreSQL server must run under when started by root.");
    return ::getpwnam("quartermaster");
}

}  // namespace

fs::path findServerBinDir() {
    if (const char* env = std::getenv("QM_PG_BINDIR"); env && *env) {
        if (isExecutable(fs::path(env) / "initdb")) return env;
        throw unavailable(std::string("QM_PG_BINDIR is set to ") + env +
                          " but that folder holds no initdb program.");
    }
    std::vector<fs::path> candidates;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
        if (isExecutable(entry.path() / "bin" / "initdb")) candidates.push_back(entry.path() / "bin");
    std::sort(candidates.begin(), candidates.end(), [](const fs::path& a, const fs::path& b) {
        // Compare major versions numerically ("15" > "9.6").
        return std::atof(a.parent_path().filename().c_str()) < std::atof(b.parent_path().filename().c_str());
    });
    if (!candidates.empty()) return candidates.back();
    if (const char* path = std::getenv("PATH")) {
        std::string all = path;
        for (std::size_t start = 0; start <= all.size();) {
            auto end = all.find(':', start);
            if (end == std::string::npos) end = all.size();
            fs::path dir = all.substr(start, end - start);
            if (!dir.empty() && isExecutable(dir / "initdb") && isExecutable(dir / "pg_ctl")) return dir;
            start = end + 1;
        }
    }
    throw unavailable(
        "The PostgreSQL server programs (initdb, pg_ctl) were not found; install them with "
        "'apt-get install postgresql postgresql-contrib' (scripts/bootstrap does this).");
}

fs::path defaultDemoClusterRoot() {
    if (::geteuid() == 0) return "/var/lib/quartermaster/cluster";
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return fs::path(xdg) / "quartermaster" / "cluster";
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
        passwd* pw = ::getpwuid(::geteuid());
        home = pw ? pw->pw_dir : "/tmp";
    }
    return fs::path(home) / ".local" / "share" / "quartermaster" / "cluster";
}

LocalCluster::LocalCluster(ClusterOptions options)
    : options_(std::move(options)), binDir_(findServerBinDir()),
      serverUid_(::geteuid()), serverGid_(::getegid()) {
    if (::geteuid() == 0) {
        passwd* pw = serverAccount();
        serverUid_ = pw->pw_uid;
        serverGid_ = pw->pw_gid;
        dropPrivileges_ = true;
    }
    options_.root = fs::absolute(options_.root);
}

LocalCluster::~LocalCluster() {
    if (startedByUs_) {
        try {
            stop();
        } catch (...) {
            // Destructors must not throw; the watchdog (if armed) still stops the server.
        }
    }
}

int LocalCluster::run(const std::vector<std::string>& argv, bool quiet) const {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) throw Error(ErrorKind::Other, "Could not start a PostgreSQL program: fork failed.");
    if (pid == 0) {
        if (dropPrivileges_) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(serverGid_) != 0 || ::setuid(serverUid_) != 0)
                ::_exit(126);
        }
        if (::chdir(options_.root.c_str()) != 0) ::_exit(126);
        if (quiet) {
            int devnull = ::open("/dev/null", O_WRONLY);
            if (devnull >= 0) {
                ::dup2(devnull, STDOUT_FILENO);
                ::dup2(devnull, STDERR_FILENO);
            }
        } else {
            ::dup2(STDERR_FILENO, STDOUT_FILENO);  // keep our stdout clean for qmctl's output
        }
        ::setenv("LC_ALL", "C.UTF-8", 1);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void LocalCluster::prepareFolders() {
    for (const fs::path& dir : {options_.root, socketDir()}) {
        fs::create_directories(dir);
        ::chmod(dir.c_str(), 0700);
        if (dropPrivileges_ && ::chown(dir.c_str(), serverUid_, serverGid_) != 0)
            throw Error(ErrorKind::Other, "Could not hand the folder " + dir.string() +
                                              " to the PostgreSQL server account.");
    }
}

bool LocalCluster::ensureCreated() {
    if (fs::exists(dataDir() / "PG_VERSION")) return false;
    if (fs::exists(dataDir()) && !fs::is_empty(dataDir()))
        throw Error(ErrorKind::Other, "The folder " + dataDir().string() +
                                          " is not empty but holds no PostgreSQL cluster.");
    prepareFolders();
    // Collation C keeps asset tags in byte order and sorts fast; ctype UTF-8 makes lower()
    // and ILIKE right for names such as Łukasiewicz.
    int rc = run({(binDir_ / "initdb").string(), "-D", dataDir().string(), "-U", "postgres",
                  "-E", "UTF8", "--lc-collate=C", "--lc-ctype=C.UTF-8", "--lc-messages=C",
                  "--auth-local=scram-sha-256", "--auth-host=reject", "--no-instructions"},
                 true);
    if (rc != 0)
        throw Error(ErrorKind::Other, "initdb could not create a PostgreSQL cluster in " +
                                          dataDir().string() + " (exit " + std::to_string(rc) + ").");

    // The bootstrap superuser is trusted on the socket, which lives in a 0700 folder only its
    // owner can enter; every other login needs its password.
    {
        std::ofstream hba(dataDir() / "pg_hba.conf", std::ios::trunc);
        hba << "# Quartermaster private cluster: Unix socket only.\n"
            << "local all postgres trust\n"
            << "local all all scram-sha-256\n";
    }
    std::ofstream conf(dataDir() / "postgresql.conf", std::ios::app);
    conf << "\n# --- Quartermaster private cluster ---\n"
         << "listen_addresses = ''\n"
         << "unix_socket_directories = " << confQuote(socketDir().string()) << "\n"
         << "unix_socket_permissions = 0700\n"
         << "port = " << options_.port << "\n"
         << "max_connections = 200\n"
         << "shared_buffers = 256MB\n"
         << "maintenance_work_mem = 256MB\n"
         << "max_wal_size = 4GB\n"
         << "password_encryption = scram-sha-256\n"
         << "log_min_messages = warning\n"
         << "log_min_error_statement = panic\n";  // never log statements (they may hold data)
    if (!options_.durable)
        conf << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
    if (dropPrivileges_) {
        for (const char* f : {"pg_hba.conf", "postgresql.conf"})
            if (::chown((dataDir() / f).c_str(), serverUid_, serverGid_) != 0)
                throw Error(ErrorKind::Other, "Could not hand the cluster's configuration to its account.");
    }
    return true;
}

bool LocalCluster::isRunning() const {
    if (!fs::exists(dataDir() / "PG_VERSION")) return false;
    return run({(binDir_ / "pg_ctl").string(), "-D", dataDir().string(), "status"}, true) == 0;
}

void LocalCluster::start() {
    if (isRunning()) return;
    prepareFolders();
    fs::path log = options_.root / "server.log";
    int rc = run({(binDir_ / "pg_ctl").string(), "-D", dataDir().string(), "-l", log.string(),
                  "-w", "-t", "120", "start"},
                 true);
    if (rc != 0)
        throw unavailable("The private PostgreSQL server did not start; its log is " + log.string() + ".");
    startedByUs_ = true;
}

void LocalCluster::stop() {
    if (!isRunning()) {
        startedByUs_ = false;
        return;
    }
    run({(binDir_ / "pg_ctl").string(), "-D", dataDir().string(), "-m", "fast", "-w", "-t", "60", "stop"},
        true);
    startedByUs_ = false;
}

void LocalCluster::appendSettings(const std::string& lines) {
    std::ofstream conf(dataDir() / "postgresql.conf", std::ios::app);
    conf << "\n" << lines << "\n";
    if (!conf) throw Error(ErrorKind::Other, "Could not change the settings in " + dataDir().string() + ".");
}

void LocalCluster::allowReplication() {
    {
        std::ofstream hba(dataDir() / "pg_hba.conf", std::ios::app);
        hba << "local replication postgres trust\n";
    }
    if (isRunning()) run({(binDir_ / "pg_ctl").string(), "-D", dataDir().string(), "reload"}, true);
}

void LocalCluster::cloneAsStandbyOf(const LocalCluster& primary, const std::string& applicationName) {
    if (fs::exists(dataDir()) && !fs::is_empty(dataDir()))
        throw Error(ErrorKind::Other, "The folder " + dataDir().string() + " is not empty: a standby starts from none.");
    prepareFolders();
    const std::string source = "host=" + primary.socketDir().string() + " port=" + std::to_string(primary.port()) +
                               " user=postgres application_name=" + applicationName;
    const int rc = run({(binDir_ / "pg_basebackup").string(), "-D", dataDir().string(), "-d", source, "-R", "-X",
                        "stream", "-c", "fast"},
                       true);
    if (rc != 0)
        throw Error(ErrorKind::Other, "pg_basebackup could not copy the primary into " + dataDir().string() +
                                          " (exit " + std::to_string(rc) + ").");
    // The copy carries the primary's socket and port; the last setting in the file wins.
    appendSettings("# --- this standby's own socket ---\nunix_socket_directories = " + confQuote(socketDir().string()) +
                   "\nport = " + std::to_string(options_.port));
}

void LocalCluster::stopImmediately() {
    if (!isRunning()) return;
    run({(binDir_ / "pg_ctl").string(), "-D", dataDir().string(), "-m", "immediate", "-w", "-t", "60", "stop"}, true);
    startedByUs_ = false;
}

void LocalCluster::promote() {
    const int rc = run({(binDir_ / "pg_ctl").string(), "-D", dataDir().string(), "-w", "-t", "60", "promote"}, true);
    if (rc != 0) throw Error(ErrorKind::Other, "The standby in " + dataDir().string() + " could not be promoted.");
}

void LocalCluster::stopWhenProcessExits(bool removeFolder) {
    int fds[2];
    // Close-on-exec from birth, so no program we start later keeps the pipe open.
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(ErrorKind::Other, "Could not arm the cluster watchdog.");
    // The shell blocks on the pipe; when every writer is gone (this process exited, however it
    // died) read returns, and it shuts the server down immediately and tidies up.
    static const char* script =
        "read _ignored\n"
        "pid=$(head -n 1 \"$1/data/postmaster.pid\" 2>/dev/null)\n"
        "if [ -n \"$pid\" ]; then kill -QUIT \"$pid\" 2>/dev/null;"
        " i=0; while kill -0 \"$pid\" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; fi\n"
        "if [ \"$2\" = yes ]; then rm -rf \"$1\"; fi\n";
    std::string root = options_.root.string();
    std::string remove = removeFolder ? "yes" : "no";
    pid_t pid = ::fork();
    if (pid < 0) throw Error(ErrorKind::Other, "Could not arm the cluster watchdog.");
    if (pid == 0) {
        ::setsid();  // survive a Ctrl-C or ctest killing our process group
        ::signal(SIGINT, SIG_IGN);
        ::signal(SIGTERM, SIG_IGN);
        ::signal(SIGHUP, SIG_IGN);
        ::dup2(fds[0], STDIN_FILENO);
        int devnull = ::open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
            ::dup2(devnull, STDOUT_FILENO);
            ::dup2(devnull, STDERR_FILENO);
        }
        for (int fd = 3; fd < 1024; ++fd) ::close(fd);
        ::execl("/bin/sh", "sh", "-c", script, "qm-cluster-watchdog", root.c_str(), remove.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[0]);  // the write end stays open, unused, for the rest of our life
}

void LocalCluster::ensureDatabase(const std::string& name) {
    Database admin(conninfo("postgres"));
    int exists = 0;
    guarded(admin, [&] {
        admin.sql() << "select count(*) from pg_database where datname = :n", soci::use(name), soci::into(exists);
    });
    if (!exists) admin.execScript("CREATE DATABASE " + quoteIdentifier(admin, name));
}

std::string LocalCluster::conninfo(std::string_view database, std::string_view user) const {
    return "host=" + conninfoValue(socketDir().string()) + " port=" + std::to_string(options_.port) +
           " dbname=" + conninfoValue(database) + " user=" + conninfoValue(user);
}

}  // namespace qm::db
