// Issue 6 through the real qmctl: desk logins managed by admins, clean one-sentence errors with
// the documented exit codes, nothing stored reaching the terminal raw, imports that lose nothing
// and leave nothing behind, and the audit chain's anchors and the agent that takes them.
#include "db/database.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace fs = std::filesystem;

// The exit code and one "qmctl: " sentence on stderr, with no server or library text in it.
void expectSentence(const ProcessResult& r, int code, const std::string& mentions) {
    EXPECT_EQ(r.exitCode, code) << "stdout: " << r.out << "\nstderr: " << r.err;
    EXPECT_THAT(r.err, StartsWith("qmctl: ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_THAT(lowered(r.err), HasSubstr(lowered(mentions))) << r.err;
    for (const char* leak : {"error:", "warning:", "notice:", "sqlstate", "soci", "detail:", "context:"})
        EXPECT_THAT(lowered(r.err), Not(HasSubstr(leak))) << r.err;
}

class CliHardening : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        dir_ = fs::temp_directory_path() / ("qm-cli-hardening-" + database_);
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
        db::Database admin(conninfo("postgres"));
        for (const auto& name : made_) admin.execScript("DROP ROLE IF EXISTS " + name);
    }
    ProcessResult run(const std::string& role, std::vector<std::string> args, const std::string& input = {}) {
        args.insert(args.begin(), {"--db", as(role)});
        return qmctl(args, input);
    }
    std::string file(const std::string& name, const std::string& content) {
        fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }
    std::string read(const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    void addDevice(const std::string& tag) {
        ASSERT_EQ(run("manager", {"device", "add", "--asset-tag", tag, "--serial", "S" + tag, "--model",
                                  "Samsung Galaxy A54 5G"})
                      .exitCode,
                  0);
    }
    void addPerson(const std::string& staffNo) {
        ASSERT_EQ(run("manager", {"person", "add", "--staff-no", staffNo, "--name", "Ann Example"}).exitCode, 0);
    }
    std::string login(const std::string& stem) {
        made_.push_back(stem + "_" + database_);
        return made_.back();
    }
    long long count(const std::string& sql) const { return scalar(sql); }

    fs::path dir_;
    std::vector<std::string> made_;
};

TEST_F(CliHardening, AdminsManageLoginsFromTheCommandLine) {
    const std::string ann = login("ann");
    auto r = run("admin", {"user", "add", ann, "--role", "agent", "--password-stdin"}, "first-password\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(run("admin", {"user", "role", ann, "--role", "manager"}).exitCode, 0);
    EXPECT_EQ(run("admin", {"user", "password", ann, "--password-stdin"}, "second-password\n").exitCode, 0);
    r = run("admin", {"--format", "csv", "user", "list"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr(ann + ",manager,yes"));
    EXPECT_EQ(run("admin", {"user", "disable", ann}).exitCode, 0);
    auto signIn = qmctl({"--db", cluster().conninfo(database_, ann) + " password=second-password", "db", "status"});
    expectSentence(signIn, 5, "refused the login");
    EXPECT_EQ(run("admin", {"user", "enable", ann}).exitCode, 0);
    EXPECT_EQ(qmctl({"--db", cluster().conninfo(database_, ann) + " password=second-password", "db", "status"}).exitCode,
              0);
    // Reserved and existing names, other roles, and logins that are more than desk logins.
    expectSentence(run("admin", {"user", "add", "pg_evil", "--role", "agent", "--password-stdin"}, "password-1\n"), 3,
                   "reserved");
    expectSentence(run("admin", {"user", "add", "public", "--role", "agent", "--password-stdin"}, "password-1\n"), 3,
                   "reserved");
    expectSentence(run("admin", {"user", "add", ann, "--role", "agent", "--password-stdin"}, "password-1\n"), 4,
                   "already exists");
    expectSentence(run("admin", {"user", "role", "postgres", "--role", "viewer"}), 3, "no desk login");
    expectSentence(run("admin", {"user", "role", ann, "--role", "owner"}), 3, "not one of viewer");
    expectSentence(run("manager", {"user", "role", ann, "--role", "admin"}), 5, "only an admin");
    expectSentence(run("agent", {"user", "list"}), 5, "only an admin");
}

TEST_F(CliHardening, ErrorsAreOneSentenceWithTheDocumentedCode) {
    // Settings only a superuser may make, smuggled in the connection string.
    for (const std::string option : {"session_replication_role=replica", "session_authorization=postgres"}) {
        auto r = qmctl({"--db", as("agent") + " options='-c " + option + "'", "device", "show", "X-1"});
        expectSentence(r, 5, "connection string");
    }
    // A folder is not a file to import.
    expectSentence(run("manager", {"device", "import", dir_.string()}), 3, "is a folder");
    // Text that is not UTF-8 is refused naming the field.
    expectSentence(run("manager", {"device", "add", "--asset-tag", "QM-1", "--serial", "SQM1", "--model",
                                   "Samsung Galaxy A54 5G", "--notes", "bad \xff byte"}),
                   3, "Notes is not valid UTF-8");
    // An escape sequence in an incident reference.
    addDevice("QM-2");
    addPerson("210001");
    ASSERT_EQ(run("agent", {"issue", "QM-2", "--to", "210001"}).exitCode, 0);
    expectSentence(run("agent", {"lost", "QM-2", "--reference", "INC-1\x1b]0;pwned\x07"}), 3,
                   "Incident reference holds a control character");
    // An override reason nobody needs.
    addDevice("QM-3");
    addPerson("210002");
    expectSentence(run("manager", {"issue", "QM-3", "--to", "210002", "--override", "just because"}), 3,
                   "no override is needed");
    // A manager may not seed the demo register (it writes what only the register writes).
    expectSentence(run("manager", {"demo", "seed", "--devices", "10", "--people", "10"}), 5, "superuser or as a migrator");
    EXPECT_EQ(count("select count(*) from device"), 2);
}

TEST_F(CliHardening, StoredTextNeverReachesTheTerminalRaw) {
    addDevice("QM-4");
    addPerson("210003");
    ASSERT_EQ(run("agent", {"issue", "QM-4", "--to", "210003", "--note", "ok"}).exitCode, 0);
    // Text stored before the rules existed (or by a superuser): escape codes, a lone CR, an
    // override, a formula for a spreadsheet.
    {
        db::Database owner(as("owner"));
        owner.execScript("alter table device_event drop constraint device_event_detail_text;"
                         "alter table person drop constraint person_name_text;"
                         "update device_event set detail = E'=HYPERLINK(\"http://x\") \\x1b[2J\\x1b]0;pwned\\x07'"
                         "  || E' \\u202Egnp.exe\\rHIDDEN' where kind = 'issue';"
                         "update person set name = E'Ann\\x1b[31m' where staff_no = '210003'");
    }
    for (const std::string format : {"table", "csv", "json"}) {
        SCOPED_TRACE(format);
        auto r = run("viewer", {"--format", format, "history", "QM-4"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find('\x07'), std::string::npos);
        EXPECT_EQ(r.out.find("\xe2\x80\xae"), std::string::npos) << "a direction override reached the terminal";
        for (std::size_t at = r.out.find('\r'); at != std::string::npos; at = r.out.find('\r', at + 1))
            EXPECT_EQ(r.out[at + 1], '\n') << "a lone CR reached the terminal";
        EXPECT_THAT(r.out, HasSubstr("HIDDEN"));
    }
    auto csv = run("viewer", {"--format", "csv", "history", "QM-4"});
    EXPECT_THAT(csv.out, HasSubstr("'=HYPERLINK")) << "a formula must not run in a spreadsheet";
    auto json = run("viewer", {"--format", "json", "history", "QM-4"});
    EXPECT_THAT(json.out, HasSubstr("\\u001b[2J"));
    EXPECT_THAT(json.out, HasSubstr("\\u202e"));
    // Error sentences that echo what was typed are escaped too.
    auto echoed = run("viewer", {"device", "show", "QM-\x1b[31m"});
    EXPECT_EQ(echoed.err.find('\x1b'), std::string::npos) << echoed.err;
}

TEST_F(CliHardening, ImportsLoseNothingAndLeaveNothingBehind) {
    // A NUL byte inside a cell (sizeof, not strlen: the file holds the NUL itself).
    const char csv[] = "asset_tag,serial,model,notes\nQM-10,SQM10,Samsung Galaxy A54 5G,fine\n"
                       "QM-11,SQM11,Samsung Galaxy A54 5G,cut\0short\nQM-12,SQM12,Samsung Galaxy A54 5G,also fine\n";
    const std::string input = file("devices.csv", std::string(csv, sizeof csv - 1));
    const std::string before = read(input);
    // --rejects naming the input is refused before anything is opened (it used to empty it).
    expectSentence(run("manager", {"device", "import", input, "--rejects", input}), 3, "the file being imported");
    EXPECT_EQ(read(input), before);
    EXPECT_EQ(count("select count(*) from device"), 0);
    // A NUL byte rejects its row, naming the column, instead of cutting the text short.
    const fs::path rejects = dir_ / "rejects.csv";
    auto r = run("manager", {"device", "import", input, "--rejects", rejects.string()});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("line 3, notes: Notes holds a NUL byte"));
    EXPECT_EQ(count("select count(*) from device"), 2);
    EXPECT_THAT(read(rejects), HasSubstr("QM-11"));
    EXPECT_FALSE(fs::exists(rejects.string() + ".part"));
    // A fatal error (an unclosed quote) writes nothing and leaves no rejects file at all.
    const fs::path none = dir_ / "none.csv";
    const std::string broken = file("broken.csv", "asset_tag,serial,model\n\"QM-20,SQM20,Samsung Galaxy A54 5G\n");
    expectSentence(run("manager", {"device", "import", broken, "--rejects", none.string()}), 3, "not closed");
    EXPECT_FALSE(fs::exists(none));
    EXPECT_FALSE(fs::exists(none.string() + ".part"));
    // An existing rejects file is only replaced when the new one is complete.
    std::ofstream(none) << "kept\n";
    expectSentence(run("manager", {"device", "import", broken, "--rejects", none.string()}), 3, "not closed");
    EXPECT_EQ(read(none), "kept\n");
    EXPECT_EQ(count("select count(*) from device"), 2);
}

TEST_F(CliHardening, AnchorsFromTheCommandLineAndTheAgent) {
    addDevice("QM-30");
    const std::string anchors = (dir_ / "anchors.log").string();
    const std::string key = file("anchor.key", "0123456789abcdef0123456789abcdef\n");
    auto a = run("viewer", {"audit", "anchor", "--to", anchors, "--key", key});
    ASSERT_EQ(a.exitCode, 0) << a.err;
    EXPECT_THAT(a.out, StartsWith("QM-AUDIT-ANCHOR v1 database=" + database_));
    EXPECT_EQ((fs::status(anchors).permissions() & fs::perms::others_read), fs::perms::none);
    auto v = run("viewer", {"audit", "verify", "--anchors", anchors, "--key", key});
    EXPECT_EQ(v.exitCode, 0) << v.err;
    EXPECT_THAT(v.out, HasSubstr("matching 1 anchor signed with the key"));

    // The agent anchors on a schedule until it is told to stop, and stops cleanly.
    {
        BackgroundProcess agent({QMCTL_PATH, "--db", as("viewer"), "agent", "--anchors", anchors, "--key", key,
                                 "--anchor-every", "1s"});
        auto lines = [&] {
            std::ifstream in(anchors);
            return std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
        };
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (lines() < 3 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        EXPECT_GE(lines(), 3) << agent.errSoFar();
        auto stopped = agent.stop(SIGTERM);
        EXPECT_EQ(stopped.exitCode, 0) << stopped.err;
        EXPECT_THAT(stopped.err, HasSubstr("stopped"));
    }
    // Someone deletes the newest events (a superuser with the triggers off): the anchors know.
    {
        db::Database owner(as("owner"));
        owner.execScript("begin; set local session_replication_role = replica;"
                         " delete from audit_event where id = (select max(id) from audit_event); commit");
    }
    expectSentence(run("viewer", {"audit", "verify", "--anchors", anchors, "--key", key}), 1, "cut short");
    EXPECT_EQ(run("viewer", {"audit", "verify"}).exitCode, 0) << "alone, the shorter chain still looks whole";
    // Bad input: anchors that are a folder, a key that is too short.
    expectSentence(run("viewer", {"audit", "verify", "--anchors", dir_.string()}), 3, "is a folder");
    expectSentence(run("viewer", {"audit", "anchor", "--key", file("short.key", "short")}), 3, "shorter than 16");
    expectSentence(run("viewer", {"agent", "--anchor-every", "soon"}), 3, "--anchor-every");
}

}  // namespace
}  // namespace qm::test
