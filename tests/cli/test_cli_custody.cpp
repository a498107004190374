// qmctl's custody desk end to end (issue 3, DESIGN.md §7): issue, return, swap, lost, history,
// custody-at, hold, release and audit verify as a script would run them — receipts printed on
// their own line, refusals as one sentence with the contract's exit code, and sixteen qmctl
// processes racing for one device.
#include "db/database.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kSqlName = "x'); DROP TABLE custody;--";



// The receipt numbers printed as "Receipt: <number>" lines.
std::vector<std::string> receiptLines(const std::string& out) {
    std::vector<std::string> receipts;
    std::istringstream in(out);
    std::string line;
    static const std::regex shape(R"(^Receipt: (R\d{4}-\d{6})$)");
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, shape)) receipts.push_back(m[1]);
    }
    return receipts;
}

class CliCustody : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        db::Database owner(as("owner"));
        owner.execScript(
            "insert into command_unit (name, code) values ('Central West', 'AW');"
            "insert into device_model (manufacturer, model, kind) values ('Samsung', 'Galaxy A54 5G', 'phone');"
            "insert into person (staff_no, name, rank, unit_id) values"
            " ('210001', 'Ann O''Brien', 'Police Constable', (select id from command_unit)),"
            " ('210002', 'Zoë Łukasiewicz', 'Sergeant', (select id from command_unit)),"
            " ('210003', '李', NULL, (select id from command_unit)),"
            " ('210004', 'x''); DROP TABLE custody;--', 'Police Constable', (select id from command_unit));"
            "insert into person (staff_no, name, rank)"
            " select (220000 + n)::text, 'Officer ' || n, 'Police Constable' from generate_series(1, 16) n;"
            "insert into device (asset_tag, serial, model_id)"
            " select 'CUST-' || n, 'SERP' || lpad(n::text, 4, '0'), (select id from device_model)"
            " from generate_series(1, 4) n");
    }
    ProcessResult run(const std::string& role, const std::vector<std::string>& args) {
        std::vector<std::string> all{"--db", as(role)};
        all.insert(all.end(), args.begin(), args.end());
        return qmctl(all);
    }
    long long writes() {
        return scalar("select (select count(*) from custody) + (select count(*) from device_event) +"
                      " (select count(*) from audit_event) + (select count(*) from mdm_command)");
    }
};

TEST_F(CliCustody, IssueReturnAndSwapPrintTheirReceipt) {
    auto issued = run("agent", {"issue", "CUST-1", "--to", "210001", "--accessory", "charger", "--accessory", "case",
                                "--note", "first issue"});
    ASSERT_EQ(issued.exitCode, 0) << issued.err;
    EXPECT_TRUE(issued.err.empty()) << issued.err;
    auto receipts = receiptLines(issued.out);
    ASSERT_EQ(receipts.size(), 1u) << issued.out;
    EXPECT_EQ(receipts[0], text("select issue_receipt from custody"));
    EXPECT_THAT(issued.out, HasSubstr("Issued CUST-1"));
    EXPECT_THAT(issued.out, HasSubstr("Ann O'Brien"));
    EXPECT_EQ(text("select accessories::text from custody"), "{charger,case}");

    auto returned = run("agent", {"return", "CUST-1", "--condition", "faulty", "--note", "screen flickers"});
    ASSERT_EQ(returned.exitCode, 0) << returned.err;
    auto back = receiptLines(returned.out);
    ASSERT_EQ(back.size(), 1u) << returned.out;
    EXPECT_NE(back[0], receipts[0]);
    EXPECT_EQ(back[0], text("select return_receipt from custody"));
    EXPECT_THAT(returned.out, HasSubstr("in repair"));
    EXPECT_EQ(text("select status::text from device where asset_tag = 'CUST-1'"), "in_repair");

    ASSERT_EQ(run("agent", {"issue", "CUST-2", "--to", "210002"}).exitCode, 0);
    auto swapped = run("agent", {"swap", "CUST-2", "CUST-3", "--reason", "cracked screen"});
    ASSERT_EQ(swapped.exitCode, 0) << swapped.err;
    auto swap = receiptLines(swapped.out);
    ASSERT_EQ(swap.size(), 1u) << swapped.out;
    EXPECT_EQ(swap[0], text("select receipt from swap"));
    EXPECT_THAT(swapped.out, HasSubstr("Zoë Łukasiewicz"));
    EXPECT_EQ(text("select status::text from device where asset_tag = 'CUST-3'"), "issued");
    EXPECT_EQ(scalar("select count(*) from custody"), 3);
}

