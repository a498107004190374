// CSV imports (`qmctl device import`, `person import`) against a real register: good rows land,
// every bad row is reported where a desk user can find it, and dry-run / strict write nothing.
#include "db/register_repository.hpp"
#include "model/identifiers.hpp"
#include "services/import/csv.hpp"
#include "services/import/register_import.hpp"
#include "services/register/register.hpp"
#include "tests/support/test_cluster.hpp"
#include "tests/support/register_checks.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace qm::test {
namespace {

using services::ImportOptions;
using services::ImportReport;

const std::string kImeiA = imei("35693803564380");
const std::string kImeiB = imei("35693803564381");
const std::string kNotes = "Cracked screen, \"as found\"\nsecond line";

// Mixed file: three good rows (lines 2, 11 and 14; line 11's record spans 11-12) among nine bad.
const std::string kMixed =
    "asset_tag,serial,imei,model,purchased_on,cost_pence,notes\n"
    "MPS-1,SER0001," + kImeiA + ",Samsung Galaxy A54 5G,2023-01-10,29900,\n"          // 2 ok
    "MPS-2,SER0002," + badLuhn("35693803564382") + ",Samsung Galaxy A54 5G,,,\n"      // 3 Luhn
    "MPS-3,SER0003,3569380356,Samsung Galaxy A54 5G,,,\n"                             // 4 short IMEI
    ",SER0004,,Samsung Galaxy A54 5G,,,\n"                                            // 5 no asset tag
    "MPS-5,SER0005,,Samsung Galaxy A54 5G,2023-02-30,,\n"                             // 6 no such date
    "MPS-6,SER0006,,Samsung Galaxy A54 5G,,twelve,\n"                                 // 7 cost
    "MPS-7,SER0007\n"                                                                 // 8 too few fields
    "MPS-8,EXIST001,,Samsung Galaxy A54 5G,,,\n"                                      // 9 serial in register
    "MPS-9,SER0001,,Samsung Galaxy A54 5G,,,\n"                                       // 10 serial twice
    "MPS-10,SER0010," + kImeiB + ",Apple iPhone 15,,,\"Cracked screen, \"\"as found\"\"\nsecond line\"\n"  // 11 ok
    "MPS-11,SER0011," + kImeiA + ",Samsung Galaxy A54 5G,,,\n"                        // 13 IMEI twice
    "MPS-12,SER0012,,Samsung Galaxy A54 5G,,,\n";                                     // 14 ok

const std::vector<std::pair<std::size_t, std::string>> kMixedRejects = {
    {3, "imei"}, {4, "imei"}, {5, "asset_tag"}, {6, "purchased_on"}, {7, "cost_pence"},
    {8, ""},     {9, "serial"}, {10, "serial"}, {13, "imei"},
};

class Imports : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        manager_ = session("manager");
        services::DeviceInput in;
        in.assetTag = "MPS-EXIST";
        in.serial = "EXIST001";
        in.model = "Samsung Galaxy A54 5G";
        services::addDevice(*manager_, in);
    }
    ImportReport devices(const std::string& csv, ImportOptions options = {}) {
        std::istringstream in(csv);
        return services::importDevices(*manager_, in, options);
    }
    ImportReport people(const std::string& csv, ImportOptions options = {}) {
        std::istringstream in(csv);
        return services::importPeople(*manager_, in, options);
    }
    long long count(const std::string& sql) {
        db::Database owner(as("owner"));
        long long n = -1;
        owner.sql() << sql, soci::into(n);
        return n;
    }

    std::unique_ptr<services::Session> manager_;
};

