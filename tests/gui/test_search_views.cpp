// The Register view's search bar, saved searches, column chooser, the Dashboard and the report
// windows, in real windows under Xvfb against a seeded register.
#include "gui/main_frame.hpp"
#include "services/search/search.hpp"
#include "services/seed/demo_seed.hpp"
#include "tests/gui/gui_wait.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>
#include <wx/listctrl.h>
#include <wx/uiaction.h>

namespace qm::test {
namespace {

class SearchViews : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        services::Session owner(as("owner"), services::Access::Bootstrap);
        services::SeedOptions options;
        options.devices = 1500;
        options.people = 1200;
        services::seedDemo(owner, options);
        frame_ = new gui::MainFrame(as("agent"));
        frame_->Show();
        ASSERT_TRUE(pumpUntil([&] { return list().GetItemCount() == 1500; }));
        frame_->showPage(gui::MainFrame::Page::Register);
    }
    void TearDown() override {
        frame_->Destroy();
        wxTheApp->ProcessPendingEvents();
        wxYield();
    }
    gui::DeviceListCtrl& list() { return *frame_->deviceList(); }
    long long count(const std::string& sql) {
        services::Session agent(as("agent"), services::Access::Desk);
        long long n = 0;
        agent.db().sql() << sql, soci::into(n);
        return n;
    }
    // Every row of the list, once all have arrived.
    std::vector<wxString> column(long c) {
        std::vector<wxString> out;
        for (long i = 0; i < list().GetItemCount(); ++i) out.push_back(list().GetItemText(i, c));
        return out;
    }
    bool allRowsShown() {
        for (long i = 0; i < list().GetItemCount(); ++i)
            if (list().GetItemText(i, 0) == wxString::FromUTF8("\u2026")) return false;
        return true;
    }

    gui::MainFrame* frame_ = nullptr;
};

TEST_F(SearchViews, AMistakeIsShownUnderTheBarAsYouTypeAndNothingRuns) {
    auto* bar = frame_->registerView()->searchBox();
    bar->SetFocus();
    bar->SetValue("status:issued colour:red");  // typed (a text event), not Enter
    auto* problem = frame_->registerView()->problemLine();
    ASSERT_TRUE(pumpUntil([&] { return problem->IsShown(); }));
    EXPECT_TRUE(problem->text().Contains("Unknown field 'colour' at position 15")) << problem->text();
    // The list still shows the whole register.
    wxMilliSleep(700);
    pumpUntil([] { return false; }, std::chrono::seconds(1));
    EXPECT_EQ(list().GetItemCount(), 1500);
    EXPECT_FALSE(frame_->presenter().search());

    bar->SetValue("status:stolen");
    ASSERT_TRUE(pumpUntil([&] { return !problem->IsShown(); }));
}

TEST_F(SearchViews, EnterRunsTheSearchAndTheListShowsOnlyItsMatches) {
    const long long stolen = count("select count(*) from device where status = 'stolen'");
    ASSERT_GT(stolen, 0);
    auto* bar = frame_->registerView()->searchBox();
    bar->SetFocus();
    bar->SetValue("status:stolen");
    wxUIActionSimulator keys;
    keys.Char(WXK_RETURN);
    ASSERT_TRUE(pumpUntil([&] { return list().GetItemCount() == stolen && allRowsShown(); }))
        << list().GetItemCount() << " rows, expected " << stolen;
    for (const auto& status : column(4)) EXPECT_TRUE(status.StartsWith("Stolen")) << status;
    // Clearing the bar brings the whole register back.
    frame_->registerView()->runSearch(wxEmptyString);
    ASSERT_TRUE(pumpUntil([&] { return list().GetItemCount() == 1500; }));
}

