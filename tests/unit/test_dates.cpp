// Dates and money as the desk types them: real calendar dates in range, whole pence.
#include "model/dates.hpp"
#include "model/error.hpp"
#include "model/money.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

template <typename Parse>
std::string expectInvalid(Parse&& parse, const std::string& field, const std::string& mentions) {
    try {
        parse();
    } catch (const qm::Error& e) {
        EXPECT_EQ(e.kind(), qm::ErrorKind::Invalid) << e.what();
        EXPECT_EQ(e.field(), field) << e.what();
        EXPECT_NE(std::string(e.what()).find(mentions), std::string::npos)
            << "message '" << e.what() << "' should mention '" << mentions << "'";
        return e.what();
    }
    ADD_FAILURE() << "expected a qm::Error about " << field;
    return {};
}

TEST(Date, ParsesIsoAndUkForms) {
    EXPECT_EQ(qm::parseDate("2024-02-29", "purchased_on"), (qm::Date{2024, 2, 29}));
    EXPECT_EQ(qm::parseDate("29/02/2024", "purchased_on"), (qm::Date{2024, 2, 29}));
    EXPECT_EQ(qm::parseDate(" 1/3/2025 ", "purchased_on"), (qm::Date{2025, 3, 1}));
    EXPECT_EQ(qm::parseDate("1990-01-01", "x"), (qm::Date{1990, 1, 1}));
    EXPECT_EQ(qm::parseDate("31/12/2100", "x"), (qm::Date{2100, 12, 31}));
    EXPECT_EQ(qm::parseDate("2000-02-29", "x"), (qm::Date{2000, 2, 29}));  // divisible by 400
}

TEST(Date, FormatsIsoAndUk) {
    EXPECT_EQ((qm::Date{2024, 2, 9}).iso(), "2024-02-09");
    EXPECT_EQ((qm::Date{2024, 2, 9}).uk(), "09/02/2024");
    EXPECT_EQ(qm::parseDate("7/6/2023", "x").iso(), "2023-06-07");
}

TEST(Date, OrdersChronologically) {
    EXPECT_LT((qm::Date{2023, 12, 31}), (qm::Date{2024, 1, 1}));
    EXPECT_LT((qm::Date{2024, 1, 31}), (qm::Date{2024, 2, 1}));
}

TEST(Date, RefusesImpossibleDates) {
    const auto feb30 = expectInvalid([] { qm::parseDate("2023-02-30", "purchased_on"); }, "purchased_on", "Purchase date");
    EXPECT_EQ(feb30, "Purchase date '2023-02-30' does not exist: February 2023 has 28 days.");
    expectInvalid([] { qm::parseDate("2023-02-29", "purchased_on"); }, "purchased_on", "28 days");
    expectInvalid([] { qm::parseDate("1900-02-29", "purchased_on"); }, "purchased_on", "between 1990 and 2100");
    expectInvalid([] { qm::parseDate("31/04/2024", "warranty_until"); }, "warranty_until", "Warranty end date");
    expectInvalid([] { qm::parseDate("2024-13-01", "warranty_until"); }, "warranty_until", "month 13");
    expectInvalid([] { qm::parseDate("2024-00-10", "warranty_until"); }, "warranty_until", "month 0");
    expectInvalid([] { qm::parseDate("2024-01-00", "warranty_until"); }, "warranty_until", "does not exist");
}

TEST(Date, RefusesYearsOutOfRange) {
    expectInvalid([] { qm::parseDate("1989-12-31", "purchased_on"); }, "purchased_on", "between 1990 and 2100");
    expectInvalid([] { qm::parseDate("01/01/2101", "purchased_on"); }, "purchased_on", "between 1990 and 2100");
}

TEST(Date, RefusesOtherShapes) {
    for (const char* text : {"2024/02/01", "2024-2-1", "01-02-2024", "1/2/24", "tomorrow", "2024-02-01T10:00",
                             "1/2/2024/5", "//2024", "+1/02/2024"}) {
        expectInvalid([&] { qm::parseDate(text, "purchased_on"); }, "purchased_on", "YYYY-MM-DD or DD/MM/YYYY");
    }
    expectInvalid([] { qm::parseDate("  ", "returned_on"); }, "returned_on", "Returned on is missing.");
}

TEST(Pence, AcceptsWholePence) {
    EXPECT_EQ(qm::parsePence("0", "cost_pence"), 0);
    EXPECT_EQ(qm::parsePence(" 34999 ", "cost_pence"), 34999);
    EXPECT_EQ(qm::parsePence("1000000000000", "cost_pence"), 1'000'000'000'000LL);
}

TEST(Pence, RefusesEverythingElse) {
    const auto abc = expectInvalid([] { qm::parsePence("abc", "cost"); }, "cost", "Cost");
    EXPECT_EQ(abc, "Cost 'abc' is not a whole number of pence.");
    const auto decimal = expectInvalid([] { qm::parsePence("12.5", "cost"); }, "cost", "not a whole number of pence");
    EXPECT_EQ(decimal, "Cost '12.5' is not a whole number of pence; for \xC2\xA3" "12.50 enter 1250.");
    expectInvalid([] { qm::parsePence("0.99", "cost"); }, "cost", "enter 99.");
    expectInvalid([] { qm::parsePence("-3", "cost"); }, "cost", "negative");
    expectInvalid([] { qm::parsePence("1000000000001", "cost"); }, "cost", "too large");
    expectInvalid([] { qm::parsePence("99999999999999999999999", "cost"); }, "cost", "too large");
    expectInvalid([] { qm::parsePence("1 000", "cost"); }, "cost", "not a whole number");
    expectInvalid([] { qm::parsePence("", "cost"); }, "cost", "Cost is missing.");
}

}  // namespace

namespace qm {
namespace {

// The register's UTC times, read without strptime/timegm (which Windows lacks).
TEST(UtcSeconds, ReadsTheRegistersTimes) {
    EXPECT_EQ(parseUtcSeconds("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parseUtcSeconds("2026-03-14T10:42:00Z"), 1773484920);
    EXPECT_EQ(parseUtcSeconds("2024-02-29T23:59:59"), 1709251199);
    EXPECT_EQ(parseUtcSeconds("2026-11-29T09:30:00.123456Z"), 1795944600);
    EXPECT_EQ(parseUtcSeconds("2000-03-01T00:00:00+00:00"), 951868800);
    for (const char* bad : {"", "2026-03-14", "2026-02-29T10:00:00Z", "2026-13-01T00:00:00Z", "2026-03-14 10:42:00",
                            "2026-03-14T24:00:00Z", "2026-03-14T10:42:00+01:00", "20x6-03-14T10:42:00Z"})
        EXPECT_FALSE(parseUtcSeconds(bad)) << bad;
}

}  // namespace
}  // namespace qm
