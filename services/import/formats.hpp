// Other systems' device exports, read as the register's own columns: Snipe-IT's asset
// export/import CSV and the Intune admin center's "All devices" export. Headers are matched
// case-insensitively, with the common aliases, in any order. Pure: unit tested without a
// database; services/import/register_import uses it for `device import --format`.
#pragma once

#include "services/import/csv.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace qm::services {

enum class DeviceFormat { Native, SnipeIt, Intune };

// "native", "snipeit" (or "snipe-it"), "intune"; throws Invalid naming the formats otherwise.
DeviceFormat parseDeviceFormat(std::string_view name);
std::string_view formatName(DeviceFormat format);

// How one file's columns give the register's device columns (asset_tag, serial, imei, imei2,
// manufacturer, model, phone, status, purchased_on, warranty_until, cost_pence, notes, unit).
class DeviceColumns {
public:
    DeviceColumns(DeviceFormat format, const CsvHeader& header);

    // The register's value for `column` from this row; "" when the file has nothing for it.
    // Throws Invalid (naming the column) when a value cannot be carried over: a Snipe-IT status
    // with no place in a new row ("Archived"), a cost that is not money, a warranty that is
    // not a number of months.
    std::string cell(std::string_view column, const std::vector<std::string>& fields) const;
    // Who the device is checked out to in the other system: an e-mail address, a username or
    // a staff number ("" when nobody).
    std::string holder(const std::vector<std::string>& fields) const;
    // Register columns the file must provide, in its own words, when it does not.
    std::vector<std::string> missing() const;
    // The file's columns that carry nothing over (reported, not refused).
    std::vector<std::string> unused() const { return unused_; }

private:
    std::string raw(std::string_view column, const std::vector<std::string>& fields) const;

    DeviceFormat format_;
    std::map<std::string, std::size_t, std::less<>> columns_;  // register column -> file column
    std::vector<std::string> unused_;
};

// Snipe-IT's "£1,234.50" or "349.00" as pence; throws Invalid("cost_pence") otherwise.
long long moneyToPence(std::string_view text);

}  // namespace qm::services
