// The console's register list over a seeded fleet: keyset pages visit every device exactly once
// in order, bookmarks jump straight to any page, and the demo seed is deterministic.
#include "db/device_list.hpp"
#include "services/search/search.hpp"
#include "db/register_repository.hpp"
#include "services/seed/demo_seed.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace qm::test {
namespace {

using db::DeviceOrder;

constexpr std::size_t kDevices = 3000;
constexpr std::size_t kPeople = 2000;
constexpr int kPage = 500;

const std::vector<std::pair<DeviceOrder, const char*>> kOrders = {
    {DeviceOrder::AssetTag, "asset tag"}, {DeviceOrder::Serial, "serial"},
    {DeviceOrder::Imei, "imei"},          {DeviceOrder::Status, "status"}};

services::SeedOptions fleet(std::uint64_t seed = 7) {
    services::SeedOptions o;
    o.devices = kDevices;
    o.people = kPeople;
    o.seed = seed;
    return o;
}

// The sort key as the database orders it (collation C = byte order; status in lifecycle order).
std::tuple<int, std::string, std::string> sortKey(const search::ResultRow& r, DeviceOrder order) {
    switch (order) {
    case DeviceOrder::AssetTag: return {0, r.assetTag, ""};
    case DeviceOrder::Serial: return {0, r.serial, r.assetTag};
    case DeviceOrder::Imei: return {0, r.imei, r.assetTag};
    case DeviceOrder::Status: return {static_cast<int>(r.status), r.assetTag, ""};
    }
    return {};
}

class DeviceList : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        auto owner = session("owner");
        report_ = services::seedDemo(*owner, fleet());
        viewer_ = session("viewer");  // the list is read by desk users, not the owner
    }

    // A page as the console's list asks for it: a search with no terms, in this order.
    static std::vector<search::ResultRow> page(services::Session& s, DeviceOrder order,
                                               const std::optional<db::ListKey>& after, int limit) {
        return services::searchDevices(s, search::Query{}, search::sortOf(order), after, limit, false).rows;
    }
    std::vector<search::ResultRow> page(DeviceOrder order, const std::optional<db::ListKey>& after, int limit) {
        return page(*viewer_, order, after, limit);
    }

    // Every page from the start, following the last row's key, until an empty page.
    std::vector<std::vector<search::ResultRow>> walk(DeviceOrder order) {
        std::vector<std::vector<search::ResultRow>> pages;
        std::optional<db::ListKey> after;
        for (int guard = 0; guard < 100; ++guard) {
            auto page = this->page(order, after, kPage);
            if (page.empty()) return pages;
            after = page.back().key;
            pages.push_back(std::move(page));
        }
        ADD_FAILURE() << "the walk did not end";
        return pages;
    }

    services::SeedReport report_;
    std::unique_ptr<services::Session> viewer_;
};

TEST_F(DeviceList, SeedFillsTheRegisterAndCountsAgree) {
    EXPECT_EQ(report_.devices, kDevices);
    EXPECT_EQ(report_.people, kPeople);
    EXPECT_EQ(db::countDevices(viewer_->db()), static_cast<long long>(kDevices));
    EXPECT_EQ(db::countPeople(viewer_->db()), static_cast<long long>(kPeople));
    EXPECT_GT(report_.units, 0u);
    EXPECT_GT(report_.models, 0u);
}

TEST_F(DeviceList, WalkingPagesVisitsEveryDeviceOnceInOrder) {
    for (const auto& [order, name] : kOrders) {
        SCOPED_TRACE(name);
        auto pages = walk(order);
        ASSERT_EQ(pages.size(), kDevices / kPage);
        std::set<long long> seen;
        std::set<int> statuses;
        std::size_t rows = 0, ties = 0;
        std::optional<std::tuple<int, std::string, std::string>> previous;
        for (const auto& page : pages) {
            EXPECT_EQ(page.size(), static_cast<std::size_t>(kPage));
            for (const auto& row : page) {
                ++rows;
                EXPECT_TRUE(seen.insert(row.id).second) << "device " << row.assetTag << " listed twice";
                statuses.insert(static_cast<int>(row.status));
                auto key = sortKey(row, order);
                if (previous) {
                    // Strictly increasing including the tie-breaker; ties on the sort column are fine.
                    EXPECT_LT(*previous, key) << "out of order at " << row.assetTag;
                    if (std::get<0>(*previous) == std::get<0>(key) && order == DeviceOrder::Status) ++ties;
                }
                previous = key;
            }
        }
        EXPECT_EQ(rows, kDevices);
        EXPECT_EQ(seen.size(), kDevices);
        if (order == DeviceOrder::Status) {
            EXPECT_GT(statuses.size(), 2u);  // several statuses, so page boundaries cross ties
            EXPECT_GT(ties, 0u);
        }
    }
}

