// qmctl search end to end (DESIGN.md §8): queries as words or one argument, CSV and JSON output,
// errors that point at the bad token as one line with exit 3, exports that a spreadsheet cannot
// run (formula cells neutralised, an optional BOM, a file written beside its name and renamed
// into place), saved searches shared between two logins, the scan of an asset tag, and counts.
#include "db/database.hpp"
#include "services/custody/custody.hpp"
#include "services/import/csv.hpp"
#include "services/register/register.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/raw_sql.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using Tags = std::set<std::string>;

// Holder names a spreadsheet would run as formulas if written as they are.
const std::string kFormulaEquals = "=HYPERLINK(\"http://evil.example/\";\"Click\")";
const std::string kFormulaPlus = "+cmd|' /C calc'!A0";
const std::string kFormulaAt = "@SUM(1+1)*cmd|' /C calc'!A0";
const std::string kFormulaMinus = "-2+3+cmd|' /C calc'!A0";

// Parsed CSV output: the header and the rows, cells as a spreadsheet would read them.
struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    std::string cell(std::size_t row, const std::string& column) const {
        auto at = std::find(header.begin(), header.end(), column);
        if (at == header.end() || row >= rows.size()) return "<no such cell>";
        const auto i = static_cast<std::size_t>(at - header.begin());
        return i < rows[row].size() ? rows[row][i] : "<short row>";
    }
    // The row whose asset_tag is `tag`, or rows.size().
    std::size_t find(const std::string& tag) const {
        for (std::size_t r = 0; r < rows.size(); ++r)
            if (cell(r, "asset_tag") == tag) return r;
        return rows.size();
    }
    Tags tags() const {
        Tags out;
        for (std::size_t r = 0; r < rows.size(); ++r) EXPECT_TRUE(out.insert(cell(r, "asset_tag")).second);
        return out;
    }
};

Csv parseCsv(const std::string& text) {
    std::istringstream in(text);
    services::CsvReader reader(in);
    services::CsvRecord record;
    Csv csv;
    if (reader.next(record)) csv.header = record.fields;
    while (reader.next(record)) csv.rows.push_back(record.fields);
    return csv;
}

// Asset tags in qmctl's JSON output, in order (each record is {"asset_tag":"...",...}).
std::vector<std::string> jsonTags(const std::string& json) {
    std::vector<std::string> tags;
    const std::string key = "\"asset_tag\":\"";
    for (auto at = json.find(key); at != std::string::npos; at = json.find(key, at + 1)) {
        const auto start = at + key.size();
        tags.push_back(json.substr(start, json.find('"', start) - start));
    }
    return tags;
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class CliSearch : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        {
            db::Database owner(as("owner"));
            owner.execScript("insert into command_unit (name, code) values ('Central West', 'AW'), ('North East', 'KN')");
        }
        auto manager = session("manager");
        auto agent = session("agent");
        auto person = [&](const std::string& staffNo, const std::string& name) {
            services::PersonInput p;
            p.staffNo = staffNo;
            p.name = name;
            services::addPerson(*manager, p);
        };
        auto device = [&](const std::string& tag, const std::string& serial, const std::string& model,
                          const std::string& phone, const std::string& unit) {
            services::DeviceInput in;
            in.assetTag = tag;
            in.serial = serial;
            in.model = model;
            in.phone = phone;
            in.unit = unit;
            services::addDevice(*manager, in);
        };
        auto issue = [&](const std::string& tag, const std::string& staffNo) {
            services::IssueRequest r;
            r.device = tag;
            r.staffNo = staffNo;
            services::issueDevice(*agent, r);
        };
        person("210001", "Zoë Łukasiewicz");
        person("210002", "Siân Jones");
        person("FX0001", kFormulaEquals);
        person("FX0002", kFormulaPlus);
        person("FX0003", kFormulaAt);
        person("FX0004", kFormulaMinus);
        device("QM-0001", "R58N00001", "Samsung Galaxy A54 5G", "07700 900101", "Central West");
        device("QM-0002", "R58N00002", "Samsung Galaxy A54 5G", "07700 900102", "Central West");
        device("QM-0003", "F2LX00003", "Apple iPhone 14", "", "North East");
        device("QM-0004", "F2LX00004", "Apple iPhone 14", "", "KN");
        device("QM-0005", "F2LX00005", "Apple iPhone 14", "", "");
        device("QM-0006", "R58N00006", "Samsung Galaxy A54 5G", "", "North East");
        device("QM-0007", "R58N00007", "Samsung Galaxy A54 5G", "", "Central West");
        device("QM-0008", "F2LX00008", "Apple iPhone 14", "", "Central West");
        device("TAB-0001", "R52T00001", "Samsung Galaxy Tab S9", "", "Central West");
        issue("QM-0001", "210001");
        issue("QM-0002", "FX0001");
        issue("QM-0003", "FX0002");
        issue("QM-0004", "FX0003");
        issue("QM-0005", "FX0004");
        issue("QM-0008", "210002");
        services::placeHold(*manager, "QM-0007", "Op Trident exhibit");
        ASSERT_EQ(scalar("select count(*) from custody where returned_at is null"), 6);

        char dir[] = "/tmp/qm-cli-search-XXXXXX";
        ASSERT_NE(::mkdtemp(dir), nullptr);
        dir_ = dir;
    }
    void TearDown() override {
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }

    ProcessResult search(const std::string& role, const std::string& format, const std::vector<std::string>& args) {
        std::vector<std::string> argv{"--db", as(role), "--format", format, "search"};
        argv.insert(argv.end(), args.begin(), args.end());
        return qmctl(argv);
    }
    // A search that must succeed, as CSV.
    Csv csv(const std::string& role, const std::vector<std::string>& args) {
        auto r = search(role, "csv", args);
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return parseCsv(r.out);
    }

    std::filesystem::path dir_;
};

