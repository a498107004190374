#include "services/import/formats.hpp"

#include "model/dates.hpp"
#include "model/error.hpp"
#include "model/identifiers.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace qm::services {
namespace {

struct Alias {
    const char* column;                 // the register's column
    std::vector<const char*> names;     // what the other system calls it
};

// Snipe-IT's export and import column names (and the custom fields forces add for phones).
const std::vector<Alias> kSnipeIt = {
    {"asset_tag", {"Asset Tag", "Asset Tag Number", "Tag"}},
    {"serial", {"Serial Number", "Serial", "Serial No"}},
    {"manufacturer", {"Manufacturer"}},
    {"model", {"Model", "Model Name"}},
    {"model_number", {"Model Number", "Model No"}},
    {"imei", {"IMEI", "IMEI 1", "IMEI1", "IMEI Number", "_snipeit_imei_1"}},
    {"imei2", {"IMEI 2", "IMEI2", "_snipeit_imei_2"}},
    {"phone", {"Phone Number", "Phone", "MSISDN", "Mobile Number", "_snipeit_phone_number_3"}},
    {"unit", {"Location", "Default Location", "RTD Location"}},
    {"purchased_on", {"Purchase Date"}},
    {"cost", {"Purchase Cost", "Cost"}},
    {"warranty_months", {"Warranty", "Warranty Months"}},
    {"notes", {"Asset Notes", "Notes"}},
    {"status", {"Status", "Status Label"}},
    {"checkout_type", {"Checkout Type"}},
    {"holder_email", {"Checked Out To: Email", "Checked Out Email", "Assigned To: Email", "Email"}},
    {"holder_username", {"Checked Out To: Username", "Checked Out To: Employee Number", "Username", "Employee Number"}},
    {"holder_name", {"Checked Out To", "Assigned To"}},
};

// The Intune admin center's "All devices" export (names vary between versions).
const std::vector<Alias> kIntune = {
    {"device_name", {"Device name", "Device Name", "DeviceName"}},
    {"serial", {"Serial number", "SerialNumber"}},
    {"imei", {"IMEI"}},
    {"manufacturer", {"Manufacturer"}},
    {"model", {"Model"}},
    {"phone", {"Phone number", "PhoneNumber"}},
    {"holder_email", {"Primary user UPN", "Primary user email address", "UPN", "User principal name",
                      "Primary user email", "UserPrincipalName"}},
};

const std::vector<std::string_view> kNative = {"asset_tag", "serial", "imei", "imei2", "manufacturer",
                                               "model", "phone", "status", "purchased_on", "warranty_until",
                                               "cost_pence", "notes", "unit"};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

const std::regex kAssetTag("^[A-Z0-9/-]{2,32}$");

// Snipe-IT status labels a new register row can take.
std::string statusFromSnipeIt(const std::string& label) {
    const std::string l = lower(trim(label));
    if (l.empty() || l == "ready to deploy" || l == "deployable" || l == "deployed" || l == "pending" ||
        l == "ready" || l == "in stock")
        return "in_stock";
    if (l == "out for repair" || l == "broken" || l == "in repair" || l == "out for diagnostics" || l == "repair")
        return "in_repair";
    throw invalid("status", "Status " + quoteInput(label) +
                                " has no place in a new register row (it takes devices ready to deploy or in repair); "
                                "leave the row out, or import it and retire it through the approvals.");
}

// A date plus whole months, the day kept where the month has it (31 Jan + 1 month = 28/29 Feb).
std::string addMonths(const Date& d, int months) {
    Date out = d;
    int total = d.month - 1 + months;
    out.year = d.year + total / 12;
    out.month = total % 12 + 1;
    out.day = std::min(d.day, daysInMonth(out.year, out.month));
    return out.iso();
}

}  // namespace

DeviceFormat parseDeviceFormat(std::string_view name) {
    const std::string n = lower(std::string(name));
    if (n == "native") return DeviceFormat::Native;
    if (n == "snipeit" || n == "snipe-it") return DeviceFormat::SnipeIt;
    if (n == "intune") return DeviceFormat::Intune;
    throw invalid("format", "Import format " + quoteInput(name) + " is not one of native, snipeit or intune.");
}

std::string_view formatName(DeviceFormat format) {
    switch (format) {
    case DeviceFormat::Native: return "native";
    case DeviceFormat::SnipeIt: return "snipeit";
    case DeviceFormat::Intune: return "intune";
    }
    return "native";
}

long long moneyToPence(std::string_view text) {
    std::string amount;
    for (char c : trim(text))
        if (c != ' ' && c != '\xC2' && c != '\xA3' && c != '$' && c != '\xE2' && c != '\x82' && c != '\xAC')
            amount += c;  // £ (C2 A3), € (E2 82 AC) and $ dropped
    // A comma only between thousands ("1,234.50"); "349,00" is not read as 34,900 pounds.
    static const std::regex grouped("^[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]{1,2})?$");
    std::string digits = amount;
    if (std::regex_match(amount, grouped)) digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    static const std::regex money("^([0-9]{1,10})(\\.([0-9]{1,2}))?$");
    std::smatch m;
    if (!std::regex_match(digits, m, money))
        throw invalid("cost_pence", "Purchase cost " + quoteInput(text) + " is not an amount of money such as 349.00.");
    long long pence = std::stoll(m[1].str()) * 100;
    if (m[3].matched) pence += std::stoll(m[3].str()) * (m[3].length() == 1 ? 10 : 1);
    return pence;
}