TEST_F(CliCustody, RefusedIssueExitsFourNamingTheHolder) {
    ASSERT_EQ(run("agent", {"issue", "CUST-1", "--to", "210001"}).exitCode, 0);
    const std::string since = text("select to_char(issued_at at time zone 'Europe/London', 'HH24:MI') from custody");
    const long long before = writes();
    auto r = run("agent", {"issue", "cust-1", "--to", "210002"});
    expectOneLineError(r, 4);
    EXPECT_EQ(r.err, "qmctl: CUST-1 is already issued to PC 210001 Ann O'Brien since " + since + ".\n");
    EXPECT_EQ(writes(), before);
    EXPECT_EQ(scalar("select count(*) from custody"), 1);

    // A second phone for the same person: exit 4, says a manager can override.
    r = run("agent", {"issue", "CUST-2", "--to", "210001"});
    expectOneLineError(r, 4, {"already holds a phone (CUST-1)", "manager"});
    r = run("agent", {"issue", "CUST-2", "--to", "210001", "--override", "two shifts"});
    expectOneLineError(r, 5, {"manager"});
    r = run("manager", {"issue", "CUST-2", "--to", "210001", "--override", "two shifts"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(receiptLines(r.out).size(), 1u);
}

TEST_F(CliCustody, ViewerIssueExitsFive) {
    const long long before = writes();
    auto r = run("viewer", {"issue", "CUST-1", "--to", "210001"});
    expectOneLineError(r, 5);
    EXPECT_EQ(writes(), before);
    EXPECT_EQ(text("select status::text from device where asset_tag = 'CUST-1'"), "in_stock");
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"repair", "CUST-1"}, {"hold", "CUST-1", "--reason", "x"}}) {
        SCOPED_TRACE(args[0]);
        expectOneLineError(run("viewer", args), 5);
    }
    EXPECT_EQ(writes(), before);
}

// The refusal says, in desk words, who may do it, as a role check inside the register does
// ("Only a manager or above may ..."), rather than naming a database function.
TEST_F(CliCustody, ViewerRefusalSaysWhichRoleIsNeeded) {
    auto r = run("viewer", {"issue", "CUST-1", "--to", "210001"});
    expectOneLineError(r, 5, {"agent"});
    EXPECT_THAT(r.err, Not(HasSubstr("function"))) << r.err;
    EXPECT_THAT(r.err, Not(HasSubstr("desk_issue"))) << r.err;
}

TEST_F(CliCustody, UsageAndInvalidInput) {
    // Missing --to: a usage error, before anything is looked up.
    auto r = run("agent", {"issue", "CUST-1"});
    expectOneLineError(r, 2, {"--to"});
    r = run("agent", {"swap", "CUST-1", "CUST-2"});
    expectOneLineError(r, 2, {"--reason"});
    r = run("agent", {"custody-at", "CUST-1"});
    expectOneLineError(r, 2, {"--time"});

    ASSERT_EQ(run("agent", {"issue", "CUST-1", "--to", "210001"}).exitCode, 0);
    const long long before = writes();
    r = run("agent", {"return", "CUST-1", "--condition", "broken"});
    expectOneLineError(r, 3, {"broken"});
    EXPECT_EQ(writes(), before);
    EXPECT_EQ(text("select status::text from device where asset_tag = 'CUST-1'"), "issued");
    r = run("agent", {"issue", "NOPE-9", "--to", "210002"});
    expectOneLineError(r, 3, {"NOPE-9"});
    r = run("agent", {"custody-at", "CUST-1", "--time", "last tuesday"});
    expectOneLineError(r, 3, {"last tuesday"});
}

