// FleetGenerator — the deterministic, realistic demo register behind `qmctl demo seed`.
//
// It invents a Met-style force: the 12 Basic Command Units and the specialist and support
// commands, ~30,000 officers and staff with plausible ranks and London's mix of names, and a
// fleet of Samsung and Apple phones and tablets with valid, unique IMEIs, UK mobile numbers and
// lifecycle statuses in the proportions a service desk sees. The demo-seed use case streams its
// rows into PostgreSQL with COPY (db/); tests and benchmarks use it for big realistic data.
//
// Every row is a pure function of (seed, index, device count, person count): rows can be made
// in any order or in parallel, nothing is held in memory, and the same seed gives the same
// bytes on every machine (no <random>, no floating point, no clock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "services/seed/random.hpp"

namespace qm::services::seed {

struct CommandUnitRow {
    std::string code;
    std::string name;
    std::string kind;  // "bcu" | "specialist" | "support" | "store" (where unheld stock sits)
};

struct DeviceModelRow {
    std::string manufacturer;
    std::string model;
    std::string kind;  // "phone" | "tablet"
    std::string tac;   // the model's first 8-digit type allocation code (see modelTacs())
    long long costPence;
    int releaseYear;
};

struct PersonRow {
    std::string staffNo;  // "210001" for officers and specials, "MP123456" for PCSOs and staff
    std::string name;     // UTF-8
    std::string rank;     // rank or staff grade: "Police Constable", "Band D", ...
    std::string unitCode;
    std::string email;  // firstname.lastname.NNN@met.example.police.uk, ASCII, unique
    bool active;        // false for leavers (~3%)
};

struct DeviceRow {
    std::string assetTag;       // "MPS-0000001"
    std::string serial;         // Samsung "R58N1A2B3C4", Apple 12 characters
    std::string imei;           // 15 digits, or "" for Wi-Fi-only tablets
    std::string imei2;          // "" unless dual-SIM
    std::string manufacturer;   // matches a models() row together with model
    std::string model;
    std::string phone;          // E.164 "+447...", or ""
    std::string status;         // database spelling: "issued", "in_stock", ...
    std::string purchasedOn;    // YYYY-MM-DD
    std::string warrantyUntil;  // YYYY-MM-DD, 2 or 3 years after purchase
    std::string unitCode;       // the holder's unit, else where the device is stored
    std::string notes;          // mostly ""
    long long costPence;
    long long holder;  // person index for issued/lost/stolen, else -1
};

class FleetGenerator {
public:
    // Each model and kind has 4 TACs of 10^6 serials for first IMEIs: 4 million phones and
    // 4 million tablets, i.e. ~4.5 million devices at the 88/12 phone/tablet mix.
    static constexpr std::size_t kMaxDevices = 4'500'000;

    // Throws qm::Error (Invalid, field "devices") above kMaxDevices.
    FleetGenerator(std::uint64_t seed, std::size_t devices, std::size_t people);

    const std::vector<CommandUnitRow>& units() const { return units_; }
    const std::vector<DeviceModelRow>& models() const { return models_; }
    // All TACs the generator uses for models()[modelIndex] (first IMEIs, then second IMEIs).
    const std::vector<std::string>& modelTacs(std::size_t modelIndex) const {
        return tacs_.at(modelIndex);
    }

    std::size_t deviceCount() const { return devices_; }
    std::size_t personCount() const { return people_; }

    PersonRow person(std::size_t index) const;  // depends only on (seed, index, people)
    DeviceRow device(std::size_t index) const;  // depends only on (seed, index, devices, people)

private:
    std::size_t personUnit(std::size_t index) const;
    bool personActive(std::size_t index) const;
    std::size_t pickModel(bool tablet, bool legacy, std::uint64_t r) const;

    std::uint64_t key_;
    std::size_t devices_;
    std::size_t people_;

    std::vector<CommandUnitRow> units_;
    std::vector<int> unitKind_;          // index into the rank weight columns
    std::vector<int> unitWeight_;        // people per 10,000
    std::vector<std::size_t> bcuUnits_;  // where local spares are kept
    std::size_t storeUnit_ = 0;

    std::vector<DeviceModelRow> models_;
    std::vector<std::vector<std::string>> tacs_;

    Permutation deviceOrder_;    // asset order -> slot (decides phone/tablet and ordinals)
    Permutation phoneHolders_;   // phone ordinal -> person
    Permutation tabletHolders_;  // tablet ordinal -> person
    Permutation staffNumbers_;
    Permutation samsungSerials_;
    Permutation appleSerials_;
    Permutation imeiSerials_;
    Permutation imei2Serials_;
    Permutation msisdns_;
};

}  // namespace qm::services::seed
