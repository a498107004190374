// Device imports from Snipe-IT and Intune exports, batched imports, and the HR feed's
// person import --update / --full, against a real register: what lands, what each refused row
// says, which checked-out devices become custody records, and what the leavers report shows.
#include "db/register_repository.hpp"
#include "model/error.hpp"
#include "model/identifiers.hpp"
#include "model/report.hpp"
#include "services/custody/custody.hpp"
#include "services/import/formats.hpp"
#include "services/import/register_import.hpp"
#include "services/register/register.hpp"
#include "services/reports.hpp"
#include "tests/support/test_cluster.hpp"
#include "tests/support/register_checks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace qm::test {
namespace {

using services::DeviceFormat;
using services::ImportOptions;
using services::ImportReport;

std::string reasonAt(const ImportReport& r, std::size_t line) {
    const auto* j = rejectAt(r, line);
    return j ? j->reason : "<no reject on line " + std::to_string(line) + ">";
}
std::string allNotes(const ImportReport& r) {
    std::string s;
    for (const auto& n : r.notes) s += n + "\n";
    return s;
}
std::string allRejects(const ImportReport& r) {
    std::string s;
    for (const auto& j : r.rejects) s += "line " + std::to_string(j.line) + ", " + j.column + ": " + j.reason + "\n";
    return s;
}

const std::string kImeiA = imei("35693803564380");
const std::string kImeiB = imei("35693803564381");
const std::string kImeiC = imei("35693803564382");
const std::string kImeiExisting = imei("35693803564389");

// Snipe-IT's full export header and one row for it, the cells given in header order.
const std::string kSnipeItHeader =
    "Company,Name,Asset Tag,Category,Supplier,Manufacturer,Location,Order Number,Model,Model Number,Serial Number,"
    "Asset Notes,Purchase Date,Purchase Cost,Checkout Type,Checked Out To: Username,Checked Out To: Email,Status,"
    "Warranty,IMEI\n";

struct SnipeRow {
    std::string tag, maker, location, model, modelNumber, serial, notes, bought, cost, checkoutType, username, email,
        status, warranty, imei;
};
std::string quoted(const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}
std::string snipeLine(const SnipeRow& r) {
    const std::vector<std::string> cells = {"Metropolitan Police", "Phone " + r.tag, r.tag, "Mobile Phones",
                                            "Vodafone Business",  r.maker,          r.location, "PO-1",
                                            r.model,              r.modelNumber,    r.serial,   r.notes,
                                            r.bought,             r.cost,           r.checkoutType, r.username,
                                            r.email,              r.status,         r.warranty, r.imei};
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + quoted(cells[i]);
    return line + "\n";
}

const std::string kIntuneHeader =
    "Device ID,Device name,Enrollment date,OS,OS version,Primary user UPN,Primary user email address,"
    "Primary user display name,Serial number,Manufacturer,Model,IMEI,Phone number\n";
std::string intuneLine(const std::string& name, const std::string& upn, const std::string& serial,
                       const std::string& maker, const std::string& model, const std::string& imeiValue = "",
                       const std::string& phone = "") {
    return "0000-" + serial + "," + quoted(name) + ",2024-03-01 10:00:00,iOS,17.4," + upn + ",," + "Someone," +
           serial + "," + maker + "," + quoted(model) + "," + imeiValue + "," + phone + "\n";
}

class ImportFormats : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        manager_ = session("manager");
        addPerson("MP1234", "Jane Doe", "Jane.Doe@met.police.uk", "Central West", "PC");
        addPerson("MP2000", "Sam Smith", "sam.smith@met.police.uk", "Road Policing", "Sgt");
        services::DeviceInput in;
        in.assetTag = "MPS-EXIST";
        in.serial = "EXIST001";
        in.imei = kImeiExisting;
        in.model = "Samsung Galaxy A54 5G";
        services::addDevice(*manager_, in);
    }
    // The register's own MPS-EXIST handed to `staffNo` at the desk.
    void issueExisting(const std::string& staffNo) {
        auto agent = session("agent");
        services::IssueRequest issue;
        issue.device = "MPS-EXIST";
        issue.staffNo = staffNo;
        services::issueDevice(*agent, issue);
    }

    void addPerson(const std::string& staff, const std::string& name, const std::string& email,
                   const std::string& unit = "", const std::string& rank = "") {
        services::PersonInput p;
        p.staffNo = staff;
        p.name = name;
        p.email = email;
        p.unit = unit;
        p.rank = rank;
        services::addPerson(*manager_, p);
    }
    ImportReport devices(const std::string& csv, DeviceFormat format, ImportOptions options = {}) {
        options.format = format;
        std::istringstream in(csv);
        return services::importDevices(*manager_, in, options);
    }
    ImportReport people(const std::string& csv, ImportOptions options = {}) {
        std::istringstream in(csv);
        return services::importPeople(*manager_, in, options);
    }
    std::optional<Device> device(const std::string& key) {
        db::Database viewer(as("viewer"));
        return db::findDevice(viewer, key);
    }
    std::optional<Person> person(const std::string& staffNo) {
        db::Database viewer(as("viewer"));
        return db::findPerson(viewer, staffNo);
    }
    // The staff number holding `tag` now, "" when nobody.
    std::string holderOf(const std::string& tag) {
        auto viewer = session("viewer");
        auto holder = services::currentHolder(*viewer, services::showDevice(*viewer, tag));
        return holder ? holder->staffNo : std::string();
    }
    long long openCustody() { return scalar("select count(*) from custody where returned_at is null"); }
    bool leftToday(const std::string& staffNo) {
        return scalar("select count(*) from person where staff_no = '" + staffNo +
                      "' and not active and left_on = current_date") == 1;
    }

    std::unique_ptr<services::Session> manager_;
};

