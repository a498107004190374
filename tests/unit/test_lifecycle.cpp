// The device lifecycle: every one of the 64 (from, to) pairs is checked against the rules
// written out again here by hand, so a slip in the table cannot also slip into the test.
#include "model/error.hpp"
#include "model/lifecycle.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>

namespace {

using qm::DeviceStatus;

// DESIGN.md §4 plus the lead's decisions, spelled as the database spells them.
const std::map<std::pair<std::string, std::string>, std::string> kExpected = {
    {{"in_stock", "issued"}, "issue"},
    {{"issued", "in_stock"}, "return"},
    {{"issued", "lost"}, "report lost"},
    {{"issued", "stolen"}, "report stolen"},
    {{"lost", "in_stock"}, "recovered"},
    {{"stolen", "in_stock"}, "recovered"},
    {{"in_stock", "in_repair"}, "send to repair"},
    {{"issued", "in_repair"}, "send to repair"},
    {{"lost", "in_repair"}, "send to repair"},
    {{"stolen", "in_repair"}, "send to repair"},
    // No pending_wipe -> in_repair: through repair a device dodged its wipe (issue 6).
    {{"wiped", "in_repair"}, "send to repair"},
    {{"in_repair", "in_stock"}, "back from repair"},
    {{"in_stock", "pending_wipe"}, "request wipe"},
    {{"issued", "pending_wipe"}, "request wipe"},
    {{"lost", "pending_wipe"}, "request wipe"},
    {{"stolen", "pending_wipe"}, "request wipe"},
    {{"in_repair", "pending_wipe"}, "request wipe"},
    {{"pending_wipe", "wiped"}, "wiped"},
    {{"wiped", "in_stock"}, "restock"},
    {{"in_stock", "retired"}, "retire"},
    {{"issued", "retired"}, "retire"},
    {{"lost", "retired"}, "retire"},
    {{"stolen", "retired"}, "retire"},
    {{"in_repair", "retired"}, "retire"},
    {{"pending_wipe", "retired"}, "retire"},
    {{"wiped", "retired"}, "retire"},
};

const std::set<std::string> kHoldBlocksMovesTo = {"issued", "pending_wipe", "wiped", "retired"};

const char* const kHoldSentence =
    "The device is under legal hold: it cannot be issued, wiped or retired until the hold is released.";

TEST(Lifecycle, HasEightStatusesWithDatabaseSpellingAndLabels) {
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"in_stock", "In stock"}, {"issued", "Issued"},        {"lost", "Lost"},   {"stolen", "Stolen"},
        {"in_repair", "In repair"}, {"pending_wipe", "Pending wipe"}, {"wiped", "Wiped"}, {"retired", "Retired"}};
    ASSERT_EQ(qm::allStatuses().size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const DeviceStatus s = qm::allStatuses()[i];
        EXPECT_EQ(qm::toString(s), expected[i].first);
        EXPECT_EQ(qm::statusLabel(s), expected[i].second);
        EXPECT_EQ(qm::statusFromString(expected[i].first), s);
        EXPECT_EQ(qm::statusFromString(expected[i].second), s) << "the label parses back too";
    }
}

TEST(Lifecycle, EveryPairIsAllowedOrForbiddenExactlyAsExpected) {
    int allowed = 0;
    for (DeviceStatus from : qm::allStatuses()) {
        for (DeviceStatus to : qm::allStatuses()) {
            const std::pair<std::string, std::string> key{std::string(qm::toString(from)),
                                                          std::string(qm::toString(to))};
            const auto expected = kExpected.find(key);
            const bool shouldAllow = expected != kExpected.end();
            SCOPED_TRACE(key.first + " -> " + key.second);

            EXPECT_EQ(qm::isAllowedTransition(from, to), shouldAllow);
            const auto refusal = qm::transitionRefusal(from, to, false);
            EXPECT_EQ(!refusal.has_value(), shouldAllow) << refusal.value_or("");
            if (refusal) {
                EXPECT_FALSE(refusal->empty());
                EXPECT_EQ(refusal->back(), '.') << "a whole sentence: " << *refusal;
            }
            const auto transition = qm::findTransition(from, to);
            ASSERT_EQ(transition.has_value(), shouldAllow);
            if (transition) {
                EXPECT_EQ(transition->action, expected->second);
            }
            allowed += shouldAllow ? 1 : 0;
        }
    }
    EXPECT_EQ(allowed, static_cast<int>(kExpected.size()));
    EXPECT_EQ(qm::allowedTransitions().size(), kExpected.size()) << "no duplicate rows in the table";
}

TEST(Lifecycle, LegalHoldRefusesIssueWipeAndRetire) {
    for (DeviceStatus from : qm::allStatuses()) {
        for (DeviceStatus to : qm::allStatuses()) {
            const std::string fromName(qm::toString(from)), toName(qm::toString(to));
            if (!kExpected.contains({fromName, toName})) continue;
            SCOPED_TRACE(fromName + " -> " + toName + " under legal hold");
            const auto refusal = qm::transitionRefusal(from, to, true);
            if (kHoldBlocksMovesTo.contains(toName)) {
                ASSERT_TRUE(refusal.has_value());
                EXPECT_EQ(*refusal, kHoldSentence);
            } else {
                EXPECT_FALSE(refusal.has_value()) << *refusal;
            }
            EXPECT_EQ(qm::legalHoldBlocks(to), kHoldBlocksMovesTo.contains(toName));
        }
    }
}

