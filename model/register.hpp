// The register's records as plain values: a device, a person, a device model, a command unit.
//
// db/ fills these from PostgreSQL and services/ hands them to the views; they carry no
// behaviour beyond a few read-only conveniences. Nullable columns are empty strings or
// std::optional, so the views need no database types.
#pragma once

#include "model/lifecycle.hpp"

#include <optional>
#include <string>

namespace qm {

struct Device {
    long long id = 0;
    std::string assetTag;
    std::string serial;
    std::string imei;          // "" when the device has none (Wi-Fi tablets)
    std::string imei2;
    std::string manufacturer;
    std::string model;
    std::string kind;          // "phone" or "tablet"
    std::string phone;         // E.164, "" when none
    std::string mdmId;
    DeviceStatus status = DeviceStatus::InStock;
    std::string condition;     // good, damaged, faulty, incomplete
    bool legalHold = false;
    std::string holdReason;
    std::string unit;          // command unit name, "" when none
    std::string purchasedOn;   // ISO date or ""
    std::string warrantyUntil; // ISO date or ""
    std::optional<long long> costPence;
    std::string notes;
    int version = 0;
    std::string createdAt;     // ISO 8601 UTC
    std::string updatedAt;

    std::string makeAndModel() const { return manufacturer + " " + model; }
};

struct Person {
    long long id = 0;
    std::string staffNo;
    std::string name;
    std::string rank;
    std::string unit;
    std::string email;
    bool active = true;
    std::string leftOn;
    int version = 0;
};

}  // namespace qm
