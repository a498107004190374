// The demo fleet: reference tables and the per-index row recipes. See fleet.hpp.
#include "services/seed/fleet.hpp"

#include "model/error.hpp"
#include "model/lifecycle.hpp"
#include "services/seed/names.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>

namespace qm::services::seed {
namespace {

// Stream salts: one per independent decision, so changing one recipe never shifts another.
enum Salt : std::uint64_t {
    kSaltUnit = 1, kSaltRank, kSaltActive, kSaltName, kSaltStatus, kSaltModel, kSaltLegacy,
    kSaltPurchase, kSaltCost, kSaltDualSim, kSaltCellular, kSaltStore, kSaltNote, kSaltNoteRef,
    kSaltPermDevices, kSaltPermPhones, kSaltPermTablets, kSaltPermStaff, kSaltPermSamsung,
    kSaltPermApple, kSaltPermImei, kSaltPermImei2, kSaltPermMsisdn,
};

// ---- Command units -------------------------------------------------------------------------
enum UnitKind { kBcu, kSpecialist, kSupport, kStore };
constexpr const char* kUnitKindNames[] = {"bcu", "specialist", "support", "store"};

struct UnitSpec {
    const char* code;
    const char* name;
    UnitKind kind;
    int weight;  // people per 10,000: most officers and staff work in the BCUs
};

constexpr UnitSpec kUnits[] = {
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

constexpr RankSpec kRanks[] = {
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

constexpr ModelSpec kModels[] = {
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
constexpr int kTacsPerModel = 8;
constexpr std::uint64_t kTacSpread = 4;  // first-IMEI TACs per model; the rest are for IMEI2

// ---- Statuses ------------------------------------------------------------------------------
// Targets: issued 78%, in stock 11%, in repair 4%, lost 1.5%, stolen 0.5%, pending wipe 0.5%,
// wiped 1.5%, retired 3%. A held status whose would-be holder has left (~3%) becomes in_stock
// ("returned by leaver"), so held statuses are drawn /0.97 and in_stock correspondingly less.
struct StatusWeight {
    DeviceStatus status;
    int weight;  // per 100,000
};
constexpr StatusWeight kStatusWeights[] = {
    {DeviceStatus::Issued, 80412},     {DeviceStatus::InStock, 8527},
    {DeviceStatus::InRepair, 4000},    {DeviceStatus::Lost, 1546},
    {DeviceStatus::Stolen, 515},       {DeviceStatus::PendingWipe, 500},
    {DeviceStatus::Wiped, 1500},       {DeviceStatus::Retired, 3000},
};

// Phones and tablets come in blocks of 25 slots, 3 of them tablets: 12% tablets, and dense
// per-kind ordinals that number IMEIs, phone numbers and holders without collisions.
constexpr std::uint64_t kBlock = 25;
constexpr std::uint64_t kTabletsPerBlock = 3;

// Mobile number ranges (after +44): phones and tablet data SIMs use disjoint prefixes.
constexpr const char* kPhonePrefixes[] = {"7700", "7711", "7723", "7741",
                                          "7768", "7787", "7796", "7809"};
constexpr const char* kTabletPrefixes[] = {"7817", "7826", "7835", "7848"};

// ---- Notes ---------------------------------------------------------------------------------
constexpr const char* kIssuedNotes[] = {
    "Screen protector fitted", "Cracked case replaced", "Rugged case fitted",
    "Replacement for faulty handset", "Vehicle charger issued", "Spare charger issued",
    "Screen replaced under warranty", "Battery replaced", "Belt clip holster issued"};
constexpr const char* kStockNotes[] = {"Returned in good condition", "Spare for response team",
                                       "Awaiting asset check", "Loan pool"};
constexpr const char* kRepairNotes[] = {
    "Cracked screen — with repairer", "Battery swelling — returned to supplier",
    "Charging port fault", "Water damage assessment", "Camera fault under warranty",
    "Touchscreen unresponsive"};
constexpr const char* kLostNotes[] = {"Reported lost on duty; remote lock requested",
                                      "Lost during public order deployment",
                                      "Reported lost; replacement issued"};
constexpr const char* kStolenNotes[] = {"Stolen from vehicle", "Stolen from locker",
                                        "Taken during a struggle"};
constexpr const char* kPendingWipeNotes[] = {"Leaver return — wipe requested",
                                             "Redeployment — wipe requested",
                                             "Found after loss report — wipe before re-issue"};
constexpr const char* kRetiredNotes[] = {"End of life — sent for secure disposal",
                                         "Beyond economic repair",
                                         "Replaced under refresh programme"};

template <typename T, std::size_t N>
const T& pick(const T (&list)[N], std::uint64_t r) {
    return list[r % N];
}

// ---- Formatting without locales or allocations beyond the target string --------------------
void appendDigits(std::string& out, std::uint64_t value, int width) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n < width) buf[n++] = '0';
    while (n > 0) out += buf[--n];
}

void appendBase(std::string& out, std::uint64_t value, std::string_view alphabet, int width) {
    char buf[24];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = alphabet[value % alphabet.size()];
        value /= alphabet.size();
    }
    out.append(buf, static_cast<std::size_t>(width));
}

char luhnCheckDigit(std::string_view first14) {
    int sum = 0;
    for (std::size_t i = 0; i < first14.size(); ++i) {
        int d = first14[i] - '0';
        if (i % 2 == 1) {  // every second digit from the left, i.e. next to the check digit
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string makeImei(const std::string& tac, std::uint64_t serial) {
    std::string imei;
    imei.reserve(15);
    imei = tac;
    appendDigits(imei, serial, 6);
    imei += luhnCheckDigit(imei);
    return imei;
}

// ---- Civil dates (proleptic Gregorian; H. Hinnant's days_from_civil) -----------------------
struct Ymd {
    int y, m, d;
};

long daysFromCivil(Ymd date) {
    const int y = date.y - (date.m <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (date.m + (date.m > 2 ? -3 : 9)) + 2) / 5 + date.d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<long>(era) * 146097 + doe - 719468;
}

Ymd civilFromDays(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), m, d};
}

std::string formatDate(Ymd date) {
    std::string s;
    s.reserve(10);
    appendDigits(s, static_cast<std::uint64_t>(date.y), 4);
    s += '-';
    appendDigits(s, static_cast<std::uint64_t>(date.m), 2);
    s += '-';
    appendDigits(s, static_cast<std::uint64_t>(date.d), 2);
    return s;
}

constexpr Ymd kFleetStart{2019, 1, 1};
constexpr Ymd kFleetEnd{2026, 3, 31};  // the demo register's "today" for purchases
constexpr int kSalesYears = 3;         // a model is bought for about three years after launch

}  // namespace

FleetGenerator::FleetGenerator(std::uint64_t seed, std::size_t devices, std::size_t people)
    : key_(splitmix64(seed ^ 0x51A27E4D3A57E2ULL)), devices_(devices), people_(people) {
    if (devices > kMaxDevices)
        throw invalid("devices", "The demo fleet can have at most " +
                                     std::to_string(kMaxDevices) + " devices, not " +
                                     std::to_string(devices) + ".");
    for (std::size_t i = 0; i < std::size(kUnits); ++i) {
        const UnitSpec& u = kUnits[i];
        units_.push_back({u.code, u.name, kUnitKindNames[u.kind]});
        unitKind_.push_back(u.kind == kStore ? kSupport : u.kind);
        unitWeight_.push_back(u.weight);
        if (u.kind == kBcu) bcuUnits_.push_back(i);
        if (u.kind == kStore) storeUnit_ = i;
    }
    for (const ModelSpec& m : kModels) {
        std::vector<std::string> tacs;
        for (int j = 0; j < kTacsPerModel; ++j) {
            std::string tac;
            appendDigits(tac, m.tac + static_cast<std::uint32_t>(j), 8);
            tacs.push_back(std::move(tac));
        }
        models_.push_back({m.manufacturer, m.model, m.tablet ? "tablet" : "phone", tacs.front(),
                           m.costPence, m.releaseYear});
        tacs_.push_back(std::move(tacs));
    }
    auto perm = [this](std::uint64_t size, Salt salt) {
        return Permutation(size, splitmix64(key_ + salt));
    };
    deviceOrder_ = perm(devices, kSaltPermDevices);
    phoneHolders_ = perm(people, kSaltPermPhones);
    tabletHolders_ = perm(people, kSaltPermTablets);
    staffNumbers_ = perm(900'000, kSaltPermStaff);
    samsungSerials_ = perm(std::uint64_t{1} << 36, kSaltPermSamsung);  // 7 base-36 characters
    appleSerials_ = perm(std::uint64_t{1} << 40, kSaltPermApple);      // 8 base-34 characters
    imeiSerials_ = perm(1'000'000, kSaltPermImei);
    imei2Serials_ = perm(1'000'000, kSaltPermImei2);
    msisdns_ = perm(1'000'000, kSaltPermMsisdn);
}

std::size_t FleetGenerator::personUnit(std::size_t index) const {
    int x = static_cast<int>(draw(key_, kSaltUnit, index) % 10'000);
    for (std::size_t u = 0; u < unitWeight_.size(); ++u) {
        if (x < unitWeight_[u]) return u;
        x -= unitWeight_[u];
    }
    return 0;
}

bool FleetGenerator::personActive(std::size_t index) const {
    return draw(key_, kSaltActive, index) % 1000 >= 30;  // ~3% leavers
}

PersonRow FleetGenerator::person(std::size_t index) const {
    if (index >= people_) throw std::out_of_range("FleetGenerator::person: index out of range");
    const std::size_t unit = personUnit(index);
    const int column = unitKind_[unit];

    int total = 0;
    for (const RankSpec& r : kRanks) total += r.weight[column];
    int x = static_cast<int>(draw(key_, kSaltRank, index) % static_cast<std::uint64_t>(total));
    const RankSpec* rank = &kRanks[0];
    for (const RankSpec& r : kRanks) {
        if (x < r.weight[column]) {
            rank = &r;
            break;
        }
        x -= r.weight[column];
    }

    PersonRow row;
    // Numbers are a keyed shuffle of the index, so unique; beyond 900,000 people they grow a
    // seventh digit rather than repeat.
    const std::uint64_t number =
        index < 900'000 ? 100'000 + staffNumbers_(index) : 1'000'000 + (index - 900'000);
    if (!rank->warranted) row.staffNo = "MP";
    appendDigits(row.staffNo, number, 6);

    GeneratedName name = generateName(draw(key_, kSaltName, index));
    row.name = std::move(name.display);
    row.rank = rank->rank;
    row.unitCode = units_[unit].code;
    row.email = std::move(name.emailStem);
    row.email += '.';
    appendDigits(row.email, index + 1, 3);
    row.email += "@met.example.police.uk";
    row.active = personActive(index);
    return row;
}

std::size_t FleetGenerator::pickModel(bool tablet, bool legacy, std::uint64_t r) const {
    int total = 0;
    for (const ModelSpec& m : kModels)
        if (m.tablet == tablet) total += legacy ? m.legacyWeight : m.currentWeight;
    int x = static_cast<int>(r % static_cast<std::uint64_t>(total));
    for (std::size_t i = 0; i < std::size(kModels); ++i) {
        const ModelSpec& m = kModels[i];
        if (m.tablet != tablet) continue;
        const int w = legacy ? m.legacyWeight : m.currentWeight;
        if (x < w) return i;
        x -= w;
    }
    return 0;
}

DeviceRow FleetGenerator::device(std::size_t index) const {
    if (index >= devices_) throw std::out_of_range("FleetGenerator::device: index out of range");
    auto rnd = [this, index](Salt salt) { return draw(key_, salt, index); };

    const std::uint64_t slot = deviceOrder_(index);
    const std::uint64_t inBlock = slot % kBlock;
    const bool tablet = inBlock < kTabletsPerBlock;
    const std::uint64_t ordinal = tablet ? slot / kBlock * kTabletsPerBlock + inBlock
                                         : slot / kBlock * (kBlock - kTabletsPerBlock) +
                                               (inBlock - kTabletsPerBlock);

    // Status, then holder: phone k goes to person π(k mod people), tablet t to σ(t mod people),
    // so nobody holds two phones or two tablets while the fleet is no bigger than the force.
    DeviceStatus status = DeviceStatus::Issued;
    {
        int x = static_cast<int>(rnd(kSaltStatus) % 100'000);
        for (const StatusWeight& s : kStatusWeights) {
            if (x < s.weight) {
                status = s.status;
                break;
            }
            x -= s.weight;
        }
    }
    long long holder = -1;
    bool leaverReturn = false;
    if (status == DeviceStatus::Issued || status == DeviceStatus::Lost ||
        status == DeviceStatus::Stolen) {
        const std::uint64_t person =
            people_ == 0 ? 0 : (tablet ? tabletHolders_ : phoneHolders_)(ordinal % people_);
        if (people_ != 0 && personActive(person)) {
            holder = static_cast<long long>(person);
        } else {
            status = DeviceStatus::InStock;
            leaverReturn = people_ != 0;
        }
    }

    // Old models are mostly what gets retired; the live fleet is mostly current models.
    const std::uint64_t legacyRoll = rnd(kSaltLegacy) % 100;
    const bool legacy = status == DeviceStatus::Retired  ? legacyRoll < 85
                        : status == DeviceStatus::Wiped ? legacyRoll < 40
                                                        : legacyRoll < 2;
    const std::size_t modelIndex = pickModel(tablet, legacy, rnd(kSaltModel));
    const ModelSpec& spec = kModels[modelIndex];
    const std::vector<std::string>& tacs = tacs_[modelIndex];
    const bool apple = spec.manufacturer[0] == 'A';

    DeviceRow row;
    row.assetTag = "MPS-";
    appendDigits(row.assetTag, index + 1, 7);

    // Serials shuffle the index (unique by construction) into the maker's format.
    if (apple) {
        appendBase(row.serial, appleSerials_(index), "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", 8);
        row.serial += spec.serialCode;
    } else {
        row.serial = spec.serialCode;
        appendBase(row.serial, samsungSerials_(index), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   7);
    }

    // IMEI = TAC + serial + check digit. Within a model and TAC the serial is a shuffle of
    // ordinal / 4, so it never repeats; models and first/second IMEIs use disjoint TACs.
    const std::uint64_t tacIndex = ordinal % kTacSpread;
    const std::uint64_t imeiSerial = imeiSerials_(ordinal / kTacSpread);
    const bool cellular = !tablet || rnd(kSaltCellular) % 2 == 0;
    if (cellular) row.imei = makeImei(tacs[tacIndex], imeiSerial);
    if (!tablet && rnd(kSaltDualSim) % 100 < 10)
        row.imei2 = makeImei(tacs[kTacSpread + tacIndex], imei2Serials_(ordinal / kTacSpread));

    // Retired devices have had their SIMs ceased.
    if (cellular && status != DeviceStatus::Retired) {
        const std::uint64_t prefixes = tablet ? std::size(kTabletPrefixes) : std::size(kPhonePrefixes);
        row.phone = "+44";
        row.phone += tablet ? kTabletPrefixes[ordinal % prefixes] : kPhonePrefixes[ordinal % prefixes];
        appendDigits(row.phone, msisdns_(ordinal / prefixes), 6);
    }

    row.manufacturer = spec.manufacturer;
    row.model = spec.model;
    row.status = toString(status);

    const long first = std::max(daysFromCivil({spec.releaseYear, spec.releaseMonth, 1}),
                                daysFromCivil(kFleetStart));
    const long last = std::min(
        daysFromCivil({spec.releaseYear + kSalesYears, spec.releaseMonth, 1}),
        daysFromCivil(kFleetEnd));
    const Ymd bought = civilFromDays(
        first + static_cast<long>(rnd(kSaltPurchase) % static_cast<std::uint64_t>(last - first + 1)));
    Ymd warranty{bought.y + spec.warrantyYears, bought.m, bought.d};
    if (warranty.m == 2 && warranty.d == 29) warranty.d = 28;  // bought on a leap day
    row.purchasedOn = formatDate(bought);
    row.warrantyUntil = formatDate(warranty);

    // Framework-contract pricing: up to 8% off list.
    row.costPence = spec.costPence - spec.costPence * static_cast<long long>(rnd(kSaltCost) % 9) / 100;
    row.holder = holder;

    // Held devices sit with the holder's unit; spares partly at BCUs, everything else centrally.
    std::size_t unit = storeUnit_;
    if (holder >= 0)
        unit = personUnit(static_cast<std::size_t>(holder));
    else if (status == DeviceStatus::InStock && !leaverReturn && rnd(kSaltStore) % 100 < 35)
        unit = bcuUnits_[rnd(kSaltStore) / 100 % bcuUnits_.size()];
    row.unitCode = units_[unit].code;

    const std::uint64_t noteRoll = rnd(kSaltNote);
    const std::uint64_t percent = noteRoll % 100;
    const std::uint64_t choice = noteRoll / 100;
    switch (status) {
        case DeviceStatus::Issued:
            if (percent < 6) row.notes = pick(kIssuedNotes, choice);
            break;
        case DeviceStatus::InStock:
            if (leaverReturn) row.notes = "Returned by leaver; wiped and restocked";
            else if (percent < 12) row.notes = pick(kStockNotes, choice);
            break;
        case DeviceStatus::InRepair:
            if (percent < 70) row.notes = pick(kRepairNotes, choice);
            break;
        case DeviceStatus::Lost:
            row.notes = pick(kLostNotes, choice);
            break;
        case DeviceStatus::Stolen: {
            const std::uint64_t ref = rnd(kSaltNoteRef);
            row.notes = pick(kStolenNotes, choice);
            row.notes += ", crime ref CR-";
            appendDigits(row.notes, ref % 10'000'000, 7);
            row.notes += '/';
            appendDigits(row.notes, 23 + ref / 10'000'000 % 4, 2);  // reported 2023-2026
            break;
        }
        case DeviceStatus::PendingWipe:
            row.notes = pick(kPendingWipeNotes, choice);
            break;
        case DeviceStatus::Wiped:
            if (percent < 50) row.notes = "Wiped; awaiting QA before re-issue";
            break;
        case DeviceStatus::Retired:
            row.notes = pick(kRetiredNotes, choice);
            break;
    }
    return row;
}

}  // namespace qm::services::seed
