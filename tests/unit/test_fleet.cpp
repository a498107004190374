// The demo fleet generator: what `qmctl demo seed` loads must satisfy the register's own
// invariants (unique tags, serials and IMEIs, valid Luhn and E.164, holders only where custody
// is open) and look like a real force, and the same seed must give the same fleet everywhere.
#include "services/seed/fleet.hpp"

#include "model/error.hpp"
#include "model/identifiers.hpp"
#include "services/seed/names.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

using qm::services::seed::DeviceRow;
using qm::services::seed::FleetGenerator;
using qm::services::seed::PersonRow;

namespace {

bool sameDevice(const DeviceRow& a, const DeviceRow& b) {
    return a.assetTag == b.assetTag && a.serial == b.serial && a.imei == b.imei &&
           a.imei2 == b.imei2 && a.manufacturer == b.manufacturer && a.model == b.model &&
           a.phone == b.phone && a.status == b.status && a.purchasedOn == b.purchasedOn &&
           a.warrantyUntil == b.warrantyUntil && a.unitCode == b.unitCode && a.notes == b.notes &&
           a.costPence == b.costPence && a.holder == b.holder;
}

bool samePerson(const PersonRow& a, const PersonRow& b) {
    return a.staffNo == b.staffNo && a.name == b.name && a.rank == b.rank &&
           a.unitCode == b.unitCode && a.email == b.email && a.active == b.active;
}

bool isHeld(const std::string& status) {
    return status == "issued" || status == "lost" || status == "stolen";
}

bool allDigits(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// Independent of the generator's own arithmetic: a textbook Luhn from the right.
bool luhn(const std::string& digits) {
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        int d = digits[digits.size() - 1 - i] - '0';
        if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
    }
    return sum % 10 == 0;
}

}  // namespace

