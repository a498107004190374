// What the MDM knows about a device, as the register keeps it (the snapshot of the last complete
// sync), and the values the sync and drift report hand to the views. Plain values: filled by
// db/ and services/mdm/, shown by gui/ and cli/.
#pragma once

#include <string>

namespace qm {

struct MdmDeviceRow {
    std::string mdmId, assetTag;  // assetTag "" when the MDM device matches nothing in the register
    std::string deviceName, serial, imei, os, osVersion, compliance, lastCheckIn, enrolledAt;
    std::string userPrincipalName, userName, email, manufacturer, model, phone;
};

struct SyncSummary {
    long long seen = 0, added = 0, changed = 0, unmatched = 0, gone = 0;
};

// One line of the drift report: kind is not_in_register, missing_from_mdm, serial_mismatch,
// imei_mismatch, user_mismatch, checked_in_while_lost|stolen|in_stock or no_check_in.
struct DriftRow {
    std::string kind, assetTag, mdmId, detail;
};

}  // namespace qm
