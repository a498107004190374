// Identifier value types: what the desk types is normalised, and anything that cannot be the
// identifier is refused with a sentence naming the field and the reason.
#include "model/error.hpp"
#include "model/identifiers.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

// Runs parse, expects an Invalid error about `field` whose sentence contains `mentions`.
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

TEST(Imei, AcceptsKnownValidImeis) {
    EXPECT_EQ(qm::Imei::parse("490154203237518").str(), "490154203237518");
    EXPECT_EQ(qm::Imei::parse("356938035643809").str(), "356938035643809");
}

TEST(Imei, StripsSpacesAndHyphens) {
    EXPECT_EQ(qm::Imei::parse(" 35-693803-564380-9 ").str(), "356938035643809");
    EXPECT_EQ(qm::Imei::parse("49 015420 323751 8").str(), "490154203237518");
}

TEST(Imei, RefusesLuhnFailure) {
    const auto msg = expectInvalid([] { qm::Imei::parse("356938035643801"); }, "imei", "IMEI");
    EXPECT_EQ(msg, "IMEI 356938035643801 fails the Luhn check; check the digits were typed correctly.");
}

TEST(Imei, RefusesShortAndLong) {
    const auto msg = expectInvalid([] { qm::Imei::parse("35693803564380"); }, "imei", "IMEI");
    EXPECT_EQ(msg, "IMEI 35693803564380 is too short: an IMEI has 15 digits.");
    expectInvalid([] { qm::Imei::parse("3569380356438091"); }, "imei", "too long");
}

TEST(Imei, RefusesLettersAndEmpty) {
    expectInvalid([] { qm::Imei::parse("35693803564380A"); }, "imei", "'A'");
    expectInvalid([] { qm::Imei::parse(" - "); }, "imei", "IMEI is missing.");
}

TEST(Imei, SecondImeiIsNamedAsSuch) {
    const auto msg = expectInvalid([] { qm::Imei::parse("35693803564380", "imei2"); }, "imei2", "Second IMEI");
    EXPECT_EQ(msg.rfind("Second IMEI 35693803564380", 0), 0u) << msg;
}

TEST(Imei, CheckDigitMakesValidImeis) {
    EXPECT_EQ(qm::Imei::checkDigit("49015420323751"), '8');
    EXPECT_EQ(qm::Imei::checkDigit("35693803564380"), '9');
    for (int i = 0; i < 200; ++i) {
        std::string start = "3569380" + std::to_string(1000000 + i * 4999);
        const std::string imei = start + qm::Imei::checkDigit(start);
        EXPECT_TRUE(qm::luhnValid(imei)) << imei;
        EXPECT_EQ(qm::Imei::parse(imei).str(), imei);
    }
    EXPECT_THROW(qm::Imei::checkDigit("123"), qm::Error);
    EXPECT_THROW(qm::Imei::checkDigit("4901542032375A"), qm::Error);
}

TEST(Imei, LuhnValid) {
    EXPECT_TRUE(qm::luhnValid("79927398713"));
    EXPECT_FALSE(qm::luhnValid("79927398710"));
    EXPECT_FALSE(qm::luhnValid(""));
    EXPECT_FALSE(qm::luhnValid("4901542032375 8"));
}

TEST(Imei, OrdersAndCompares) {
    EXPECT_EQ(qm::Imei::parse("490154203237518"), qm::Imei::parse("49-0154203237518"));
    EXPECT_LT(qm::Imei::parse("356938035643809"), qm::Imei::parse("490154203237518"));
}

TEST(AssetTag, TrimsAndUppercases) {
    EXPECT_EQ(qm::AssetTag::parse("  qm-000123 ").str(), "QM-000123");
    EXPECT_EQ(qm::AssetTag::parse("mps/2024/7").str(), "MPS/2024/7");
    EXPECT_EQ(qm::AssetTag::parse("A1").str(), "A1");
}