TEST(Lifecycle, LegalHoldStillLetsTheDeviceBeReturnedOrRepaired) {
    EXPECT_EQ(qm::transitionRefusal(DeviceStatus::Issued, DeviceStatus::InStock, true), std::nullopt);
    EXPECT_EQ(qm::transitionRefusal(DeviceStatus::Issued, DeviceStatus::Lost, true), std::nullopt);
    EXPECT_EQ(qm::transitionRefusal(DeviceStatus::InStock, DeviceStatus::InRepair, true), std::nullopt);
}

TEST(Lifecycle, RefusalsExplainInPlainWords) {
    using enum DeviceStatus;
    EXPECT_EQ(qm::transitionRefusal(Retired, InStock, false), "A retired device cannot change status.");
    EXPECT_EQ(qm::transitionRefusal(Retired, Retired, true), "A retired device cannot change status.");
    EXPECT_EQ(qm::transitionRefusal(InStock, Lost, false),
              "A device in stock cannot be reported lost; only an issued device can.");
    EXPECT_EQ(qm::transitionRefusal(Lost, Issued, false), "A lost device cannot be issued; only a device in stock can.");
    EXPECT_EQ(qm::transitionRefusal(PendingWipe, InStock, false),
              "A device pending wipe must be wiped first; it cannot go back into stock or to repair until then.");
    // Issue 6: repair was a way round the wipe (pending wipe -> repair -> stock -> issued).
    EXPECT_EQ(qm::transitionRefusal(PendingWipe, InRepair, false),
              "A device pending wipe must be wiped first; it cannot go back into stock or to repair until then.");
    EXPECT_EQ(qm::transitionRefusal(Issued, Wiped, false),
              "An issued device cannot be marked wiped; a wipe must be requested first.");
    EXPECT_EQ(qm::transitionRefusal(Issued, Issued, false), "The device is already issued.");
    // A move the lifecycle forbids is explained as such, not blamed on the hold.
    EXPECT_EQ(qm::transitionRefusal(InStock, Wiped, true),
              "A device in stock cannot be marked wiped; a wipe must be requested first.");
}

TEST(Lifecycle, TransitionsFromListsTheMenu) {
    std::set<std::string> targets;
    for (const auto& t : qm::transitionsFrom(DeviceStatus::Issued)) targets.insert(std::string(qm::toString(t.to)));
    EXPECT_EQ(targets, (std::set<std::string>{"in_stock", "lost", "stolen", "in_repair", "pending_wipe", "retired"}));
    EXPECT_TRUE(qm::transitionsFrom(DeviceStatus::Retired).empty());
}

TEST(Status, ParsesLooseSpellings) {
    EXPECT_EQ(qm::statusFromString("PENDING-WIPE"), DeviceStatus::PendingWipe);
    EXPECT_EQ(qm::statusFromString(" in stock "), DeviceStatus::InStock);
    EXPECT_EQ(qm::statusFromString("In_Repair"), DeviceStatus::InRepair);
    EXPECT_EQ(qm::statusFromString("instock"), std::nullopt);
    EXPECT_EQ(qm::statusFromString(""), std::nullopt);
    EXPECT_EQ(qm::parseStatus("Wiped"), DeviceStatus::Wiped);
}

TEST(Status, ParseStatusListsTheAllowedValues) {
    try {
        qm::parseStatus("broken", "new_status");
        FAIL() << "expected qm::Error";
    } catch (const qm::Error& e) {
        EXPECT_EQ(e.kind(), qm::ErrorKind::Invalid);
        EXPECT_EQ(e.field(), "new_status");
        EXPECT_EQ(std::string(e.what()),
                  "New status 'broken' is not a device status: use one of in_stock, issued, lost, stolen, "
                  "in_repair, pending_wipe, wiped, retired.");
    }
    EXPECT_THROW(qm::parseStatus(""), qm::Error);
}

TEST(DeviceKind, RoundTripsAndRefusesOthers) {
    EXPECT_EQ(qm::toString(qm::DeviceKind::Phone), "phone");
    EXPECT_EQ(qm::toString(qm::DeviceKind::Tablet), "tablet");
    EXPECT_EQ(qm::kindLabel(qm::DeviceKind::Tablet), "Tablet");
    EXPECT_EQ(qm::parseKind(" Tablet "), qm::DeviceKind::Tablet);
    EXPECT_EQ(qm::kindFromString("PHONE"), qm::DeviceKind::Phone);
    try {
        qm::parseKind("laptop");
        FAIL() << "expected qm::Error";
    } catch (const qm::Error& e) {
        EXPECT_EQ(e.kind(), qm::ErrorKind::Invalid);
        EXPECT_EQ(e.field(), "kind");
        EXPECT_EQ(std::string(e.what()), "Device kind 'laptop' is not known: use phone or tablet.");
    }
}

}  // namespace