// ---------------------------------------------------------------------------------------------
// Snipe-IT

TEST_F(ImportFormats, SnipeItExportLandsWithModelsCostsWarrantiesUnitsAndHolders) {
    std::string csv = kSnipeItHeader;
    csv += snipeLine({"MPS-0001", "Samsung", "Central West", "Galaxy A54 5G", "SM-A546B", "R58N0001", "Boxed",
                      "2023-01-10", "349.00", "", "", "", "Ready to Deploy", "24", kImeiA});                 // 2
    csv += snipeLine({"MPS-0002", "Apple", "Road Policing", "Apple iPhone 15", "", "F2LX0002", "",
                      "2023-01-31", "\xC2\xA3" "1,234.50", "user", "", "JANE.DOE@MET.POLICE.UK", "Deployed", "1",
                      kImeiB});                                                                               // 3
    csv += snipeLine({"MPS-0003", "Samsung", "Central West", "Galaxy A54 5G", "", "R58N0003", "", "", "", "", "",
                      "", "Lost", "", ""});                                                                   // 4
    csv += snipeLine({"MPS-0004", "Samsung", "", "Galaxy A54 5G", "", "R58N0004", "", "", "12.5", "", "", "",
                      "Out for Repair", "", ""});                                                             // 5
    csv += snipeLine({"MPS-0005", "Samsung", "", "Galaxy A54 5G", "", "R58N0005", "", "", "", "", "", "",
                      "Archived", "", ""});                                                                   // 6
    csv += snipeLine({"MPS-0006", "Samsung", "", "Galaxy A54 5G", "", "R58N0006", "", "", "", "user", "",
                      "nobody.known@met.police.uk", "Deployed", "", ""});                                     // 7
    csv += snipeLine({"MPS-0007", "Samsung", "Central West", "Galaxy A54 5G", "", "R58N0007", "", "", "",
                      "location", "", "jane.doe@met.police.uk", "Deployed", "", ""});                         // 8
    csv += snipeLine({"MPS-0008", "Samsung", "", "Galaxy A54 5G", "", "R58N0008", "", "", "", "user", "mp2000", "",
                      "Deployed", "", kImeiC});                                                               // 9
    ImportReport r = devices(csv, DeviceFormat::SnipeIt);

    EXPECT_EQ(r.rows, 8u);
    EXPECT_TRUE(r.committed);
    EXPECT_EQ(r.imported, 6u) << allRejects(r);
    EXPECT_EQ(where(r), (std::vector<std::pair<std::size_t, std::string>>{{4, "status"}, {6, "status"}}))
        << allRejects(r);
    EXPECT_TRUE(contains(reasonAt(r, 4), "Lost")) << reasonAt(r, 4);
    EXPECT_TRUE(contains(reasonAt(r, 6), "Archived")) << reasonAt(r, 6);
    EXPECT_EQ(r.unknownColumns, (std::vector<std::string>{"Company", "Name", "Category", "Supplier", "Order Number"}));
    EXPECT_EQ(scalar("select count(*) from device"), 7);  // 6 + the one already there

    // Models as "MAKER MODEL", the maker not doubled.
    EXPECT_EQ(text("select string_agg(manufacturer || ' ' || model, '|' order by manufacturer) from device_model"),
              "Apple iPhone 15|Samsung Galaxy A54 5G");
    // The units exist already (the people's); only the Apple model is new.
    EXPECT_EQ(r.created, (std::vector<std::string>{"device model Apple iPhone 15"}));

    auto first = device("MPS-0001");
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->makeAndModel(), "Samsung Galaxy A54 5G");
    EXPECT_EQ(first->serial, "R58N0001");
    EXPECT_EQ(first->imei, kImeiA);
    EXPECT_EQ(first->costPence, 34900);
    EXPECT_EQ(first->purchasedOn, "2023-01-10");
    EXPECT_EQ(first->warrantyUntil, "2025-01-10");
    EXPECT_EQ(first->unit, "Central West");
    EXPECT_EQ(first->notes, "Boxed\nModel number SM-A546B");
    EXPECT_EQ(first->status, DeviceStatus::InStock);

    auto second = device("MPS-0002");
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->makeAndModel(), "Apple iPhone 15");
    EXPECT_EQ(second->costPence, 123450);
    EXPECT_EQ(second->warrantyUntil, "2023-02-28");  // 31 Jan + 1 month
    // Imported in Road Policing, then issued: a device goes with its holder to their unit.
    EXPECT_EQ(second->unit, text("select u.name from person p join command_unit u on u.id = p.unit_id"
                                 " where p.staff_no = 'MP1234'"));

    auto repair = device("MPS-0004");
    ASSERT_TRUE(repair.has_value());
    EXPECT_EQ(repair->status, DeviceStatus::InRepair);
    EXPECT_EQ(repair->costPence, 1250);
    EXPECT_EQ(repair->unit, "");
    EXPECT_FALSE(device("MPS-0003").has_value());
    EXPECT_FALSE(device("MPS-0005").has_value());

    // Checked out to a known e-mail (another case) and to a staff number: issued after the import.
    EXPECT_EQ(r.issued, 2u) << allNotes(r);
    EXPECT_EQ(holderOf("MPS-0002"), "MP1234");
    EXPECT_EQ(holderOf("MPS-0008"), "MP2000");
    EXPECT_EQ(device("MPS-0002")->status, DeviceStatus::Issued);
    EXPECT_EQ(openCustody(), 2);
    EXPECT_EQ(scalar("select count(*) from custody c join device d on d.id = c.device_id join person p on"
                     " p.id = c.person_id where d.asset_tag = 'MPS-0002' and p.staff_no = 'MP1234'"
                     " and c.returned_at is null and c.issue_receipt <> ''"),
              1);
    // An unknown holder and a location checkout: in stock; only the unknown holder gets a note.
    EXPECT_EQ(holderOf("MPS-0006"), "");
    EXPECT_EQ(device("MPS-0006")->status, DeviceStatus::InStock);
    EXPECT_EQ(holderOf("MPS-0007"), "");
    EXPECT_EQ(device("MPS-0007")->status, DeviceStatus::InStock);
    ASSERT_EQ(r.notes.size(), 1u) << allNotes(r);
    EXPECT_TRUE(contains(r.notes[0], "nobody.known@met.police.uk")) << r.notes[0];
    EXPECT_TRUE(contains(r.notes[0], "line 7")) << r.notes[0];
    EXPECT_TRUE(contains(r.notes[0], "MPS-0006")) << r.notes[0];
    EXPECT_TRUE(contains(r.notes[0], "not issued")) << r.notes[0];
}