TEST_F(Imports, ValidRowsLandAndEveryBadRowIsReportedWhereItIs) {
    ImportReport r = devices(kMixed);
    EXPECT_EQ(r.rows, 12u);
    EXPECT_EQ(r.valid, 3u);
    EXPECT_EQ(r.imported, 3u);
    EXPECT_TRUE(r.committed);
    EXPECT_EQ(where(r), kMixedRejects);
    EXPECT_EQ(count("select count(*) from device"), 4);  // 3 + the one already there
    EXPECT_EQ(count("select count(*) from device where asset_tag in ('MPS-1', 'MPS-10', 'MPS-12')"), 3);
    EXPECT_EQ(r.created, std::vector<std::string>{"device model Apple iPhone 15"});

    // Each reason is one sentence about that row.
    for (const auto& j : r.rejects) {
        EXPECT_FALSE(j.reason.empty());
        EXPECT_EQ(j.reason.back(), '.') << j.reason;
        EXPECT_EQ(j.reason.find('\n'), std::string::npos) << j.reason;
    }
    EXPECT_TRUE(contains(rejectAt(r, 3)->reason, "Luhn")) << rejectAt(r, 3)->reason;
    EXPECT_TRUE(contains(rejectAt(r, 4)->reason, "too short")) << rejectAt(r, 4)->reason;
    EXPECT_TRUE(contains(rejectAt(r, 5)->reason, "missing")) << rejectAt(r, 5)->reason;
    EXPECT_TRUE(contains(rejectAt(r, 6)->reason, "2023-02-30")) << rejectAt(r, 6)->reason;
    EXPECT_TRUE(contains(rejectAt(r, 7)->reason, "twelve")) << rejectAt(r, 7)->reason;
    EXPECT_TRUE(contains(rejectAt(r, 8)->reason, "7")) << rejectAt(r, 8)->reason;
    EXPECT_TRUE(contains(rejectAt(r, 9)->reason, "EXIST001")) << rejectAt(r, 9)->reason;
    EXPECT_TRUE(contains(rejectAt(r, 9)->reason, "already in the register")) << rejectAt(r, 9)->reason;
    EXPECT_TRUE(contains(rejectAt(r, 10)->reason, "line 2")) << rejectAt(r, 10)->reason;
    EXPECT_TRUE(contains(rejectAt(r, 13)->reason, "line 2")) << rejectAt(r, 13)->reason;
    EXPECT_EQ(rejectAt(r, 8)->fields, (std::vector<std::string>{"MPS-7", "SER0007"}));

    // Values arrive as written: a quoted comma, doubled quotes and a line break in one field.
    db::Database viewer(as("viewer"));
    auto d = db::findDevice(viewer, "MPS-10");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->notes, kNotes);
    EXPECT_EQ(d->imei, kImeiB);
    auto first = db::findDevice(viewer, "MPS-1");
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->purchasedOn, "2023-01-10");
    EXPECT_EQ(first->costPence, 29900);
}

TEST_F(Imports, DryRunWritesNothingButReportsTheSame) {
    ImportOptions dry;
    dry.dryRun = true;
    ImportReport r = devices(kMixed, dry);
    EXPECT_EQ(r.rows, 12u);
    EXPECT_EQ(r.valid, 3u);
    EXPECT_EQ(r.imported, 0u);
    EXPECT_FALSE(r.committed);
    EXPECT_EQ(where(r), kMixedRejects);
    EXPECT_EQ(count("select count(*) from device"), 1);
    EXPECT_EQ(count("select count(*) from device_model"), 1);  // Apple iPhone 15 not kept either

    // The real run afterwards reports exactly what the dry run predicted.
    ImportReport real = devices(kMixed);
    EXPECT_EQ(real.valid, r.valid);
    EXPECT_EQ(where(real), where(r));
    for (std::size_t i = 0; i < r.rejects.size() && i < real.rejects.size(); ++i)
        EXPECT_EQ(real.rejects[i].reason, r.rejects[i].reason);
    EXPECT_EQ(count("select count(*) from device"), 4);
}

TEST_F(Imports, StrictWritesNothingWhenAnyRowIsBad) {
    ImportOptions strict;
    strict.strict = true;
    ImportReport r = devices(kMixed, strict);
    EXPECT_FALSE(r.committed);
    EXPECT_EQ(r.imported, 0u);
    EXPECT_EQ(r.rejects.size(), kMixedRejects.size());
    EXPECT_EQ(count("select count(*) from device"), 1);

    // With every row good, strict imports them all.
    ImportReport ok = devices("asset_tag,serial,model\nMPS-1,SER0001,Samsung Galaxy A54 5G\n"
                              "MPS-2,SER0002,Samsung Galaxy A54 5G\n",
                              strict);
    EXPECT_TRUE(ok.committed);
    EXPECT_EQ(ok.imported, 2u);
    EXPECT_EQ(count("select count(*) from device"), 3);
}

TEST_F(Imports, BomCrlfAndColumnsInAnyOrderWithForgivingNames) {
    const std::string csv = "\xEF\xBB\xBF" "Model,Notes,Serial,Colour,Asset Tag,IMEI\r\n"
                            "Samsung Galaxy A54 5G,\"two\r\nlines\",ser0001,black,mps-1," + kImeiA + "\r\n"
                            "Samsung Galaxy A54 5G,,SER0002,blue,MPS-2,12345\r\n"
                            "Samsung Galaxy A54 5G,,SER0003,red,MPS-3,\r\n";
    ImportReport r = devices(csv);
    EXPECT_EQ(r.rows, 3u);
    EXPECT_EQ(r.imported, 2u);
    EXPECT_EQ(r.unknownColumns, std::vector<std::string>{"Colour"});
    ASSERT_EQ(r.rejects.size(), 1u);
    EXPECT_EQ(r.rejects[0].line, 4u);  // the quoted CRLF inside line 2's record counts as a line
    EXPECT_EQ(r.rejects[0].column, "imei");
    db::Database viewer(as("viewer"));
    auto d = db::findDevice(viewer, "MPS-1");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->serial, "SER0001");
    EXPECT_EQ(d->imei, kImeiA);
    EXPECT_EQ(d->notes, "two\nlines");  // line ends made plain: a CR is refused in stored text
    auto last = db::findDevice(viewer, "MPS-3");
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(last->imei, "");  // no stray CR carried into the last column
}

