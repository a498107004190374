// qmctl device add / device show end to end: the printed record in each format, lookups by
// every kind of key, refusals with the right exit code and a one-sentence reason, and that a
// refused add leaves nothing behind.
#include "db/database.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Valid IMEIs (Luhn check digit computed).
constexpr const char* kImeiA = "353918050000013";
constexpr const char* kImeiB = "353918050000021";
constexpr const char* kImeiBadLuhn = "353918050000014";




class CliDevice : public RegisterTest {
protected:
    ProcessResult add(const std::string& role, const std::vector<std::string>& options) {
        std::vector<std::string> args{"--db", as(role), "device", "add"};
        args.insert(args.end(), options.begin(), options.end());
        return qmctl(args);
    }
    ProcessResult show(const std::string& key, const std::string& role = "agent",
                       const std::string& format = "table") {
        return qmctl({"--db", as(role), "--format", format, "device", "show", key});
    }
    long long deviceCount() {
        db::Database owner(as("owner"));
        long long n = -1;
        owner.sql() << "select count(*) from device", soci::into(n);
        return n;
    }
    long long modelCount() {
        db::Database owner(as("owner"));
        long long n = -1;
        owner.sql() << "select count(*) from device_model", soci::into(n);
        return n;
    }
    // One good device already in the register.
    void addFirst() {
        auto r = add("manager", {"--asset-tag", "QM-0001", "--serial", "R58N12ABC", "--imei", kImeiA, "--model",
                                 "Samsung Galaxy A54 5G", "--purchased-on", "2023-03-01", "--cost-pence", "34900"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        ASSERT_EQ(deviceCount(), 1);
    }
    // A refused add must leave the register as it was and the tag unknown.
    void expectNothingWritten(const std::string& tag, long long devicesBefore, long long modelsBefore) {
        EXPECT_EQ(deviceCount(), devicesBefore);
        EXPECT_EQ(modelCount(), modelsBefore) << "a refused add left a device model behind";
        if (!tag.empty()) {
            EXPECT_EQ(show(tag).exitCode, 3) << "device " << tag << " was half-written";
        }
    }
};

TEST_F(CliDevice, AddPrintsTheRecordAndCreatesTheModel) {
    auto r = add("manager", {"--asset-tag", "qm-0001", "--serial", "r58n12abc", "--imei", kImeiA, "--model",
                             "Samsung  Galaxy A54 5G", "--purchased-on", "2023-03-01", "--cost-pence", "34900",
                             "--phone", "07700 900123", "--notes", "Spare for Response"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Asset tag:"));
    EXPECT_THAT(r.out, HasSubstr("QM-0001"));    // stored upper-case
    EXPECT_THAT(r.out, HasSubstr("R58N12ABC"));
    EXPECT_THAT(r.out, HasSubstr(kImeiA));
    EXPECT_THAT(r.out, HasSubstr("Samsung Galaxy A54 5G"));
    EXPECT_THAT(r.out, HasSubstr("2023-03-01"));
    EXPECT_THAT(r.out, HasSubstr("£349.00"));
    EXPECT_THAT(r.out, HasSubstr("Spare for Response"));
    EXPECT_THAT(r.err, HasSubstr("created device model Samsung Galaxy A54 5G"));
    EXPECT_EQ(deviceCount(), 1);
    EXPECT_EQ(modelCount(), 1);

    // A second device of the same model reuses it.
    auto again = add("manager", {"--asset-tag", "QM-0002", "--serial", "R58N12ABD", "--model",
                                 "samsung galaxy a54 5g"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_THAT(again.err, Not(HasSubstr("created device model")));
    EXPECT_EQ(modelCount(), 1);
    EXPECT_EQ(deviceCount(), 2);
}

TEST_F(CliDevice, ShowFindsByAssetTagSerialImeiAndSpacedImei) {
    addFirst();
    for (const std::string key : {"QM-0001", "qm-0001", " QM-0001 ", "R58N12ABC", "r58n12abc", kImeiA,
                                  "35 391805 000001 3", "35-391805-000001-3"}) {
        auto r = show(key);
        EXPECT_EQ(r.exitCode, 0) << "key '" << key << "': " << r.err;
        EXPECT_THAT(r.out, HasSubstr("QM-0001")) << "key '" << key << "'";
        EXPECT_THAT(r.out, HasSubstr("R58N12ABC")) << "key '" << key << "'";
        EXPECT_TRUE(r.err.empty()) << r.err;
    }
}

TEST_F(CliDevice, ViewerMayShow) {
    addFirst();
    auto r = show("QM-0001", "viewer");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("R58N12ABC"));
}

TEST_F(CliDevice, ShowAsJsonIsOneObject) {
    addFirst();
    auto r = show("QM-0001", "agent", "json");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_FALSE(r.out.empty());
    EXPECT_EQ(r.out.front(), '{') << r.out;
    EXPECT_EQ(r.out.substr(r.out.size() - 2), "}\n") << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_THAT(r.out, HasSubstr("\"Asset tag\":\"QM-0001\""));
    EXPECT_THAT(r.out, HasSubstr("\"Serial\":\"R58N12ABC\""));
    EXPECT_THAT(r.out, HasSubstr(std::string("\"IMEI\":\"") + kImeiA + "\""));
    EXPECT_THAT(r.out, HasSubstr("\"Model\":\"Samsung Galaxy A54 5G\""));
}

TEST_F(CliDevice, ShowAsCsvIsHeaderAndRow) {
    addFirst();
    auto r = show("R58N12ABC", "agent", "csv");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto firstEnd = r.out.find("\r\n");
    ASSERT_NE(firstEnd, std::string::npos) << r.out;
    std::string header = r.out.substr(0, firstEnd);
    std::string rest = r.out.substr(firstEnd + 2);
    EXPECT_THAT(header, StartsWith("Asset tag,Serial,IMEI,"));
    EXPECT_THAT(rest, StartsWith(std::string("QM-0001,R58N12ABC,") + kImeiA + ","));
    EXPECT_EQ(rest.find("\r\n"), rest.size() - 2) << "expected exactly header + one row: " << r.out;
    EXPECT_EQ(std::count(header.begin(), header.end(), ','), std::count(rest.begin(), rest.end(), ','))
        << "header and row differ in width (a field with a comma would be quoted; none here)";
}

TEST_F(CliDevice, BadImeisAreInvalidInput) {
    struct Case {
        std::string imei;
        std::vector<std::string> mentions;
    };
    const std::vector<Case> cases = {
        {kImeiBadLuhn, {"IMEI", kImeiBadLuhn, "Luhn"}},
        {"35391805000001", {"IMEI", "too short", "15 digits"}},
        {"35391805000A013", {"IMEI", "'A'", "only digits"}},
    };
    const auto models = modelCount();
    for (const auto& c : cases) {
        SCOPED_TRACE("imei " + c.imei);
        auto r = add("manager", {"--asset-tag", "QM-0100", "--serial", "SER-0100", "--imei", c.imei, "--model",
                                 "Apple iPhone 14"});
        expectOneLineError(r, 3, c.mentions);
        expectNothingWritten("QM-0100", 0, models);
    }
    // A bad second IMEI is named as the second one.
    auto r = add("manager", {"--asset-tag", "QM-0100", "--serial", "SER-0100", "--imei", kImeiA, "--imei2",
                             kImeiBadLuhn, "--model", "Apple iPhone 14"});
    expectOneLineError(r, 3, {"Second IMEI", "Luhn"});
    expectNothingWritten("QM-0100", 0, models);
}

TEST_F(CliDevice, MissingOrMalformedFieldsAreInvalidInput) {
    struct Case {
        std::string name;
        std::vector<std::string> options;
        std::vector<std::string> mentions;
    };
    const std::vector<Case> cases = {
        {"missing asset tag", {"--serial", "SER-0200", "--model", "Apple iPhone 14"}, {"asset tag", "missing"}},
        {"blank asset tag", {"--asset-tag", "  ", "--serial", "SER-0200", "--model", "Apple iPhone 14"},
         {"asset tag", "missing"}},
        {"missing model", {"--asset-tag", "QM-0200", "--serial", "SER-0200"}, {"model", "missing"}},
        {"model without maker", {"--asset-tag", "QM-0200", "--serial", "SER-0200", "--model", "iPhone"},
         {"model", "maker"}},
        {"impossible date",
         {"--asset-tag", "QM-0200", "--serial", "SER-0200", "--model", "Apple iPhone 14", "--purchased-on",
          "2023-02-30"},
         {"purchase date", "2023-02-30", "does not exist", "28 days"}},
        {"not a date",
         {"--asset-tag", "QM-0200", "--serial", "SER-0200", "--model", "Apple iPhone 14", "--purchased-on",
          "last tuesday"},
         {"purchase date", "not a date"}},
        {"non-numeric cost",
         {"--asset-tag", "QM-0200", "--serial", "SER-0200", "--model", "Apple iPhone 14", "--cost-pence", "abc"},
         {"cost", "'abc'", "whole number of pence"}},
        {"cost in pounds",
         {"--asset-tag", "QM-0200", "--serial", "SER-0200", "--model", "Apple iPhone 14", "--cost-pence",
          "349.99"},
         {"cost", "34999"}},
        {"warranty before purchase",
         {"--asset-tag", "QM-0200", "--serial", "SER-0200", "--model", "Apple iPhone 14", "--purchased-on",
          "2023-03-01", "--warranty-until", "2022-03-01"},
         {"warranty", "before"}},
        {"bad serial character",
         {"--asset-tag", "QM-0200", "--serial", "SER#0200", "--model", "Apple iPhone 14"},
         {"serial number", "'#'"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = add("manager", c.options);
        expectOneLineError(r, 3, c.mentions);
        expectNothingWritten("QM-0200", 0, 0);
    }
}

TEST_F(CliDevice, DuplicatesAreConflictsNamingTheValue) {
    addFirst();
    const auto models = modelCount();
    // Same serial, typed in lower case: still the same serial.
    auto r = add("manager", {"--asset-tag", "QM-0002", "--serial", "r58n12abc", "--model", "Apple iPhone 14"});
    expectOneLineError(r, 4, {"serial", "R58N12ABC", "already"});
    expectNothingWritten("QM-0002", 1, models);

    r = add("manager", {"--asset-tag", "QM-0001", "--serial", "SER-0002", "--model", "Apple iPhone 14"});
    expectOneLineError(r, 4, {"asset tag", "QM-0001", "already"});
    expectNothingWritten("SER-0002", 1, models);

    r = add("manager", {"--asset-tag", "QM-0003", "--serial", "SER-0003", "--imei", kImeiA, "--model",
                        "Apple iPhone 14"});
    expectOneLineError(r, 4, {"IMEI", kImeiA, "already"});
    expectNothingWritten("QM-0003", 1, models);

    // The first device is untouched by all that.
    auto s = show("QM-0001");
    EXPECT_EQ(s.exitCode, 0);
    EXPECT_THAT(s.out, HasSubstr("R58N12ABC"));
}

TEST_F(CliDevice, OnlyManagersMayAdd) {
    for (const std::string role : {"agent", "viewer"}) {
        SCOPED_TRACE(role);
        auto r = add(role, {"--asset-tag", "QM-0300", "--serial", "SER-0300", "--model", "Apple iPhone 14"});
        expectOneLineError(r, 5, {"manager", "test_" + role});
        expectNothingWritten("QM-0300", 0, 0);
    }
    // Permission is decided before the input is judged: an agent with bad input still gets 5.
    auto r = add("agent", {"--asset-tag", "QM-0300", "--serial", "SER-0300", "--imei", kImeiBadLuhn});
    EXPECT_EQ(r.exitCode, 5) << r.err;
    EXPECT_EQ(deviceCount(), 0);
}

TEST_F(CliDevice, AnImeiIsUniqueAcrossBothSlots) {
    auto r = add("manager", {"--asset-tag", "QM-0001", "--serial", "SER-0001", "--imei", "35 391805 000001 3",
                             "--imei2", kImeiB, "--model", "Samsung Galaxy A54 5G"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr(kImeiA)) << "the IMEI is stored as 15 digits";
    const auto models = modelCount();
    r = add("manager", {"--asset-tag", "QM-0002", "--serial", "SER-0002", "--imei", kImeiB, "--model",
                        "Samsung Galaxy A54 5G"});
    expectOneLineError(r, 4, {kImeiB, "already"});
    expectNothingWritten("QM-0002", 1, models);
    r = add("manager", {"--asset-tag", "QM-0002", "--serial", "SER-0002", "--imei", "490154203237518", "--imei2",
                        kImeiA, "--model", "Samsung Galaxy A54 5G"});
    expectOneLineError(r, 4, {kImeiA, "already"});
    expectNothingWritten("QM-0002", 1, models);
    r = add("manager", {"--asset-tag", "QM-0002", "--serial", "SER-0002", "--imei", kImeiA, "--imei2", kImeiA,
                        "--model", "Samsung Galaxy A54 5G"});
    expectOneLineError(r, 3, {"second imei", "same"});
}

TEST_F(CliDevice, ShowOfUnknownDeviceIsInvalidInput) {
    addFirst();
    auto r = show("QM-9999");
    expectOneLineError(r, 3, {"QM-9999", "no device"});
    r = show(kImeiB);
    expectOneLineError(r, 3, {kImeiB});
    r = show("   ");
    expectOneLineError(r, 3, {"asset tag"});
}

TEST_F(CliDevice, UsageErrorsAreExitTwo) {
    auto r = qmctl({"--db", as("manager"), "device", "show"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    r = qmctl({"--db", as("manager"), "device", "add", "--asset-tag"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    r = qmctl({"--db", as("manager"), "--format", "xml", "device", "show", "QM-0001"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr("xml"));
    EXPECT_EQ(deviceCount(), 0);
}

}  // namespace
}  // namespace qm::test