TEST_F(CliCustody, LostQueuesARemoteLock) {
    ASSERT_EQ(run("agent", {"issue", "CUST-1", "--to", "210001"}).exitCode, 0);
    auto r = run("agent", {"lost", "CUST-1", "--stolen", "--reference", "CAD 4711/14MAR"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string command = text("select id::text from mdm_command");
    EXPECT_THAT(r.out, HasSubstr("CUST-1 is reported stolen"));
    EXPECT_THAT(r.out, HasSubstr("command " + command));
    EXPECT_EQ(text("select action || ' ' || state from mdm_command"), "remote_lock queued");
    EXPECT_EQ(text("select status::text from device where asset_tag = 'CUST-1'"), "stolen");
    expectOneLineError(run("agent", {"lost", "CUST-1"}), 4, {"CUST-1"});
}

TEST_F(CliCustody, HistoryShowsNamesExactly) {
    ASSERT_EQ(run("agent", {"issue", "CUST-1", "--to", "210004", "--note", "Zoë's " + kSqlName}).exitCode, 0);
    ASSERT_EQ(run("agent", {"return", "CUST-1"}).exitCode, 0);
    ASSERT_EQ(run("agent", {"issue", "CUST-1", "--to", "210003"}).exitCode, 0);
    ASSERT_EQ(run("agent", {"issue", "CUST-2", "--to", "210002"}).exitCode, 0);

    auto device = run("viewer", {"history", "CUST-1"});
    ASSERT_EQ(device.exitCode, 0) << device.err;
    EXPECT_THAT(device.out, HasSubstr("210004 " + kSqlName));
    EXPECT_THAT(device.out, HasSubstr("Zoë's " + kSqlName));
    EXPECT_THAT(device.out, HasSubstr("Held by 210003 李 since"));
    EXPECT_THAT(device.out, HasSubstr(text("select issue_receipt from custody where returned_at is null"
                                           " and device_id = (select id from device where asset_tag = 'CUST-1')")));

    auto person = run("viewer", {"history", "210004"});
    ASSERT_EQ(person.exitCode, 0) << person.err;
    EXPECT_THAT(person.out, StartsWith("Police Constable 210004 " + kSqlName + "\n"));
    auto zoe = run("viewer", {"--format", "csv", "history", "210002"});
    ASSERT_EQ(zoe.exitCode, 0) << zoe.err;
    EXPECT_THAT(zoe.out, HasSubstr("210002 Zoë Łukasiewicz"));
    auto json = run("viewer", {"--format", "json", "history", "210003"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    EXPECT_THAT(json.out, HasSubstr("\"210003 李\""));
    // The register is all still there.
    EXPECT_EQ(scalar("select count(*) from custody"), 3);
}

TEST_F(CliCustody, CustodyAtNamesWhoHeldIt) {
    ASSERT_EQ(run("agent", {"issue", "CUST-1", "--to", "210001"}).exitCode, 0);
    ASSERT_EQ(run("agent", {"return", "CUST-1"}).exitCode, 0);
    const std::string iso = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'";
    const std::string between =
        text("select to_char((issued_at + (returned_at - issued_at) / 2) at time zone 'UTC', " + iso + ") from custody");
    const std::string after = text("select to_char(returned_at at time zone 'UTC', " + iso + ") from custody");

    auto r = run("viewer", {"custody-at", "CUST-1", "--time", between});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, MatchesRegex("(.|\n)*Staff number: +210001\n(.|\n)*"));
    EXPECT_THAT(r.out, HasSubstr("Ann O'Brien"));
    r = run("viewer", {"custody-at", "CUST-1", "--time", after});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, StartsWith("Nobody held CUST-1 at "));
}

TEST_F(CliCustody, HoldAndRelease) {
    auto r = run("agent", {"hold", "CUST-1", "--reason", "Op Trident"});
    expectOneLineError(r, 5, {"manager"});
    r = run("manager", {"hold", "CUST-1", "--reason", "Op Trident exhibit"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("CUST-1 is under legal hold: Op Trident exhibit"));
    auto h = run("viewer", {"history", "CUST-1"});
    EXPECT_THAT(h.out, HasSubstr("LEGAL HOLD: Op Trident exhibit"));
    expectOneLineError(run("agent", {"issue", "CUST-1", "--to", "210001"}), 4, {"legal hold"});
    expectOneLineError(run("manager", {"retire", "CUST-1", "--reason", "old"}), 4, {"legal hold"});
    expectOneLineError(run("agent", {"release", "CUST-1"}), 5, {"manager"});
    r = run("manager", {"release", "CUST-1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("legal hold released"));
    EXPECT_EQ(run("agent", {"issue", "CUST-1", "--to", "210001"}).exitCode, 0);
}

TEST_F(CliCustody, AuditVerifyFindsTampering) {
    ASSERT_EQ(run("agent", {"issue", "CUST-1", "--to", "210001"}).exitCode, 0);
    ASSERT_EQ(run("agent", {"return", "CUST-1", "--condition", "damaged"}).exitCode, 0);
    auto ok = run("viewer", {"audit", "verify"});
    EXPECT_EQ(ok.exitCode, 0) << ok.err;
    EXPECT_THAT(ok.out, HasSubstr("intact"));

    const long long k = scalar("select min(id) from audit_event where entity = 'custody'");
    {
        db::Database su(as("owner"));
        su.execScript("begin; set local session_replication_role = replica;"
                      " update audit_event set actor = 'test_viewer' where id = " + std::to_string(k) + "; commit");
    }
    auto broken = run("viewer", {"audit", "verify"});
    EXPECT_NE(broken.exitCode, 0);
    EXPECT_EQ(std::count(broken.err.begin(), broken.err.end(), '\n'), 1) << broken.err;
    EXPECT_THAT(broken.err, StartsWith("qmctl: The audit chain is broken at event " + std::to_string(k) + ":"));
    EXPECT_TRUE(broken.out.empty()) << broken.out;
}

// Sixteen qmctl processes, started together, issue the same device to sixteen people.
TEST_F(CliCustody, SixteenConcurrentProcessesIssueTheSameDevice) {
    constexpr int kProcesses = 16;
    char dirTemplate[] = "/tmp/qm-cli-race-XXXXXX";
    ASSERT_NE(::mkdtemp(dirTemplate), nullptr);
    const std::filesystem::path dir = dirTemplate;

    // Everything the children need is built before the first fork.
    std::vector<std::vector<std::string>> argvs;
    std::vector<std::string> outPaths, errPaths;
    for (int i = 0; i < kProcesses; ++i) {
        argvs.push_back({QMCTL_PATH, "--db", as("agent"), "issue", "CUST-1", "--to", std::to_string(220001 + i)});
        outPaths.push_back((dir / ("out" + std::to_string(i))).string());
        errPaths.push_back((dir / ("err" + std::to_string(i))).string());
    }
    std::vector<std::vector<char*>> cargs(kProcesses);
    for (int i = 0; i < kProcesses; ++i) {
        for (auto& a : argvs[i]) cargs[i].push_back(a.data());
        cargs[i].push_back(nullptr);
    }
    // A gate: every child waits for the parent to close it, so all start at once.
    int gate[2];
    ASSERT_EQ(::pipe(gate), 0);
    std::vector<pid_t> pids;
    for (int i = 0; i < kProcesses; ++i) {
        pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            ::close(gate[1]);
            char c;
            while (::read(gate[0], &c, 1) < 0 && errno == EINTR) {
            }
            int out = ::open(outPaths[i].c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            int err = ::open(errPaths[i].c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (out < 0 || err < 0) ::_exit(126);
            ::dup2(out, 1);
            ::dup2(err, 2);
            ::execv(cargs[i][0], cargs[i].data());
            ::_exit(127);
        }
        pids.push_back(pid);
    }
    ::close(gate[0]);
    ::close(gate[1]);  // go
    std::vector<int> codes;
    for (pid_t pid : pids) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        codes.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    auto slurp = [](const std::string& path) {
        std::ifstream in(path);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    };
    int winners = 0, conflicts = 0, winner = -1;
    for (int i = 0; i < kProcesses; ++i) {
        if (codes[i] == 0) {
            ++winners;
            winner = i;
        } else if (codes[i] == 4) {
            ++conflicts;
        } else {
            ADD_FAILURE() << "process " << i << " exited " << codes[i] << ": " << slurp(errPaths[i]);
        }
    }
    EXPECT_EQ(winners, 1);
    EXPECT_EQ(conflicts, kProcesses - 1);
    ASSERT_GE(winner, 0);
    EXPECT_EQ(receiptLines(slurp(outPaths[winner])).size(), 1u) << slurp(outPaths[winner]);
    const std::string holder = "qmctl: CUST-1 is already issued to PC " + std::to_string(220001 + winner) + " Officer " +
                               std::to_string(winner + 1) + " since ";
    for (int i = 0; i < kProcesses; ++i) {
        if (i == winner) continue;
        const std::string err = slurp(errPaths[i]);
        EXPECT_THAT(err, StartsWith(holder)) << "process " << i;
        EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
        EXPECT_TRUE(slurp(outPaths[i]).empty());
    }
    EXPECT_EQ(scalar("select count(*) from custody"), 1);
    EXPECT_EQ(text("select p.staff_no from custody c join person p on p.id = c.person_id"),
              std::to_string(220001 + winner));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace qm::test