TEST_F(CliSearch, QueryPrintsTheMatchingDevicesInCsvAndJson) {
    // The shell took the quotes off unit:"Central West": qmctl puts them back.
    Csv c = csv("viewer", {"status:issued", "unit:Central West"});
    EXPECT_EQ(c.header.size(), 16u);
    EXPECT_EQ(c.header.front(), "asset_tag");
    EXPECT_EQ(c.tags(), (Tags{"QM-0001", "QM-0002", "QM-0008"}));
    const auto zoe = c.find("QM-0001");
    ASSERT_LT(zoe, c.rows.size());
    EXPECT_EQ(c.cell(zoe, "holder"), "Zoë Łukasiewicz");
    EXPECT_EQ(c.cell(zoe, "staff_no"), "210001");
    EXPECT_EQ(c.cell(zoe, "status"), "issued");
    EXPECT_EQ(c.cell(zoe, "unit"), "Central West");
    EXPECT_EQ(c.cell(zoe, "model"), "Samsung Galaxy A54 5G");
    EXPECT_EQ(c.cell(zoe, "legal_hold"), "no");

    // The same query as one argument, as typed in the console.
    EXPECT_EQ(csv("viewer", {"status:issued unit:\"Central West\""}).tags(), (Tags{"QM-0001", "QM-0002", "QM-0008"}));
    // Sorted: the rows come in the order asked for.
    Csv sorted = csv("viewer", {"--sort", "-tag", "kind:phone", "-status:issued"});
    ASSERT_EQ(sorted.rows.size(), 2u);
    EXPECT_EQ(sorted.cell(0, "asset_tag"), "QM-0007");
    EXPECT_EQ(sorted.cell(1, "asset_tag"), "QM-0006");
    // Accents and case do not matter; negation and OR work from the command line too.
    EXPECT_EQ(csv("viewer", {"LUKASIEWICZ OR sian"}).tags(), (Tags{"QM-0001", "QM-0008"}));
    EXPECT_EQ(csv("viewer", {"-unit:Central West", "maker:apple"}).tags(), (Tags{"QM-0003", "QM-0004", "QM-0005"}));
    EXPECT_EQ(csv("viewer", {"holder:jones"}).tags(), Tags{"QM-0008"});
    EXPECT_EQ(csv("viewer", {"staff:FX0003"}).tags(), Tags{"QM-0004"});
    EXPECT_EQ(csv("viewer", {"--columns", "asset_tag,unit", "unit:kn"}).header, (std::vector<std::string>{"asset_tag", "unit"}));

    auto json = search("viewer", "json", {"status:issued", "unit:Central West", "--sort", "tag"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    EXPECT_THAT(json.out, StartsWith("["));
    EXPECT_THAT(json.out, ::testing::EndsWith("]\n"));
    EXPECT_EQ(jsonTags(json.out), (std::vector<std::string>{"QM-0001", "QM-0002", "QM-0008"}));
    EXPECT_THAT(json.out, HasSubstr("\"holder\":\"Zoë Łukasiewicz\""));
    EXPECT_THAT(json.out, HasSubstr("\"phone\":\"+447700900101\""));
    EXPECT_THAT(json.out, HasSubstr("\"staff_no\":\"210002\""));

    // Nothing found is an empty list, not an error.
    auto none = search("viewer", "json", {"nothing-like-this"});
    EXPECT_EQ(none.exitCode, 0) << none.err;
    EXPECT_EQ(none.out, "[]\n");
    // The table says how many of how many.
    auto table = search("viewer", "table", {"--limit", "2", "galaxy"});
    EXPECT_EQ(table.exitCode, 0) << table.err;
    EXPECT_THAT(table.err, HasSubstr("2 of 5 devices"));
    EXPECT_THAT(table.err, HasSubstr("--limit N or --all for more"));
    EXPECT_EQ(csv("viewer", {"--limit", "2", "galaxy"}).rows.size(), 2u);
    EXPECT_EQ(csv("viewer", {"--all", "--limit", "1", "galaxy"}).rows.size(), 5u);
    EXPECT_EQ(csv("viewer", {}).rows.size(), 9u);  // no query: every device
}

TEST_F(CliSearch, BadQueriesAndSortsAreOneLineErrorsWithExit3) {
    auto r = search("viewer", "table", {"colour:red"});
    expectOneLineError(r, 3, {"colour", "position 1"});
    r = search("viewer", "csv", {"galaxy", "colour:red"});
    expectOneLineError(r, 3, {"colour", "position 8"});
    r = search("viewer", "csv", {"holder:\"smith"});
    expectOneLineError(r, 3, {"quote", "position 8"});
    r = search("viewer", "json", {"status:broken"});
    expectOneLineError(r, 3, {"broken", "position 8"});
    r = search("viewer", "table", {"warranty<2026-02-30"});
    expectOneLineError(r, 3, {"position 10"});
    r = search("viewer", "csv", {"(galaxy"});
    expectOneLineError(r, 3, {"position 1"});
    r = search("viewer", "csv", {"galaxy\x01"});
    expectOneLineError(r, 3, {"control character"});
    r = search("viewer", "csv", {"--sort", "colour", "galaxy"});
    expectOneLineError(r, 3, {"colour", "warranty"});
    r = search("viewer", "csv", {"--columns", "asset_tag,colour", "galaxy"});
    expectOneLineError(r, 3, {"colour"});
    r = search("viewer", "csv", {"--limit", "0", "galaxy"});
    expectOneLineError(r, 3, {"--limit"});
    r = search("viewer", "csv", {"--count", "colour:red"});
    expectOneLineError(r, 3, {"position 1"});
    // Injection attempts are just words that match nothing.
    r = search("viewer", "csv", {"'; drop table device; --"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(parseCsv(r.out).rows.size(), 0u);
    EXPECT_EQ(scalar("select count(*) from device"), 9);
}

TEST_F(CliSearch, CsvExportNeutralisesFormulaCells) {
    Csv c = csv("agent", {"--columns", "asset_tag,holder,phone,staff_no", "status:issued"});
    ASSERT_EQ(c.rows.size(), 6u);
    const std::vector<std::pair<std::string, std::string>> held = {
        {"QM-0002", kFormulaEquals}, {"QM-0003", kFormulaPlus}, {"QM-0004", kFormulaAt}, {"QM-0005", kFormulaMinus}};
    for (const auto& [tag, name] : held) {
        const auto row = c.find(tag);
        ASSERT_LT(row, c.rows.size()) << tag;
        EXPECT_EQ(c.cell(row, "holder"), "'" + name) << tag << ": the cell a spreadsheet reads must start with '";
    }
    // Plain numbers and ordinary names are left alone.
    const auto zoe = c.find("QM-0001");
    ASSERT_LT(zoe, c.rows.size());
    EXPECT_EQ(c.cell(zoe, "holder"), "Zoë Łukasiewicz");
    EXPECT_EQ(c.cell(zoe, "phone"), "+447700900101");
    // No physical line of the file starts a cell with a formula character either.
    std::istringstream lines(search("agent", "csv", {"status:issued"}).out);
    for (std::string line; std::getline(lines, line);) {
        std::stringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');) {
            if (cell.empty()) continue;
            const char first = cell[0] == '"' && cell.size() > 1 ? cell[1] : cell[0];
            if (first == '+' && cell.find_first_not_of("+0123456789\"") == std::string::npos) continue;  // a phone number
            EXPECT_EQ(std::string("=+-@").find(first), std::string::npos) << "formula cell: " << cell << "\nline: " << line;
        }
    }
    // The names are whole in JSON, which no spreadsheet runs.
    auto json = search("agent", "json", {"--columns", "asset_tag,holder", "staff:FX0001"});
    ASSERT_EQ(json.exitCode, 0) << json.err;
    EXPECT_EQ(json.out, "[{\"asset_tag\":\"QM-0002\",\"holder\":\"=HYPERLINK(\\\"http://evil.example/\\\";\\\"Click\\\")\"}]\n");
}

TEST_F(CliSearch, BomAndOutputFile) {
    auto plain = search("viewer", "csv", {"--sort", "tag", "galaxy"});
    ASSERT_EQ(plain.exitCode, 0) << plain.err;
    EXPECT_THAT(plain.out, StartsWith("asset_tag,"));
    auto bom = search("viewer", "csv", {"--bom", "--sort", "tag", "galaxy"});
    ASSERT_EQ(bom.exitCode, 0) << bom.err;
    ASSERT_GE(bom.out.size(), 3u);
    EXPECT_EQ(bom.out.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_EQ(bom.out.substr(3), plain.out);
    // A BOM is for CSV only.
    auto jsonBom = search("viewer", "json", {"--bom", "galaxy"});
    ASSERT_EQ(jsonBom.exitCode, 0) << jsonBom.err;
    EXPECT_THAT(jsonBom.out, StartsWith("["));

    const auto file = dir_ / "galaxy.csv";
    auto out = search("viewer", "csv", {"--output", file.string(), "--bom", "--sort", "tag", "galaxy"});
    ASSERT_EQ(out.exitCode, 0) << out.err;
    EXPECT_EQ(out.out, "");
    EXPECT_THAT(out.err, HasSubstr("wrote 5 devices"));
    EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1) << out.err;
    ASSERT_TRUE(std::filesystem::exists(file));
    EXPECT_EQ(readFile(file), bom.out);
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".part"));
    EXPECT_EQ(parseCsv(readFile(file)).tags().size(), 5u);

    // Writing again replaces the file whole.
    out = search("viewer", "csv", {"--output", file.string(), "--sort", "tag", "kind:tablet"});
    ASSERT_EQ(out.exitCode, 0) << out.err;
    EXPECT_EQ(parseCsv(readFile(file)).tags(), Tags{"TAB-0001"});
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".part"));
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator()), 1);

    // A table is for the terminal, not a file.
    expectOneLineError(search("viewer", "table", {"--output", (dir_ / "table.txt").string(), "galaxy"}), 2,
                       {"--format csv"});
    EXPECT_FALSE(std::filesystem::exists(dir_ / "table.txt"));
    EXPECT_FALSE(std::filesystem::exists(dir_ / "table.txt.part"));

    // Somewhere that cannot be written: a one-line error, and nothing left behind.
    const auto nowhere = dir_ / "missing" / "out.csv";
    auto bad = search("viewer", "csv", {"--output", nowhere.string(), "galaxy"});
    expectOneLineError(bad, 3, {"cannot write"});
    EXPECT_FALSE(std::filesystem::exists(dir_ / "missing"));
}