// Snipe-IT keeps the maker apart from the model: a maker of two words is one maker.
TEST_F(ImportFormats, SnipeItMakerOfSeveralWordsIsKeptWhole) {
    std::string csv = kSnipeItHeader;
    csv += snipeLine({"MPS-0101", "Zebra Technologies", "", "TC52", "", "ZEB00101", "", "", "", "", "", "",
                      "Ready to Deploy", "", ""});
    ImportReport r = devices(csv, DeviceFormat::SnipeIt);
    EXPECT_EQ(r.imported, 1u) << allRejects(r);
    auto d = device("MPS-0101");
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->manufacturer, "Zebra Technologies");
    EXPECT_EQ(d->model, "TC52");
}

TEST_F(ImportFormats, SnipeItFileWithoutItsRequiredColumnsIsRefusedInItsOwnWords) {
    try {
        devices("Company,Name,Model,IMEI\nMet,Phone,Samsung Galaxy A54 5G,\n", DeviceFormat::SnipeIt);
        FAIL() << "a Snipe-IT file without asset tags or serials was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Invalid);
        EXPECT_TRUE(contains(e.what(), "Asset Tag")) << e.what();
        EXPECT_TRUE(contains(e.what(), "Serial Number")) << e.what();
    }
    EXPECT_EQ(scalar("select count(*) from device"), 1);
}

// ---------------------------------------------------------------------------------------------
// Intune

TEST_F(ImportFormats, IntuneExportTakesTagsFromNamesOrSerialsAndIssuesToPrimaryUsers) {
    std::string csv = kIntuneHeader;
    csv += intuneLine("mps-0100", "jane.doe@MET.police.uk", "F2LXK0AA01", "Apple", "iPhone 15", kImeiA);  // 2
    csv += intuneLine("Sam's Galaxy", "", "R58NINT002", "Samsung", "Galaxy A54 5G", "", "07700 900123");  // 3
    csv += intuneLine("DESK 7", "no.one@met.police.uk", "R58NINT003", "Samsung", "Galaxy A54 5G");        // 4
    csv += intuneLine("MPS-0104", "Sam.Smith@met.police.uk", "R58NINT004", "Samsung", "Galaxy A54 5G");   // 5
    ImportReport r = devices(csv, DeviceFormat::Intune);
    EXPECT_EQ(r.rows, 4u);
    EXPECT_EQ(r.imported, 4u) << allRejects(r);
    EXPECT_TRUE(r.rejects.empty()) << allRejects(r);

    auto named = device("MPS-0100");
    ASSERT_TRUE(named.has_value());
    EXPECT_EQ(named->serial, "F2LXK0AA01");
    EXPECT_EQ(named->makeAndModel(), "Apple iPhone 15");
    EXPECT_EQ(named->imei, kImeiA);
    auto bySerial = device("R58NINT002");
    ASSERT_TRUE(bySerial.has_value());
    EXPECT_EQ(bySerial->assetTag, "R58NINT002");
    EXPECT_EQ(bySerial->phone, "+447700900123");
    EXPECT_EQ(device("R58NINT003")->assetTag, "R58NINT003");
    EXPECT_EQ(device("R58NINT004")->assetTag, "MPS-0104");

    EXPECT_EQ(r.issued, 2u) << allNotes(r);
    EXPECT_EQ(holderOf("MPS-0100"), "MP1234");
    EXPECT_EQ(holderOf("MPS-0104"), "MP2000");
    EXPECT_EQ(holderOf("R58NINT002"), "");
    EXPECT_EQ(holderOf("R58NINT003"), "");
    ASSERT_EQ(r.notes.size(), 1u) << allNotes(r);
    EXPECT_TRUE(contains(r.notes[0], "no.one@met.police.uk")) << r.notes[0];
    EXPECT_TRUE(contains(r.notes[0], "line 4")) << r.notes[0];
    EXPECT_TRUE(contains(r.notes[0], "Intune")) << r.notes[0];
    EXPECT_EQ(openCustody(), 2);
}