TEST_F(SearchViews, ASavedSearchSitsInTheSidebarAndRunsWhenChosen) {
    {
        services::Session agent(as("agent"), services::Access::Desk);
        services::saveSearch(agent, "Stolen kit", "status:stolen", false);
    }
    frame_->registerView()->reload();
    auto* saved = frame_->registerView()->savedList();
    ASSERT_TRUE(pumpUntil([&] { return saved->GetItemCount() == 1; }));
    EXPECT_EQ(saved->GetItemText(0), "Stolen kit");
    saved->SetItemState(0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    const long long stolen = count("select count(*) from device where status = 'stolen'");
    ASSERT_TRUE(pumpUntil([&] { return list().GetItemCount() == stolen; }));
    EXPECT_EQ(frame_->registerView()->searchBox()->GetValue(), "status:stolen");
}

TEST_F(SearchViews, ChosenColumnsAreShownInTheirOrder) {
    list().setColumns({gui::DeviceListCtrl::AssetTag, gui::DeviceListCtrl::Phone, gui::DeviceListCtrl::Warranty});
    ASSERT_EQ(list().GetColumnCount(), 3);
    wxListItem header;
    header.SetMask(wxLIST_MASK_TEXT);
    list().GetColumn(1, header);
    EXPECT_EQ(header.GetText(), "Phone");
    services::Session agent(as("agent"), services::Access::Desk);
    std::string phone;
    soci::indicator none = soci::i_ok;
    agent.db().sql() << "select phone from device order by asset_tag limit 1", soci::into(phone, none);
    ASSERT_TRUE(pumpUntil([&] { return list().GetItemText(0, 0) != wxString::FromUTF8("\u2026"); }));
    EXPECT_EQ(list().GetItemText(0, 1), none == soci::i_ok ? wxString::FromUTF8(phone) : wxString());
    list().setColumns({gui::DeviceListCtrl::AssetTag, gui::DeviceListCtrl::Model, gui::DeviceListCtrl::Imei,
                       gui::DeviceListCtrl::Serial, gui::DeviceListCtrl::Status, gui::DeviceListCtrl::Unit,
                       gui::DeviceListCtrl::Holder, gui::DeviceListCtrl::LastSeen});
}

TEST_F(SearchViews, ADashboardBarOpensItsSearchInTheRegister) {
    frame_->showPage(gui::MainFrame::Page::Dashboard);
    auto* status = frame_->dashboard()->charts().front();
    ASSERT_TRUE(pumpUntil([&] { return !status->bars().empty(); }));
    // The bars are the register's counts, status by status.
    for (const auto& bar : status->bars()) EXPECT_FALSE(bar.search.empty()) << bar.label;
    std::size_t issued = status->bars().size();
    for (std::size_t i = 0; i < status->bars().size(); ++i)
        if (status->bars()[i].search == "status:issued") issued = i;
    ASSERT_LT(issued, status->bars().size());
    EXPECT_EQ(static_cast<long long>(status->bars()[issued].value),
              count("select count(*) from device where status = 'issued'"));
    // Keyboard: Home, Right to the bar, Enter.
    status->SetFocus();
    wxUIActionSimulator keys;
    keys.Char(WXK_HOME);
    for (std::size_t i = 0; i < issued; ++i) keys.Char(WXK_RIGHT);
    pumpUntil([&] { return status->selected() == static_cast<int>(issued); }, std::chrono::seconds(5));
    ASSERT_EQ(status->selected(), static_cast<int>(issued));
    keys.Char(WXK_RETURN);
    ASSERT_TRUE(pumpUntil([&] { return frame_->page() == gui::MainFrame::Page::Register; }));
    EXPECT_EQ(frame_->registerView()->searchBox()->GetValue(), "status:issued");
    const long long n = count("select count(*) from device where status = 'issued'");
    ASSERT_TRUE(pumpUntil([&] { return list().GetItemCount() == n; }));
}

TEST_F(SearchViews, AReportWindowListsItsRowsAndARowOpensInTheRegister) {
    frame_->openReport("overdue", "Overdue returns");
    gui::ReportDialog* dialog = nullptr;
    ASSERT_TRUE(pumpUntil([&] {
        for (wxWindow* w : frame_->GetChildren())
            if (auto* d = dynamic_cast<gui::ReportDialog*>(w); d && d->loaded()) dialog = d;
        return dialog != nullptr;
    }));
    const long long overdue = count("select count(*) from custody where returned_at is null and issued_at < now() - interval '1095 days'");
    ASSERT_GT(overdue, 0) << "the seeded register should hold devices issued over three years ago";
    EXPECT_EQ(dialog->table()->GetItemCount(), std::min<long long>(overdue, 1000));
    const wxString tag = dialog->table()->GetItemText(0, 0);
    wxListEvent activated(wxEVT_LIST_ITEM_ACTIVATED, dialog->table()->GetId());
    activated.SetEventObject(dialog->table());
    activated.m_itemIndex = 0;
    dialog->table()->GetEventHandler()->ProcessEvent(activated);
    ASSERT_TRUE(pumpUntil([&] { return frame_->details()->shownAssetTag() == tag; }));
    EXPECT_EQ(list().GetItemCount(), 1);
}

}  // namespace
}  // namespace qm::test