TEST_F(DeviceList, PagesFollowTheDatabaseNotTheClient) {
    // Rows in the page carry what the list shows, joined from their model and unit.
    auto first = page(DeviceOrder::AssetTag, std::nullopt, 3);
    ASSERT_EQ(first.size(), 3u);
    EXPECT_EQ(first[0].assetTag, "MPS-0000001");
    auto full = db::findDevice(viewer_->db(), first[0].assetTag);
    ASSERT_TRUE(full.has_value());
    EXPECT_EQ(first[0].makeAndModel, full->makeAndModel());
    EXPECT_EQ(first[0].serial, full->serial);
    EXPECT_EQ(first[0].imei, full->imei);
    EXPECT_EQ(first[0].unit, full->unit);
    EXPECT_EQ(first[0].status, full->status);
    // After the last key there is nothing.
    auto pages = walk(DeviceOrder::AssetTag);
    ASSERT_FALSE(pages.empty());
    EXPECT_TRUE(page(DeviceOrder::AssetTag, pages.back().back().key, kPage).empty());
}

TEST_F(DeviceList, BookmarksJumpStraightToAnyPage) {
    for (const auto& [order, name] : kOrders) {
        SCOPED_TRACE(name);
        auto pages = walk(order);
        auto marks = db::deviceBookmarks(viewer_->db(), order, kPage);
        ASSERT_EQ(marks.size(), kDevices / kPage);
        for (std::size_t k = 1; k <= pages.size(); ++k) {
            // Bookmark k-1 is the key of the last row of page k-1 ...
            EXPECT_EQ(marks[k - 1], pages[k - 1].back().key) << "bookmark " << k;
            // ... so page k starts right after it.
            std::optional<db::ListKey> after;
            if (k > 1) after = marks[k - 2];
            auto direct = page(order, after, kPage);
            ASSERT_EQ(direct.size(), pages[k - 1].size()) << "page " << k;
            for (std::size_t i = 0; i < direct.size(); ++i)
                EXPECT_EQ(direct[i].id, pages[k - 1][i].id) << "page " << k << " row " << i;
        }
    }
    // A bookmark interval that does not divide the count leaves the remainder as a short last page.
    auto marks = db::deviceBookmarks(viewer_->db(), DeviceOrder::Serial, 700);
    ASSERT_EQ(marks.size(), kDevices / 700);
    auto tail = page(DeviceOrder::Serial, marks.back(), 700);
    EXPECT_EQ(tail.size(), kDevices % 700);
}

TEST_F(DeviceList, SeedingTwiceIsAConflict) {
    auto owner = session("owner");
    try {
        services::seedDemo(*owner, fleet());
        FAIL() << "a second seed was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Conflict) << e.what();
    }
    EXPECT_EQ(db::countDevices(viewer_->db()), static_cast<long long>(kDevices));
    EXPECT_EQ(db::countPeople(viewer_->db()), static_cast<long long>(kPeople));
}

TEST_F(DeviceList, SeedIsDeterministic) {
    std::string other = freshDatabase();
    services::Session owner(conninfo(other), services::Access::Bootstrap);
    services::seedDemo(owner, fleet());
    auto here = db::findDevice(viewer_->db(), "MPS-0000123");
    auto there = db::findDevice(owner.db(), "MPS-0000123");
    ASSERT_TRUE(here.has_value());
    ASSERT_TRUE(there.has_value());
    EXPECT_EQ(here->serial, there->serial);
    EXPECT_EQ(here->imei, there->imei);
    EXPECT_EQ(here->makeAndModel(), there->makeAndModel());
    EXPECT_EQ(here->status, there->status);
    // The whole first page in serial order agrees too.
    auto a = page(DeviceOrder::Serial, std::nullopt, kPage);
    auto b = page(owner, DeviceOrder::Serial, std::nullopt, kPage);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].assetTag, b[i].assetTag) << i;
}

}  // namespace
}  // namespace qm::test
