// The Desk view and the hand-over dialogs against a seeded register, in real windows under
// Xvfb: scans typed as keystrokes ending in Enter (as a barcode scanner sends them), dialogs
// answered inside their own modal loop, and the register checked afterwards in SQL.
#include "gui/custody/issue_dialog.hpp"
#include "gui/custody/return_dialog.hpp"
#include "gui/custody/swap_dialog.hpp"
#include "tests/gui/custody_fixture.hpp"

#include <wx/menu.h>
#include <wx/statusbr.h>
#include <wx/toolbar.h>

namespace qm::test {
namespace {

// What the desk offers for a scanned device, decided without a display.
TEST(DeskAction, FollowsTheDevicesStateAndTheOfficerAtTheDesk) {
    gui::DeviceCustody d;
    Person officer;
    officer.staffNo = "210001";
    d.device.status = DeviceStatus::InStock;
    EXPECT_EQ(gui::deskActionFor(d, officer), gui::DeskAction::IssueToOfficer);
    EXPECT_EQ(gui::deskActionFor(d, std::nullopt), gui::DeskAction::IssueAskOfficer);
    d.device.legalHold = true;  // a hold is evidence: nothing to hand over
    EXPECT_EQ(gui::deskActionFor(d, officer), gui::DeskAction::None);
    d.device.legalHold = false;
    d.device.status = DeviceStatus::Issued;
    EXPECT_EQ(gui::deskActionFor(d, officer), gui::DeskAction::TakeBack);
    EXPECT_EQ(gui::deskActionFor(d, std::nullopt), gui::DeskAction::TakeBack);
    for (auto status : {DeviceStatus::InRepair, DeviceStatus::Lost, DeviceStatus::Stolen, DeviceStatus::Retired}) {
        d.device.status = status;
        EXPECT_EQ(gui::deskActionFor(d, officer), gui::DeskAction::None) << toString(status);
    }
}

TEST_F(CustodyDesk, ScanBoxTellsStaffNumbersFromDevices) {
    // A staff number: the officer comes to the desk.
    scan(freeStaff_);
    EXPECT_TRUE(desk().officerName().Contains(w(freeName_))) << desk().officerName();
    EXPECT_TRUE(desk().promptText().Contains(w(freeName_))) << desk().promptText();
    EXPECT_EQ(desk().officerStaffNo(), w(freeStaff_));
    EXPECT_TRUE(desk().issueButton()->IsEnabled());

    // Esc: done with this officer.
    desk().scanBox()->SetFocus();
    wxUIActionSimulator keys;
    keys.Char(WXK_ESCAPE);
    if (!pumpUntil([&] { return desk().officerStaffNo().empty(); }, std::chrono::seconds(2))) desk().clearOfficer();
    EXPECT_TRUE(desk().officerName().empty());

    // An issued device, by its serial: Return and Swap are offered, no dialog pops up.
    scan(issuedSerial_);
    EXPECT_TRUE(desk().promptText().Contains("is issued to")) << desk().promptText();
    EXPECT_TRUE(desk().promptText().Contains(w(holderName_))) << desk().promptText();
    EXPECT_TRUE(desk().returnButton()->IsEnabled());
    EXPECT_TRUE(desk().swapButton()->IsEnabled());
    EXPECT_FALSE(desk().issueButton()->IsEnabled());
    EXPECT_EQ(desk().openDialog(), nullptr);
    EXPECT_EQ(desk().currentDevice(), w(issued_));
    ASSERT_TRUE(pumpUntil([&] { return frame_->details()->shownAssetTag() == w(issued_); }));
    EXPECT_TRUE(frame_->details()->holderText().Contains(w(holderName_))) << frame_->details()->holderText();

    // An in-stock device with nobody at the desk: the Issue dialog asks who gets it.
    bool asked = false;
    WhenModal answer([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::IssueDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        EXPECT_EQ(dialog->deviceField()->GetValue(), w(inStock_));
        EXPECT_TRUE(dialog->staffField()->IsEmpty());
        EXPECT_FALSE(dialog->okButton()->IsEnabled());
        EXPECT_TRUE(dialog->hintText().Contains("warrant card")) << dialog->hintText();
        asked = true;
        dialog->EndModal(wxID_CANCEL);
    });
    scan(inStock_);
    ASSERT_TRUE(pumpUntil([&] { return answer.done(); }));
    EXPECT_TRUE(asked);
    EXPECT_EQ(statusOf(inStock_), "in_stock");  // cancelled: nothing happened

    // Something that is in the register under no name.
    scan("NO-SUCH-THING-42");
    EXPECT_TRUE(desk().promptText().Contains("Nothing in the register")) << desk().promptText();
}

TEST_F(CustodyDesk, CtrlROpensReturnForTheScannedDevice) {
    scan(issued_);
    wxString device;
    WhenModal back([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::ReturnDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        device = dialog->deviceField()->GetValue();
        dialog->EndModal(wxID_CANCEL);
    });
    desk().scanBox()->SetFocus();
    wxUIActionSimulator keys;
    keys.Char('r', wxMOD_CONTROL);  // the Desk menu's accelerator, typed in the scan box
    if (!pumpUntil([&] { return back.done(); }, std::chrono::seconds(3))) {
        ADD_FAILURE() << "Ctrl+R did not reach the menu";
        wxCommandEvent menu(wxEVT_MENU, frame_->GetMenuBar()->FindMenuItem("Desk", wxString::FromUTF8("Return device\u2026")));
        frame_->ProcessWindowEvent(menu);
    }
    EXPECT_EQ(device, w(issued_));
    EXPECT_EQ(statusOf(issued_), "issued");
}

TEST_F(CustodyDesk, ScanningAnOfficerThenADeviceIssuesItAndShowsTheReceipt) {
    scan(freeStaff_);
    WhenModal confirm([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::IssueDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        EXPECT_EQ(dialog->deviceField()->GetValue(), w(inStock_));
        EXPECT_EQ(dialog->staffField()->GetValue(), w(freeStaff_));
        ASSERT_TRUE(dialog->okButton()->IsEnabled()) << dialog->hintText();
        pressOk(dialog);  // from the desk it closes on success; the desk shows the receipt
    });
    scan(inStock_);
    ASSERT_TRUE(pumpUntil([&] { return confirm.done() && !desk().lastReceipt().empty(); }));

    const std::string receipt = desk().lastReceipt().ToStdString(wxConvUTF8);
    EXPECT_EQ(receipt.rfind('R', 0), 0u) << receipt;
    EXPECT_EQ(holderOf(inStock_), freeStaff_);
    EXPECT_EQ(statusOf(inStock_), "issued");
    EXPECT_EQ(query("select c.issue_receipt from custody c join device d on d.id = c.device_id"
                    " where d.asset_tag = :t and c.returned_at is null", inStock_),
              receipt);
    // The officer's card now lists it, and the detail pane shows the hand-over on its timeline.
    ASSERT_TRUE(pumpUntil([&] { return desk().holdings()->GetItemCount() == 1; }));
    EXPECT_EQ(desk().holdings()->GetItemText(0, 0), w(inStock_));
    ASSERT_TRUE(pumpUntil([&] {
        return frame_->details()->shownAssetTag() == w(inStock_) && frame_->details()->timeline()->GetItemCount() > 0;
    }));
    EXPECT_EQ(frame_->details()->timeline()->GetItemText(0, 1), "Issued");
    EXPECT_EQ(frame_->details()->timeline()->GetItemText(0, 3), w(receipt));
    EXPECT_TRUE(frame_->details()->holderText().Contains(w(freeName_)));
}

TEST_F(CustodyDesk, IssueDialogValidatesAsYouTypeAndShowsTheReceipt) {
    std::string receipt;
    WhenModal issue([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::IssueDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        EXPECT_FALSE(dialog->okButton()->IsEnabled());
        typeInto(dialog->staffField(), "12");  // too short for a staff number
        EXPECT_FALSE(dialog->okButton()->IsEnabled());
        EXPECT_TRUE(dialog->hintText().Contains("taff number")) << dialog->hintText();
        typeInto(dialog->staffField(), w(freeStaff_));
        EXPECT_TRUE(dialog->okButton()->IsEnabled()) << dialog->hintText();
        pressOk(dialog);
        EXPECT_TRUE(dialog->succeeded()) << dialog->refusalText();
        receipt = dialog->receiptText().ToStdString(wxConvUTF8);  // shown in the dialog itself
        dialog->EndModal(wxID_OK);
    });
    desk().openIssue(w(inStock_), wxString(), false);
    ASSERT_TRUE(issue.done());
    EXPECT_NE(receipt.find("Receipt R"), std::string::npos) << receipt;
    EXPECT_EQ(holderOf(inStock_), freeStaff_);
    EXPECT_EQ(receipt, "Receipt " + query("select c.issue_receipt from custody c join device d on d.id = c.device_id"
                                          " where d.asset_tag = :t and c.returned_at is null", inStock_));
}

TEST_F(CustodyDesk, IssuingAnIssuedDeviceSaysWhoHasIt) {
    wxString refusal;
    bool stillOpen = false;
    WhenModal issue([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::IssueDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        pressOk(dialog);
        refusal = dialog->refusalText();
        stillOpen = dialog->IsShown() && !dialog->succeeded() && dialog->okButton()->IsEnabled();
        dialog->EndModal(wxID_CANCEL);
    });
    desk().openIssue(w(issued_), w(freeStaff_), true);
    ASSERT_TRUE(issue.done());
    EXPECT_TRUE(refusal.Contains("already issued to")) << refusal;
    EXPECT_TRUE(refusal.Contains(w(holderName_))) << refusal;
    EXPECT_TRUE(stillOpen) << "the dialog stays open with the values kept, ready to correct";
    EXPECT_EQ(holderOf(issued_), holderStaff_);  // nothing changed
    EXPECT_TRUE(desk().lastReceipt().empty());
}

TEST_F(CustodyDesk, SwapAtTheDeskEndToEnd) {
    scan(issued_);
    ASSERT_TRUE(desk().swapButton()->IsEnabled());
    WhenModal swap([&](wxDialog* d) {
        auto* dialog = dynamic_cast<gui::SwapDialog*>(d);
        ASSERT_NE(dialog, nullptr);
        EXPECT_EQ(dialog->oldField()->GetValue(), w(issued_));
        EXPECT_FALSE(dialog->okButton()->IsEnabled());
        EXPECT_TRUE(dialog->hintText().Contains("replacement")) << dialog->hintText();
        typeInto(dialog->newField(), w(inStock_));
        EXPECT_FALSE(dialog->okButton()->IsEnabled());  // no reason yet
        EXPECT_TRUE(dialog->hintText().Contains("wrong")) << dialog->hintText();
        typeInto(dialog->reasonField(), "Screen cracked, touch dead in the lower half");
        ASSERT_TRUE(dialog->okButton()->IsEnabled()) << dialog->hintText();
        pressOk(dialog);
        EXPECT_TRUE(dialog->succeeded()) << dialog->refusalText();
    });
    click(desk().swapButton(), [&] { return swap.shown(); });
    ASSERT_TRUE(pumpUntil([&] { return swap.done() && !desk().lastReceipt().empty(); }));

    EXPECT_EQ(statusOf(issued_), "in_repair");
    EXPECT_EQ(statusOf(inStock_), "issued");
    EXPECT_EQ(holderOf(inStock_), holderStaff_);
    EXPECT_EQ(holderOf(issued_), "");
    const std::string receipt = desk().lastReceipt().ToStdString(wxConvUTF8);
    EXPECT_EQ(query("select receipt from swap where reason = :r", "Screen cracked, touch dead in the lower half"),
              receipt);
}

// Issue 6: the console disables what the login's role cannot do. A viewer sees the desk and
// scans, but hand-overs stay disabled in the desk, the menu and the toolbar, and a scan that
// would open a hand-over says why instead.
TEST_F(CustodyDesk, AViewerCanLookButNotHandOver) {
    auto* viewer = new gui::MainFrame(as("viewer"));
    viewer->Show();
    ASSERT_TRUE(pumpUntil([&] { return viewer->GetStatusBar()->GetStatusText(0).Contains("test_viewer@"); }));
    ASSERT_TRUE(pumpUntil([&] { return !viewer->desk()->handOversAllowed(); }));
    gui::DeskPanel& desk = *viewer->desk();
    const int issueItem = viewer->GetMenuBar()->FindMenuItem("Desk", wxString::FromUTF8("Issue device\u2026"));
    ASSERT_NE(issueItem, wxNOT_FOUND);
    EXPECT_FALSE(viewer->GetMenuBar()->IsEnabled(issueItem));
    const int returnItem = viewer->GetMenuBar()->FindMenuItem("Desk", wxString::FromUTF8("Return device\u2026"));
    ASSERT_NE(returnItem, wxNOT_FOUND);
    EXPECT_FALSE(viewer->GetMenuBar()->IsEnabled(returnItem));
    EXPECT_FALSE(viewer->GetToolBar()->GetToolEnabled(issueItem));

    // An issued device: the agent would be offered Return, Swap and Lost.
    const wxString before = desk.promptText();
    typeInto(desk.scanBox(), w(issuedSerial_));
    pressEnter(desk.scanBox(), [&] { return desk.scanBox()->IsEmpty(); });
    ASSERT_TRUE(pumpUntil([&] { return desk.presenter().pending() == 0 && desk.promptText() != before; }));
    EXPECT_FALSE(desk.returnButton()->IsEnabled());
    EXPECT_FALSE(desk.swapButton()->IsEnabled());
    EXPECT_FALSE(desk.lostButton()->IsEnabled());
    EXPECT_TRUE(desk.returnButton()->GetToolTipText().Contains("not hand")) << desk.returnButton()->GetToolTipText();

    // The officer at the desk and a device in stock: for an agent the Issue dialog opens by
    // itself; for a viewer no dialog, and the desk says why.
    typeInto(desk.scanBox(), w(freeStaff_));
    pressEnter(desk.scanBox(), [&] { return desk.scanBox()->IsEmpty(); });
    ASSERT_TRUE(pumpUntil([&] { return desk.officerStaffNo() == w(freeStaff_); }));
    EXPECT_FALSE(desk.issueButton()->IsEnabled());
    typeInto(desk.scanBox(), w(inStock_));
    pressEnter(desk.scanBox(), [&] { return desk.scanBox()->IsEmpty(); });
    ASSERT_TRUE(pumpUntil([&] { return desk.promptText().Contains("not hand them over"); })) << desk.promptText();
    EXPECT_EQ(desk.openDialog(), nullptr);
    EXPECT_EQ(statusOf(inStock_), "in_stock");
    viewer->Destroy();
    wxYield();
}

}  // namespace
}  // namespace qm::test
