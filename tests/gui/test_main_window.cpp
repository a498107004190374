// The console's main window against a seeded register, in real windows under Xvfb.
#include "gui/main_frame.hpp"
#include "services/seed/demo_seed.hpp"
#include "tests/gui/gui_wait.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>
#include <wx/numformatter.h>
#include <wx/statusbr.h>
#include <wx/uiaction.h>

namespace qm::test {
namespace {

constexpr std::size_t kDevices = 2500;

class MainWindow : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        services::Session owner(as("owner"), services::Access::Bootstrap);
        services::SeedOptions options;
        options.devices = kDevices;
        options.people = 2000;
        services::seedDemo(owner, options);
        owner.db().sql() << "select min(asset_tag), max(asset_tag) from device", soci::into(firstTag_),
            soci::into(lastTag_);
        frame_ = new gui::MainFrame(as("agent"));
        frame_->Show();
    }
    void TearDown() override {
        frame_->Destroy();
        wxTheApp->ProcessPendingEvents();
        wxYield();
    }
    gui::DeviceListCtrl& list() { return *frame_->deviceList(); }
    // A cell's text, "" while the row is beyond the list's current count.
    wxString cell(long row, long column) {
        return row < list().GetItemCount() ? list().GetItemText(row, column) : wxString();
    }

    gui::MainFrame* frame_ = nullptr;
    std::string firstTag_, lastTag_;
};

TEST_F(MainWindow, OpensWithTitleConnectionAndRowCount) {
    EXPECT_NE(frame_->GetTitle().Find("Quartermaster"), wxNOT_FOUND);
    ASSERT_TRUE(pumpUntil([&] { return list().GetItemCount() == static_cast<long>(kDevices); }))
        << "list shows " << list().GetItemCount() << " rows";
    ASSERT_TRUE(pumpUntil([&] { return frame_->GetStatusBar()->GetStatusText(0).Contains("test_agent@"); }));
    // Grouped as the desk's locale groups thousands ("2,500" in en_GB).
    const wxString expected =
        wxNumberFormatter::ToString(static_cast<long>(kDevices), wxNumberFormatter::Style_WithThousandsSep) +
        " devices";
    EXPECT_EQ(frame_->GetStatusBar()->GetStatusText(1), expected)
        << frame_->GetStatusBar()->GetStatusText(1);
}

TEST_F(MainWindow, SelectingARowShowsItsDetails) {
    ASSERT_TRUE(pumpUntil([&] { return cell(0, 0) == wxString::FromUTF8(firstTag_); }));
    list().SetItemState(0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    ASSERT_TRUE(pumpUntil([&] { return frame_->details()->shownAssetTag() == wxString::FromUTF8(firstTag_); }));
    services::Session agent(as("agent"), services::Access::Desk);
    std::string serial;
    agent.db().sql() << "select serial from device where asset_tag = :t", soci::use(firstTag_), soci::into(serial);
    EXPECT_EQ(frame_->details()->fieldValue("Serial"), wxString::FromUTF8(serial));
}

TEST_F(MainWindow, ScrollingToTheEndShowsTheLastDevice) {
    ASSERT_TRUE(pumpUntil([&] { return list().GetItemCount() == static_cast<long>(kDevices); }));
    const long last = list().GetItemCount() - 1;
    list().EnsureVisible(last);
    ASSERT_TRUE(pumpUntil([&] { return cell(last, 0) == wxString::FromUTF8(lastTag_); }))
        << "last row shows " << cell(last, 0);
}

TEST_F(MainWindow, ScanningATagIntoTheFindBoxShowsTheDevice) {
    ASSERT_TRUE(pumpUntil([&] { return list().GetItemCount() > 0; }));
    frame_->showPage(gui::MainFrame::Page::Register);  // the Desk view is the first page
    frame_->findBox()->SetFocus();
    frame_->findBox()->SetValue(wxString::FromUTF8(lastTag_));
    wxUIActionSimulator keys;
    keys.Char(WXK_RETURN);  // a barcode scanner ends with Enter
    ASSERT_TRUE(pumpUntil([&] { return frame_->details()->shownAssetTag() == wxString::FromUTF8(lastTag_); }));
    frame_->findDevice("NO-SUCH-TAG");
    ASSERT_TRUE(pumpUntil([&] { return frame_->details()->shownAssetTag().empty(); }));
}

TEST_F(MainWindow, SortingByImeiReordersTheList) {
    ASSERT_TRUE(pumpUntil([&] { return cell(0, 0) == wxString::FromUTF8(firstTag_); }));
    frame_->presenter().setOrder(services::DeviceOrder::Imei);
    services::Session agent(as("agent"), services::Access::Desk);
    std::string firstByImei;
    agent.db().sql() << "select asset_tag from device order by coalesce(imei, ''), asset_tag limit 1",
        soci::into(firstByImei);
    ASSERT_TRUE(pumpUntil([&] { return cell(0, 0) == wxString::FromUTF8(firstByImei); }));
}

}  // namespace
}  // namespace qm::test
