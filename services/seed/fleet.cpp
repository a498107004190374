// The demo fleet: the per-index row recipes (the reference data is in catalogue.hpp).
#include "services/seed/fleet.hpp"

#include "model/error.hpp"
#include "model/lifecycle.hpp"
#include "services/seed/catalogue.hpp"
#include "services/seed/names.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>

namespace qm::services::seed {
namespace {

using namespace catalogue;

// Stream salts: one per independent decision, so changing one recipe never shifts another.
enum Salt : std::uint64_t {
    kSaltUnit = 1, kSaltRank, kSaltActive, kSaltName, kSaltStatus, kSaltModel, kSaltLegacy,
    kSaltPurchase, kSaltCost, kSaltDualSim, kSaltCellular, kSaltStore, kSaltNote, kSaltNoteRef,
    kSaltPermDevices, kSaltPermPhones, kSaltPermTablets, kSaltPermStaff, kSaltPermSamsung,
    kSaltPermApple, kSaltPermImei, kSaltPermImei2, kSaltPermMsisdn,
};

// The row recipes draw from these totals; keep the tables summing to them when tuning.
constexpr int unitWeightTotal() {
    int total = 0;
    for (const UnitSpec& u : kUnits) total += u.weight;
    return total;
}
constexpr int statusWeightTotal() {
    int total = 0;
    for (const StatusWeight& s : kStatusWeights) total += s.weight;
    return total;
}
static_assert(unitWeightTotal() == 10'000, "unit weights are people per 10,000");
static_assert(statusWeightTotal() == 100'000, "status weights are devices per 100,000");

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
        const std::uint64_t ranges = tablet ? std::size(kTabletPrefixes) : std::size(kPhonePrefixes);
        row.phone = "+44";
        row.phone += (tablet ? kTabletPrefixes : kPhonePrefixes)[ordinal % ranges];
        appendDigits(row.phone, msisdns_(ordinal / ranges), 6);
    }

    row.manufacturer = spec.manufacturer;
    row.model = spec.model;
    row.status = toString(status);

    const long first = std::max(daysFromCivil({spec.releaseYear, spec.releaseMonth, 1}),
                                daysFromCivil(kFleetStart));
    const long last = std::min(daysFromCivil({spec.releaseYear + kSalesYears, spec.releaseMonth, 1}),
                               daysFromCivil(kFleetEnd));
    const auto span = static_cast<std::uint64_t>(last - first + 1);
    const Ymd bought = civilFromDays(first + static_cast<long>(rnd(kSaltPurchase) % span));
    Ymd warranty{bought.y + spec.warrantyYears, bought.m, bought.d};
    if (warranty.m == 2 && warranty.d == 29) warranty.d = 28;  // bought on a leap day
    row.purchasedOn = formatDate(bought);
    row.warrantyUntil = formatDate(warranty);

    // Framework-contract pricing: up to 8% off list.
    const auto discountPercent = static_cast<long long>(rnd(kSaltCost) % 9);
    row.costPence = spec.costPence - spec.costPence * discountPercent / 100;
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
