#include "model/identifiers.hpp"

#include "model/error.hpp"
#include "model/text.hpp"

#include <utility>

namespace qm {
namespace {

// ASCII-only character classes: std::isdigit and friends depend on the C locale and are
// undefined for negative chars, which every UTF-8 continuation byte is.
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }
char toUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
char toLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = toUpper(c);
    return out;
}

// Bytes in the UTF-8 sequence that starts at s[i] (1 for ASCII or a stray byte).
std::size_t sequenceLength(std::string_view s, std::size_t i) {
    std::size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    return n;
}

// The character at s[i] as a sentence would name it: "a space", "'#'", "'é'".
std::string describeChar(std::string_view s, std::size_t i) {
    if (s[i] == ' ') return "a space";
    if (s[i] == '\t') return "a tab";
    if (isControl(s[i])) return "a control character";
    return "'" + std::string(s.substr(i, sequenceLength(s, i))) + "'";
}

// Asset tags, serials and staff numbers share one shape: upper-case letters, digits and a few
// punctuation marks, within a length range.
struct CodeRules {
    std::string_view noun;         // "an asset tag"
    std::string_view punctuation;  // allowed besides A-Z and 0-9
    std::string_view allowed;      // the same in words, for the message
    std::size_t minLength;
    std::size_t maxLength;
};

std::string parseCode(std::string_view text, std::string_view field, const CodeRules& rules) {
    const std::string label = fieldLabel(field);
    const std::string_view trimmed = trim(text);
    if (trimmed.empty()) throw invalid(std::string(field), label + " is missing.");
    const std::string value = upper(trimmed);
    const std::string shown = label + " " + quoteInput(trimmed);
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (!isUpper(c) && !isDigit(c) && rules.punctuation.find(c) == std::string_view::npos)
            throw invalid(std::string(field), shown + " contains " + describeChar(value, i) + ": use only " +
                                                  std::string(rules.allowed) + ".");
    }
    const std::string range =
        std::to_string(rules.minLength) + " to " + std::to_string(rules.maxLength) + " characters.";
    if (value.size() < rules.minLength)
        throw invalid(std::string(field), shown + " is too short: " + std::string(rules.noun) + " has " + range);
    if (value.size() > rules.maxLength)
        throw invalid(std::string(field), shown + " is too long: " + std::string(rules.noun) + " has " + range);
    bool hasLetterOrDigit = false;
    for (char c : value) hasLetterOrDigit = hasLetterOrDigit || isUpper(c) || isDigit(c);
    if (!hasLetterOrDigit)
        throw invalid(std::string(field), shown + " has no letters or digits.");
    return value;
}

}  // namespace

std::string fieldLabel(std::string_view field) {
    static constexpr std::pair<std::string_view, std::string_view> known[] = {
        {"imei", "IMEI"},
        {"imei2", "Second IMEI"},
        {"asset_tag", "Asset tag"},
        {"serial", "Serial number"},
        {"serial_number", "Serial number"},
        {"staff_number", "Staff number"},
        {"staff_no", "Staff number"},
        {"phone", "Phone number"},
        {"phone_number", "Phone number"},
        {"email", "Email address"},
        {"upn", "User principal name"},
        {"name", "Name"},
        {"full_name", "Name"},
        {"purchased_on", "Purchase date"},
        {"warranty_until", "Warranty end date"},
        {"cost", "Cost"},
        {"cost_pence", "Cost"},
        {"status", "Status"},
        {"kind", "Device kind"},
        {"mdm_id", "MDM ID"},
        {"reference", "Incident reference"},
    };
    for (const auto& [name, label] : known)
        if (name == field) return std::string(label);
    if (field.empty()) return "Value";
    std::string label(field);
    for (char& c : label)
        if (c == '_') c = ' ';
    label[0] = toUpper(label[0]);
    return label;
}

std::string quoteInput(std::string_view text) {
    constexpr std::size_t maxBytes = 40;
    std::size_t n = text.size();
    if (n > maxBytes) {
        n = maxBytes;
        while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    }
    std::string out = "'";
    for (std::size_t i = 0; i < n; ++i) out += isControl(text[i]) ? '?' : text[i];
    if (n < text.size()) out += "...";
    out += "'";
    return out;
}