// iPhones and iPads enrolled in Intune are named "iPhone" and "iPad" unless someone renames
// them; such a name is no asset tag, so each device must take its serial, not all one tag.
TEST_F(ImportFormats, IntuneDefaultDeviceNamesAreNotTakenAsAssetTags) {
    std::string csv = kIntuneHeader;
    csv += intuneLine("iPhone", "", "F2LXK0BB01", "Apple", "iPhone 15");
    csv += intuneLine("iPhone", "", "F2LXK0BB02", "Apple", "iPhone 15");
    csv += intuneLine("iPad", "", "DMPXK0BB03", "Apple", "iPad Air");
    ImportReport r = devices(csv, DeviceFormat::Intune);
    EXPECT_EQ(r.imported, 3u) << allRejects(r);
    EXPECT_TRUE(r.rejects.empty()) << allRejects(r);
    EXPECT_FALSE(device("IPHONE").has_value());
}

// ---------------------------------------------------------------------------------------------
// Duplicates, batches, dry run, permission

TEST_F(ImportFormats, DuplicatesAgainstTheRegisterAreReportedPerRowAndTheRestLand) {
    std::string csv = kSnipeItHeader;
    csv += snipeLine({"MPS-0201", "Samsung", "", "Galaxy A54 5G", "", "R58N0201", "", "", "", "", "", "",
                      "Ready to Deploy", "", kImeiA});                                       // 2 ok
    csv += snipeLine({"MPS-0202", "Samsung", "", "Galaxy A54 5G", "", "exist001", "", "", "", "", "", "",
                      "Ready to Deploy", "", ""});                                           // 3 serial
    csv += snipeLine({"mps-exist", "Samsung", "", "Galaxy A54 5G", "", "R58N0203", "", "", "", "", "", "",
                      "Ready to Deploy", "", ""});                                           // 4 asset tag
    csv += snipeLine({"MPS-0204", "Samsung", "", "Galaxy A54 5G", "", "R58N0204", "", "", "", "", "", "",
                      "Ready to Deploy", "", kImeiExisting});                                // 5 IMEI
    csv += snipeLine({"MPS-0205", "Samsung", "", "Galaxy A54 5G", "", "R58N0205", "", "", "", "", "", "",
                      "Deployed", "", kImeiB});                                              // 6 ok
    ImportReport r = devices(csv, DeviceFormat::SnipeIt);
    EXPECT_EQ(r.rows, 5u);
    EXPECT_EQ(r.imported, 2u);
    EXPECT_EQ(where(r), (std::vector<std::pair<std::size_t, std::string>>{
                            {3, "serial"}, {4, "asset_tag"}, {5, "imei"}}))
        << allRejects(r);
    for (std::size_t line : {3u, 4u, 5u})
        EXPECT_TRUE(contains(reasonAt(r, line), "already in the register")) << reasonAt(r, line);
    EXPECT_TRUE(contains(reasonAt(r, 3), "EXIST001")) << reasonAt(r, 3);
    EXPECT_TRUE(contains(reasonAt(r, 4), "MPS-EXIST")) << reasonAt(r, 4);
    EXPECT_TRUE(contains(reasonAt(r, 5), kImeiExisting)) << reasonAt(r, 5);
    EXPECT_EQ(rejectAt(r, 3)->fields[10], "exist001");  // the row as written, for the rejects file
    EXPECT_EQ(scalar("select count(*) from device"), 3);
    EXPECT_TRUE(device("MPS-0201").has_value());
    EXPECT_TRUE(device("MPS-0205").has_value());
    // The device already there is untouched.
    EXPECT_EQ(device("EXIST001")->assetTag, "MPS-EXIST");
    EXPECT_EQ(holderOf("MPS-EXIST"), "");
}

// Someone who holds a phone already gets the imported one too: it is what they hold in the
// other system (the import gives the manager's override reason).
TEST_F(ImportFormats, CheckedOutToSomeoneHoldingAPhoneAlreadyIsIssuedWithTheOverride) {
    issueExisting("MP1234");
    std::string csv = kSnipeItHeader;
    csv += snipeLine({"MPS-0801", "Samsung", "", "Galaxy A54 5G", "", "R58N0801", "", "", "", "user", "",
                      "jane.doe@met.police.uk", "Deployed", "", ""});
    ImportReport r = devices(csv, DeviceFormat::SnipeIt);
    EXPECT_EQ(r.imported, 1u) << allRejects(r);
    EXPECT_EQ(r.issued, 1u) << allNotes(r);
    EXPECT_TRUE(r.notes.empty()) << allNotes(r);
    EXPECT_EQ(holderOf("MPS-0801"), "MP1234");
    EXPECT_EQ(text("select override_reason from custody c join device d on d.id = c.device_id"
                   " where d.asset_tag = 'MPS-0801'"),
              "Held already in Snipe-IT (imported)");
}