// A search the parser takes but the database cannot answer: a span reaching back before the
// earliest timestamp there is. Whatever becomes of it (an answer, or a refusal), no half
// document reaches stdout and no half file is left beside or in place of the export.
TEST_F(CliSearch, FailedSearchLeavesNoHalfOutput) {
    for (const std::string format : {"csv", "json"}) {
        SCOPED_TRACE(format);
        auto r = search("viewer", format, {"issued>99999y"});
        if (r.exitCode != 0) {
            EXPECT_EQ(r.out, "") << "a failed search printed part of its output";
            EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
            EXPECT_THAT(r.err, StartsWith("qmctl: "));
        } else {
            EXPECT_EQ(parseCsv(search("viewer", "csv", {"issued>99999y"}).out).rows.size(), 0u);
        }
    }
    const auto file = dir_ / "export.csv";
    { std::ofstream(file) << "the export before\n"; }
    auto r = search("viewer", "csv", {"--output", file.string(), "issued>99999y"});
    EXPECT_FALSE(std::filesystem::exists(file.string() + ".part")) << "exit " << r.exitCode << ": " << r.err;
    if (r.exitCode != 0) {
        EXPECT_EQ(readFile(file), "the export before\n") << "a failed export replaced the file";
    }
    EXPECT_EQ(r.out, "");
}