bool luhnValid(std::string_view digits) {
    if (digits.empty()) return false;
    int sum = 0;
    bool doubled = false;  // every second digit from the right is doubled
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (!isDigit(*it)) return false;
        int d = *it - '0';
        if (doubled) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
        doubled = !doubled;
    }
    return sum % 10 == 0;
}

char Imei::checkDigit(std::string_view first14digits) {
    bool allDigits = first14digits.size() == 14;
    for (char c : first14digits) allDigits = allDigits && isDigit(c);
    if (!allDigits)
        throw invalid("imei", "The start of an IMEI must be 14 digits, not " + quoteInput(first14digits) + ".");
    // The check digit will sit to the right, so the rightmost of these 14 is doubled.
    int sum = 0;
    bool doubled = true;
    for (auto it = first14digits.rbegin(); it != first14digits.rend(); ++it) {
        int d = *it - '0';
        if (doubled) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
        doubled = !doubled;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

Imei Imei::parse(std::string_view text, std::string_view field) {
    const std::string label = fieldLabel(field);
    std::string digits;
    for (char c : text)
        if (!isSpace(c) && c != '-') digits += c;
    if (digits.empty()) throw invalid(std::string(field), label + " is missing.");
    for (std::size_t i = 0; i < digits.size(); ++i)
        if (!isDigit(digits[i]))
            throw invalid(std::string(field), label + " " + quoteInput(trim(text)) + " contains " +
                                                  describeChar(digits, i) + ": an IMEI has only digits.");
    if (digits.size() < 15)
        throw invalid(std::string(field), label + " " + digits + " is too short: an IMEI has 15 digits.");
    if (digits.size() > 15)
        throw invalid(std::string(field), label + " " + digits + " is too long: an IMEI has 15 digits.");
    if (!luhnValid(digits))
        throw invalid(std::string(field),
                      label + " " + digits + " fails the Luhn check; check the digits were typed correctly.");
    return Imei(std::move(digits));
}

AssetTag AssetTag::parse(std::string_view text, std::string_view field) {
    return AssetTag(parseCode(text, field, {"an asset tag", "-/", "letters, digits, '-' and '/'", 2, 32}));
}

SerialNumber SerialNumber::parse(std::string_view text, std::string_view field) {
    return SerialNumber(
        parseCode(text, field, {"a serial number", "-./", "letters, digits, '-', '.' and '/'", 4, 40}));
}

StaffNumber StaffNumber::parse(std::string_view text, std::string_view field) {
    return StaffNumber(parseCode(text, field, {"a staff number", "", "letters and digits", 3, 12}));
}

PhoneNumber PhoneNumber::parse(std::string_view text, std::string_view field) {
    const std::string label = fieldLabel(field);
    const std::string_view trimmed = trim(text);
    if (trimmed.empty()) throw invalid(std::string(field), label + " is missing.");
    const std::string shown = label + " " + quoteInput(trimmed);
    const bool plus = trimmed.front() == '+';
    std::string body(plus ? trimmed.substr(1) : trimmed);
    std::string digits;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (isDigit(c)) digits += c;
        else if (c == '+') throw invalid(std::string(field), shown + " has a '+' that is not at the start.");
        else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')')
            throw invalid(std::string(field), shown + " contains " + describeChar(body, i) +
                                                  ": use only digits, spaces, '+', '-' and brackets.");
    }
    const bool international = plus || digits.starts_with("00");
    if (international) {
        // "+44 (0)7700 900123": the bracketed 0 is the trunk prefix, not dialled from abroad.
        for (auto at = body.find("(0)"); at != std::string::npos; at = body.find("(0)")) body.erase(at, 3);
        digits.clear();
        for (char c : body)
            if (isDigit(c)) digits += c;
        if (!plus) digits.erase(0, 2);
    } else if (digits.empty()) {
        throw invalid(std::string(field), shown + " has no digits.");
    } else if (digits.front() == '0') {
        digits = "44" + digits.substr(1);  // a UK national number
    } else {
        throw invalid(std::string(field), shown + " has no country code: start with + and the country code, "
                                                  "or with 0 for a UK number.");
    }
    if (digits.empty()) throw invalid(std::string(field), shown + " has no digits after the country prefix.");
    if (digits.front() == '0')
        throw invalid(std::string(field), shown + " has a country code starting with 0, which no country has.");
    if (digits.starts_with("44")) {
        if (digits.size() == 13 && digits[2] == '0')
            throw invalid(std::string(field), shown + " has a 0 after +44; write it as +" + digits.substr(0, 2) +
                                                  digits.substr(3) + " or 0" + digits.substr(3) + ".");
        if (digits.size() != 12)
            throw invalid(std::string(field), shown + " is not a whole UK number: a UK number has 10 digits "
                                                      "after +44 (11 digits starting with 0).");
    } else if (digits.size() < 8 || digits.size() > 15) {
        throw invalid(std::string(field), shown + " is too " + (digits.size() < 8 ? "short" : "long") +
                                              ": an international number has 8 to 15 digits after the +.");
    }
    return PhoneNumber("+" + digits);
}

