// qmctl device import / person import end to end: good rows land, each bad row is reported by
// line (and written to --rejects with a reason), --dry-run and --strict write nothing, and the
// file's quirks (quoted commas and newlines, CRLF, a UTF-8 BOM, any column order) are read.
#include "db/database.hpp"
#include "services/import/csv.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;


// Valid IMEIs; kBadLuhn is kImei[0] with its check digit off by one.
constexpr const char* kImei[] = {"353918050000013", "353918050000021", "353918050000039", "353918050000047",
                                 "353918050000054", "353918050000062"};
constexpr const char* kBadLuhn = "353918050000014";

class CliImport : public RegisterTest {
protected:
    void TearDown() override {
        for (const auto& f : files_) std::remove(f.c_str());
    }
    std::string writeFile(const std::string& content, const std::string& stem = "import") {
        std::string path = tempPath(stem);
        std::ofstream(path, std::ios::binary) << content;
        files_.push_back(path);
        return path;
    }
    std::string newPath(const std::string& stem) {
        std::string path = tempPath(stem);
        files_.push_back(path);
        return path;
    }
    long long count(const std::string& table) {
        db::Database owner(as("owner"));
        long long n = -1;
        owner.sql() << "select count(*) from " + table, soci::into(n);
        return n;
    }
    std::string column(const std::string& sql, const std::string& key) {
        db::Database owner(as("owner"));
        std::string value;
        soci::indicator ind = soci::i_ok;
        owner.sql() << sql, soci::use(key), soci::into(value, ind);
        if (!owner.sql().got_data()) return "<no row>";
        return ind == soci::i_null ? "<null>" : value;
    }
    ProcessResult import(const std::string& noun, const std::vector<std::string>& options) {
        std::vector<std::string> args{"--db", as("manager"), noun, "import"};
        args.insert(args.end(), options.begin(), options.end());
        return qmctl(args);
    }
    // The register already holds serial R58N12ABC (asset tag QM-0001).
    void addExisting() {
        auto r = qmctl({"--db", as("manager"), "device", "add", "--asset-tag", "QM-0001", "--serial", "R58N12ABC",
                        "--model", "Samsung Galaxy A54 5G"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    // Two good rows (lines 2 and 10) around one of each kind of bad row.
    std::string mixedFile() {
        return writeFile(std::string("asset_tag,serial,imei,model,purchased_on,cost_pence\n") +
                         "QM-1001,SER-1001," + kImei[1] + ",Samsung Galaxy A54 5G,2023-03-01,34900\n" +  // 2 ok
                         "QM-1002,SER-1002," + kBadLuhn + ",Samsung Galaxy A54 5G,,\n" +                 // 3 Luhn
                         "QM-1003,r58n12abc,,Samsung Galaxy A54 5G,,\n" +                                // 4 dup serial
                         "QM-1004,SER-1004,,Samsung Galaxy A54 5G,2023-02-30,\n" +                       // 5 date
                         "QM-1005,SER-1005,35391805000,Samsung Galaxy A54 5G,,\n" +                      // 6 short
                         ",SER-1006,,Samsung Galaxy A54 5G,,\n" +                                        // 7 no tag
                         "QM-1007,SER-1007,Samsung Galaxy A54 5G\n" +                                    // 8 short row
                         "QM-1008,SER-1008,,Samsung Galaxy A54 5G,,abc\n" +                              // 9 cost
                         "QM-1009,SER-1009," + kImei[2] + ",Apple iPhone 14,,\n");                       // 10 ok
    }
    std::vector<std::string> files_;
};

struct Expected {
    int line;
    std::string mention;
};
const std::vector<Expected> kMixedRejects = {{3, "Luhn"},          {4, "R58N12ABC"},   {5, "does not exist"},
                                             {6, "too short"},     {7, "Asset tag is missing"},
                                             {8, "has 3 fields"},  {9, "whole number of pence"}};

TEST_F(CliImport, ValidRowsLandAndEachBadRowIsReportedByLine) {
    addExisting();
    auto r = import("device", {mixedFile()});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    noLeaks(r.err);
    EXPECT_EQ(count("device"), 3);  // the existing one + lines 2 and 10
    for (const auto& e : kMixedRejects) {
        std::string prefix = "qmctl: line " + std::to_string(e.line);
        auto at = r.err.find(prefix + ":");
        if (at == std::string::npos) at = r.err.find(prefix + ",");
        ASSERT_NE(at, std::string::npos) << "no report for line " << e.line << ":\n" << r.err;
        std::string reportLine = r.err.substr(at, r.err.find('\n', at) - at);
        EXPECT_THAT(reportLine, HasSubstr(e.mention)) << "line " << e.line;
    }
    for (int good : {2, 10}) EXPECT_THAT(r.err, Not(HasSubstr("line " + std::to_string(good) + ":")));
    EXPECT_THAT(r.out, HasSubstr("Imported 2 of 9 device rows"));
    EXPECT_THAT(r.out, HasSubstr("7 row(s) refused"));
    EXPECT_EQ(qmctl({"--db", as("agent"), "device", "show", kImei[1]}).exitCode, 0);
    EXPECT_EQ(qmctl({"--db", as("agent"), "device", "show", "QM-1009"}).exitCode, 0);
    EXPECT_EQ(column("select purchased_on::text from device where asset_tag = :k", "QM-1001"), "2023-03-01");
    EXPECT_EQ(column("select cost_pence::text from device where asset_tag = :k", "QM-1001"), "34900");
    for (const char* refused : {"QM-1002", "QM-1003", "QM-1004", "QM-1005", "SER-1006", "QM-1007", "QM-1008"})
        EXPECT_EQ(qmctl({"--db", as("agent"), "device", "show", refused}).exitCode, 3) << refused;
    // The existing device still has its own asset tag.
    EXPECT_EQ(column("select asset_tag from device where serial = :k", "R58N12ABC"), "QM-0001");
}

TEST_F(CliImport, RejectsFileHoldsTheOriginalRowsAndAReason) {
    addExisting();
    const std::string input = mixedFile();
    const std::string out = newPath("rejects");
    auto r = import("device", {input, "--rejects", out});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.out, HasSubstr(out));

    std::ifstream in(out, std::ios::binary);
    ASSERT_TRUE(in) << out;
    services::CsvReader reader(in);
    services::CsvRecord rec;
    ASSERT_TRUE(reader.next(rec));
    EXPECT_THAT(rec.fields, ::testing::ElementsAre("asset_tag", "serial", "imei", "model", "purchased_on",
                                                   "cost_pence", "reason"));
    std::vector<services::CsvRecord> rows;
    while (reader.next(rec)) rows.push_back(rec);
    ASSERT_EQ(rows.size(), kMixedRejects.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        SCOPED_TRACE("reject " + std::to_string(i));
        ASSERT_EQ(rows[i].fields.size(), 7u);
        EXPECT_THAT(rows[i].fields[6], StartsWith("line " + std::to_string(kMixedRejects[i].line)));
        EXPECT_THAT(rows[i].fields[6], HasSubstr(kMixedRejects[i].mention));
    }
    // Original values, as written in the file (not normalised).
    EXPECT_THAT(rows[0].fields, ::testing::ElementsAre("QM-1002", "SER-1002", kBadLuhn, "Samsung Galaxy A54 5G", "",
                                                       "", ::testing::_));
    EXPECT_EQ(rows[1].fields[1], "r58n12abc");
    EXPECT_EQ(rows[3].fields[2], "35391805000");
    EXPECT_EQ(rows[4].fields[0], "");
    EXPECT_EQ(rows[5].fields[0], "QM-1007");  // the short row, padded so the reason lines up
    EXPECT_EQ(rows[5].fields[2], "Samsung Galaxy A54 5G");
    EXPECT_EQ(rows[6].fields[5], "abc");
}

TEST_F(CliImport, DryRunWritesNothingAndSaysSo) {
    addExisting();
    auto r = import("device", {mixedFile(), "--dry-run"});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Dry run"));
    EXPECT_THAT(r.out, HasSubstr("2 of 9"));
    EXPECT_THAT(r.out, HasSubstr("nothing was written"));
    EXPECT_EQ(count("device"), 1);
    EXPECT_EQ(count("device_model"), 1) << "a dry run must not leave new device models behind";

    auto clean = writeFile(std::string("asset_tag,serial,model\nQM-2001,SER-2001,Google Pixel 8\n"));
    r = import("device", {clean, "--dry-run"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("nothing was written"));
    EXPECT_EQ(count("device"), 1);
    EXPECT_EQ(count("device_model"), 1);
}

TEST_F(CliImport, StrictWritesNothingWhenAnyRowIsBad) {
    addExisting();
    auto r = import("device", {mixedFile(), "--strict"});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.out, HasSubstr("nothing was written"));
    EXPECT_THAT(r.err, HasSubstr("line 3"));
    EXPECT_EQ(count("device"), 1);
    EXPECT_EQ(count("device_model"), 1);

    auto clean = writeFile(std::string("asset_tag,serial,model\nQM-2001,SER-2001,Google Pixel 8\n"));
    r = import("device", {clean, "--strict"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(count("device"), 2);
}

TEST_F(CliImport, AllValidImportExitsZero) {
    auto file = writeFile(std::string("asset_tag,serial,imei,imei2,model,unit,warranty_until\n") +
                          "QM-3001,SER-3001," + kImei[0] + "," + kImei[1] + ",Samsung Galaxy A54 5G,Central West,\n" +
                          "QM-3002,SER-3002," + kImei[2] + ",,Apple iPhone 14,Central West,2026-01-31\n" +
                          "QM-3003,SER-3003,,,Samsung Galaxy Tab A9,,\n");
    auto r = import("device", {file});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    noLeaks(r.err);
    EXPECT_THAT(r.out, HasSubstr("Imported 3 of 3 device rows"));
    EXPECT_THAT(r.out, Not(HasSubstr("refused")));
    EXPECT_EQ(count("device"), 3);
    EXPECT_EQ(count("device_model"), 3);
    EXPECT_EQ(count("command_unit"), 1);
    EXPECT_THAT(r.err, HasSubstr("created command unit Central West"));
    // The second IMEI finds the device too.
    auto s = qmctl({"--db", as("agent"), "device", "show", kImei[1]});
    EXPECT_EQ(s.exitCode, 0) << s.err;
    EXPECT_THAT(s.out, HasSubstr("QM-3001"));
}

TEST_F(CliImport, QuotedFieldsCrlfBomAndReorderedColumns) {
    // BOM, CRLF, columns in another order, a quoted comma, a quoted newline, a doubled quote;
    // then a bad row whose line number must count the embedded newline.
    auto file = writeFile(std::string("\xEF\xBB\xBF") + "Model,Notes,Serial,Asset Tag\r\n" +
                          "\"Samsung Galaxy A54 5G\",\"Cracked screen, replaced\r\nsecond line\",SER-4001,QM-4001\r\n" +
                          "Apple iPhone 14,\"Said \"\"lost\"\", then found\",SER-4002,QM-4002\r\n" +
                          "Apple iPhone 14,,SER#4003,QM-4003\r\n");
    auto r = import("device", {file});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("line 5, serial:")) << "the embedded newline makes the bad row line 5";
    EXPECT_THAT(r.err, Not(HasSubstr("is not used"))) << "the BOM must not spoil the first column's name";
    EXPECT_EQ(count("device"), 2);
    // The quoted CRLF is kept as a line break, stored as a plain line feed.
    EXPECT_EQ(column("select notes from device where asset_tag = :k", "QM-4001"), "Cracked screen, replaced\nsecond line");
    EXPECT_EQ(column("select notes from device where asset_tag = :k", "QM-4002"), "Said \"lost\", then found");
    EXPECT_EQ(column("select serial from device where asset_tag = :k", "QM-4001"), "SER-4001");
    EXPECT_EQ(column("select m.manufacturer || '|' || m.model from device d join device_model m on m.id = d.model_id"
                     " where d.asset_tag = :k",
                     "QM-4001"),
              "Samsung|Galaxy A54 5G");
}

TEST_F(CliImport, DuplicatesWithinTheFileAreRefused) {
    auto file = writeFile(std::string("asset_tag,serial,imei,model\n") +
                          "QM-5001,SER-5001," + kImei[3] + ",Google Pixel 8\n" +
                          "QM-5002,SER-5001,,Google Pixel 8\n" +            // serial again
                          "QM-5003,SER-5003," + kImei[3] + ",Google Pixel 8\n");  // IMEI again
    auto r = import("device", {file});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("line 3"));
    EXPECT_THAT(r.err, HasSubstr("line 4"));
    EXPECT_THAT(r.err, HasSubstr("first on line 2"));
    EXPECT_EQ(count("device"), 1);
}

TEST_F(CliImport, MissingFileIsInvalidInput) {
    const std::string path = ::testing::TempDir() + "/qm-no-such-file-" + std::to_string(::getpid()) + ".csv";
    auto r = import("device", {path});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr(path));
    noLeaks(r.err);
    r = import("person", {path});
    EXPECT_EQ(r.exitCode, 3) << r.err;
}

TEST_F(CliImport, UnterminatedQuoteIsInvalidAndWritesNothing) {
    // Two good rows first: they must not land once the file turns out to be broken.
    auto file = writeFile(std::string("asset_tag,serial,model,notes\n") + "QM-6001,SER-6001,Google Pixel 8,ok\n" +
                          "QM-6002,SER-6002,Google Pixel 8,fine\n" +
                          "QM-6003,SER-6003,Google Pixel 8,\"never closed\nQM-6004,SER-6004,Google Pixel 8,x\n");
    auto r = import("device", {file});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("Line 4"));
    EXPECT_THAT(r.err, HasSubstr("not closed"));
    noLeaks(r.err);
    EXPECT_EQ(count("device"), 0);
    EXPECT_EQ(count("device_model"), 0);
}