TEST(AssetTag, RefusesBadInput) {
    const auto missing = expectInvalid([] { qm::AssetTag::parse("   "); }, "asset_tag", "Asset tag");
    EXPECT_EQ(missing, "Asset tag is missing.");
    expectInvalid([] { qm::AssetTag::parse("QM 0001"); }, "asset_tag", "a space");
    expectInvalid([] { qm::AssetTag::parse("QM#1"); }, "asset_tag", "'#'");
    expectInvalid([] { qm::AssetTag::parse("QMé1"); }, "asset_tag", "'é'");
    expectInvalid([] { qm::AssetTag::parse("Q"); }, "asset_tag", "too short");
    expectInvalid([] { qm::AssetTag::parse(std::string(33, 'A')); }, "asset_tag", "too long");
    expectInvalid([] { qm::AssetTag::parse("--/"); }, "asset_tag", "no letters or digits");
}

TEST(SerialNumber, TrimsAndUppercases) {
    EXPECT_EQ(qm::SerialNumber::parse(" r58m12abcde ").str(), "R58M12ABCDE");
    EXPECT_EQ(qm::SerialNumber::parse("ab-12.3/4").str(), "AB-12.3/4");
}

TEST(SerialNumber, RefusesBadInput) {
    expectInvalid([] { qm::SerialNumber::parse("R58M 12ABC"); }, "serial", "Serial number");
    expectInvalid([] { qm::SerialNumber::parse("R58M 12ABC"); }, "serial", "a space");
    expectInvalid([] { qm::SerialNumber::parse("ABC"); }, "serial", "too short");
    expectInvalid([] { qm::SerialNumber::parse(std::string(41, '9')); }, "serial", "too long");
    expectInvalid([] { qm::SerialNumber::parse("AB_123"); }, "serial", "'_'");
    expectInvalid([] { qm::SerialNumber::parse(""); }, "serial", "Serial number is missing.");
}

TEST(StaffNumber, AcceptsDigitsAndLetters) {
    EXPECT_EQ(qm::StaffNumber::parse("210001").str(), "210001");
    EXPECT_EQ(qm::StaffNumber::parse(" mp123456 ").str(), "MP123456");
}

TEST(StaffNumber, RefusesBadInput) {
    expectInvalid([] { qm::StaffNumber::parse("MP-123"); }, "staff_number", "Staff number 'MP-123' contains '-'");
    expectInvalid([] { qm::StaffNumber::parse("12"); }, "staff_number", "too short");
    expectInvalid([] { qm::StaffNumber::parse("1234567890123"); }, "staff_number", "too long");
    expectInvalid([] { qm::StaffNumber::parse("MP", "warrant_number"); }, "warrant_number", "Warrant number");
}

TEST(PhoneNumber, NormalisesUkFormsToE164) {
    for (const char* typed : {"+44 7700 900123", "07700 900123", "07700900123", "(07700) 900-123",
                              "0044 7700 900123", "+44 (0)7700 900123", " +447700900123 "}) {
        EXPECT_EQ(qm::PhoneNumber::parse(typed).str(), "+447700900123") << typed;
    }
}

TEST(PhoneNumber, AcceptsOtherCountriesInInternationalForm) {
    EXPECT_EQ(qm::PhoneNumber::parse("+1 (202) 555-0143").str(), "+12025550143");
    EXPECT_EQ(qm::PhoneNumber::parse("00353 1 234 5678").str(), "+35312345678");
}

TEST(PhoneNumber, RefusesBadInput) {
    expectInvalid([] { qm::PhoneNumber::parse("7700 900123"); }, "phone_number", "no country code");
    expectInvalid([] { qm::PhoneNumber::parse("07700 90012"); }, "phone_number", "10 digits after +44");
    expectInvalid([] { qm::PhoneNumber::parse("+44 7700 9001234"); }, "phone_number", "not a whole UK number");
    expectInvalid([] { qm::PhoneNumber::parse("0770O 900123"); }, "phone_number", "'O'");
    expectInvalid([] { qm::PhoneNumber::parse("+1 555"); }, "phone_number", "too short");
    expectInvalid([] { qm::PhoneNumber::parse("+1234567890123456"); }, "phone_number", "too long");
    expectInvalid([] { qm::PhoneNumber::parse("+0 7700 900123"); }, "phone_number", "starting with 0");
    expectInvalid([] { qm::PhoneNumber::parse("07700+900123"); }, "phone_number", "not at the start");
    expectInvalid([] { qm::PhoneNumber::parse(""); }, "phone_number", "Phone number is missing.");
    expectInvalid([] { qm::PhoneNumber::parse("+"); }, "phone_number", "no digits");
}