// A row refused because the register has its asset tag does not claim its serial: a corrected
// copy further down the file lands (as it did before imports were batched).
TEST_F(ImportFormats, CorrectedCopyOfARowTheRegisterRefusedLands) {
    std::string csv = kSnipeItHeader;
    csv += snipeLine({"MPS-EXIST", "Samsung", "", "Galaxy A54 5G", "", "NEWSER01", "", "", "", "", "", "",
                      "Ready to Deploy", "", ""});  // 2: the tag is taken
    csv += snipeLine({"MPS-0301", "Samsung", "", "Galaxy A54 5G", "", "NEWSER01", "", "", "", "", "", "",
                      "Ready to Deploy", "", ""});  // 3: the same device with its right tag
    ImportReport r = devices(csv, DeviceFormat::SnipeIt);
    EXPECT_EQ(where(r), (std::vector<std::pair<std::size_t, std::string>>{{2, "asset_tag"}})) << allRejects(r);
    EXPECT_EQ(r.imported, 1u);
    EXPECT_TRUE(device("MPS-0301").has_value());
}

// A device model (or unit) made only for a row that was then refused is not left behind, and
// the report does not say it was created.
TEST_F(ImportFormats, NothingIsCreatedForARowTheRegisterRefused) {
    std::string csv = kSnipeItHeader;
    csv += snipeLine({"MPS-0401", "Fairphone", "Cold Case Unit", "5", "", "exist001", "", "", "", "", "", "",
                      "Ready to Deploy", "", ""});  // serial already in the register
    ImportReport r = devices(csv, DeviceFormat::SnipeIt);
    ASSERT_EQ(where(r), (std::vector<std::pair<std::size_t, std::string>>{{2, "serial"}})) << allRejects(r);
    EXPECT_EQ(r.imported, 0u);
    EXPECT_TRUE(r.created.empty()) << r.created.front();
    EXPECT_EQ(scalar("select count(*) from device_model where manufacturer = 'Fairphone'"), 0);
    EXPECT_EQ(scalar("select count(*) from command_unit where name = 'Cold Case Unit'"), 0);
}

TEST_F(ImportFormats, BatchLargerThanFiveThousandRowsLandsEveryGoodRow) {
    // Data row i is on line i + 1. Bad rows are spread over both batches and across the boundary.
    const std::map<int, std::string> bad = {
        {7, "imei"},         // a Luhn error
        {2500, "asset_tag"}, // no asset tag
        {5000, "purchased_on"},
        {5001, "serial"},    // the serial of row 3 again (the first batch)
        {5100, "serial"},    // a serial the register has
        {5200, "status"},    // a status a new device cannot take
    };
    std::string csv = "asset_tag,serial,imei,model,purchased_on,status\n";
    csv.reserve(5200 * 60);
    char buf[32];
    for (int i = 1; i <= 5200; ++i) {
        std::snprintf(buf, sizeof buf, "%05d", i);
        std::string tag = std::string("B-") + buf, serial = std::string("BSER") + buf, imeiValue, date, status;
        if (i == 7) imeiValue = badLuhn("35693803564383");
        if (i == 2500) tag.clear();
        if (i == 5000) date = "2023-02-30";
        if (i == 5001) serial = "BSER00003";
        if (i == 5100) serial = "EXIST001";
        if (i == 5200) status = "lost";
        csv += tag + "," + serial + "," + imeiValue + ",Samsung Galaxy A54 5G," + date + "," + status + "\n";
    }
    std::size_t progressCalls = 0;
    ImportOptions options;
    options.progress = [&](std::size_t, std::size_t) {
        ++progressCalls;
        return true;
    };
    ImportReport r = devices(csv, DeviceFormat::Native, options);
    EXPECT_EQ(r.rows, 5200u);
    EXPECT_TRUE(r.committed);
    EXPECT_EQ(r.imported, 5200u - bad.size());
    std::vector<std::pair<std::size_t, std::string>> expected;
    for (const auto& [i, column] : bad) expected.emplace_back(static_cast<std::size_t>(i + 1), column);
    EXPECT_EQ(where(r), expected) << allRejects(r);
    EXPECT_TRUE(contains(reasonAt(r, 5002), "line 4")) << reasonAt(r, 5002);
    EXPECT_TRUE(contains(reasonAt(r, 5101), "already in the register")) << reasonAt(r, 5101);
    EXPECT_EQ(scalar("select count(*) from device"), static_cast<long long>(1 + 5200 - bad.size()));
    EXPECT_EQ(scalar("select count(*) from device where asset_tag in ('B-00001', 'B-05000', 'B-05199', 'B-04999',"
                     " 'B-05001', 'B-00007')"),
              3);  // 1, 4999 and 5199 landed; 5000, 5001 and 7 did not
    EXPECT_EQ(text("select serial from device where asset_tag = 'B-00003'"), "BSER00003");
    EXPECT_GE(progressCalls, 2u);  // at 5000 rows and at the end
}