TEST_F(CliImport, MissingRequiredColumnIsInvalid) {
    auto file = writeFile("asset_tag,imei\nQM-7001,\n");
    auto r = import("device", {file});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("serial"));
    EXPECT_THAT(r.err, HasSubstr("model"));
    EXPECT_EQ(count("device"), 0);
}

TEST_F(CliImport, OnlyManagersMayImport) {
    auto file = writeFile("asset_tag,serial,model\nQM-8001,SER-8001,Google Pixel 8\n");
    auto r = qmctl({"--db", as("agent"), "device", "import", file});
    EXPECT_EQ(r.exitCode, 5) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(count("device"), 0);
}

TEST_F(CliImport, PersonImportKeepsNamesExactly) {
    const std::vector<std::pair<std::string, std::string>> people = {
        {"P1001", "Siobhan O'Brien"}, {"P1002", "Zoë Smith"}, {"P1003", "Jan Łukasiewicz"}, {"P1004", "李"}};
    std::string csv = "staff_no,name,rank,unit,email\r\n";
    for (const auto& [no, name] : people)
        csv += no + "," + name + ",PC,Central West," + "x" + no + "@police.example\r\n";
    csv += "P1005,\"Smith, John\",Sgt,,\r\n";        // comma in a quoted name
    csv += "P1001,Someone Else,PC,,\r\n";            // line 7: staff number again
    csv += "P1007,,PC,,\r\n";                        // line 8: no name
    csv += "X,Short Number,PC,,\r\n";                // line 9: staff number too short
    auto rejects = newPath("person-rejects");
    auto r = import("person", {writeFile(std::string("\xEF\xBB\xBF") + csv), "--rejects", rejects});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    noLeaks(r.err);
    for (int line : {7, 8, 9}) EXPECT_THAT(r.err, HasSubstr("line " + std::to_string(line))) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Imported 5 of 8 person rows"));
    EXPECT_EQ(count("person"), 5);
    for (const auto& [no, name] : people)
        EXPECT_EQ(column("select name from person where staff_no = :k", no), name) << no;
    EXPECT_EQ(column("select name from person where staff_no = :k", "P1005"), "Smith, John");
    EXPECT_EQ(column("select u.name from person p join command_unit u on u.id = p.unit_id where p.staff_no = :k",
                     "P1002"),
              "Central West");

    std::ifstream in(rejects, std::ios::binary);
    services::CsvReader reader(in);
    services::CsvRecord rec;
    ASSERT_TRUE(reader.next(rec));
    EXPECT_EQ(rec.fields.back(), "reason");
    std::size_t n = 0;
    while (reader.next(rec)) ++n;
    EXPECT_EQ(n, 3u);

    // Dry run and strict write nothing.
    auto more = writeFile("staff_no,name\nP2001,Ada Lovelace\nP2002,\n");
    r = import("person", {more, "--dry-run"});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.out, HasSubstr("nothing was written"));
    r = import("person", {more, "--strict"});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_EQ(count("person"), 5);
}

