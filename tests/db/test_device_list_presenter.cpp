// The register list's presenter, headless: the first page shows at once, a jump to the last row
// is answered through bookmarks, and a sort order change reloads from the register.
#include "gui/register/device_list_presenter.hpp"
#include "services/seed/demo_seed.hpp"
#include "tests/support/queue_ui.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

namespace qm::test {
namespace {

class ListPresenter : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        services::Session owner(as("owner"), services::Access::Bootstrap);
        services::SeedOptions options;
        options.devices = 1500;
        options.people = 1000;
        services::seedDemo(owner, options);
        owner.db().sql() << "select min(asset_tag), max(asset_tag) from device", soci::into(first_), soci::into(last_);
    }
    std::string first_, last_;
};

TEST_F(ListPresenter, ShowsTheFirstPageAndJumpsToTheLastRow) {
    QueueUi ui;
    services::Background worker(as("viewer"), ui);
    long long counted = -1;
    std::vector<std::pair<long long, long long>> arrivals;
    gui::DeviceListPresenter::Listener listener;
    listener.countChanged = [&](long long n) { counted = n; };
    listener.rowsArrived = [&](long long a, long long b) { arrivals.emplace_back(a, b); };
    auto presenter = gui::DeviceListPresenter::create(worker, listener);
    presenter->refresh();

    ASSERT_TRUE(ui.runUntil([&] { return counted == 1500 && presenter->row(0) != nullptr; }));
    EXPECT_EQ(presenter->row(0)->assetTag, first_);
    // The last row is 7 pages away: not cached, so it is asked for and arrives by bookmark.
    EXPECT_EQ(presenter->row(1499), nullptr);
    ASSERT_TRUE(ui.runUntil([&] { return presenter->row(1499) != nullptr; }));
    EXPECT_EQ(presenter->row(1499)->assetTag, last_);
    EXPECT_TRUE(presenter->bookmarksReady());
    ASSERT_FALSE(arrivals.empty());
    EXPECT_EQ(arrivals.back().second, 1499);
}

TEST_F(ListPresenter, ChangingTheOrderReloadsInThatOrder) {
    QueueUi ui;
    services::Background worker(as("viewer"), ui);
    auto presenter = gui::DeviceListPresenter::create(worker, {});
    presenter->refresh();
    ASSERT_TRUE(ui.runUntil([&] { return presenter->row(0) != nullptr; }));
    presenter->setOrder(services::DeviceOrder::Serial);
    std::string firstSerial;
    services::Session viewer(as("viewer"), services::Access::Desk);
    viewer.db().sql() << "select min(serial) from device", soci::into(firstSerial);
    ASSERT_TRUE(ui.runUntil([&] { return presenter->row(0) && presenter->row(0)->serial == firstSerial; }));
}

}  // namespace
}  // namespace qm::test
