// qmctl device import --format snipeit|intune and person import --full end to end: exit codes,
// the summary line, the one-line error for an unknown format, the leavers guard, and the
// leavers report afterwards.
#include "db/database.hpp"
#include "services/import/csv.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The last line of `text` (without its line end).
std::string lastLine(const std::string& text) {
    std::string t = text;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    auto at = t.rfind('\n');
    return at == std::string::npos ? t : t.substr(at + 1);
}

const std::string kSnipeItHeader =
    "Company,Name,Asset Tag,Category,Supplier,Manufacturer,Location,Order Number,Model,Model Number,Serial Number,"
    "Asset Notes,Purchase Date,Purchase Cost,Checkout Type,Checked Out To: Username,Checked Out To: Email,Status,"
    "Warranty,IMEI\r\n";

// One Snipe-IT row: the columns that matter here, the rest filled as Snipe-IT would.
std::string snipeRow(const std::string& tag, const std::string& serial, const std::string& status,
                     const std::string& email = "", const std::string& cost = "349.00") {
    return "Met Police,Phone," + tag + ",Mobile Phones,Vodafone,Samsung,Central West,PO-1,Galaxy A54 5G,SM-A546B," +
           serial + ",,2023-01-31," + cost + "," + (email.empty() ? "" : "user") + ",," + email + "," + status +
           ",1,\r\n";
}