TEST_F(ImportFormats, CancelledImportWritesNothing) {
    std::string csv = "asset_tag,serial,model\n";
    for (int i = 1; i <= 5001; ++i) csv += "C-" + std::to_string(i) + ",CSER" + std::to_string(10000 + i) + ",Google Pixel 8\n";
    ImportOptions options;
    options.progress = [](std::size_t rows, std::size_t) { return rows < 5001; };  // the first batch is written
    EXPECT_THROW(devices(csv, DeviceFormat::Native, options), Error);
    EXPECT_EQ(scalar("select count(*) from device"), 1);
    EXPECT_EQ(scalar("select count(*) from device_model where model = 'Pixel 8'"), 0);
}

TEST_F(ImportFormats, DryRunWritesNothing) {
    std::string csv = kSnipeItHeader;
    csv += snipeLine({"MPS-0501", "Apple", "Dry Unit", "iPhone 15", "", "F2LX0501", "", "2023-01-10", "349.00",
                      "user", "", "jane.doe@met.police.uk", "Deployed", "12", ""});
    csv += snipeLine({"MPS-0502", "Samsung", "", "Galaxy A54 5G", "", "R58N0502", "", "", "", "", "", "",
                      "Stolen", "", ""});
    ImportOptions dry;
    dry.dryRun = true;
    ImportReport r = devices(csv, DeviceFormat::SnipeIt, dry);
    EXPECT_FALSE(r.committed);
    EXPECT_EQ(r.rows, 2u);
    EXPECT_EQ(r.valid, 1u);
    EXPECT_EQ(r.imported, 0u);
    EXPECT_EQ(r.issued, 0u);
    EXPECT_EQ(where(r), (std::vector<std::pair<std::size_t, std::string>>{{3, "status"}}));
    EXPECT_EQ(scalar("select count(*) from device"), 1);
    EXPECT_EQ(scalar("select count(*) from device_model"), 1);
    EXPECT_EQ(scalar("select count(*) from command_unit where name = 'Dry Unit'"), 0);
    EXPECT_EQ(openCustody(), 0);
    EXPECT_EQ(scalar("select count(*) from custody"), 0);

    // People: an update and leavers in a dry run are rolled back too.
    ImportOptions dryFull;
    dryFull.dryRun = true;
    dryFull.full = true;
    ImportReport p = people("staff_no,name\nMP1234,Jane Renamed\nMP9999,New Person\n", dryFull);
    EXPECT_FALSE(p.committed);
    EXPECT_EQ(p.leavers, 1u);  // MP2000 would leave
    EXPECT_EQ(person("MP1234")->name, "Jane Doe");
    EXPECT_TRUE(person("MP2000")->active);
    EXPECT_FALSE(person("MP9999").has_value());
}

TEST_F(ImportFormats, AnAgentMayNotImport) {
    auto agent = session("agent");
    std::string csv = kSnipeItHeader;
    csv += snipeLine({"MPS-0601", "Samsung", "", "Galaxy A54 5G", "", "R58N0601", "", "", "", "user", "",
                      "jane.doe@met.police.uk", "Deployed", "", ""});
    for (DeviceFormat f : {DeviceFormat::SnipeIt, DeviceFormat::Native}) {
        std::istringstream in(f == DeviceFormat::SnipeIt ? csv : "asset_tag,serial,model\nMPS-1,SER0001,Samsung A54\n");
        ImportOptions options;
        options.format = f;
        try {
            services::importDevices(*agent, in, options);
            ADD_FAILURE() << "an agent imported devices";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Permission);
        }
    }
    std::istringstream hr("staff_no,name\nMP1234,Jane Doe\n");
    ImportOptions full;
    full.full = true;
    try {
        services::importPeople(*agent, hr, full);
        ADD_FAILURE() << "an agent imported people";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Permission);
    }
    EXPECT_EQ(scalar("select count(*) from device"), 1);
    EXPECT_EQ(openCustody(), 0);
    EXPECT_TRUE(person("MP2000")->active);
}

// ---------------------------------------------------------------------------------------------
// People: --update and --full