DeviceColumns::DeviceColumns(DeviceFormat format, const CsvHeader& header) : format_(format) {
    std::vector<std::string_view> used;
    if (format == DeviceFormat::Native) {
        for (auto c : kNative)
            if (auto i = header.column(c)) columns_.emplace(std::string(c), *i);
        for (const auto& name : header.unknown(kNative)) unused_.push_back(name);
        return;
    }
    const auto& aliases = format == DeviceFormat::SnipeIt ? kSnipeIt : kIntune;
    std::vector<std::size_t> taken;
    for (const auto& a : aliases)
        for (const char* name : a.names)
            if (auto i = header.column(name)) {
                if (std::find(taken.begin(), taken.end(), *i) != taken.end()) continue;
                columns_.emplace(a.column, *i);
                taken.push_back(*i);
                break;
            }
    for (std::size_t i = 0; i < header.names().size(); ++i)
        if (std::find(taken.begin(), taken.end(), i) == taken.end() && !trim(header.names()[i]).empty())
            unused_.push_back(header.names()[i]);
}

std::vector<std::string> DeviceColumns::missing() const {
    std::vector<std::string> out;
    auto need = [&](const char* column, const char* words) {
        if (!columns_.count(column)) out.emplace_back(words);
    };
    switch (format_) {
    case DeviceFormat::Native:
        need("asset_tag", "asset_tag");
        need("serial", "serial");
        need("model", "model");
        break;
    case DeviceFormat::SnipeIt:
        need("asset_tag", "Asset Tag");
        need("serial", "Serial Number");
        need("model", "Model");
        break;
    case DeviceFormat::Intune:
        need("serial", "Serial number");
        need("model", "Model");
        break;
    }
    return out;
}

std::string DeviceColumns::raw(std::string_view column, const std::vector<std::string>& fields) const {
    auto it = columns_.find(column);
    if (it == columns_.end() || it->second >= fields.size()) return {};
    return fromSpreadsheetSafe(fields[it->second]);
}

std::string DeviceColumns::cell(std::string_view column, const std::vector<std::string>& fields) const {
    if (format_ == DeviceFormat::Native) return raw(column, fields);
    if (column == "manufacturer") return trim(raw("manufacturer", fields));
    if (column == "model") {
        // With the maker in its own column the model is the rest ("Zebra Technologies" + "TC52");
        // a model that repeats its maker ("Samsung Galaxy A54") loses the repetition.
        const std::string maker = trim(raw("manufacturer", fields)), model = trim(raw("model", fields));
        if (!maker.empty() && lower(model).rfind(lower(maker) + " ", 0) == 0) return trim(model.substr(maker.size()));
        return model;
    }
    if (format_ == DeviceFormat::Intune) {
        if (column == "asset_tag") {
            // Forces name devices by asset tag; a name that is not one (Intune's default "iPhone",
            // "Ann's Galaxy") gives way to the serial. A tag: letters, digits, / and -, with at
            // least one digit.
            std::string name = trim(raw("device_name", fields));
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
            const bool tag = std::regex_match(name, kAssetTag) && name.find_first_of("0123456789") != std::string::npos;
            return tag ? name : trim(raw("serial", fields));
        }
        if (column == "serial" || column == "imei" || column == "phone") return raw(column, fields);
        if (column == "status") return "in_stock";
        return {};
    }
    // Snipe-IT
    if (column == "status") return statusFromSnipeIt(raw("status", fields));
    if (column == "cost_pence") {
        const std::string cost = trim(raw("cost", fields));
        return cost.empty() ? std::string() : std::to_string(moneyToPence(cost));
    }
    if (column == "warranty_until") {
        std::string months = trim(raw("warranty_months", fields));
        const std::string bought = trim(raw("purchased_on", fields));
        // Snipe-IT's own export writes "36 months".
        for (const char* unit : {" months", " month"})
            if (lower(months).size() > std::string(unit).size() && lower(months).ends_with(unit))
                months = trim(months.substr(0, months.size() - std::string(unit).size()));
        if (months.empty() || bought.empty()) return {};
        if (months.find_first_not_of("0123456789") != std::string::npos || months.size() > 3)
            throw invalid("warranty_until", "Warranty " + quoteInput(months) + " is not a number of months.");
        return addMonths(parseDate(bought, "purchased_on"), std::stoi(months));
    }
    if (column == "notes") {
        std::string notes = trim(raw("notes", fields));
        const std::string number = trim(raw("model_number", fields));
        if (!number.empty()) notes += (notes.empty() ? "" : "\n") + ("Model number " + number);
        return notes;
    }
    return raw(column, fields);
}

std::string DeviceColumns::holder(const std::vector<std::string>& fields) const {
    if (format_ == DeviceFormat::Native) return {};
    if (format_ == DeviceFormat::SnipeIt) {
        const std::string type = lower(trim(raw("checkout_type", fields)));
        if (!type.empty() && type != "user") return {};  // checked out to a location or another asset
        // A name alone is kept too: it cannot be matched, but the row can say so.
        for (const char* c : {"holder_email", "holder_username", "holder_name"})
            if (std::string v = trim(raw(c, fields)); !v.empty()) return v;
        return {};
    }
    return trim(raw("holder_email", fields));
}

}  // namespace qm::services
