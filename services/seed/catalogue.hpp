// The demo force's reference data (internal to services/seed/): command units, ranks and
// grades, device models, status mix, number ranges and desk notes.
//
// Kept apart from fleet.cpp so the "what a Met-style force looks like" tables can be read and
// tuned without wading through the row recipes. Weights are integers so the fleet is the same
// on every platform.
#pragma once

#include <cstdint>

#include "model/lifecycle.hpp"

namespace qm::services::seed::catalogue {

// ---- Command units -------------------------------------------------------------------------
enum UnitKind { kBcu, kSpecialist, kSupport, kStore };
inline constexpr const char* kUnitKindNames[] = {"bcu", "specialist", "support", "store"};

struct UnitSpec {
    const char* code;
    const char* name;
    UnitKind kind;
    int weight;  // people per 10,000: most officers and staff work in the BCUs
};

inline constexpr UnitSpec kUnits[] = {
    {"CW", "Central West", kBcu, 580},  {"CN", "Central North", kBcu, 520},
    {"CE", "Central East", kBcu, 560},  {"AS", "Central South", kBcu, 600},
    {"NW", "North West", kBcu, 600},    {"NA", "North", kBcu, 500},
    {"NE", "North East", kBcu, 560},    {"EA", "East", kBcu, 560},
    {"SE", "South East", kBcu, 540},    {"SN", "South", kBcu, 540},
    {"SW", "South West", kBcu, 500},    {"WA", "West", kBcu, 540},
    {"CTC", "Counter Terrorism Command", kSpecialist, 450},
    {"RASP", "Royal & Specialist Protection", kSpecialist, 250},
    {"TF", "Met Operations Taskforce", kSpecialist, 350},
    {"RTPC", "Roads & Transport Policing", kSpecialist, 450},
    {"SC", "Specialist Crime", kSpecialist, 500},
    {"PO", "Public Order", kSpecialist, 200},
    {"AVN", "Aviation Policing", kSpecialist, 100},
    {"MD", "Met Detention", kSupport, 250},
    {"DPS", "Professional Standards", kSupport, 150},
    {"DDAT", "Digital Data & Technology", kSupport, 200},
    {"FPHQ", "Frontline Policing HQ", kSupport, 150},
    {"MCC", "Met Command & Control", kSupport, 350},
    {"MDS", "Mobile Devices Store", kStore, 0},
};

// ---- Ranks and grades ----------------------------------------------------------------------
struct RankSpec {
    const char* rank;
    bool warranted;  // officers and specials have 6-digit warrant numbers; staff are "MP..."
    int weight[3];   // per 10,000 in BCUs, specialist commands, support commands
};

inline constexpr RankSpec kRanks[] = {
    {"Police Constable", true, {6000, 4600, 1500}},
    {"Detective Constable", true, {900, 1600, 0}},
    {"Sergeant", true, {800, 900, 500}},
    {"Detective Sergeant", true, {220, 700, 0}},
    {"Inspector", true, {170, 300, 200}},
    {"Detective Inspector", true, {50, 200, 0}},
    {"Chief Inspector", true, {40, 100, 80}},
    {"Superintendent", true, {15, 40, 30}},
    {"Chief Superintendent", true, {5, 15, 10}},
    {"Commander", true, {0, 5, 5}},
    {"PCSO", false, {500, 0, 0}},
    {"Special Constable", true, {350, 100, 0}},
    {"Band E", false, {450, 600, 3000}},
    {"Band D", false, {300, 500, 2500}},
    {"Band C", false, {150, 300, 1500}},
    {"Band B", false, {50, 40, 675}},
};

// ---- Device models -------------------------------------------------------------------------
struct ModelSpec {
    const char* manufacturer;
    const char* model;
    bool tablet;
    std::uint32_t tac;  // first of 8 consecutive TACs: 4 for first IMEIs, 4 for second IMEIs
    long long costPence;
    int releaseYear;
    int releaseMonth;
    int warrantyYears;  // rugged enterprise editions come with 3
    int currentWeight;  // share among live devices of its kind
    int legacyWeight;   // share among retired and recently wiped devices of its kind
    const char* serialCode;  // Samsung: serial prefix; Apple: trailing model code
};

inline constexpr ModelSpec kModels[] = {
    {"Samsung", "Galaxy A54 5G", false, 35466812, 44900, 2023, 3, 2, 20, 0, "R58N"},
    {"Samsung", "Galaxy A35 5G", false, 35220318, 34900, 2024, 3, 2, 14, 0, "R58W"},
    {"Samsung", "Galaxy S23", false, 35052974, 84900, 2023, 2, 2, 7, 0, "R5CW"},
    {"Samsung", "Galaxy S24", false, 35882617, 79900, 2024, 1, 2, 7, 0, "R5CX"},
    {"Samsung", "Galaxy XCover6 Pro", false, 35231461, 59900, 2022, 7, 3, 12, 0, "R58T"},
    {"Samsung", "Galaxy XCover7", false, 35960143, 32900, 2024, 1, 3, 10, 0, "R52X"},
    {"Samsung", "Galaxy A52", false, 35489911, 39900, 2021, 3, 2, 6, 25, "R58R"},
    {"Samsung", "Galaxy A40", false, 35738210, 22900, 2019, 4, 2, 1, 20, "R58M"},
    {"Samsung", "Galaxy XCover Pro", false, 35313075, 44900, 2020, 1, 3, 1, 15, "R52N"},
    {"Apple", "iPhone 11", false, 1367800, 72900, 2019, 9, 2, 1, 15, "N70F"},
    {"Apple", "iPhone SE (2nd generation)", false, 1471200, 41900, 2020, 4, 2, 1, 10, "PLJN"},
    {"Apple", "iPhone 13", false, 35390431, 67900, 2021, 9, 2, 5, 10, "Q6NW"},
    {"Apple", "iPhone 14", false, 35186473, 74900, 2022, 9, 2, 6, 0, "R2LK"},
    {"Apple", "iPhone 15", false, 35724680, 79900, 2023, 9, 2, 6, 0, "T9QM"},
    {"Apple", "iPhone SE (3rd generation)", false, 35652317, 41900, 2022, 3, 2, 5, 0, "Q1XV"},
    {"Samsung", "Galaxy Tab Active4 Pro", true, 35154672, 67900, 2022, 9, 3, 35, 0, "R52T"},
    {"Samsung", "Galaxy Tab S9 FE", true, 35617250, 49900, 2023, 10, 2, 25, 0, "R9PT"},
    {"Samsung", "Galaxy Tab Active3", true, 35862531, 51900, 2020, 10, 3, 2, 50, "R52R"},
    {"Apple", "iPad (10th generation)", true, 35409827, 49900, 2022, 10, 2, 23, 0, "R7HJ"},
    {"Apple", "iPad Air (5th generation)", true, 35583904, 66900, 2022, 3, 2, 15, 10, "Q16V"},
    {"Apple", "iPad (7th generation)", true, 35676419, 34900, 2019, 9, 2, 1, 40, "MDFW"},
};
inline constexpr int kTacsPerModel = 8;
inline constexpr std::uint64_t kTacSpread = 4;  // first-IMEI TACs per model; the rest are for IMEI2

// ---- Statuses ------------------------------------------------------------------------------
// Targets: issued 78%, in stock 11%, in repair 4%, lost 1.5%, stolen 0.5%, pending wipe 0.5%,
// wiped 1.5%, retired 3%. A held status whose would-be holder has left (~3%) becomes in_stock
// ("returned by leaver"), so held statuses are drawn /0.97 and in_stock correspondingly less.
struct StatusWeight {
    DeviceStatus status;
    int weight;  // per 100,000
};
inline constexpr StatusWeight kStatusWeights[] = {
    {DeviceStatus::Issued, 80412},     {DeviceStatus::InStock, 8527},
    {DeviceStatus::InRepair, 4000},    {DeviceStatus::Lost, 1546},
    {DeviceStatus::Stolen, 515},       {DeviceStatus::PendingWipe, 500},
    {DeviceStatus::Wiped, 1500},       {DeviceStatus::Retired, 3000},
};

// Phones and tablets come in blocks of 25 slots, 3 of them tablets: 12% tablets, and dense
// per-kind ordinals that number IMEIs, phone numbers and holders without collisions.
inline constexpr std::uint64_t kBlock = 25;
inline constexpr std::uint64_t kTabletsPerBlock = 3;

// Mobile number ranges (after +44): phones and tablet data SIMs use disjoint prefixes.
inline constexpr const char* kPhonePrefixes[] = {"7700", "7711", "7723", "7741",
                                          "7768", "7787", "7796", "7809"};
inline constexpr const char* kTabletPrefixes[] = {"7817", "7826", "7835", "7848"};

// ---- Notes ---------------------------------------------------------------------------------
inline constexpr const char* kIssuedNotes[] = {
    "Screen protector fitted", "Cracked case replaced", "Rugged case fitted",
    "Replacement for faulty handset", "Vehicle charger issued", "Spare charger issued",
    "Screen replaced under warranty", "Battery replaced", "Belt clip holster issued"};
inline constexpr const char* kStockNotes[] = {"Returned in good condition", "Spare for response team",
                                       "Awaiting asset check", "Loan pool"};
inline constexpr const char* kRepairNotes[] = {
    "Cracked screen — with repairer", "Battery swelling — returned to supplier",
    "Charging port fault", "Water damage assessment", "Camera fault under warranty",
    "Touchscreen unresponsive"};
inline constexpr const char* kLostNotes[] = {"Reported lost on duty; remote lock requested",
                                      "Lost during public order deployment",
                                      "Reported lost; replacement issued"};
inline constexpr const char* kStolenNotes[] = {"Stolen from vehicle", "Stolen from locker",
                                        "Taken during a struggle"};
inline constexpr const char* kPendingWipeNotes[] = {"Leaver return — wipe requested",
                                             "Redeployment — wipe requested",
                                             "Found after loss report — wipe before re-issue"};
inline constexpr const char* kRetiredNotes[] = {"End of life — sent for secure disposal",
                                         "Beyond economic repair",
                                         "Replaced under refresh programme"};

}  // namespace qm::services::seed::catalogue