TEST_F(Imports, RejectsFileIsCsvTheProjectCanReadBack) {
    ImportReport r = devices(kMixed);
    std::ostringstream out;
    services::writeRejects(out, r);

    std::istringstream in(out.str());
    services::CsvReader reader(in);
    services::CsvRecord rec;
    ASSERT_TRUE(reader.next(rec));
    std::vector<std::string> header = r.header;
    header.push_back("reason");
    EXPECT_EQ(rec.fields, header);
    std::size_t n = 0;
    while (reader.next(rec)) {
        ASSERT_LT(n, r.rejects.size());
        const auto& j = r.rejects[n++];
        ASSERT_EQ(rec.fields.size(), header.size()) << "line " << j.line;
        std::vector<std::string> original(rec.fields.begin(), rec.fields.end() - 1);
        std::vector<std::string> expected = j.fields;
        expected.resize(r.header.size());  // short rows are padded so the reason lines up
        EXPECT_EQ(original, expected);
        EXPECT_TRUE(contains(rec.fields.back(), j.reason)) << rec.fields.back();
        EXPECT_TRUE(contains(rec.fields.back(), "line " + std::to_string(j.line))) << rec.fields.back();
    }
    EXPECT_EQ(n, r.rejects.size());

    // A rejects file can be fixed and imported again: it is a valid import file itself.
    ImportOptions dry;
    dry.dryRun = true;
    std::istringstream again(out.str());
    EXPECT_NO_THROW(services::importDevices(*manager_, again, dry));
}

TEST_F(Imports, MalformedCsvThrowsAndWritesNothing) {
    const std::string csv = "asset_tag,serial,model\n"
                            "MPS-1,SER0001,Samsung Galaxy A54 5G\n"
                            "MPS-2,\"SER0002,Samsung Galaxy A54 5G\n"
                            "MPS-3,SER0003,Samsung Galaxy A54 5G\n";
    try {
        devices(csv);
        FAIL() << "an unterminated quote was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Invalid);
        EXPECT_TRUE(contains(e.what(), "Line 3")) << e.what();
    }
    EXPECT_EQ(count("select count(*) from device"), 1);  // MPS-1 was rolled back with the rest
}

TEST_F(Imports, MissingRequiredColumnIsNamed) {
    try {
        devices("asset_tag,model,imei\nMPS-1,Samsung Galaxy A54 5G,\n");
        FAIL() << "a file without a serial column was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Invalid);
        EXPECT_TRUE(contains(e.what(), "serial")) << e.what();
    }
    try {
        people("staff_no,rank\n210001,Police Constable\n");
        FAIL() << "a people file without a name column was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Invalid);
        EXPECT_TRUE(contains(e.what(), "name")) << e.what();
    }
    EXPECT_EQ(count("select count(*) from device"), 1);
    EXPECT_EQ(count("select count(*) from person"), 0);
}

TEST_F(Imports, PeopleImportMixedRows) {
    const std::string csv = "name,staff_no,unit,email,active\n"
                            "\"O'Brien, Siobh\xC3\xA1n\",210001,Central West,s.obrien@met.example.police.uk,yes\n"  // 2
                            "Zo\xC3\xAB Smith,210002,central west,not-an-email,yes\n"                             // 3
                            "\xE6\x9D\x8E Wei,210001,Central West,,yes\n"                                         // 4
                            "Leaver Example,mp123456,Road Policing,,no\n"                                         // 5
                            ",210004,Central West,,\n"                                                            // 6
                            "Maybe Example,210005,,,perhaps\n";                                                   // 7
    ImportReport r = people(csv);
    EXPECT_EQ(r.rows, 6u);
    EXPECT_EQ(r.imported, 2u);
    EXPECT_EQ(where(r), (std::vector<std::pair<std::size_t, std::string>>{
                            {3, "email"}, {4, "staff_no"}, {6, "name"}, {7, "active"}}));
    EXPECT_TRUE(contains(rejectAt(r, 4)->reason, "line 2")) << rejectAt(r, 4)->reason;
    EXPECT_EQ(r.created, (std::vector<std::string>{"command unit Central West", "command unit Road Policing"}));
    EXPECT_EQ(count("select count(*) from person"), 2);
    db::Database viewer(as("viewer"));
    auto p = db::findPerson(viewer, "210001");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->name, "O'Brien, Siobh\xC3\xA1n");
    EXPECT_EQ(p->unit, "Central West");
    auto leaver = db::findPerson(viewer, "MP123456");
    ASSERT_TRUE(leaver.has_value());
    EXPECT_FALSE(leaver->active);
}

TEST_F(Imports, AgentMayNotImport) {
    auto agent = session("agent");
    std::istringstream in("asset_tag,serial,model\nMPS-1,SER0001,Samsung Galaxy A54 5G\n");
    try {
        services::importDevices(*agent, in, {});
        FAIL() << "an agent imported devices";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Permission);
    }
    EXPECT_EQ(count("select count(*) from device"), 1);
}

}  // namespace
}  // namespace qm::test