TEST_F(ImportFormats, PersonUpdateBringsExistingPeopleUpToDate) {
    const std::string csv = "staff_no,name,rank,unit,email\n"
                            "mp1234,Jane Doe-Okafor,Inspector,Response Team,Jane.Okafor@met.police.uk\n"  // changed
                            "MP2000,Sam Smith,Sgt,Road Policing,sam.smith@met.police.uk\n"                // the same
                            "MP3000,New Starter,PC,Road Policing,new.starter@met.police.uk\n";            // new
    // Without --update an existing staff number is refused.
    ImportOptions dry;
    dry.dryRun = true;
    ImportReport plain = people(csv, dry);
    EXPECT_EQ(where(plain), (std::vector<std::pair<std::size_t, std::string>>{{2, "staff_no"}, {3, "staff_no"}}))
        << allRejects(plain);
    EXPECT_TRUE(contains(reasonAt(plain, 2), "already in the register")) << reasonAt(plain, 2);
    EXPECT_EQ(plain.updated, 0u);
    EXPECT_EQ(person("MP1234")->name, "Jane Doe");

    ImportOptions update;
    update.update = true;
    ImportReport r = people(csv, update);
    EXPECT_TRUE(r.rejects.empty()) << allRejects(r);
    EXPECT_EQ(r.rows, 3u);
    EXPECT_EQ(r.imported, 2u);  // one new, one brought up to date
    EXPECT_EQ(r.updated, 1u);   // only the person whose details changed
    EXPECT_EQ(r.leavers, 0u);
    auto jane = person("MP1234");
    ASSERT_TRUE(jane.has_value());
    EXPECT_EQ(jane->name, "Jane Doe-Okafor");
    EXPECT_EQ(jane->rank, "Inspector");
    EXPECT_EQ(jane->unit, "Response Team");
    EXPECT_EQ(jane->email, "Jane.Okafor@met.police.uk");
    EXPECT_TRUE(jane->active);
    EXPECT_EQ(person("MP2000")->name, "Sam Smith");
    EXPECT_EQ(scalar("select count(*) from person"), 3);
    EXPECT_EQ(r.created, std::vector<std::string>{"command unit Response Team"});

    // An e-mail address someone else holds is refused for that row only.
    ImportReport clash = people("staff_no,name,email\nMP2000,Sam Smith,JANE.OKAFOR@met.police.uk\n"
                                "MP3000,New Starter Renamed,new.starter@met.police.uk\n",
                                update);
    EXPECT_EQ(where(clash), (std::vector<std::pair<std::size_t, std::string>>{{2, "email"}})) << allRejects(clash);
    EXPECT_EQ(clash.updated, 1u);
    EXPECT_EQ(person("MP2000")->email, "sam.smith@met.police.uk");
    EXPECT_EQ(person("MP3000")->name, "New Starter Renamed");
}

// An HR feed that has no e-mail or rank column says nothing about them: --update must not
// erase the addresses the register has (they are how Snipe-IT and Intune holders are matched).
TEST_F(ImportFormats, PersonUpdateLeavesDetailsTheFileDoesNotHave) {
    ImportOptions update;
    update.update = true;
    ImportReport r = people("staff_no,name\nMP1234,Jane Doe-Okafor\n", update);
    EXPECT_TRUE(r.rejects.empty()) << allRejects(r);
    EXPECT_EQ(r.updated, 1u);
    auto jane = person("MP1234");
    ASSERT_TRUE(jane.has_value());
    EXPECT_EQ(jane->name, "Jane Doe-Okafor");
    EXPECT_EQ(jane->email, "Jane.Doe@met.police.uk");
    EXPECT_EQ(jane->rank, "PC");
    EXPECT_EQ(jane->unit, "Central West");
}

TEST_F(ImportFormats, PersonFullMarksTheMissingAsLeaversButNotTheRefused) {
    addPhonesAndPeople("MQ", 0, 8);  // MQ0001 ... MQ0008, active
    db::Database owner(as("owner"));
    owner.execScript("insert into person (staff_no, name, active, left_on) values ('MQOLD1', 'Long Gone', false,"
                     " '2020-05-01')");
    // Everyone but MQ0005..MQ0008; MQ0002's row is refused (bad e-mail); MP2000's too (no name).
    const std::string csv = "staff_no,name,rank,unit,email\n"
                            "MP1234,Jane Doe,PC,Central West,Jane.Doe@met.police.uk\n"
                            "MP2000,,,,\n"
                            "MQ0001,Officer 1,,,\n"
                            "mq0002,Officer 2,,,not-an-email\n"
                            "MQ0003,Officer 3,,,\n"
                            "MQ0004,Officer 4 Renamed,,,\n"
                            "MQ0100,New Starter,,,\n";
    ImportOptions full;
    full.full = true;
    ImportReport r = people(csv, full);
    EXPECT_TRUE(r.committed);
    EXPECT_EQ(where(r), (std::vector<std::pair<std::size_t, std::string>>{{3, "name"}, {5, "email"}}))
        << allRejects(r);
    EXPECT_EQ(r.leavers, 4u);
    EXPECT_EQ(r.updated, 1u);  // MQ0004's name
    for (const char* gone : {"MQ0005", "MQ0006", "MQ0007", "MQ0008"}) EXPECT_TRUE(leftToday(gone)) << gone;
    for (const char* stays : {"MP1234", "MP2000", "MQ0001", "MQ0002", "MQ0003", "MQ0004", "MQ0100"}) {
        auto p = person(stays);
        ASSERT_TRUE(p.has_value()) << stays;
        EXPECT_TRUE(p->active) << stays;
        EXPECT_EQ(p->leftOn, "") << stays;
    }
    EXPECT_EQ(person("MQ0004")->name, "Officer 4 Renamed");
    // Someone who had left already keeps the day they left.
    EXPECT_EQ(text("select left_on::text from person where staff_no = 'MQOLD1'"), "2020-05-01");
    EXPECT_EQ(scalar("select count(*) from person where not active"), 5);
}