TEST(PhoneNumber, ExplainsTheZeroAfterPlus44) {
    const auto msg = expectInvalid([] { qm::PhoneNumber::parse("+44 07700 900123", "mobile"); }, "mobile", "Mobile");
    EXPECT_NE(msg.find("+447700900123"), std::string::npos) << msg;
    EXPECT_NE(msg.find("07700900123"), std::string::npos) << msg;
}

TEST(EmailAddress, LowercasesOnlyTheDomain) {
    EXPECT_EQ(qm::EmailAddress::parse(" Jane.Smith@Met.Police.UK ").str(), "Jane.Smith@met.police.uk");
}

TEST(EmailAddress, RefusesBadInput) {
    expectInvalid([] { qm::EmailAddress::parse("jane.smith"); }, "email", "Email address 'jane.smith' has no '@'");
    expectInvalid([] { qm::EmailAddress::parse("a@b@police.uk"); }, "email", "more than one '@'");
    expectInvalid([] { qm::EmailAddress::parse("@police.uk"); }, "email", "nothing before");
    expectInvalid([] { qm::EmailAddress::parse("jane@localhost"); }, "email", "full domain name");
    expectInvalid([] { qm::EmailAddress::parse("jane@"); }, "email", "full domain name");
    expectInvalid([] { qm::EmailAddress::parse("jane@police..uk"); }, "email", "full domain name");
    expectInvalid([] { qm::EmailAddress::parse("jane smith@police.uk"); }, "email", "a space");
    expectInvalid([] { qm::EmailAddress::parse("jane", "upn"); }, "upn", "User principal name 'jane'");
}

TEST(PersonName, KeepsUnicodeByteForByte) {
    for (const char* name : {"O'Brien", "Zoë Ashworth", "Jan Łukasiewicz", "李", "Siân Ó Súilleabháin",
                             "Ngozi Okonjo-Iweala", "Þórunn"}) {
        EXPECT_EQ(qm::PersonName::parse(name).str(), name);
    }
    // Decomposed "e" + combining diaeresis stays decomposed: no normalisation behind the user's back.
    EXPECT_EQ(qm::PersonName::parse("Zoe\xCC\x88").str(), "Zoe\xCC\x88");
}

TEST(PersonName, TrimsAndCollapsesWhitespace) {
    EXPECT_EQ(qm::PersonName::parse("  Mary \t  Anne\n Smith  ").str(), "Mary Anne Smith");
}

TEST(PersonName, RefusesBadInput) {
    expectInvalid([] { qm::PersonName::parse("  "); }, "name", "Name is missing.");
    expectInvalid([] { qm::PersonName::parse(std::string("Bob\x07") + "by"); }, "name", "control character");
    expectInvalid([] { qm::PersonName::parse("Bob\xC2\x85"); }, "name", "control character");
    expectInvalid([] { qm::PersonName::parse("Zo\xEB"); }, "name", "not valid text");  // Latin-1, not UTF-8
    expectInvalid([] { qm::PersonName::parse("\xED\xA0\x80"); }, "name", "not valid text");  // a surrogate
    expectInvalid([] { qm::PersonName::parse(std::string(201, 'a')); }, "name", "too long");
    expectInvalid([] { qm::PersonName::parse("", "holder_name"); }, "holder_name", "Holder name");
    EXPECT_EQ(qm::PersonName::parse(std::string(200, 'a')).str().size(), 200u);
}

TEST(FieldLabel, UsesDeskWords) {
    EXPECT_EQ(qm::fieldLabel("imei2"), "Second IMEI");
    EXPECT_EQ(qm::fieldLabel("warranty_until"), "Warranty end date");
    EXPECT_EQ(qm::fieldLabel("returned_on"), "Returned on");
}

TEST(QuoteInput, ShortensAndHidesControlCharacters) {
    EXPECT_EQ(qm::quoteInput("a\nb"), "'a?b'");
    const std::string longText = std::string(39, 'x') + "é and more";
    EXPECT_EQ(qm::quoteInput(longText), "'" + std::string(39, 'x') + "...'");  // never splits the é
}

}  // namespace