class CliImportFormat : public RegisterTest {
protected:
    void TearDown() override {
        for (const auto& f : files_) std::remove(f.c_str());
    }
    std::string writeFile(const std::string& content, const std::string& stem = "format-import") {
        std::string path = tempPath(stem);
        std::ofstream(path, std::ios::binary) << content;
        files_.push_back(path);
        return path;
    }
    ProcessResult run(const std::string& role, const std::vector<std::string>& args) {
        std::vector<std::string> all{"--db", as(role)};
        all.insert(all.end(), args.begin(), args.end());
        return qmctl(all);
    }
    void addJane() {
        auto r = run("manager", {"person", "add", "--staff-no", "MP1234", "--name", "Jane Doe", "--email",
                                 "Jane.Doe@met.police.uk"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    // The file naming only MQ0001 (renamed) of the people MQ0001..MQ0012.
    std::string partialFeed() { return writeFile("staff_no,name\r\nMQ0001,Officer One Renamed\r\n", "hr-feed"); }

    std::vector<std::string> files_;
};

TEST_F(CliImportFormat, SnipeItFileImportsAndIssuesCheckedOutDevices) {
    addJane();
    const std::string file = writeFile(kSnipeItHeader + snipeRow("MPS-0001", "R58N0001", "Ready to Deploy") +
                                       snipeRow("MPS-0002", "R58N0002", "Deployed", "JANE.DOE@MET.POLICE.UK",
                                                "\"\xC2\xA3" "1,234.50\"") +
                                       snipeRow("MPS-0003", "R58N0003", "Deployed", "who.is.this@met.police.uk"));
    auto r = run("manager", {"device", "import", file, "--format", "snipeit"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    noLeaks(r.err);
    EXPECT_THAT(r.out, HasSubstr("Imported 3 of 3 device rows."));
    EXPECT_THAT(r.out, HasSubstr("1 checked out there issued to their holders."));
    EXPECT_THAT(r.out, Not(HasSubstr("refused")));
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    // The unknown holder is named on stderr, with its line; unused columns are listed.
    EXPECT_THAT(r.err, HasSubstr("qmctl: line 4: MPS-0003 is in stock, not issued"));
    EXPECT_THAT(r.err, HasSubstr("who.is.this@met.police.uk"));
    EXPECT_THAT(r.err, HasSubstr("column 'Company' is not used"));
    EXPECT_THAT(r.err, HasSubstr("created device model Samsung Galaxy A54 5G"));

    db::Database owner(as("owner"));
    long long devices = -1, open = -1, cost = -1;
    std::string holder, warranty, model;
    owner.sql() << "select count(*) from device", soci::into(devices);
    owner.sql() << "select count(*) from custody where returned_at is null", soci::into(open);
    owner.sql() << "select p.staff_no from custody c join device d on d.id = c.device_id join person p on"
                   " p.id = c.person_id where d.asset_tag = 'MPS-0002' and c.returned_at is null",
        soci::into(holder);
    owner.sql() << "select cost_pence, warranty_until::text from device where asset_tag = 'MPS-0002'", soci::into(cost),
        soci::into(warranty);
    owner.sql() << "select m.manufacturer || '|' || m.model from device d join device_model m on m.id = d.model_id"
                   " where d.asset_tag = 'MPS-0001'",
        soci::into(model);
    EXPECT_EQ(devices, 3);
    EXPECT_EQ(open, 1);
    EXPECT_EQ(holder, "MP1234");
    EXPECT_EQ(cost, 123450);
    EXPECT_EQ(warranty, "2023-02-28");
    EXPECT_EQ(model, "Samsung|Galaxy A54 5G");

    auto show = run("agent", {"device", "show", "MPS-0001"});
    EXPECT_EQ(show.exitCode, 0) << show.err;
    EXPECT_THAT(show.out, HasSubstr("Central West"));
}

TEST_F(CliImportFormat, SnipeItRowsWithStatusesANewDeviceCannotTakeAreRefusedByLine) {
    const std::string file = writeFile(kSnipeItHeader + snipeRow("MPS-0101", "R58N0101", "Ready to Deploy") +
                                       snipeRow("MPS-0102", "R58N0102", "Archived") +
                                       snipeRow("MPS-0103", "R58N0103", "Out for Repair"));
    auto r = run("manager", {"device", "import", file, "--format", "Snipe-IT"});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    noLeaks(r.err);
    EXPECT_THAT(r.err, HasSubstr("qmctl: line 3, status: "));
    EXPECT_THAT(r.err, HasSubstr("Archived"));
    EXPECT_THAT(r.out, HasSubstr("Imported 2 of 3 device rows."));
    EXPECT_THAT(r.out, HasSubstr("1 row(s) refused."));
    auto repair = run("agent", {"--format", "json", "device", "show", "MPS-0103"});
    EXPECT_EQ(repair.exitCode, 0) << repair.err;
    EXPECT_THAT(lowered(repair.out), HasSubstr("repair"));
}

TEST_F(CliImportFormat, IntuneFileImportsWithTagsFromDeviceNamesOrSerials) {
    addJane();
    const std::string file =
        writeFile("Device name,Serial number,Manufacturer,Model,Primary user UPN,OS\n"
                  "mps-0201,F2LX0201,Apple,iPhone 15,jane.doe@met.police.uk,iOS\n"
                  "Jane's spare,R58N0202,Samsung,Galaxy A54 5G,,Android\n");
    auto r = run("manager", {"device", "import", file, "--format", "INTUNE"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Imported 2 of 2 device rows. 1 checked out there issued to their holders."));
    EXPECT_THAT(r.err, HasSubstr("column 'OS' is not used"));
    EXPECT_EQ(run("agent", {"device", "show", "MPS-0201"}).exitCode, 0);
    auto bySerial = run("agent", {"device", "show", "R58N0202"});
    EXPECT_EQ(bySerial.exitCode, 0) << bySerial.err;
    EXPECT_THAT(bySerial.out, HasSubstr("R58N0202"));
    auto history = run("agent", {"history", "MPS-0201"});
    EXPECT_EQ(history.exitCode, 0) << history.err;
    EXPECT_THAT(history.out, HasSubstr("MP1234"));
}

TEST_F(CliImportFormat, UnknownFormatIsAOneLineErrorNamingTheFormats) {
    const std::string file = writeFile(kSnipeItHeader + snipeRow("MPS-0301", "R58N0301", "Ready to Deploy"));
    auto r = run("manager", {"device", "import", file, "--format", "bogus"});
    expectOneLineError(r, 3, {"bogus", "native", "snipeit", "intune"});
    r = run("manager", {"device", "import", file, "--format=csv"});
    expectOneLineError(r, 3, {"csv", "native", "snipeit", "intune"});
    db::Database owner(as("owner"));
    long long devices = -1;
    owner.sql() << "select count(*) from device", soci::into(devices);
    EXPECT_EQ(devices, 0);
}

TEST_F(CliImportFormat, PersonImportFullRefusesTooManyLeaversAndChangesNothing) {
    addPhonesAndPeople("MQ", 0, 12);  // 12 active: at most 10 may leave by default
    const std::string feed = partialFeed();
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--max-leavers", "10"}}) {
        std::vector<std::string> args{"person", "import", feed, "--full"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run("manager", args);
        EXPECT_EQ(r.exitCode, 3) << r.err;
        noLeaks(r.err);
        EXPECT_TRUE(r.out.empty()) << r.out;
        const std::string last = lastLine(r.err);
        EXPECT_THAT(last, StartsWith("qmctl: "));
        EXPECT_THAT(last, HasSubstr("11"));
        EXPECT_THAT(last, HasSubstr("--max-leavers"));
        EXPECT_EQ(scalar("select count(*) from person where active"), 12);
        EXPECT_EQ(text("select name from person where staff_no = 'MQ0001'"), "Officer 1");
    }
}

TEST_F(CliImportFormat, PersonImportFullWithMaxLeaversThenLeaversReport) {
    addPhonesAndPeople("MQ", 2, 12);  // devices MQ-1, MQ-2 and people MQ0001..MQ0012
    auto issue = run("agent", {"issue", "MQ-1", "--to", "MQ0005"});
    ASSERT_EQ(issue.exitCode, 0) << issue.err;

    auto r = run("manager", {"person", "import", partialFeed(), "--full", "--max-leavers", "11"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    noLeaks(r.err);
    EXPECT_THAT(r.out, HasSubstr("11 not in the file marked as leavers."));
    EXPECT_THAT(r.out, HasSubstr("1 already there brought up to date."));
    EXPECT_EQ(scalar("select count(*) from person where active"), 1);
    EXPECT_EQ(scalar("select count(*) from person where not active and left_on = current_date"), 11);
    EXPECT_EQ(text("select name from person where staff_no = 'MQ0001'"), "Officer One Renamed");

    auto report = run("viewer", {"--format", "csv", "report", "leavers"});
    EXPECT_EQ(report.exitCode, 0) << report.err;
    std::istringstream in(report.out);
    services::CsvReader reader(in);
    services::CsvRecord rec;
    ASSERT_TRUE(reader.next(rec)) << report.out;
    EXPECT_THAT(rec.fields, ::testing::ElementsAre("staff_no", "name", "left_on", "asset_tag", "model", "issued_on"));
    std::vector<std::vector<std::string>> rows;
    while (reader.next(rec)) rows.push_back(rec.fields);
    ASSERT_EQ(rows.size(), 1u) << report.out;  // only the leaver still holding a device
    EXPECT_EQ(rows[0][0], "MQ0005");
    EXPECT_EQ(rows[0][1], "Officer 5");
    EXPECT_EQ(rows[0][2], text("select current_date::text"));
    EXPECT_EQ(rows[0][3], "MQ-1");

    // The table form names the leaver too.
    auto table = run("viewer", {"report", "leavers"});
    EXPECT_EQ(table.exitCode, 0) << table.err;
    EXPECT_THAT(table.out, HasSubstr("MQ0005"));
    EXPECT_THAT(table.out, HasSubstr("MQ-1"));
}

TEST_F(CliImportFormat, PersonImportUpdateCountsWhoWasBroughtUpToDate) {
    addJane();
    const std::string feed = writeFile("staff_no,name,email\nMP1234,Jane Okafor,jane.okafor@met.police.uk\n"
                                       "MP5000,New Starter,new.starter@met.police.uk\n");
    auto r = run("manager", {"person", "import", feed, "--update"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Imported 1 of 2 person rows. 1 already there brought up to date."));
    EXPECT_EQ(text("select email from person where staff_no = 'MP1234'"), "jane.okafor@met.police.uk");
    EXPECT_EQ(scalar("select count(*) from person"), 2);
}

}  // namespace
}  // namespace qm::test