// The same when the database gives up on a search for a reason that has nothing to do with the
// query: the owner holds the device table (a migration, say) and the desk's lock wait (the
// session's 10 s) runs out. Slow by design: two waits.
TEST_F(CliSearch, ExportThatTimesOutLeavesNoHalfOutput) {
    RawSession owner(as("owner"));
    ASSERT_TRUE(owner.run("begin").ok);
    ASSERT_TRUE(owner.run("lock table device in access exclusive mode").ok);
    const auto file = dir_ / "export.csv";
    { std::ofstream(file) << "the export before\n"; }
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--output", file.string()}}) {
        std::vector<std::string> argv{"--db", as("viewer"), "--format", "csv", "search", "galaxy"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        auto r = qmctl(argv);
        SCOPED_TRACE(extra.empty() ? "to stdout" : "to a file");
        EXPECT_EQ(r.exitCode, 4) << "the search got past the owner's lock: " << r.err;
        EXPECT_EQ(r.out, "") << "a failed search printed part of its output";
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(std::filesystem::exists(file.string() + ".part")) << "a failed export left a half file beside";
        EXPECT_EQ(readFile(file), "the export before\n");
    }
    ASSERT_TRUE(owner.run("rollback").ok);
    auto after = search("viewer", "csv", {"--output", file.string(), "galaxy"});
    EXPECT_EQ(after.exitCode, 0) << after.err;
    EXPECT_EQ(parseCsv(readFile(file)).rows.size(), 5u);
}