EmailAddress EmailAddress::parse(std::string_view text, std::string_view field) {
    const std::string label = fieldLabel(field);
    const std::string_view trimmed = trim(text);
    if (trimmed.empty()) throw invalid(std::string(field), label + " is missing.");
    const std::string shown = label + " " + quoteInput(trimmed);
    for (std::size_t i = 0; i < trimmed.size(); ++i)
        if (isSpace(trimmed[i]) || isControl(trimmed[i]))
            throw invalid(std::string(field), shown + " contains " + describeChar(trimmed, i) +
                                                  ": an email address has no spaces.");
    if (!isValidUtf8(trimmed))
        throw invalid(std::string(field), label + " contains characters that are not valid text; retype it.");
    if (trimmed.size() > 254)
        throw invalid(std::string(field), shown + " is too long: an email address has at most 254 characters.");
    const auto at = trimmed.find('@');
    if (at == std::string_view::npos) throw invalid(std::string(field), shown + " has no '@'.");
    if (trimmed.find('@', at + 1) != std::string_view::npos)
        throw invalid(std::string(field), shown + " has more than one '@'.");
    const std::string_view local = trimmed.substr(0, at);
    const std::string_view domain = trimmed.substr(at + 1);
    if (local.empty()) throw invalid(std::string(field), shown + " has nothing before the '@'.");
    if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
        domain.find("..") != std::string_view::npos)
        throw invalid(std::string(field), shown + " does not end in a full domain name such as police.uk.");
    std::string value(local);
    value += '@';
    for (char c : domain) value += toLower(c);
    return EmailAddress(std::move(value));
}

PersonName PersonName::parse(std::string_view text, std::string_view field) {
    const std::string label = fieldLabel(field);
    // Checked before anything is echoed, so a message never carries broken bytes.
    if (!isValidUtf8(text))
        throw invalid(std::string(field), label + " contains characters that are not valid text; retype it.");
    std::string value;
    bool gap = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (isSpace(c)) {
            gap = true;
            continue;
        }
        // C0 controls, DEL, and C1 controls (U+0080-U+009F, UTF-8 C2 80-C2 9F).
        const bool c1 = static_cast<unsigned char>(c) == 0xC2 && i + 1 < text.size() &&
                        static_cast<unsigned char>(text[i + 1]) <= 0x9F;
        if (isControl(c) || c1)
            throw invalid(std::string(field), label + " " + quoteInput(trim(text)) +
                                                  " contains a control character; retype the name.");
        if (gap && !value.empty()) value += ' ';
        gap = false;
        value += c;
    }
    if (value.empty()) throw invalid(std::string(field), label + " is missing.");
    // Direction overrides, and names of nothing but invisible characters.
    if (std::string problem = textProblem(value, TextRule{std::string::npos, false, true}); !problem.empty())
        throw invalid(std::string(field), label + " " + problem);
    if (value.size() > 200)
        throw invalid(std::string(field), label + " " + quoteInput(value) +
                                              " is too long: a name can be at most 200 bytes of text "
                                              "(fewer characters in non-Latin scripts).");
    return PersonName(std::move(value));
}

}  // namespace qm