// A row that cannot be read as a row (here a name with an unquoted comma) is a refused row
// like any other: the person on it is in the file and must not become a leaver.
TEST_F(ImportFormats, PersonFullKeepsSomeoneWhoseRowHasTheWrongNumberOfFields) {
    const std::string csv = "staff_no,name\n"
                            "MP1234,Jane Doe\n"
                            "MP2000,Smith, Sam\n";
    ImportOptions full;
    full.full = true;
    ImportReport r = people(csv, full);
    ASSERT_EQ(where(r), (std::vector<std::pair<std::size_t, std::string>>{{3, ""}})) << allRejects(r);
    EXPECT_EQ(r.leavers, 0u);
    EXPECT_TRUE(person("MP2000")->active);
}

TEST_F(ImportFormats, PersonFullRefusesTooManyLeaversAndWritesNothing) {
    addPhonesAndPeople("MQ", 0, 13);  // with MP1234 and MP2000: 15 active
    const std::string csv = "staff_no,name,unit\n"
                            "MQ0001,Officer 1 Renamed,\n"
                            "MQ0002,Officer 2,\n"
                            "MQ0200,New Starter,Brand New Unit\n";
    // 13 of the 15 (16 with the new starter) would leave: more than max(10, a tenth).
    for (long long limit : {-1LL, 12LL}) {
        SCOPED_TRACE("maxLeavers " + std::to_string(limit));
        ImportOptions full;
        full.full = true;
        full.maxLeavers = limit;
        try {
            people(csv, full);
            ADD_FAILURE() << "a file without most of the force was taken as the whole feed";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Invalid);
            EXPECT_EQ(e.field(), "full");
            EXPECT_TRUE(contains(e.what(), "13")) << e.what();
            EXPECT_TRUE(contains(e.what(), "--max-leavers")) << e.what();
        }
        EXPECT_EQ(scalar("select count(*) from person where active"), 15);
        EXPECT_EQ(scalar("select count(*) from person where left_on is not null"), 0);
        EXPECT_EQ(person("MQ0001")->name, "Officer 1");
        EXPECT_FALSE(person("MQ0200").has_value());
        EXPECT_EQ(scalar("select count(*) from command_unit where name = 'Brand New Unit'"), 0);
    }
    // Allowed explicitly, it goes through.
    ImportOptions allowed;
    allowed.full = true;
    allowed.maxLeavers = 13;
    ImportReport r = people(csv, allowed);
    EXPECT_TRUE(r.committed);
    EXPECT_EQ(r.leavers, 13u);
    EXPECT_EQ(scalar("select count(*) from person where active"), 3);
    EXPECT_TRUE(leftToday("MP1234"));
    EXPECT_TRUE(leftToday("MQ0013"));
    EXPECT_EQ(person("MQ0001")->name, "Officer 1 Renamed");
}

TEST_F(ImportFormats, PersonFullDefaultGuardIsATenthOfTheActive) {
    addPhonesAndPeople("MQ", 0, 118);  // with MP1234 and MP2000: 120 active, so 12 may leave
    auto feed = [](int upTo) {
        std::string csv = "staff_no,name\nMP1234,Jane Doe\nMP2000,Sam Smith\n";
        char buf[16];
        for (int i = 1; i <= upTo; ++i) {
            std::snprintf(buf, sizeof buf, "MQ%04d", i);
            csv += std::string(buf) + ",Officer " + std::to_string(i) + "\n";
        }
        return csv;
    };
    ImportOptions full;
    full.full = true;
    EXPECT_THROW(people(feed(105), full), Error);  // 13 would leave
    EXPECT_EQ(scalar("select count(*) from person where active"), 120);
    ImportReport r = people(feed(106), full);  // 12 leave
    EXPECT_EQ(r.leavers, 12u);
    EXPECT_EQ(scalar("select count(*) from person where active"), 108);
}

TEST_F(ImportFormats, LeaverHoldingADeviceIsInTheLeaversReport) {
    issueExisting("MP2000");

    addPerson("MP3000", "No Device", "no.device@met.police.uk");
    ImportOptions full;
    full.full = true;
    ImportReport p = people("staff_no,name,email\nMP1234,Jane Doe,Jane.Doe@met.police.uk\n", full);
    EXPECT_EQ(p.leavers, 2u);
    EXPECT_TRUE(leftToday("MP2000"));
    EXPECT_TRUE(leftToday("MP3000"));

    auto viewer = session("viewer");
    report::Table t = services::runReport(*viewer, "leavers", {});
    ASSERT_EQ(t.rows.size(), 1u);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < t.columns.size() && i < t.rows[0].size(); ++i) row[t.columns[i].name] = t.rows[0][i];
    EXPECT_EQ(row["staff_no"], "MP2000");
    EXPECT_EQ(row["name"], "Sam Smith");
    EXPECT_EQ(row["asset_tag"], "MPS-EXIST");
    EXPECT_EQ(row["left_on"], text("select current_date::text"));
    // Someone who left without a device is not listed; the device is still held.
    EXPECT_EQ(holderOf("MPS-EXIST"), "MP2000");
}

}  // namespace
}  // namespace qm::test