TEST_F(CliSearch, SavedSearchSharedByOneLoginRunsForAnother) {
    auto saved = search("agent", "table", {"--save", "Central issued", "--shared", "status:issued", "unit:Central West"});
    ASSERT_EQ(saved.exitCode, 0) << saved.err;
    EXPECT_THAT(saved.err, HasSubstr("saved and shared"));
    EXPECT_EQ(saved.out, "");
    auto personal = search("agent", "table", {"--save", "Agent only", "holder:zoe"});
    ASSERT_EQ(personal.exitCode, 0) << personal.err;

    const Csv direct = csv("agent", {"status:issued", "unit:Central West"});
    EXPECT_EQ(direct.tags(), (Tags{"QM-0001", "QM-0002", "QM-0008"}));
    const Csv viaSaved = csv("manager", {"--saved", "central issued"});
    EXPECT_EQ(viaSaved.tags(), direct.tags());
    EXPECT_EQ(viaSaved.rows, direct.rows);
    // More words narrow a saved search.
    EXPECT_EQ(csv("manager", {"--saved", "Central issued", "phone:07700900101"}).tags(), Tags{"QM-0001"});

    // The manager sees the shared search, not the agent's own one.
    auto list = search("manager", "csv", {"--list-saved"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    Csv l = parseCsv(list.out);
    EXPECT_EQ(l.header, (std::vector<std::string>{"name", "query", "owner", "shared"}));
    ASSERT_EQ(l.rows.size(), 1u) << list.out;
    EXPECT_EQ(l.rows[0], (std::vector<std::string>{"Central issued", "status:issued unit:\"Central West\"", "test_agent", "yes"}));
    auto agentList = parseCsv(search("agent", "csv", {"--list-saved"}).out);
    EXPECT_EQ(agentList.rows.size(), 2u);
    auto table = search("manager", "table", {"--list-saved"});
    EXPECT_EQ(table.exitCode, 0) << table.err;
    EXPECT_THAT(table.out, HasSubstr("Central issued"));
    EXPECT_THAT(table.out, Not(HasSubstr("Agent only")));
    expectOneLineError(search("manager", "csv", {"--saved", "Agent only"}), 3, {"Agent only"});

    // Only its owner may delete it.
    expectOneLineError(search("manager", "table", {"--delete-saved", "Central issued"}), 3, {"Central issued"});
    EXPECT_EQ(csv("viewer", {"--saved", "Central issued"}).tags(), direct.tags());
    auto gone = search("agent", "table", {"--delete-saved", "central issued"});
    EXPECT_EQ(gone.exitCode, 0) << gone.err;
    EXPECT_THAT(gone.err, HasSubstr("deleted"));
    expectOneLineError(search("manager", "csv", {"--saved", "Central issued"}), 3, {"Central issued"});
    EXPECT_EQ(parseCsv(search("manager", "csv", {"--list-saved"}).out).rows.size(), 0u);

    // A bad query is not saved.
    expectOneLineError(search("agent", "table", {"--save", "Broken", "colour:red"}), 3, {"position 1"});
    EXPECT_EQ(scalar("select count(*) from saved_search"), 1);
}

TEST_F(CliSearch, ScannedAssetTagPrintsJustThatDevice) {
    auto r = search("viewer", "csv", {"qm-0004"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    Csv c = parseCsv(r.out);
    ASSERT_EQ(c.rows.size(), 1u) << r.out;
    EXPECT_EQ(c.cell(0, "asset_tag"), "QM-0004");
    auto table = search("viewer", "table", {"QM-0004"});
    ASSERT_EQ(table.exitCode, 0) << table.err;
    EXPECT_EQ(std::count(table.out.begin(), table.out.end(), '\n'), 2) << table.out;  // heading and the device
    EXPECT_THAT(table.out, HasSubstr("QM-0004"));
    EXPECT_THAT(table.err, HasSubstr("exact match"));
    // A serial scans too.
    EXPECT_EQ(csv("viewer", {"r52t00001"}).tags(), Tags{"TAB-0001"});
    // Part of a tag is a search.
    EXPECT_EQ(csv("viewer", {"QM-000"}).rows.size(), 8u);
    auto part = search("viewer", "table", {"QM-000"});
    EXPECT_EQ(part.exitCode, 0) << part.err;
    EXPECT_THAT(part.err, Not(HasSubstr("exact match")));
    EXPECT_THAT(part.err, HasSubstr("8 of 8 devices"));
}

TEST_F(CliSearch, CountInJsonCsvAndTable) {
    auto r = search("viewer", "json", {"--count", "status:issued"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "{\"devices\":\"6\",\"counted\":\"exactly\"}\n");
    r = search("viewer", "json", {"--count", "galaxy", "-hold:yes"});
    EXPECT_EQ(r.out, "{\"devices\":\"4\",\"counted\":\"exactly\"}\n");
    r = search("viewer", "json", {"--count", "nothing-like-this"});
    EXPECT_EQ(r.out, "{\"devices\":\"0\",\"counted\":\"exactly\"}\n");
    r = search("viewer", "csv", {"--count"});
    EXPECT_EQ(r.out, "devices,counted\r\n9,exactly\r\n");  // RFC 4180 line ends
    r = search("viewer", "table", {"--count", "unit:aw"});
    EXPECT_THAT(r.out, HasSubstr("Devices:"));
    EXPECT_THAT(r.out, HasSubstr(" 5\n"));
}

}  // namespace
}  // namespace qm::test
