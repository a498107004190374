// Identifier value types: the keys and contact details of the register (IMEI, asset tag,
// serial, staff number, phone, email, name).
//
// Each type can only be made by parse(), so holding an Imei means holding a valid IMEI; nothing
// further in needs to check again. parse() normalises what a desk user types ("07700 900123",
// lower case, stray spaces) and otherwise throws qm::invalid(field, sentence) whose sentence
// names the field in the desk's words ("Second IMEI ...") and says why.
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace qm {

// Desk words for a machine field name: "imei2" -> "Second IMEI", "purchased_on" -> "Purchase
// date"; an unknown name is shown with spaces for underscores ("returned_on" -> "Returned on").
std::string fieldLabel(std::string_view field);

// The user's text as echoed inside an error sentence: quoted, cut to 40 bytes on a character
// boundary, control characters shown as '?', so a pasted blob cannot flood a dialog.
std::string quoteInput(std::string_view text);

// True when every character is a digit and the Luhn (mod 10) checksum holds.
bool luhnValid(std::string_view digits);

class Imei {
public:
    // Spaces and hyphens are dropped; the result must be 15 digits passing the Luhn check.
    static Imei parse(std::string_view text, std::string_view field = "imei");
    // The 15th digit that makes first14digits a valid IMEI (for generating demo data).
    static char checkDigit(std::string_view first14digits);

    const std::string& str() const { return value_; }
    auto operator<=>(const Imei&) const = default;

private:
    explicit Imei(std::string value) : value_(std::move(value)) {}
    std::string value_;
};

class AssetTag {
public:
    // Trimmed and upper-cased; 2-32 of A-Z 0-9 '-' '/', at least one letter or digit.
    static AssetTag parse(std::string_view text, std::string_view field = "asset_tag");

    const std::string& str() const { return value_; }
    auto operator<=>(const AssetTag&) const = default;

private:
    explicit AssetTag(std::string value) : value_(std::move(value)) {}
    std::string value_;
};

class SerialNumber {
public:
    // Trimmed and upper-cased; 4-40 of A-Z 0-9 '-' '.' '/', no spaces.
    static SerialNumber parse(std::string_view text, std::string_view field = "serial");

    const std::string& str() const { return value_; }
    auto operator<=>(const SerialNumber&) const = default;

private:
    explicit SerialNumber(std::string value) : value_(std::move(value)) {}
    std::string value_;
};

class StaffNumber {
public:
    // Trimmed and upper-cased; 3-12 letters and digits ("210001", "MP123456").
    static StaffNumber parse(std::string_view text, std::string_view field = "staff_number");

    const std::string& str() const { return value_; }
    auto operator<=>(const StaffNumber&) const = default;

private:
    explicit StaffNumber(std::string value) : value_(std::move(value)) {}
    std::string value_;
};

class PhoneNumber {
public:
    // E.164 ("+447700900123"). UK national numbers (leading 0) become +44; other countries
    // must be written with + or 00. A "(0)" after the country code is dropped.
    static PhoneNumber parse(std::string_view text, std::string_view field = "phone_number");

    const std::string& str() const { return value_; }
    auto operator<=>(const PhoneNumber&) const = default;

private:
    explicit PhoneNumber(std::string value) : value_(std::move(value)) {}
    std::string value_;
};

class EmailAddress {
public:
    // One '@', a non-empty local part, a dotted domain, no spaces; the domain is lower-cased
    // (the local part is kept as typed: mail systems may treat its case as significant).
    static EmailAddress parse(std::string_view text, std::string_view field = "email");

    const std::string& str() const { return value_; }
    auto operator<=>(const EmailAddress&) const = default;

private:
    explicit EmailAddress(std::string value) : value_(std::move(value)) {}
    std::string value_;
};

class PersonName {
public:
    // Trimmed, runs of whitespace (including pasted tabs and line breaks) become one space;
    // 1-200 bytes of valid UTF-8 kept byte for byte; other control characters are refused.
    static PersonName parse(std::string_view text, std::string_view field = "name");

    const std::string& str() const { return value_; }
    auto operator<=>(const PersonName&) const = default;

private:
    explicit PersonName(std::string value) : value_(std::move(value)) {}
    std::string value_;
};

}  // namespace qm
