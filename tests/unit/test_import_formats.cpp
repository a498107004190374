// Unit tests for services/import/formats: how Snipe-IT's and Intune's device exports (and the
// register's own columns) are read as the register's device columns, without a database.
#include "services/import/formats.hpp"

#include "model/error.hpp"
#include "services/import/csv.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using qm::ErrorKind;
using qm::services::CsvHeader;
using qm::services::DeviceColumns;
using qm::services::DeviceFormat;
using qm::services::formatName;
using qm::services::moneyToPence;
using qm::services::parseDeviceFormat;

namespace {

using Names = std::vector<std::string>;
using Fields = std::vector<std::string>;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The fields of one row for `header`, taking each column's value from `values` by its name as
// written in the header ("" for a column not given).
Fields rowFor(const Names& header, const std::map<std::string, std::string>& values) {
    Fields out;
    for (const auto& name : header) {
        auto it = values.find(name);
        out.push_back(it == values.end() ? std::string() : it->second);
    }
    for (const auto& [name, value] : values) {
        bool known = false;
        for (const auto& h : header) known = known || h == name;
        EXPECT_TRUE(known) << "test bug: no column " << name << " in the header";
    }
    return out;
}

DeviceColumns columnsFor(DeviceFormat format, const Names& header) { return DeviceColumns(format, CsvHeader(header)); }

// The error `f` throws; fails the test when it throws none or another kind of exception.
template <class F>
qm::Error errorOf(F&& f) {
    try {
        f();
    } catch (const qm::Error& e) {
        return e;
    }
    ADD_FAILURE() << "no qm::Error was thrown";
    return qm::Error(ErrorKind::Other, "none");
}

// Snipe-IT's full asset export header (importer sample columns), in its own order.
const Names kSnipeItHeader = {"Company",       "Name",          "Asset Tag",     "Category",
                              "Supplier",      "Manufacturer",  "Location",      "Order Number",
                              "Model",         "Model Number",  "Serial Number", "Asset Notes",
                              "Purchase Date", "Purchase Cost", "Checkout Type", "Checked Out To: Username",
                              "Checked Out To: Email",          "Status",        "Warranty",
                              "IMEI"};

const std::map<std::string, std::string> kSnipeItRow = {
    {"Company", "Metropolitan Police"},
    {"Name", "Response phone 17"},
    {"Asset Tag", "MPS-0017"},
    {"Category", "Mobile Phones"},
    {"Supplier", "Vodafone Business"},
    {"Manufacturer", "Samsung"},
    {"Location", "Central West"},
    {"Order Number", "PO-55121"},
    {"Model", "Galaxy A54 5G"},
    {"Model Number", "SM-A546B"},
    {"Serial Number", "R58N12ABC"},
    {"Asset Notes", "Screen protector fitted"},
    {"Purchase Date", "2023-01-10"},
    {"Purchase Cost", "349.00"},
    {"Checkout Type", "user"},
    {"Checked Out To: Username", "mp1234"},
    {"Checked Out To: Email", "Jane.Doe@met.police.uk"},
    {"Status", "Deployed"},
    {"Warranty", "24"},
    {"IMEI", "356938035643809"},
};

// ---------------------------------------------------------------------------------------------
// parseDeviceFormat / formatName

TEST(ImportFormatName, KnownNamesInAnyCase) {
    EXPECT_EQ(parseDeviceFormat("native"), DeviceFormat::Native);
    EXPECT_EQ(parseDeviceFormat("NATIVE"), DeviceFormat::Native);
    EXPECT_EQ(parseDeviceFormat("snipeit"), DeviceFormat::SnipeIt);
    EXPECT_EQ(parseDeviceFormat("SnipeIT"), DeviceFormat::SnipeIt);
    EXPECT_EQ(parseDeviceFormat("snipe-it"), DeviceFormat::SnipeIt);
    EXPECT_EQ(parseDeviceFormat("Snipe-IT"), DeviceFormat::SnipeIt);
    EXPECT_EQ(parseDeviceFormat("intune"), DeviceFormat::Intune);
    EXPECT_EQ(parseDeviceFormat("Intune"), DeviceFormat::Intune);
    EXPECT_EQ(parseDeviceFormat("INTUNE"), DeviceFormat::Intune);
}

TEST(ImportFormatName, NamesRoundTrip) {
    for (auto f : {DeviceFormat::Native, DeviceFormat::SnipeIt, DeviceFormat::Intune})
        EXPECT_EQ(parseDeviceFormat(formatName(f)), f) << formatName(f);
    EXPECT_EQ(formatName(DeviceFormat::Native), "native");
    EXPECT_EQ(formatName(DeviceFormat::SnipeIt), "snipeit");
    EXPECT_EQ(formatName(DeviceFormat::Intune), "intune");
}

TEST(ImportFormatName, UnknownNameIsInvalidAndNamesTheFormats) {
    for (const char* bad : {"bogus", "", "snipe", "snipe_it2", "csv", "intune "}) {
        SCOPED_TRACE(std::string("'") + bad + "'");
        qm::Error e = errorOf([&] { parseDeviceFormat(bad); });
        EXPECT_EQ(e.kind(), ErrorKind::Invalid);
        EXPECT_EQ(e.field(), "format");
        const std::string what = e.what();
        EXPECT_TRUE(contains(what, "native")) << what;
        EXPECT_TRUE(contains(what, "snipeit")) << what;
        EXPECT_TRUE(contains(what, "intune")) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
    EXPECT_TRUE(contains(errorOf([] { parseDeviceFormat("bogus"); }).what(), "bogus"));
}

// ---------------------------------------------------------------------------------------------
// moneyToPence

TEST(ImportFormatMoney, AmountsAsWritten) {
    EXPECT_EQ(moneyToPence("349.00"), 34900);
    EXPECT_EQ(moneyToPence("\xC2\xA3" "1,234.50"), 123450);  // £1,234.50
    EXPECT_EQ(moneyToPence("1234"), 123400);
    EXPECT_EQ(moneyToPence("12.5"), 1250);
    EXPECT_EQ(moneyToPence("0.99"), 99);
    EXPECT_EQ(moneyToPence("0"), 0);
    EXPECT_EQ(moneyToPence("  349.00 "), 34900);
    EXPECT_EQ(moneyToPence("$5"), 500);
    EXPECT_EQ(moneyToPence("\xE2\x82\xAC" "12.30"), 1230);  // €12.30
    EXPECT_EQ(moneyToPence("1,000,000.01"), 100000001);
}

TEST(ImportFormatMoney, WhatIsNotMoneyIsInvalid) {
    for (const char* bad : {"", "abc", "twelve", "12.345", "-5.00", "1.2.3", "\xC2\xA3", ".50", "12.", "12a",
                            "12345678901", "1e3"}) {
        SCOPED_TRACE(std::string("'") + bad + "'");
        qm::Error e = errorOf([&] { moneyToPence(bad); });
        EXPECT_EQ(e.kind(), ErrorKind::Invalid);
        EXPECT_EQ(e.field(), "cost_pence");
    }
    EXPECT_TRUE(contains(errorOf([] { moneyToPence("twelve"); }).what(), "twelve"));
}

// A comma is a thousands separator only before groups of three digits: "349,00" (a decimal
// comma) or "12,5" must not be read as 34,900.00 or 125.00 — a hundredfold cost, silently.
TEST(ImportFormatMoney, CommaNotBeforeThreeDigitsIsRefused) {
    for (const char* bad : {"349,00", "12,5", "1,23", "1,2345"}) {
        try {
            const long long pence = moneyToPence(bad);
            ADD_FAILURE() << "'" << bad << "' was read as " << pence << " pence";
        } catch (const qm::Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Invalid) << bad;
            EXPECT_EQ(e.field(), "cost_pence") << bad;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Snipe-IT

TEST(ImportFormatSnipeIt, FullExportHeaderGivesEveryRegisterColumn) {
    auto cols = columnsFor(DeviceFormat::SnipeIt, kSnipeItHeader);
    EXPECT_TRUE(cols.missing().empty());
    EXPECT_EQ(cols.unused(), (Names{"Company", "Name", "Category", "Supplier", "Order Number"}));

    const Fields row = rowFor(kSnipeItHeader, kSnipeItRow);
    EXPECT_EQ(cols.cell("asset_tag", row), "MPS-0017");
    EXPECT_EQ(cols.cell("serial", row), "R58N12ABC");
    EXPECT_EQ(cols.cell("imei", row), "356938035643809");
    EXPECT_EQ(cols.cell("imei2", row), "");
    EXPECT_EQ(cols.cell("manufacturer", row), "Samsung");
    EXPECT_EQ(cols.cell("model", row), "Galaxy A54 5G");
    EXPECT_EQ(cols.cell("unit", row), "Central West");
    EXPECT_EQ(cols.cell("purchased_on", row), "2023-01-10");
    EXPECT_EQ(cols.cell("cost_pence", row), "34900");
    EXPECT_EQ(cols.cell("warranty_until", row), "2025-01-10");
    EXPECT_EQ(cols.cell("notes", row), "Screen protector fitted\nModel number SM-A546B");
    EXPECT_EQ(cols.cell("status", row), "in_stock");
    EXPECT_EQ(cols.cell("phone", row), "");
    EXPECT_EQ(cols.holder(row), "Jane.Doe@met.police.uk");  // the e-mail before the username
}

TEST(ImportFormatSnipeIt, HeadersInAnyOrderCaseAndSpacing) {
    const Names header = {"imei", "  SERIAL NUMBER ", "status", "ASSET TAG", "model", "MANUFACTURER",
                          "purchase-cost", "Purchase_Date", "WARRANTY", "location", "asset  notes"};
    auto cols = columnsFor(DeviceFormat::SnipeIt, header);
    EXPECT_TRUE(cols.missing().empty());
    EXPECT_EQ(cols.unused(), Names{});
    const Fields row = {"", "ABC12345", "Ready to Deploy", "MPS-9", "Pixel 8", "Google",
                        "\xC2\xA3" "1,234.50", "2024-01-31", "1", "Road Policing", "spare"};
    EXPECT_EQ(cols.cell("asset_tag", row), "MPS-9");
    EXPECT_EQ(cols.cell("serial", row), "ABC12345");
    EXPECT_EQ(cols.cell("manufacturer", row), "Google");
    EXPECT_EQ(cols.cell("model", row), "Pixel 8");
    EXPECT_EQ(cols.cell("cost_pence", row), "123450");
    EXPECT_EQ(cols.cell("warranty_until", row), "2024-02-29");
    EXPECT_EQ(cols.cell("unit", row), "Road Policing");
    EXPECT_EQ(cols.cell("notes", row), "spare");
    EXPECT_EQ(cols.cell("status", row), "in_stock");
    EXPECT_EQ(cols.holder(row), "");  // no checkout columns at all
}

TEST(ImportFormatSnipeIt, AliasesForTheSameColumns) {
    const Names header = {"Tag", "Serial", "Model Name", "Status Label", "Cost", "Notes", "IMEI 1", "IMEI 2",
                          "Phone Number", "Default Location", "Warranty Months", "Purchase Date"};
    auto cols = columnsFor(DeviceFormat::SnipeIt, header);
    EXPECT_TRUE(cols.missing().empty());
    EXPECT_TRUE(cols.unused().empty());
    const Fields row = {"mps-77", "SER0077", "Apple iPhone 15", "Pending", "799", "boxed", "356938035643809",
                        "356938035643817", "07700 900123", "Central West", "12", "10/01/2023"};
    EXPECT_EQ(cols.cell("asset_tag", row), "mps-77");  // as written: the register's parser upper-cases it
    EXPECT_EQ(cols.cell("serial", row), "SER0077");
    EXPECT_EQ(cols.cell("model", row), "Apple iPhone 15");
    EXPECT_EQ(cols.cell("status", row), "in_stock");
    EXPECT_EQ(cols.cell("cost_pence", row), "79900");
    EXPECT_EQ(cols.cell("notes", row), "boxed");
    EXPECT_EQ(cols.cell("imei", row), "356938035643809");
    EXPECT_EQ(cols.cell("imei2", row), "356938035643817");
    EXPECT_EQ(cols.cell("phone", row), "07700 900123");
    EXPECT_EQ(cols.cell("unit", row), "Central West");
    EXPECT_EQ(cols.cell("warranty_until", row), "2024-01-10");  // UK purchase date + 12 months
}

TEST(ImportFormatSnipeIt, MakerAndModelApartTheModelNotRepeatingItsMaker) {
    const Names header = {"Asset Tag", "Serial Number", "Manufacturer", "Model"};
    auto cols = columnsFor(DeviceFormat::SnipeIt, header);
    // The register's model as the import makes it: maker and model, each as its own value.
    auto model = [&](const std::string& maker, const std::string& name) {
        const Fields row{"MPS-1", "SER0001", maker, name};
        const std::string m = cols.cell("manufacturer", row), n = cols.cell("model", row);
        return m.empty() ? n : m + " | " + n;
    };
    EXPECT_EQ(model("Samsung", "Galaxy A54 5G"), "Samsung | Galaxy A54 5G");
    EXPECT_EQ(model("Apple", "Apple iPhone 15"), "Apple | iPhone 15");  // the maker not twice
    EXPECT_EQ(model("apple", "APPLE iPhone 15"), "apple | iPhone 15");  // any case
    EXPECT_EQ(model("  Google ", " Pixel 8 "), "Google | Pixel 8");     // trimmed
    EXPECT_EQ(model("", "Motorola moto g54"), "Motorola moto g54");     // no maker: the model as it is
    EXPECT_EQ(model("Zebra Technologies", "TC52"), "Zebra Technologies | TC52");  // a maker of two words
    EXPECT_EQ(model("Apple", "Applewood 3"), "Apple | Applewood 3");   // a word, not a prefix

    // Without a Manufacturer column the model is taken as it is.
    auto bare = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model"});
    EXPECT_EQ(bare.cell("model", Fields{"MPS-1", "SER0001", "Samsung Galaxy A54 5G"}), "Samsung Galaxy A54 5G");
    EXPECT_EQ(bare.cell("manufacturer", Fields{"MPS-1", "SER0001", "Samsung Galaxy A54 5G"}), "");
}

TEST(ImportFormatSnipeIt, ModelNumberIsAppendedToTheNotes) {
    auto cols = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Notes", "Model Number"});
    EXPECT_EQ(cols.cell("notes", Fields{"T1", "SER0001", "Samsung A54", "", "SM-A546B"}), "Model number SM-A546B");
    EXPECT_EQ(cols.cell("notes", Fields{"T1", "SER0001", "Samsung A54", "Cracked", "SM-A546B"}),
              "Cracked\nModel number SM-A546B");
    EXPECT_EQ(cols.cell("notes", Fields{"T1", "SER0001", "Samsung A54", "Cracked", ""}), "Cracked");
    EXPECT_EQ(cols.cell("notes", Fields{"T1", "SER0001", "Samsung A54", "", ""}), "");
    // "Model No" is the same column.
    auto no = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Model No"});
    EXPECT_EQ(no.cell("notes", Fields{"T1", "SER0001", "Samsung A54", "SM-A546B"}), "Model number SM-A546B");
}

TEST(ImportFormatSnipeIt, WarrantyMonthsAreAddedToThePurchaseDate) {
    auto cols = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Purchase Date", "Warranty"});
    auto until = [&](const std::string& bought, const std::string& months) {
        return cols.cell("warranty_until", Fields{"T1", "SER0001", "Samsung A54", bought, months});
    };
    EXPECT_EQ(until("2023-01-10", "24"), "2025-01-10");
    EXPECT_EQ(until("2023-01-10", "0"), "2023-01-10");
    EXPECT_EQ(until("2023-01-31", "1"), "2023-02-28");   // the day kept where the month has it
    EXPECT_EQ(until("2024-01-31", "1"), "2024-02-29");   // leap year
    EXPECT_EQ(until("2023-03-31", "1"), "2023-04-30");
    EXPECT_EQ(until("2023-11-30", "3"), "2024-02-29");   // across the year end
    EXPECT_EQ(until("2023-12-15", "1"), "2024-01-15");
    EXPECT_EQ(until("2023-12-15", "12"), "2024-12-15");
    EXPECT_EQ(until("2020-02-29", "12"), "2021-02-28");
    EXPECT_EQ(until("2023-05-20", "120"), "2033-05-20");
    EXPECT_EQ(until("31/01/2023", "1"), "2023-02-28");   // the UK form of the purchase date
    EXPECT_EQ(until(" 2023-01-10 ", " 36 "), "2026-01-10");
    // Either half missing: no warranty date.
    EXPECT_EQ(until("", "24"), "");
    EXPECT_EQ(until("2023-01-10", ""), "");
}

TEST(ImportFormatSnipeIt, WarrantyThatIsNotMonthsIsInvalid) {
    auto cols = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Purchase Date", "Warranty"});
    for (const char* bad : {"two years", "-1", "1.5", "1000", "12x"}) {
        SCOPED_TRACE(bad);
        qm::Error e = errorOf([&] { cols.cell("warranty_until", Fields{"T1", "SER0001", "A B", "2023-01-10", bad}); });
        EXPECT_EQ(e.kind(), ErrorKind::Invalid);
        EXPECT_EQ(e.field(), "warranty_until");
    }
    // A purchase date that does not exist is named as the purchase date.
    qm::Error e = errorOf([&] { cols.cell("warranty_until", Fields{"T1", "SER0001", "A B", "2023-02-30", "12"}); });
    EXPECT_EQ(e.kind(), ErrorKind::Invalid);
    EXPECT_EQ(e.field(), "purchased_on");
}

// Snipe-IT's own asset list (the export button) writes the warranty as "36 months"
// (AssetsTransformer: warranty_months . ' ' . trans('admin/hardware/form.months')).
TEST(ImportFormatSnipeIt, WarrantyWrittenWithItsUnitIsRead) {
    auto cols = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Purchase Date", "Warranty"});
    EXPECT_EQ(cols.cell("warranty_until", Fields{"T1", "SER0001", "A B", "2023-01-10", "36 months"}), "2026-01-10");
    EXPECT_EQ(cols.cell("warranty_until", Fields{"T1", "SER0001", "A B", "2023-01-10", "1 month"}), "2023-02-10");
}

TEST(ImportFormatSnipeIt, StatusesMapToWhereANewDeviceCanStart) {
    auto cols = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Status"});
    auto status = [&](const std::string& label) { return cols.cell("status", Fields{"T1", "SER0001", "A B", label}); };
    for (const char* s : {"Ready to Deploy", "ready to deploy", "READY TO DEPLOY", " Deployed ", "Pending", "", "Deployable"})
        EXPECT_EQ(status(s), "in_stock") << s;
    for (const char* s : {"Out for Repair", "out for repair", "Broken", "BROKEN", "Out for Diagnostics"})
        EXPECT_EQ(status(s), "in_repair") << s;
    for (const char* s : {"Archived", "Lost", "Stolen", "Lost/Stolen", "Retired"}) {
        SCOPED_TRACE(s);
        qm::Error e = errorOf([&] { status(s); });
        EXPECT_EQ(e.kind(), ErrorKind::Invalid);
        EXPECT_EQ(e.field(), "status");
        EXPECT_TRUE(contains(e.what(), s)) << e.what();
    }
    // Without a Status column every device starts in stock.
    auto none = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model"});
    EXPECT_EQ(none.cell("status", Fields{"T1", "SER0001", "A B"}), "in_stock");
}

TEST(ImportFormatSnipeIt, CostThatIsNotMoneyIsInvalidAndEmptyIsNone) {
    auto cols = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Purchase Cost"});
    EXPECT_EQ(cols.cell("cost_pence", Fields{"T1", "SER0001", "A B", ""}), "");
    EXPECT_EQ(cols.cell("cost_pence", Fields{"T1", "SER0001", "A B", "12.5"}), "1250");
    qm::Error e = errorOf([&] { cols.cell("cost_pence", Fields{"T1", "SER0001", "A B", "free"}); });
    EXPECT_EQ(e.kind(), ErrorKind::Invalid);
    EXPECT_EQ(e.field(), "cost_pence");
    EXPECT_TRUE(contains(e.what(), "free")) << e.what();
}

TEST(ImportFormatSnipeIt, HolderRules) {
    const Names header = {"Asset Tag", "Serial Number", "Model", "Checkout Type", "Checked Out To: Email",
                          "Checked Out To: Username"};
    auto cols = columnsFor(DeviceFormat::SnipeIt, header);
    auto holder = [&](const std::string& type, const std::string& email, const std::string& user) {
        return cols.holder(Fields{"T1", "SER0001", "A B", type, email, user});
    };
    EXPECT_EQ(holder("user", "jane@police.uk", "mp1"), "jane@police.uk");
    EXPECT_EQ(holder("User", " jane@police.uk ", ""), "jane@police.uk");
    EXPECT_EQ(holder("", "jane@police.uk", ""), "jane@police.uk");  // type not exported: a user
    EXPECT_EQ(holder("user", "", "mp1234"), "mp1234");              // the username when no e-mail
    EXPECT_EQ(holder("user", "", ""), "");
    EXPECT_EQ(holder("", "", ""), "");
    // Checked out to a location or another asset: nobody holds it.
    EXPECT_EQ(holder("location", "jane@police.uk", "mp1"), "");
    EXPECT_EQ(holder("Location", "", "mp1"), "");
    EXPECT_EQ(holder("asset", "jane@police.uk", ""), "");

    // Without a checkout type column, an e-mail means a person.
    auto noType = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Checked Out To: Email"});
    EXPECT_EQ(noType.holder(Fields{"T1", "SER0001", "A B", "jo@police.uk"}), "jo@police.uk");
    // The employee number alias.
    auto employee = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Employee Number"});
    EXPECT_EQ(employee.holder(Fields{"T1", "SER0001", "A B", "MP999"}), "MP999");
    // A name alone is still reported (so the row can say whom it could not match).
    auto named = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Model", "Checked Out To"});
    EXPECT_EQ(named.holder(Fields{"T1", "SER0001", "A B", "Jane Doe"}), "Jane Doe");
}

TEST(ImportFormatSnipeIt, MissingNamesTheRequiredColumnsInSnipeItsWords) {
    EXPECT_EQ(columnsFor(DeviceFormat::SnipeIt, {"Company", "Name", "IMEI"}).missing(),
              (Names{"Asset Tag", "Serial Number", "Model"}));
    EXPECT_EQ(columnsFor(DeviceFormat::SnipeIt, {"serial number", "Manufacturer"}).missing(),
              (Names{"Asset Tag", "Model"}));
    EXPECT_EQ(columnsFor(DeviceFormat::SnipeIt, {"asset tag", "model"}).missing(), (Names{"Serial Number"}));
    // The register's own names are not Snipe-IT's.
    // The register's own spellings match Snipe-IT's names too ("asset_tag" is "Asset Tag").
    EXPECT_TRUE(columnsFor(DeviceFormat::SnipeIt, {"asset_tag", "serial", "model"}).missing().empty());
}

TEST(ImportFormatSnipeIt, UnusedListsEveryColumnNotCarriedOverInFileOrder) {
    const Names header = {"Colour", "Asset Tag", "Serial Number", "Category", "Model", "", "Order Number"};
    auto cols = columnsFor(DeviceFormat::SnipeIt, header);
    EXPECT_EQ(cols.unused(), (Names{"Colour", "Category", "Order Number"}));  // an unnamed column is not listed
    // The same column under two aliases: the second one is not used.
    auto twice = columnsFor(DeviceFormat::SnipeIt, {"Asset Tag", "Serial Number", "Serial", "Model"});
    EXPECT_EQ(twice.unused(), (Names{"Serial"}));
    EXPECT_EQ(twice.cell("serial", Fields{"T1", "FIRST001", "SECOND01", "A B"}), "FIRST001");
}

TEST(ImportFormatSnipeIt, ShortRowsGiveEmptyCells) {
    auto cols = columnsFor(DeviceFormat::SnipeIt, kSnipeItHeader);
    const Fields shortRow = {"Met", "n", "MPS-1"};
    EXPECT_EQ(cols.cell("asset_tag", shortRow), "MPS-1");
    EXPECT_EQ(cols.cell("serial", shortRow), "");
    EXPECT_EQ(cols.cell("imei", shortRow), "");
    EXPECT_EQ(cols.holder(shortRow), "");
}

// ---------------------------------------------------------------------------------------------
// Intune

const Names kIntuneHeader = {"Device ID",        "Device name",      "Enrollment date",
                             "Last check-in",    "OS",               "OS version",
                             "Ownership",        "Compliance",       "Primary user UPN",
                             "Primary user email address",           "Primary user display name",
                             "Serial number",    "Manufacturer",     "Model",
                             "IMEI",             "Phone number"};

TEST(ImportFormatIntune, AllDevicesExportGivesTheRegisterColumns) {
    auto cols = columnsFor(DeviceFormat::Intune, kIntuneHeader);
    EXPECT_TRUE(cols.missing().empty());
    EXPECT_EQ(cols.unused(), (Names{"Device ID", "Enrollment date", "Last check-in", "OS", "OS version", "Ownership",
                                    "Compliance", "Primary user email address", "Primary user display name"}));
    const Fields row = rowFor(kIntuneHeader, {{"Device ID", "7f9c2e4a-0000-4000-8000-000000000001"},
                                              {"Device name", "mps-0042"},
                                              {"Primary user UPN", "Jane.Doe@met.police.uk"},
                                              {"Primary user email address", "other@met.police.uk"},
                                              {"Serial number", "R58N12ABC"},
                                              {"Manufacturer", "samsung"},
                                              {"Model", "SM-A546B"},
                                              {"IMEI", "356938035643809"},
                                              {"Phone number", "+447700900123"}});
    EXPECT_EQ(cols.cell("asset_tag", row), "MPS-0042");  // the device name, upper-cased
    EXPECT_EQ(cols.cell("serial", row), "R58N12ABC");
    EXPECT_EQ(cols.cell("manufacturer", row), "samsung");
    EXPECT_EQ(cols.cell("model", row), "SM-A546B");
    EXPECT_EQ(cols.cell("imei", row), "356938035643809");
    EXPECT_EQ(cols.cell("phone", row), "+447700900123");
    EXPECT_EQ(cols.cell("status", row), "in_stock");
    for (const char* none : {"imei2", "unit", "purchased_on", "warranty_until", "cost_pence", "notes"})
        EXPECT_EQ(cols.cell(none, row), "") << none;
    EXPECT_EQ(cols.holder(row), "Jane.Doe@met.police.uk");  // the UPN first
}

TEST(ImportFormatIntune, DeviceNameIsTheAssetTagOnlyWhenItLooksLikeOne) {
    auto cols = columnsFor(DeviceFormat::Intune, {"Device name", "Serial number", "Model", "Manufacturer"});
    auto tag = [&](const std::string& name, const std::string& serial = "F2LXK0ABCD") {
        return cols.cell("asset_tag", Fields{name, serial, "iPhone 15", "Apple"});
    };
    EXPECT_EQ(tag("MPS-0042"), "MPS-0042");
    EXPECT_EQ(tag("mps-0042"), "MPS-0042");
    EXPECT_EQ(tag(" mps/2024/7 "), "MPS/2024/7");
    EXPECT_EQ(tag("QM01"), "QM01");
    EXPECT_EQ(tag("Jane's iPhone"), "F2LXK0ABCD");  // not a tag: the serial
    EXPECT_EQ(tag("Android_Samsung_SM-A546B_1/2/2024_10:11 AM"), "F2LXK0ABCD");
    EXPECT_EQ(tag("M"), "F2LXK0ABCD");              // too short for a tag
    EXPECT_EQ(tag(std::string(33, 'A')), "F2LXK0ABCD");  // too long
    EXPECT_EQ(tag(""), "F2LXK0ABCD");
    EXPECT_EQ(tag("", " F2LXK0ABCD "), "F2LXK0ABCD");
}

TEST(ImportFormatIntune, HeaderNameVariants) {
    const Names header = {"SerialNumber", "DeviceName", "UserPrincipalName", "PhoneNumber", "model", "MANUFACTURER",
                          "imei"};
    auto cols = columnsFor(DeviceFormat::Intune, header);
    EXPECT_TRUE(cols.missing().empty());
    EXPECT_TRUE(cols.unused().empty());
    const Fields row = {"SER00099", "qm-99", "jo@police.uk", "07700 900123", "Pixel 8", "Google", ""};
    EXPECT_EQ(cols.cell("asset_tag", row), "QM-99");
    EXPECT_EQ(cols.cell("serial", row), "SER00099");
    EXPECT_EQ(cols.cell("manufacturer", row), "Google");
    EXPECT_EQ(cols.cell("model", row), "Pixel 8");
    EXPECT_EQ(cols.cell("phone", row), "07700 900123");
    EXPECT_EQ(cols.holder(row), "jo@police.uk");

    // Older exports: "Device Name", "Serial Number", "Primary user email address", "UPN".
    for (const char* holderColumn : {"Primary user email address", "UPN", "User principal name", "Primary user email"}) {
        SCOPED_TRACE(holderColumn);
        auto older = columnsFor(DeviceFormat::Intune, {"Device Name", "Serial Number", "Model", holderColumn});
        EXPECT_TRUE(older.missing().empty());
        EXPECT_TRUE(older.unused().empty());
        EXPECT_EQ(older.holder(Fields{"x y", "SER00099", "Apple iPhone 15", " sam@police.uk "}), "sam@police.uk");
        EXPECT_EQ(older.cell("asset_tag", Fields{"x y", "SER00099", "Apple iPhone 15", ""}), "SER00099");
    }
}

TEST(ImportFormatIntune, MissingNamesIntunesColumns) {
    EXPECT_EQ(columnsFor(DeviceFormat::Intune, {"Device name", "OS"}).missing(), (Names{"Serial number", "Model"}));
    EXPECT_EQ(columnsFor(DeviceFormat::Intune, {"Device name", "Model"}).missing(), (Names{"Serial number"}));
    EXPECT_EQ(columnsFor(DeviceFormat::Intune, {"serial number", "Manufacturer"}).missing(), (Names{"Model"}));
    // No asset tag column needed: the device name or serial stands in.
    EXPECT_TRUE(columnsFor(DeviceFormat::Intune, {"Serial number", "Model"}).missing().empty());
}

TEST(ImportFormatIntune, NoUpnNoHolder) {
    auto cols = columnsFor(DeviceFormat::Intune, {"Device name", "Serial number", "Model", "Primary user UPN"});
    EXPECT_EQ(cols.holder(Fields{"MPS-1", "SER0001", "A B", ""}), "");
    EXPECT_EQ(cols.holder(Fields{"MPS-1", "SER0001", "A B", "   "}), "");
    auto without = columnsFor(DeviceFormat::Intune, {"Device name", "Serial number", "Model"});
    EXPECT_EQ(without.holder(Fields{"MPS-1", "SER0001", "A B"}), "");
}

// ---------------------------------------------------------------------------------------------
// Native

TEST(ImportFormatNative, TheRegistersOwnColumnsAsWritten) {
    const Names header = {"Model", "serial", "Colour", "ASSET TAG", "status", "cost_pence", "manufacturer"};
    auto cols = columnsFor(DeviceFormat::Native, header);
    EXPECT_TRUE(cols.missing().empty());
    EXPECT_EQ(cols.unused(), (Names{"Colour"}));
    const Fields row = {"Galaxy A54 5G", "ser0001", "black", "mps-1", "in_repair", "34900", "Samsung"};
    EXPECT_EQ(cols.cell("model", row), "Galaxy A54 5G");
    EXPECT_EQ(cols.cell("manufacturer", row), "Samsung");  // kept apart in the native columns
    EXPECT_EQ(cols.cell("serial", row), "ser0001");
    EXPECT_EQ(cols.cell("asset_tag", row), "mps-1");
    EXPECT_EQ(cols.cell("status", row), "in_repair");
    EXPECT_EQ(cols.cell("cost_pence", row), "34900");
    EXPECT_EQ(cols.cell("imei", row), "");
    EXPECT_EQ(cols.holder(row), "");
    // An exported formula-safe cell reads back without its apostrophe.
    EXPECT_EQ(cols.cell("serial", Fields{"A B", "'-SER1", "", "T1", "", "", ""}), "-SER1");
    EXPECT_EQ(cols.cell("serial", Fields{"A B", "'SER1", "", "T1", "", "", ""}), "'SER1");

    EXPECT_EQ(columnsFor(DeviceFormat::Native, {"imei", "notes"}).missing(), (Names{"asset_tag", "serial", "model"}));
    // Snipe-IT's words are not the native columns.
    EXPECT_EQ(columnsFor(DeviceFormat::Native, {"Asset Tag", "Serial Number", "Model"}).missing(), (Names{"serial"}));
}

}  // namespace