TEST(Fleet, SameSeedGivesIdenticalRowsInAnyOrder) {
    const FleetGenerator a(42, 50'000, 20'000);
    const FleetGenerator b(42, 50'000, 20'000);
    for (std::size_t i = 0; i < 50'000; i += 7) {
        const std::size_t j = 50'000 - 1 - i;  // b walks backwards: rows must not depend on order
        EXPECT_TRUE(sameDevice(a.device(i), b.device(i))) << i;
        EXPECT_TRUE(sameDevice(a.device(j), b.device(j))) << j;
    }
    for (std::size_t i = 0; i < 20'000; i += 3) EXPECT_TRUE(samePerson(a.person(i), b.person(i)));
}

TEST(Fleet, PinnedRowsStayByteIdentical) {
    // Fixed expectations catch a platform, compiler or refactor that would make a different
    // fleet from the same seed. Change them only when changing the fleet on purpose.
    const FleetGenerator g(1, 32'000, 30'000);
    const DeviceRow d = g.device(0);
    const PersonRow p = g.person(0);
    const std::string fingerprint = d.assetTag + "|" + d.serial + "|" + d.imei + "|" + d.imei2 +
                                    "|" + d.model + "|" + d.phone + "|" + d.status + "|" +
                                    d.purchasedOn + "|" + d.warrantyUntil + "|" + d.unitCode +
                                    "|" + std::to_string(d.costPence) + "|" +
                                    std::to_string(d.holder) + "|" + p.staffNo + "|" + p.name +
                                    "|" + p.rank + "|" + p.unitCode + "|" + p.email;
    EXPECT_EQ(fingerprint,
              "MPS-0000001|1YP3N6DWQ16V|355839078315902||iPad Air (5th generation)|"
              "+447848573689|issued|2023-08-15|2025-08-15|CE|66900|22502|597409|Darren Johnson|"
              "Police Constable|SN|darren.johnson.001@met.example.police.uk");

    std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a over every field of 2,000 rows
    auto mix = [&hash](const std::string& field) {
        for (unsigned char c : field + '\x1f') hash = (hash ^ c) * 1099511628211ULL;
    };
    for (std::size_t i = 0; i < 2'000; ++i) {
        const DeviceRow r = g.device(i);
        for (const std::string& f : {r.assetTag, r.serial, r.imei, r.imei2, r.manufacturer,
                                     r.model, r.phone, r.status, r.purchasedOn, r.warrantyUntil,
                                     r.unitCode, r.notes, std::to_string(r.costPence),
                                     std::to_string(r.holder)})
            mix(f);
        const PersonRow q = g.person(i);
        for (const std::string& f : {q.staffNo, q.name, q.rank, q.unitCode, q.email,
                                     std::string(q.active ? "1" : "0")})
            mix(f);
    }
    EXPECT_EQ(hash, 3935271140261595102ULL);
}

TEST(Fleet, DifferentSeedsGiveDifferentFleets) {
    const FleetGenerator a(1, 10'000, 10'000);
    const FleetGenerator b(2, 10'000, 10'000);
    int differentSerials = 0, differentImeis = 0, differentNames = 0;
    for (std::size_t i = 0; i < 1'000; ++i) {
        differentSerials += a.device(i).serial != b.device(i).serial;
        differentImeis += a.device(i).imei != b.device(i).imei;
        differentNames += a.person(i).name != b.person(i).name;
    }
    EXPECT_GT(differentSerials, 990);
    EXPECT_GT(differentImeis, 900);
    EXPECT_GT(differentNames, 900);
}

TEST(Fleet, KeysAreUniqueAcrossABigFleet) {
    constexpr std::size_t kDevices = 300'000, kPeople = 30'000;
    const FleetGenerator g(7, kDevices, kPeople);
    std::unordered_set<std::string> tags, serials, imeis, phones, staffNos, emails;
    tags.reserve(kDevices);
    serials.reserve(kDevices);
    imeis.reserve(kDevices * 2);
    phones.reserve(kDevices);
    std::size_t imeiCount = 0, phoneCount = 0;
    for (std::size_t i = 0; i < kDevices; ++i) {
        const DeviceRow d = g.device(i);
        ASSERT_TRUE(tags.insert(d.assetTag).second) << d.assetTag;
        ASSERT_TRUE(serials.insert(d.serial).second) << d.serial;
        for (const std::string* imei : {&d.imei, &d.imei2}) {
            if (imei->empty()) continue;
            ++imeiCount;
            ASSERT_TRUE(imeis.insert(*imei).second) << "duplicate IMEI " << *imei << " at " << i;
        }
        if (!d.phone.empty()) {
            ++phoneCount;
            ASSERT_TRUE(phones.insert(d.phone).second) << d.phone;
        }
    }
    EXPECT_GT(imeiCount, kDevices * 9 / 10);
    EXPECT_GT(phoneCount, kDevices * 8 / 10);
    for (std::size_t i = 0; i < kPeople; ++i) {
        const PersonRow p = g.person(i);
        ASSERT_TRUE(staffNos.insert(p.staffNo).second) << p.staffNo;
        ASSERT_TRUE(emails.insert(p.email).second) << p.email;
    }
}

TEST(Fleet, ImeisAndNumbersAreUniqueAtTwoMillionDevices) {
    // The largest demo fleets the brief promises; keys held as integers to keep memory small.
    constexpr std::size_t kDevices = 2'000'000;
    const FleetGenerator g(3, kDevices, 30'000);
    std::unordered_set<std::uint64_t> imeis, phones;
    imeis.reserve(kDevices * 11 / 10);
    phones.reserve(kDevices);
    for (std::size_t i = 0; i < kDevices; ++i) {
        const DeviceRow d = g.device(i);
        for (const std::string* imei : {&d.imei, &d.imei2}) {
            if (!imei->empty()) {
                ASSERT_TRUE(imeis.insert(std::stoull(*imei)).second) << *imei << " at " << i;
            }
        }
        if (!d.phone.empty()) {
            ASSERT_TRUE(phones.insert(std::stoull(d.phone.substr(1))).second) << d.phone;
        }
    }
    EXPECT_GT(imeis.size(), kDevices);  // dual-SIM phones outnumber Wi-Fi-only tablets
}

TEST(Fleet, IdentifiersPassTheRegistersOwnParsers) {
    const FleetGenerator g(11, 50'000, 30'000);
    const std::regex ukMobile(R"(\+447\d{9})");
    const std::regex samsungSerial(R"(R[0-9A-Z]{3}[0-9A-Z]{7})");
    const std::regex appleSerial(R"([0-9A-HJ-NP-Z]{12})");
    for (std::size_t i = 0; i < 50'000; ++i) {
        const DeviceRow d = g.device(i);
        EXPECT_EQ(qm::AssetTag::parse(d.assetTag).str(), d.assetTag);
        EXPECT_EQ(qm::SerialNumber::parse(d.serial).str(), d.serial);
        const bool apple = d.manufacturer == "Apple";
        EXPECT_TRUE(std::regex_match(d.serial, apple ? appleSerial : samsungSerial)) << d.serial;
        for (const std::string* imei : {&d.imei, &d.imei2}) {
            if (imei->empty()) continue;
            ASSERT_EQ(imei->size(), 15u) << *imei;
            ASSERT_TRUE(allDigits(*imei)) << *imei;
            ASSERT_TRUE(luhn(*imei)) << *imei;
            ASSERT_TRUE(qm::luhnValid(*imei)) << *imei;
            EXPECT_EQ(qm::Imei::parse(*imei).str(), *imei);
            EXPECT_EQ(qm::Imei::checkDigit(std::string_view(*imei).substr(0, 14)), imei->back());
        }
        if (!d.imei2.empty()) {
            EXPECT_NE(d.imei, d.imei2);
        }
        if (!d.phone.empty()) {
            EXPECT_TRUE(std::regex_match(d.phone, ukMobile)) << d.phone;
            EXPECT_EQ(qm::PhoneNumber::parse(d.phone).str(), d.phone);
            // And as a desk user would type it.
            const std::string national = "0" + d.phone.substr(3, 4) + " " + d.phone.substr(7);
            EXPECT_EQ(qm::PhoneNumber::parse(national).str(), d.phone);
        }
    }
}

TEST(Fleet, PhoneNumbersAreSpreadOverManyRanges) {
    const FleetGenerator g(5, 32'000, 30'000);
    std::set<std::string> blocks;  // "7700 900" style thousand-number blocks
    for (std::size_t i = 0; i < 32'000; ++i) {
        const DeviceRow d = g.device(i);
        if (!d.phone.empty()) blocks.insert(d.phone.substr(0, d.phone.size() - 3));
    }
    EXPECT_GT(blocks.size(), 1'000u);
}

TEST(Fleet, StatusesHaveRealisticProportions) {
    constexpr std::size_t kDevices = 100'000;
    const FleetGenerator g(9, kDevices, 30'000);
    std::map<std::string, int> counts;
    int tablets = 0, wifiOnlyTablets = 0, phones = 0, dualSim = 0;
    for (std::size_t i = 0; i < kDevices; ++i) {
        const DeviceRow d = g.device(i);
        ++counts[d.status];
        const bool tablet = d.model.find("Tab") != std::string::npos ||
                            d.model.find("iPad") != std::string::npos;
        if (tablet) {
            ++tablets;
            if (d.imei.empty()) {
                ++wifiOnlyTablets;
                EXPECT_TRUE(d.phone.empty());
            }
            EXPECT_TRUE(d.imei2.empty());
        } else {
            ++phones;
            EXPECT_FALSE(d.imei.empty());
            dualSim += !d.imei2.empty();
        }
    }
    const std::map<std::string, double> expected = {
        {"issued", 0.78},      {"in_stock", 0.11}, {"in_repair", 0.04}, {"lost", 0.015},
        {"stolen", 0.005},     {"pending_wipe", 0.005}, {"wiped", 0.015}, {"retired", 0.03}};
    for (const auto& [status, share] : expected) {
        const double seen = counts[status] / static_cast<double>(kDevices);
        EXPECT_NEAR(seen, share, 0.005) << status;
        EXPECT_NEAR(seen / share, 1.0, 0.2) << status;
    }
    EXPECT_EQ(counts.size(), expected.size());
    EXPECT_NEAR(tablets / static_cast<double>(kDevices), 0.12, 0.002);
    EXPECT_NEAR(wifiOnlyTablets / static_cast<double>(tablets), 0.5, 0.03);
    EXPECT_NEAR(dualSim / static_cast<double>(phones), 0.10, 0.01);
}

TEST(Fleet, HoldersAreActivePeopleOnlyForOpenCustody) {
    const FleetGenerator g(13, 60'000, 30'000);
    std::unordered_map<long long, PersonRow> people;
    for (std::size_t i = 0; i < 60'000; ++i) {
        const DeviceRow d = g.device(i);
        if (!isHeld(d.status)) {
            EXPECT_EQ(d.holder, -1) << d.assetTag << " " << d.status;
            continue;
        }
        ASSERT_GE(d.holder, 0) << d.assetTag;
        ASSERT_LT(d.holder, 30'000) << d.assetTag;
        auto it = people.find(d.holder);
        if (it == people.end())
            it = people.emplace(d.holder, g.person(static_cast<std::size_t>(d.holder))).first;
        EXPECT_TRUE(it->second.active) << d.assetTag << " held by leaver " << it->second.staffNo;
        EXPECT_EQ(d.unitCode, it->second.unitCode) << d.assetTag;
    }
}

TEST(Fleet, NobodyHoldsTwoPhonesOrTwoTabletsWhenTheForceIsBigEnough) {
    const FleetGenerator g(17, 32'000, 32'000);
    std::unordered_set<long long> phoneHolders, tabletHolders;
    for (std::size_t i = 0; i < 32'000; ++i) {
        const DeviceRow d = g.device(i);
        if (d.holder < 0) continue;
        const bool tablet = d.model.find("Tab") != std::string::npos ||
                            d.model.find("iPad") != std::string::npos;
        EXPECT_TRUE((tablet ? tabletHolders : phoneHolders).insert(d.holder).second)
            << "person " << d.holder << " holds two " << (tablet ? "tablets" : "phones");
    }
    EXPECT_GT(phoneHolders.size(), 20'000u);
}

TEST(Fleet, DatesCostsAndModelsAreConsistent) {
    const FleetGenerator g(19, 40'000, 30'000);
    std::map<std::string, const qm::services::seed::DeviceModelRow*> byName;
    std::map<std::string, std::size_t> modelIndex;
    for (std::size_t m = 0; m < g.models().size(); ++m) {
        const auto& row = g.models()[m];
        byName[row.manufacturer + " " + row.model] = &row;
        modelIndex[row.manufacturer + " " + row.model] = m;
    }
    const std::regex date(R"((\d{4})-(\d{2})-(\d{2}))");
    std::set<std::string> units;
    for (const auto& u : g.units()) units.insert(u.code);
    int withNotes = 0;
    for (std::size_t i = 0; i < 40'000; ++i) {
        const DeviceRow d = g.device(i);
        const auto it = byName.find(d.manufacturer + " " + d.model);
        ASSERT_NE(it, byName.end()) << d.model;
        std::smatch bought, warranty;
        ASSERT_TRUE(std::regex_match(d.purchasedOn, bought, date)) << d.purchasedOn;
        ASSERT_TRUE(std::regex_match(d.warrantyUntil, warranty, date)) << d.warrantyUntil;
        const int year = std::stoi(bought[1]);
        EXPECT_GE(year, 2019);
        EXPECT_LE(year, 2026);
        EXPECT_GE(year, it->second->releaseYear) << d.model << " bought " << d.purchasedOn;
        EXPECT_GT(d.warrantyUntil, d.purchasedOn);
        const int years = std::stoi(warranty[1]) - year;
        EXPECT_TRUE(years == 2 || years == 3) << d.purchasedOn << " " << d.warrantyUntil;
        EXPECT_EQ(warranty[2], bought[2]);
        EXPECT_GT(d.costPence, it->second->costPence * 9 / 10);
        EXPECT_LE(d.costPence, it->second->costPence);
        EXPECT_TRUE(units.count(d.unitCode)) << d.unitCode;
        if (!d.imei.empty()) {
            const auto& tacs = g.modelTacs(modelIndex[d.manufacturer + " " + d.model]);
            EXPECT_NE(std::find(tacs.begin(), tacs.end(), d.imei.substr(0, 8)), tacs.end());
        }
        withNotes += !d.notes.empty();
    }
    EXPECT_GT(withNotes, 40'000 / 50);
    EXPECT_LT(withNotes, 40'000 / 5);
}

TEST(Fleet, ReferenceTablesLookLikeTheMet) {
    const FleetGenerator g(1, 10, 10);
    std::map<std::string, std::string> bcus;
    std::set<std::string> codes;
    for (const auto& u : g.units()) {
        EXPECT_TRUE(codes.insert(u.code).second) << u.code;
        EXPECT_TRUE(std::regex_match(u.code, std::regex("[A-Z0-9]{2,8}"))) << u.code;
        if (u.kind == "bcu") bcus[u.code] = u.name;
    }
    const std::map<std::string, std::string> expected = {
        {"CW", "Central West"}, {"CN", "Central North"}, {"CE", "Central East"},
        {"AS", "Central South"}, {"NW", "North West"}, {"NA", "North"},
        {"NE", "North East"},   {"EA", "East"},         {"SE", "South East"},
        {"SN", "South"},        {"SW", "South West"},   {"WA", "West"}};
    EXPECT_EQ(bcus, expected);
    EXPECT_GE(g.units().size(), 12u + 10u);

    std::set<std::string> tacs;
    int tabletModels = 0;
    for (std::size_t m = 0; m < g.models().size(); ++m) {
        const auto& row = g.models()[m];
        EXPECT_TRUE(row.kind == "phone" || row.kind == "tablet");
        tabletModels += row.kind == "tablet";
        EXPECT_EQ(row.tac, g.modelTacs(m).front());
        for (const auto& tac : g.modelTacs(m)) {
            EXPECT_EQ(tac.size(), 8u);
            EXPECT_TRUE(allDigits(tac));
            EXPECT_TRUE(tacs.insert(tac).second) << "TAC " << tac << " shared between models";
        }
    }
    EXPECT_GE(tabletModels, 4);
}

TEST(Fleet, PeopleLookLikeAForce) {
    constexpr std::size_t kPeople = 30'000;
    const FleetGenerator g(23, 32'000, kPeople);
    std::map<std::string, int> ranks;
    std::map<std::string, std::string> unitKind;
    for (const auto& u : g.units()) unitKind[u.code] = u.kind;
    int inactive = 0, inBcus = 0, nonAscii = 0, apostrophes = 0, han = 0;
    const std::regex email(R"([a-z-]+\.[a-z-]+\.\d{3,}@met\.example\.police\.uk)");
    const std::regex officerNo(R"(\d{6})"), staffNo(R"(MP\d{6})");
    for (std::size_t i = 0; i < kPeople; ++i) {
        const PersonRow p = g.person(i);
        ++ranks[p.rank];
        inactive += !p.active;
        inBcus += unitKind.at(p.unitCode) == "bcu";
        EXPECT_TRUE(std::regex_match(p.email, email)) << p.email;
        EXPECT_EQ(qm::EmailAddress::parse(p.email).str(), p.email);
        EXPECT_EQ(qm::PersonName::parse(p.name).str(), p.name);
        EXPECT_EQ(qm::StaffNumber::parse(p.staffNo).str(), p.staffNo);
        const bool staff = p.rank == "PCSO" || p.rank.starts_with("Band ");
        EXPECT_TRUE(std::regex_match(p.staffNo, staff ? staffNo : officerNo))
            << p.rank << " " << p.staffNo;
        nonAscii += p.name.find_first_of("\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c"
                                         "\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99"
                                         "\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6"
                                         "\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3"
                                         "\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf") !=
                    std::string::npos;
        apostrophes += p.name.find('\'') != std::string::npos;
        han += p.name.find("(") != std::string::npos;
    }
    EXPECT_NEAR(inactive / double(kPeople), 0.03, 0.005);
    EXPECT_GT(inBcus, kPeople * 6 / 10);
    EXPECT_GT(ranks["Police Constable"], static_cast<int>(kPeople / 2));
    for (const char* rank : {"Sergeant", "Inspector", "Chief Inspector", "Superintendent",
                             "Detective Constable", "Detective Sergeant", "PCSO",
                             "Special Constable", "Band E", "Band D", "Band C"})
        EXPECT_GT(ranks[rank], 0) << rank;
    EXPECT_GT(ranks["Sergeant"], ranks["Inspector"]);
    EXPECT_GT(ranks["Inspector"], ranks["Superintendent"]);
    EXPECT_LT(ranks["Commander"], 20);
    EXPECT_GT(nonAscii, kPeople / 50);
    EXPECT_GT(apostrophes, kPeople / 200);
    EXPECT_GT(han, 0);
}

TEST(Fleet, EmailFoldingHandlesLondonsNames) {
    using qm::services::seed::asciiFold;
    EXPECT_EQ(asciiFold("Łukasiewicz"), "lukasiewicz");
    EXPECT_EQ(asciiFold("O'Brien"), "obrien");
    EXPECT_EQ(asciiFold("Ó Ceallaigh"), "oceallaigh");
    EXPECT_EQ(asciiFold("Zoë"), "zoe");
    EXPECT_EQ(asciiFold("Chloé"), "chloe");
    EXPECT_EQ(asciiFold("Yılmaz"), "yilmaz");
    EXPECT_EQ(asciiFold("Lloyd-Davies"), "lloyd-davies");
    EXPECT_EQ(asciiFold("Gonçalves"), "goncalves");
}

TEST(Fleet, RefusesFleetsBeyondTheImeiScheme) {
    EXPECT_THROW(FleetGenerator(1, FleetGenerator::kMaxDevices + 1, 10), qm::Error);
    EXPECT_NO_THROW(FleetGenerator(1, FleetGenerator::kMaxDevices, 10));
    const FleetGenerator g(1, 5, 5);
    EXPECT_THROW(g.device(5), std::out_of_range);
    EXPECT_THROW(g.person(5), std::out_of_range);
}

TEST(Fleet, WorksWithNoPeople) {
    const FleetGenerator g(1, 1'000, 0);
    for (std::size_t i = 0; i < 1'000; ++i) {
        const DeviceRow d = g.device(i);
        EXPECT_EQ(d.holder, -1);
        EXPECT_FALSE(isHeld(d.status));
    }
}