// An unwritable --rejects path must be found out before anything is imported: otherwise the
// rows land, the summary is never printed and the only message says the import failed.
// (Fails today: finishImport opens the file after the import has committed; see the report.)
TEST_F(CliImport, UnwritableRejectsPathWritesNothing) {
    auto file = writeFile("asset_tag,serial,model\nQM-9001,SER-9001,Google Pixel 8\nQM-9002,,Google Pixel 8\n");
    const std::string out = ::testing::TempDir() + "/qm-no-such-dir-" + std::to_string(::getpid()) + "/rejects.csv";
    auto r = import("device", {file, "--rejects", out});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("rejects"));
    EXPECT_EQ(count("device"), 0) << "stdout: " << r.out << "\nstderr: " << r.err;
}

// Messages say "Staff number", the word the desk uses (as for every other field), not the
// column's machine name. (Fails while fieldLabel() lacks "staff_no": see the report.)
TEST_F(CliImport, PersonRejectsSayStaffNumber) {
    auto file = writeFile("staff_no,name\nP3001,Ada Lovelace\nP3001,Ada Again\nX,Too Short\n");
    auto r = import("person", {file});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr("line 3, staff_no: Staff number P3001 appears twice"));
    EXPECT_THAT(r.err, HasSubstr("line 4, staff_no: Staff number 'X' is too short"));
    EXPECT_EQ(count("person"), 1);
}

}  // namespace
}  // namespace qm::test
