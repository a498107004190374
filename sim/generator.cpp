#include "sim/generator.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

namespace qm::sim {
namespace {

struct ModelSpec {
    const char* manufacturer;
    const char* model;
    const char* shortName;  // what a user calls it when naming the device
    const char* tac;        // first 8 IMEI digits
    const char* serialPrefix;
    int storageGb;
    bool tablet;
    int weight;
};

// A force that is part-way through replacing iPhone 13s and A54s with iPhone 15s and XCovers.
constexpr ModelSpec kModels[] = {
    {"Apple", "iPhone 13", "iPhone", "35390431", nullptr, 128, false, 14},
    {"Apple", "iPhone 14", "iPhone", "35186473", nullptr, 128, false, 14},
    {"Apple", "iPhone 15", "iPhone", "35724680", nullptr, 128, false, 16},
    {"Apple", "iPhone SE (3rd generation)", "iPhone", "35652317", nullptr, 64, false, 9},
    {"Apple", "iPad (10th generation)", "iPad", "35878410", nullptr, 64, true, 8},
    {"Samsung", "Galaxy A54 5G", "Galaxy A54", "35466812", "R58N", 128, false, 15},
    {"Samsung", "Galaxy S23", "Galaxy S23", "35052974", "R5CW", 256, false, 8},
    {"Samsung", "Galaxy XCover6 Pro", "XCover6 Pro", "35231461", "R58T", 128, false, 16},
};

struct Name {
    const char* display;
    const char* ascii;  // for the UPN
};

constexpr Name kGiven[] = {
    {"Oliver", "oliver"}, {"George", "george"}, {"Harry", "harry"}, {"James", "james"}, {"Thomas", "thomas"},
    {"Daniel", "daniel"}, {"Samuel", "samuel"}, {"Callum", "callum"}, {"Rhys", "rhys"}, {"Iain", "iain"},
    {"Gareth", "gareth"}, {"Mohammed", "mohammed"}, {"Arjun", "arjun"}, {"Kwame", "kwame"}, {"Tomasz", "tomasz"},
    {"Charlotte", "charlotte"}, {"Emily", "emily"}, {"Sophie", "sophie"}, {"Hannah", "hannah"}, {"Zoë", "zoe"},
    {"Siobhán", "siobhan"}, {"Aisha", "aisha"}, {"Priya", "priya"}, {"Fatima", "fatima"}, {"Megan", "megan"},
    {"Kirsty", "kirsty"}, {"Bethan", "bethan"}, {"Agnieszka", "agnieszka"}, {"Chloe", "chloe"}, {"Laura", "laura"},
};

constexpr Name kFamily[] = {
    {"Smith", "smith"}, {"Jones", "jones"}, {"Taylor", "taylor"}, {"Brown", "brown"}, {"Williams", "williams"},
    {"Wilson", "wilson"}, {"Davies", "davies"}, {"Evans", "evans"}, {"Thomas", "thomas"}, {"Roberts", "roberts"},
    {"Khan", "khan"}, {"Patel", "patel"}, {"Ali", "ali"}, {"Begum", "begum"}, {"Okafor", "okafor"},
    {"Mensah", "mensah"}, {"Nowak", "nowak"}, {"Kowalski", "kowalski"}, {"O'Neill", "oneill"}, {"MacLeod", "macleod"},
    {"Campbell", "campbell"}, {"Murphy", "murphy"}, {"Walker", "walker"}, {"Wright", "wright"}, {"Hughes", "hughes"},
    {"Green", "green"}, {"Hall", "hall"}, {"Clarke", "clarke"}, {"Jackson", "jackson"}, {"Wood", "wood"},
    {"Chen", "chen"}, {"Nguyen", "nguyen"}, {"Singh", "singh"}, {"Ahmed", "ahmed"}, {"Byrne", "byrne"},
};

// Modern Apple serials: ten characters from digits and capitals without I and O.
constexpr std::string_view kSerialAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr std::string_view kSerialTail = "0123456789ABCDEFGHJKLMNPQRTVWXYZ";  // 32 symbols: 5 bits each

template <typename T, std::size_t N>
const T& pick(const T (&list)[N], std::uint64_t r) {
    return list[r % N];
}

std::string digits(std::uint64_t value, int width) {
    std::string out(static_cast<std::size_t>(width), '0');
    for (int i = width - 1; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out;
}

char luhnDigit(std::string_view body) {
    int sum = 0;
    // Double every second digit counting from the right of the body (next to the check digit).
    for (std::size_t k = 0; k < body.size(); ++k) {
        int d = body[body.size() - 1 - k] - '0';
        if (k % 2 == 0) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string imeiFrom(std::string_view tac, std::uint64_t serial6) {
    std::string imei = std::string(tac) + digits(serial6, 6);
    imei += luhnDigit(imei);
    return imei;
}

// A keyed bijection on 35 bits, so seven base-32 characters stay unique per index.
std::string serialTail(std::uint64_t seed, std::uint64_t index) {
    constexpr std::uint64_t kMask = (std::uint64_t{1} << 35) - 1;
    const std::uint64_t k1 = splitmix64(seed ^ 0xA11CE) & kMask;
    const std::uint64_t k2 = splitmix64(seed ^ 0xB0B) & kMask;
    std::uint64_t x = ((((index & kMask) ^ k1) * 0x5DEECE66DULL) + k2) & kMask;
    std::string out(7, '0');
    for (int i = 6; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kSerialTail[x & 31];
        x >>= 5;
    }
    return out;
}

std::string guidFrom(Rng& rng) {
    unsigned char b[16];
    for (int half = 0; half < 2; ++half) {
        std::uint64_t v = rng.next();
        for (int i = 0; i < 8; ++i) b[half * 8 + i] = static_cast<unsigned char>(v >> (8 * i));
    }
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
    return guidFromBytes(b);
}

void setUser(DeviceDraft& d, std::uint64_t r) {
    const Name& given = pick(kGiven, r);
    const Name& family = pick(kFamily, r >> 16);
    std::string upn = std::string(given.ascii) + "." + family.ascii;
    if ((r >> 32) % 7 == 0) upn += digits((r >> 40) % 90 + 10, 2);  // namesakes get a number
    upn += "@police.example";
    d.set(Prop::userPrincipalName, upn);
    d.set(Prop::emailAddress, upn);
    d.set(Prop::userDisplayName, std::string(given.display) + " " + family.display);
}

const ModelSpec& pickModel(std::uint64_t r) {
    int total = 0;
    for (const ModelSpec& m : kModels) total += m.weight;
    int at = static_cast<int>(r % static_cast<std::uint64_t>(total));
    for (const ModelSpec& m : kModels) {
        if (at < m.weight) return m;
        at -= m.weight;
    }
    return kModels[0];
}

DeviceDraft makeDevice(const FleetRecipe& recipe, std::uint64_t index) {
    DeviceDraft d;
    d.identity = splitmix64(recipe.seed ^ splitmix64(index + 0x5EED));
    Rng rng(d.identity);
    const ModelSpec& model = pickModel(rng.next());
    const bool apple = std::string_view(model.manufacturer) == "Apple";
    const bool cellular = !model.tablet || rng.chance(0.5);  // half the iPads are Wi-Fi only

    d.set(Prop::id, guidFrom(rng));
    d.set(Prop::deviceName, "MPS-" + digits(index + 1, 7));
    d.set(Prop::manufacturer, model.manufacturer);
    d.set(Prop::model, model.model);
    std::string serial;
    if (apple) {
        for (int i = 0; i < 3; ++i) serial += kSerialAlphabet[rng.below(kSerialAlphabet.size())];
    } else {
        serial = model.serialPrefix;
    }
    serial += serialTail(recipe.seed, index);
    d.set(Prop::serialNumber, serial);
    if (cellular) {
        const std::string imei = imeiFrom(model.tac, (index * 737'413 + splitmix64(recipe.seed) % 1'000'000) % 1'000'000);
        d.set(Prop::imei, imei);
        if (apple) d.set(Prop::meid, imei.substr(0, 14));  // iPhones report the IMEI's first 14 digits
        if (!model.tablet) d.set(Prop::phoneNumber, "+447700900" + digits(index % 1000, 3));
    }
    if (!rng.chance(0.08)) setUser(d, rng.next());  // the rest sit in the store, unassigned
    fillSimulatedFields(d, apple, model.tablet, cellular, recipe.startedAt);
    const auto bytes = static_cast<std::uint64_t>(model.storageGb) * 1'000'000'000ULL;
    const std::uint64_t total = bytes - bytes / 100 - rng.below(bytes / 200);
    d.setRaw(Prop::totalStorageSpaceInBytes, std::to_string(total));
    d.setRaw(Prop::freeStorageSpaceInBytes, std::to_string(total / 10 + rng.below(total / 2)));
    return d;
}

}  // namespace

void fillSimulatedFields(DeviceDraft& d, bool apple, bool tablet, bool cellular, std::int64_t startedAt) {
    Rng rng(splitmix64(d.identity ^ 0xF1E1D5));
    static constexpr const char* kIos[] = {"17.5.1", "17.6.1", "18.1.1", "18.3.2", "18.5", "18.6.2"};
    static constexpr const char* kAndroid[] = {"13", "14", "14", "15"};
    d.set(Prop::operatingSystem, apple ? "iOS" : "Android");  // iPads too (newer Intune may say iPadOS)
    d.set(Prop::osVersion, apple ? pick(kIos, rng.next()) : pick(kAndroid, rng.next()));

    const std::uint64_t c = rng.below(100);
    d.set(Prop::complianceState, c < 88   ? "compliant"
                                 : c < 94 ? "noncompliant"
                                 : c < 97 ? "inGracePeriod"
                                 : c < 99 ? "unknown"
                                          : "error");
    const std::int64_t enrolled = startedAt - static_cast<std::int64_t>(130 + rng.below(970)) * kTicksPerDay -
                                  static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(kTicksPerDay)));
    d.set(Prop::enrolledDateTime, timestamp(enrolled));
    d.set(Prop::managementAgent, "mdm");
    d.set(Prop::managedDeviceOwnerType, "company");
    d.set(Prop::deviceEnrollmentType, apple ? "appleBulkWithUser" : "androidEnterpriseFullyManaged");
    d.set(Prop::jailBroken, "False");
    d.setRaw(Prop::isEncrypted, apple || !rng.chance(0.03) ? "true" : "false");
    d.setRaw(Prop::isSupervised, apple ? "true" : "false");

    std::string mac;
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 12; ++i) mac += kHex[rng.below(16)];
    d.set(Prop::wiFiMacAddress, mac);
    if (cellular) {
        std::string iccid = "8944" + digits(rng.below(100'000'000'000'000ULL), 14);
        iccid += luhnDigit(iccid);
        d.set(Prop::iccid, iccid);
        const std::uint64_t k = rng.below(10);
        d.set(Prop::subscriberCarrier, k < 7 ? "EE" : k < 9 ? "Vodafone UK" : "O2 - UK");
    }
    if (d.literal[static_cast<std::size_t>(Prop::totalStorageSpaceInBytes)].empty()) {
        const std::uint64_t total = (tablet ? 64 : 128) * 990'000'000ULL;
        d.setRaw(Prop::totalStorageSpaceInBytes, std::to_string(total));
        d.setRaw(Prop::freeStorageSpaceInBytes, std::to_string(total / 10 + rng.below(total / 2)));
    }
}

Drift driftFor(std::uint64_t identity, double rate) {
    if (rate <= 0) return Drift::none;
    Rng rng(splitmix64(identity ^ 0xD81F7));
    if (!rng.chance(rate)) return Drift::none;
    const std::uint64_t k = rng.below(100);
    return k < 30 ? Drift::leftOut : k < 50 ? Drift::serialMismatch : k < 70 ? Drift::imeiMismatch : Drift::otherUser;
}

void applyDrift(DeviceDraft& d, Drift drift) {
    Rng rng(splitmix64(d.identity ^ 0xD81F8));
    switch (drift) {
    case Drift::none:
    case Drift::leftOut:
        break;
    case Drift::serialMismatch: {
        // A mistyped last character, the usual way a serial goes wrong at the desk.
        std::string serial = d.get(Prop::serialNumber);
        if (serial.empty()) break;
        const char old = serial.back();
        do {
            serial.back() = kSerialAlphabet[rng.below(kSerialAlphabet.size())];
        } while (serial.back() == old);
        d.set(Prop::serialNumber, serial);
        break;
    }
    case Drift::imeiMismatch: {
        std::string imei = d.get(Prop::imei);
        if (imei.size() != 15) break;
        // Two neighbouring digits of the serial part swapped; choose a pair that differs.
        std::size_t at = 8 + rng.below(5);
        for (int tries = 0; tries < 5 && imei[at] == imei[at + 1]; ++tries) at = 8 + (at - 7) % 5;
        if (imei[at] == imei[at + 1]) imei[at] = imei[at] == '9' ? '0' : static_cast<char>(imei[at] + 1);
        else std::swap(imei[at], imei[at + 1]);
        imei = imeiFrom(imei.substr(0, 8), std::stoull(imei.substr(8, 6)));
        d.set(Prop::imei, imei);
        if (!d.literal[static_cast<std::size_t>(Prop::meid)].empty()) d.set(Prop::meid, imei.substr(0, 14));
        break;
    }
    case Drift::otherUser:
        setUser(d, rng.next());
        break;
    }
}

void addGeneratedDevices(Fleet& fleet, std::size_t count, const FleetRecipe& recipe) {
    fleet.reserve(fleet.size() + count + count / 8);
    for (std::size_t i = 0; i < count; ++i) {
        DeviceDraft d = makeDevice(recipe, i);
        const Drift drift = driftFor(d.identity, recipe.drift);
        if (drift == Drift::leftOut) continue;
        applyDrift(d, drift);
        fleet.add(std::move(d));
    }
    addUnregisteredDevices(fleet, count, recipe);
}

void addUnregisteredDevices(Fleet& fleet, std::size_t fleetSize, const FleetRecipe& recipe) {
    const auto extra = static_cast<std::size_t>(std::llround(recipe.drift * static_cast<double>(fleetSize) / 4.0));
    for (std::size_t k = 0; k < extra; ++k) {
        // Indices far past any fleet keep serials distinct from the generated ones.
        DeviceDraft d = makeDevice(recipe, 3'000'000'000ULL + k);
        const std::string user = d.get(Prop::userDisplayName);
        const std::string model = d.get(Prop::model);
        const bool apple = d.get(Prop::manufacturer) == "Apple";
        const std::string kind = apple ? (model.rfind("iPad", 0) == 0 ? "iPad" : "iPhone") : model;
        d.set(Prop::deviceName, user.empty() ? kind : user.substr(0, user.find(' ')) + "'s " + kind);
        fleet.add(std::move(d));
    }
}

}  // namespace qm::sim
